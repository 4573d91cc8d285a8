"""A settings form generated from the config dataclasses; rarely changed options fold into 'Advanced'."""

from __future__ import annotations

import dataclasses
import inspect
import re
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

from core.config import SUPPORTED_IMAGE_SIZES, Config, DataConfig, ModelConfig, TrainConfig

SECTIONS = (("data", DataConfig), ("model", ModelConfig), ("train", TrainConfig))

# What a designer changes in a normal run; everything else is under "Advanced".
BASIC = {("train", "steps"), ("train", "sample_every"), ("train", "checkpoint_every"),
         ("data", "held_out_fraction"), ("train", "mixed_precision")}
# Fields that belong to project creation or fine-tuning and are not edited from the train panel.
HIDDEN = {("data", "charset"), ("model", "num_styles"), ("data", "split_seed")}

CHOICES: dict[tuple[str, str], list[Any]] = {
    ("data", "image_size"): list(SUPPORTED_IMAGE_SIZES),
    ("model", "generator_norm"): ["batch", "instance", "spectral"],
    ("model", "discriminator_norm"): ["none", "batch", "instance"],
    ("model", "discriminator_conditioning"): ["both", "projection", "category"],
    ("train", "augment"): ["translation,cutout", "translation", "cutout", "none"],
    ("train", "adversarial_loss"): ["hinge", "bce", "wgan-gp", "wgan-clip"],
    ("train", "optimizer"): ["adam", "adamw"],
    ("train", "lr_schedule"): ["linear", "cosine", "constant"],
    ("train", "device"): ["auto", "cpu", "cuda", "mps"],
}

# Labels read better than field names; lupdate sees them through the QT_TRANSLATE_NOOP-style table.
LABELS = {
    "image_size": "Image size (px)", "held_out_fraction": "Held-out share", "held_out_count_max": "Held-out maximum",
    "generator_channels": "Generator width", "discriminator_channels": "Discriminator width",
    "kernel_size": "Kernel size", "embedding_dim": "Style embedding size", "generator_norm": "Generator norm",
    "discriminator_norm": "Discriminator norm", "dropout": "Dropout", "batch_size": "Batch size",
    "steps": "Training steps", "adversarial_loss": "Adversarial loss", "l1_weight": "L1 weight",
    "constant_weight": "Constant loss weight", "category_weight": "Category loss weight",
    "tv_weight": "Total variation weight", "gp_weight": "Gradient penalty weight", "clip_value": "Weight clip value",
    "optimizer": "Optimizer", "generator_lr": "Generator learning rate",
    "discriminator_lr": "Discriminator learning rate", "beta1": "Adam beta 1", "beta2": "Adam beta 2",
    "weight_decay": "Weight decay", "lr_schedule": "Learning-rate schedule", "lr_min_ratio": "Final rate share",
    "g_steps_per_d_step": "G steps per D step", "device": "Device", "threads": "CPU threads",
    "mixed_precision": "Mixed precision", "seed": "Random seed", "log_every": "Log every (steps)",
    "sample_every": "Samples every (steps)", "eval_every": "Evaluate every (steps)",
    "checkpoint_every": "Checkpoint every (steps)", "keep_checkpoints": "Checkpoints kept",
    "sample_count": "Sample characters", "freeze_encoder": "Freeze encoder", "keep_base_styles": "Keep base styles",
    "discriminator_spectral_norm": "Discriminator spectral norm",
    "discriminator_conditioning": "Discriminator style input", "ema_decay": "Generator averaging (EMA)",
    "augment": "Discriminator augmentation", "freeze_discriminator_blocks": "Frozen discriminator blocks",
}


# The fields in plain view get a designer's explanation; the others keep the config comment (expert words).
PLAIN_TIPS = {
    "steps": "How long training runs, counted in small learning steps. Prefer 'Train for' above: it turns "
             "minutes into steps on this computer.",
    "sample_every": "How often the panel on the right shows the model's current glyphs.",
    "checkpoint_every": "How often the model is saved; Stop always saves too.",
    "held_out_fraction": "Share of characters kept aside: the model never trains on them, so they show how well "
                         "it writes characters it has not seen.",
    "mixed_precision": "Faster training on a graphics card; no effect on a CPU.",
}


def field_comments(cls: type) -> dict[str, str]:
    """The `# comment` after each field in the dataclass source becomes its tooltip (one source of truth)."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        return {}
    return {m.group(1): m.group(2).strip()
            for m in re.finditer(r"^\s+(\w+)\s*:[^#\n]*#\s*(.+)$", source, re.MULTILINE)}


def _label(name: str) -> str:
    return QCoreApplication.translate("ConfigForm", LABELS.get(name, name.replace("_", " ").capitalize()))


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
        for section, cls in SECTIONS:
            comments = field_comments(cls)
            heading = QLabel(headings[section])
            heading.setStyleSheet("font-weight: 600; color: #555; padding-top: 6px;")
            advanced.addRow(heading)
            for f in dataclasses.fields(cls):
                key = (section, f.name)
                if key in HIDDEN:
                    continue
                default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
                editor = self._make_editor(key, default)
                editor.setObjectName(f"{section}.{f.name}")
                tip = PLAIN_TIPS.get(f.name) if key in BASIC else None
                editor.setToolTip(QCoreApplication.translate("ConfigForm", tip) if tip else comments.get(f.name, ""))
                self._editors[key] = editor
                self._defaults[key] = default
                (basic if key in BASIC else advanced).addRow(_label(f.name), editor)

    def _make_editor(self, key: tuple[str, str], default: Any) -> QWidget:
        if key in CHOICES:
            box = QComboBox()
            for choice in CHOICES[key]:
                box.addItem(str(choice), choice)
            box.currentIndexChanged.connect(self.changed)
            return box
        if isinstance(default, bool):
            box = QCheckBox()
            box.toggled.connect(self.changed)
            return box
        if isinstance(default, int):
            spin = QSpinBox()
            spin.setRange(0, 10_000_000)
            spin.setGroupSeparatorShown(True)
            spin.valueChanged.connect(self.changed)
            return spin
        if isinstance(default, float):
            spin = QDoubleSpinBox()
            small = 0 < abs(default) < 0.01 or key[1].endswith("_lr")
            spin.setDecimals(6 if small else 3)
            spin.setRange(0.0, 1e6)
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
