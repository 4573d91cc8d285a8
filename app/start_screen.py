"""Start screen: new project, open project, recent projects, the demo; and the new-project dialog."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app import settings as app_settings
from app.errors import describe

FONT_FILTER = "Fonts (*.ttf *.otf *.ttc *.otc)"
MIN_SHARED = 100       # below this many training pairs, a style is learned poorly


def _bundled_model_size() -> int | None:
    """The size the bundled model (resources/demo-model) draws at; None when this installation lacks it."""
    from core.recipes.demo import demo_model_size
    return demo_model_size()


def _has_gpu() -> bool:
    try:
        import torch
        return torch.cuda.is_available()
    except Exception:  # noqa: BLE001
        return False


def _estimate_text(size: int, from_base: bool) -> str:
    """The time a first useful run takes, from the speed this computer showed at this size before."""
    from PySide6.QtCore import QCoreApplication
    tr = lambda text: QCoreApplication.translate("NewProjectDialog", text)  # noqa: E731
    per_step = app_settings.measured_seconds_per_step(size)
    start = tr("starting from the bundled model, ") if from_base else ""
    if per_step:
        steps = int(15 * 60 / per_step)
        return tr("About 15 minutes for a first useful model ({start}about {steps} steps: this computer "
                  "took {per:.1f} s a step at {size} px). Pick the time on the Train tab.").format(
            start=start, steps=f"{steps:,}", per=per_step, size=size)
    return tr("About 15 minutes for a first useful model ({start}the Train tab measures this computer's speed "
              "and turns the time you pick into steps).").format(start=start)


class StartScreen(QWidget):
    """Four ways in; the recent list opens a project with a double click or Enter."""

    new_requested = Signal()
    open_requested = Signal()
    demo_requested = Signal()
    handwriting_requested = Signal()
    recent_chosen = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        title = QLabel("zi2zi Studio")
        title.setStyleSheet("font-size: 28pt; font-weight: 600;")
        from app.main import ICON
        logo = QLabel()
        logo.setPixmap(QIcon(str(ICON)).pixmap(72, 72))
        title_row = QHBoxLayout()
        title_row.addWidget(logo)
        title_row.addSpacing(12)
        title_row.addWidget(title)
        title_row.addStretch(1)
        subtitle = QLabel(self.tr("Turn a few hundred characters of a style into a complete font."))
        subtitle.setStyleSheet("color: #666; font-size: 12pt;")
        buttons = QVBoxLayout()
        for name, text, tip, signal in (
                ("newProject", self.tr("New project…"), self.tr("Source font, target style, charset (Ctrl+N)"),
                 self.new_requested),
                ("openProject", self.tr("Open project…"), self.tr("A project folder (Ctrl+O)"), self.open_requested),
                ("openDemo", self.tr("Open the demo"), self.tr("A small bundled project to try everything"),
                 self.demo_requested),
                ("trainHandwriting", self.tr("Train on my handwriting…"),
                 self.tr("Print a template, write on it, scan it: a font in your hand (Ctrl+Shift+H)"),
                 self.handwriting_requested)):
            button = QPushButton(text)
            button.setObjectName(name)
            button.setToolTip(tip)
            button.setMinimumHeight(40)
            button.setMinimumWidth(220)
            button.clicked.connect(signal)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.recent = QListWidget()
        self.recent.setObjectName("recentProjects")
        self.recent.itemActivated.connect(self._on_recent_item_activated)
        self.recent.setMinimumWidth(420)
        self.recent.setSpacing(4)
        self.recent_label = QLabel(self.tr("Recent projects"))
        self.recent_label.setStyleSheet("font-weight: 600;")
        recent_box = QVBoxLayout()
        recent_box.addWidget(self.recent_label)
        recent_box.addWidget(self.recent, 1)
        row = QHBoxLayout()
        row.addLayout(buttons)
        row.addSpacing(32)
        row.addLayout(recent_box, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(64, 48, 64, 48)
        outer.addLayout(title_row)
        outer.addWidget(subtitle)
        outer.addSpacing(32)
        outer.addLayout(row, 1)
        self.refresh()

    def refresh(self) -> None:
        self.recent.clear()
        for path in app_settings.recent_projects():
            item = QListWidgetItem(f"{Path(path).name}\n{path}")
            item.setData(Qt.ItemDataRole.UserRole, path)
            item.setToolTip(path)
            if not Path(path).exists():
                item.setForeground(Qt.GlobalColor.gray)
            self.recent.addItem(item)
        if self.recent.count() == 0:
            placeholder = QListWidgetItem(self.tr("No recent projects yet. Open the demo to look around."))
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.addItem(placeholder)

    def _on_recent_item_activated(self, item: QListWidgetItem) -> None:
        path = item.data(Qt.ItemDataRole.UserRole)
        if path:
            self.recent_chosen.emit(path)


class FontPicker(QWidget):
    """A font file with its face index; shows the family name once the file opens."""

    changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.path = QLineEdit()
        self.path.setPlaceholderText(self.tr("Choose a font file"))
        self.index = QSpinBox()
        self.index.setRange(0, 64)
        self.index.setToolTip(self.tr("Face number inside a .ttc / .otc collection"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        self.family = QLabel()
        self.family.setStyleSheet("color: #666;")
        self.path.editingFinished.connect(self._describe)
        self.index.valueChanged.connect(self._describe)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.path, 1)
        row.addWidget(self.index)
        row.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.family)

    def _on_browse_clicked(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose a font"), "", FONT_FILTER)
        if path:
            self.path.setText(path)
            self._describe()

    def _describe(self) -> None:
        self.family.setText(self.face_name() or "")
        self.changed.emit()

    def codepoints(self) -> set[int] | None:
        """The characters the chosen face has, or None when no font opens."""
        if not self.path.text().strip():
            return None
        from core.fonts import open_face
        try:
            return set(open_face(self.path.text().strip(), self.index.value()).codepoints)
        except Exception:  # noqa: BLE001 - the family line says why
            return None

    def face_name(self) -> str | None:
        if not self.path.text().strip():
            return None
        from core.fonts import open_face
        try:
            return open_face(self.path.text().strip(), self.index.value()).name
        except Exception as exc:  # noqa: BLE001
            return str(exc)


class NewProjectDialog(QDialog):
    """Collects what core.recipes.fonts.font_project needs; the dialog creates the project itself so errors stay in it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New project"))
        self.project = None
        self.name = QLineEdit(self.tr("My font"))
        self.location = QLineEdit(str(Path.home() / "zi2zi-projects"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._on_browse_location_clicked)
        location_row = QHBoxLayout()
        location_row.addWidget(self.location, 1)
        location_row.addWidget(browse)
        self.source = FontPicker()
        self.targets: list[FontPicker] = []
        self.targets_box = QVBoxLayout()
        add_target = QPushButton(self.tr("Add another target font"))
        add_target.clicked.connect(self._add_target)
        self.charset = QComboBox()
        self.charset.setEditable(True)
        from core.charsets import CHARSET_NAMES
        self.charset.addItems(list(CHARSET_NAMES))
        self.charset.setToolTip(self.tr("The characters the finished font should have: a charset name, a path "
                                        "to a text file, or the characters themselves"))
        self.image_size = QComboBox()
        for size in (64, 128, 256):
            self.image_size.addItem(f"{size} px", size)
        # The bundled model's size, so it can be the starting point (minutes instead of hours). Without it,
        # 64 px on a computer without a GPU: four times fewer pixels than 128 px, so a run of minutes
        # already teaches the style.
        self.base_size = _bundled_model_size()
        default = self.base_size or (128 if _has_gpu() else 64)
        self.image_size.setCurrentIndex(max(0, self.image_size.findData(default)))
        self.image_size.setToolTip(self.tr("How finely the model draws each glyph. Larger is sharper and "
                                           "trains several times slower."))
        self.use_base = QCheckBox(self.tr("Start from the bundled model (it already writes Chinese characters)"))
        self.use_base.setObjectName("useBaseModel")
        self.use_base.setChecked(True)
        if self.base_size:   # without the bundled model the box stays disabled
            self.use_base.setToolTip(self.tr("Learning your style from a model that already writes characters "
                                             "takes minutes instead of hours. Only at {size} px.").format(
                size=self.base_size))
        self.coverage = QLabel()
        self.coverage.setObjectName("coverage")
        self.coverage.setWordWrap(True)
        self.estimate = QLabel()
        self.estimate.setObjectName("newProjectEstimate")
        self.estimate.setWordWrap(True)
        self.estimate.setStyleSheet("color: #1d4f91;")
        self.charset.currentTextChanged.connect(self._update_coverage)
        self.image_size.currentIndexChanged.connect(self._update_coverage)
        self.source.changed.connect(self._update_coverage)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Folder"), location_row)
        form.addRow(self.tr("Source font"), self.source)
        form.addRow(self.tr("Target fonts (styles)"), self.targets_box)
        form.addRow("", add_target)
        form.addRow(self.tr("Characters"), self.charset)
        form.addRow("", self.coverage)
        form.addRow(self.tr("Image size"), self.image_size)
        form.addRow("", self.use_base)
        form.addRow(self.tr("Training time"), self.estimate)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Create"))
        buttons.accepted.connect(self._on_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self._add_target()
        self._update_coverage()
        self.resize(680, 520)

    def _add_target(self) -> None:
        picker = FontPicker()
        picker.changed.connect(self._update_coverage)
        self.targets.append(picker)
        self.targets_box.addWidget(picker)

    def _update_coverage(self, *_args) -> None:
        """What the fonts share is what the model learns from; say it, and what cannot be made at all."""
        size = self.image_size.currentData()
        self.use_base.setEnabled(size == self.base_size)
        self.estimate.setText(_estimate_text(size, self.use_base.isEnabled() and self.use_base.isChecked()))
        try:
            from core.charsets import charset_codepoints
            wanted = charset_codepoints(self.charset.currentText().strip())
        except Exception as exc:  # noqa: BLE001 - shown beside the field
            self._say_coverage(str(exc).split(" (")[0], warn=True)
            return
        source = self.source.codepoints()
        targets = [t.codepoints() for t in self.targets if t.codepoints() is not None]
        if source is None or not targets:
            self._say_coverage(self.tr("{n} characters. Choose the fonts to see how many both have.").format(
                n=f"{len(wanted):,}"))
            return
        styled = set().union(*targets)
        shared = [c for c in wanted if c in source and c in styled]
        no_source = sum(1 for c in wanted if c not in source)
        rest = len(wanted) - len(shared) - no_source
        text = self.tr("The fonts share {shared} of these {total} characters: the model learns the style from "
                       "them.").format(shared=f"{len(shared):,}", total=f"{len(wanted):,}")
        if rest:
            text += " " + self.tr("It writes the other {rest} after training.").format(rest=f"{rest:,}")
        if no_source:
            text += " " + self.tr("{n} are missing from the source font and cannot be made.").format(n=f"{no_source:,}")
        if len(shared) < MIN_SHARED:
            text += " " + self.tr("Fewer than {n} shared characters: the style will be learned poorly.").format(
                n=MIN_SHARED)
        self._say_coverage(text, warn=len(shared) < MIN_SHARED or no_source > 0)

    def _say_coverage(self, text: str, warn: bool = False) -> None:
        self.coverage.setText(text)
        self.coverage.setStyleSheet("color: #8a5a00;" if warn else "color: #444;")

    def _on_browse_location_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Where projects are kept"), self.location.text())
        if folder:
            self.location.setText(folder)

    def project_root(self) -> Path:
        slug = re.sub(r"[^\w\-]+", "-", self.name.text().strip()).strip("-") or "project"
        return Path(self.location.text()).expanduser() / slug

    def _on_accepted(self) -> None:
        try:
            from core.config import Config
            from core.project import FontRef
            from core.recipes.fonts import font_project
            source = FontRef(str(Path(self.source.path.text().strip()).expanduser()), self.source.index.value())
            targets = [FontRef(str(Path(p.path.text().strip()).expanduser()), p.index.value())
                       for p in self.targets if p.path.text().strip()]
            if not targets:
                raise ValueError(self.tr("add at least one target font"))
            config = Config()
            config.data.charset = self.charset.currentText().strip()
            config.data.image_size = self.image_size.currentData()
            # The bundled model (checkpoints/base.pt): training fine-tunes it.
            self.project = font_project(self.project_root(), source=source, targets=targets, config=config,
                                        name=self.name.text().strip(),
                                        bundled_model=self.use_base.isEnabled() and self.use_base.isChecked())
        except Exception as exc:  # noqa: BLE001 - shown in the dialog, which stays open to fix the input
            QMessageBox.warning(self, self.tr("Cannot create the project"), describe(exc).text())
            return
        self.accept()
