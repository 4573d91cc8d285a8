"""A settings form generated from the config dataclasses; rarely changed options fold into 'Advanced'."""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.config import SECTIONS as CONFIG_SECTIONS
from core.config import Config, choice_label, field_choices, field_help, field_label, field_limits

SECTIONS = ("data", "model", "train")   # export settings have their own dialog (app/export_dialog.py)

# What a designer changes in a normal run; everything else is under "Advanced".
BASIC = {("train", "steps"), ("train", "sample_every"), ("train", "checkpoint_every"),
         ("data", "held_out_fraction"), ("train", "mixed_precision")}
# Fields that belong to project creation or fine-tuning and are not edited from the train panel.
HIDDEN = {("data", "charset"), ("model", "num_styles"), ("data", "split_seed")}


def tr_setting(text: str) -> str:
    """A setting's label, help or value label from core.config's metadata, in the interface language
    (app/i18n/update_translations.py puts every such string in the ConfigForm context)."""
    return QCoreApplication.translate("ConfigForm", text)


def fill_choices(box: QComboBox, section: str, name: str) -> QComboBox:
    """A menu of a setting's values, each shown by its translated label and holding the value as data."""
    for value in field_choices(section, name) or ():
        box.addItem(tr_setting(choice_label(section, name, value)), value)
    return box


def _spin_range(key: tuple[str, str], step: float, largest: float) -> tuple[float, float]:
    """The range validation accepts (core.config metadata), an open end kept one step inside;
    unlimited numbers run from 0 to `largest`."""
    limits = field_limits(*key)
    if limits is None:
        return 0, largest
    low = 0 if limits.low is None else limits.low + (step if limits.above else 0)
    high = largest if limits.high is None else limits.high - (step if limits.below else 0)
    return low, high


class ConfigForm(QWidget):
    """Editors for every field of DataConfig, ModelConfig and TrainConfig, built by introspection."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._editors: dict[tuple[str, str], QWidget] = {}
        self._defaults: dict[tuple[str, str], Any] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        basic = QFormLayout()
        basic.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        layout.addLayout(basic)
        self.advanced_toggle = QToolButton(text=self.tr("Advanced settings"), checkable=True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.toggled.connect(self._on_advanced_toggled)
        layout.addWidget(self.advanced_toggle)
        self.advanced = QWidget()
        advanced = QFormLayout(self.advanced)
        advanced.setContentsMargins(12, 0, 0, 0)
        advanced.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.advanced.setVisible(False)
        layout.addWidget(self.advanced)
        headings = {"data": self.tr("Data"), "model": self.tr("Model"), "train": self.tr("Training")}
        for section in SECTIONS:
            heading = QLabel(headings[section])
            heading.setStyleSheet("font-weight: 600; color: #555; padding-top: 6px;")
            advanced.addRow(heading)
            for f in dataclasses.fields(CONFIG_SECTIONS[section]):
                key = (section, f.name)
                if key in HIDDEN:
                    continue
                default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
                editor = self._make_editor(key, default)
                editor.setObjectName(f"{section}.{f.name}")
                editor.setToolTip(tr_setting(field_help(section, f.name)))
                self._editors[key] = editor
                self._defaults[key] = default
                (basic if key in BASIC else advanced).addRow(tr_setting(field_label(section, f.name)), editor)

    def _make_editor(self, key: tuple[str, str], default: Any) -> QWidget:
        if field_choices(*key) is not None:
            box = fill_choices(QComboBox(), *key)
            box.currentIndexChanged.connect(self.changed)
            return box
        if isinstance(default, bool):
            box = QCheckBox()
            box.toggled.connect(self.changed)
            return box
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(*(int(end) for end in _spin_range(key, 1, 10_000_000)))
            spin.setGroupSeparatorShown(True)
            spin.valueChanged.connect(self.changed)
            return spin
        if isinstance(default, float):
            spin = QDoubleSpinBox()
            small = 0 < abs(default) < 0.01 or key[1].endswith("_lr")
            spin.setDecimals(6 if small else 3)
            spin.setRange(*_spin_range(key, 10 ** -spin.decimals(), 1e6))
            spin.setSingleStep(1e-5 if small else 0.05)
            spin.valueChanged.connect(self.changed)
            return spin
        line = QLineEdit()
        line.textChanged.connect(self.changed)
        return line

    def _on_advanced_toggled(self, shown: bool) -> None:
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)

    def editor(self, section: str, name: str) -> QWidget:
        return self._editors[(section, name)]

    def set_config(self, config: Config) -> None:
        for (section, name), editor in self._editors.items():
            value = getattr(getattr(config, section), name)
            editor.blockSignals(True)
            if isinstance(editor, QComboBox):
                index = editor.findData(value)
                if index < 0:
                    editor.addItem(str(value), value)
                    index = editor.count() - 1
                editor.setCurrentIndex(index)
            elif isinstance(editor, QCheckBox):
                editor.setChecked(bool(value))
            elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
                editor.setValue(value)
            elif isinstance(editor, QLineEdit):
                editor.setText(", ".join(value) if isinstance(value, list) else str(value))
            editor.blockSignals(False)

    def apply_to(self, config: Config) -> Config:
        """A copy of `config` with the form's values; validated by core so bad values raise ConfigError."""
        result = Config.from_dict(config.to_dict())
        for (section, name), editor in self._editors.items():
            if isinstance(editor, QComboBox):
                value = editor.currentData()
            elif isinstance(editor, QCheckBox):
                value = editor.isChecked()
            elif isinstance(editor, (QSpinBox, QDoubleSpinBox)):
                value = editor.value()
            else:
                text = editor.text()
                value = [t.strip() for t in text.split(",") if t.strip()] \
                    if isinstance(self._defaults[(section, name)], list) else text
            setattr(getattr(result, section), name, value)
        result.validate()
        return result
