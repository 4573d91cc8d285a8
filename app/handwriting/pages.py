"""The handwriting wizard's step pages that are not borrowed panels: setup, template, import, preview, export."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.images import load_grey, to_pixmap
from app.start_screen import FontPicker
from core.project.glyphs import choose_glyphs
from core.project.layout import ORIGIN_GENERATED
from core.project.review_marks import REJECTED, ReviewStore

log = logging.getLogger(__name__)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-size: 15pt; font-weight: 600;")
    return label


def note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #444;")
    return label


class SetupPage(QWidget):
    """Step 1: name, folder, script, how many characters to write, glyph size; or continue an earlier one."""

    continue_requested = Signal(str)   # a project folder

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.name = QLineEdit(self.tr("My handwriting"))
        self.name.setObjectName("handName")
        self.location = QLineEdit(str(Path.home() / "zi2zi-projects"))
        self.location.setObjectName("handLocation")
        self.script = QComboBox()
        self.script.setObjectName("handScript")
        self.script.addItem(self.tr("Chinese characters (hanzi)"), "hanzi")
        self.script.addItem(self.tr("Latin letters, digits and punctuation"), "latin")
        self.count = QSpinBox()
        self.count.setObjectName("handCount")
        self.count.setRange(10, 3000)
        self.count.setValue(300)
        self.count.setSuffix(self.tr(" characters"))
        self.count.setToolTip(self.tr("How many characters you will write; 120 fit on a page"))
        self.size = QComboBox()
        self.size.setObjectName("handSize")
        for px in (64, 128, 256):
            self.size.addItem(f"{px} px", px)
        from core.recipes.handwriting import default_handwriting_size
        self.size.setCurrentIndex(self.size.findData(default_handwriting_size()))  # 256 px where a GPU trains
        self.model = QComboBox()
        self.model.setObjectName("handModel")
        self.model.addItem(self.tr("The bundled base model (fine-tune it: fast)"), "bundled")
        self.model.addItem(self.tr("No model: train from scratch (hours on a CPU)"), "none")
        self.model.currentIndexChanged.connect(self._update_size)
        self.size_note = QLabel()
        self.size_note.setObjectName("handSizeNote")
        self.size_note.setStyleSheet("color: #666;")
        self.script.currentIndexChanged.connect(self._on_script_changed)
        self.source = FontPicker()
        self.source.path.setPlaceholderText(self.tr("Bundled WenQuanYi Micro Hei (demo characters only)"))
        self.charset = QComboBox()
        self.charset.setEditable(True)
        self.charset.setToolTip(self.tr("Which characters the font gets: a charset name, a text file, or the "
                                        "characters themselves. Empty: the bundled demo characters"))
        from core.charsets import CHARSET_NAMES
        self.charset.addItems([""] + list(CHARSET_NAMES))
        self.charset.lineEdit().setPlaceholderText(self.tr("The bundled demo characters"))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Folder for projects"), self.location)
        form.addRow(self.tr("Script"), self.script)
        form.addRow(self.tr("Characters to write"), self.count)
        form.addRow(self.tr("Start from"), self.model)
        form.addRow(self.tr("Glyph size"), self.size)
        form.addRow("", self.size_note)
        form.addRow(self.tr("Source font (optional)"), self.source)
        form.addRow(self.tr("Characters of the font"), self.charset)
        new_box = QGroupBox(self.tr("Start a new handwriting font"))
        new_box.setLayout(form)
        self.recent = QListWidget()
        self.recent.setObjectName("handRecent")
        self.recent.itemActivated.connect(lambda item: self.continue_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self.open_button = QPushButton(self.tr("Open another folder…"))
        self.open_button.setObjectName("handOpenFolder")
        old_box = QGroupBox(self.tr("Or continue where you stopped"))
        old_layout = QVBoxLayout(old_box)
        old_layout.addWidget(self.recent, 1)
        old_layout.addWidget(self.open_button)
        row = QHBoxLayout()
        row.addWidget(new_box, 3)
        row.addWidget(old_box, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("1 · Script and size")))
        layout.addWidget(note(self.tr("You print a template, write one character in each box, scan or photograph "
                                      "the pages, check the glyphs, and zi2zi Studio learns your hand to draw "
                                      "the characters you did not write. Every step is saved: leave at any "
                                      "time and continue later.")))
        layout.addLayout(row, 1)
        self._update_size()

    def _on_script_changed(self) -> None:
        """The bundled model knows Chinese characters only: Latin starts from scratch by default."""
        self.model.setCurrentIndex(self.model.findData("bundled" if self.script.currentData() == "hanzi" else "none"))

    def _update_size(self) -> None:
        """Fine-tuning works at the size the model was trained at, so the size follows the model: 128 px for the
        multi-style base model and for the demo model an installation may have instead (read from the file)."""
        px = None
        if self.model.currentData() == "bundled":
            from core.recipes.base_model import bundled_model_size
            px = bundled_model_size()   # None: no bundled model here; choosing it says so in a dialog
        bundled = px is not None
        if bundled:
            if self.size.findData(px) < 0:   # a model of another size: offer that size
                self.size.addItem(f"{px} px", px)
            self.size.setCurrentIndex(self.size.findData(px))
            self.size_note.setText(self.tr("{px} px: the size the bundled base model was trained at; written "
                                           "glyphs are kept at full resolution for the font").format(px=px))
        else:
            self.size_note.setText(self.tr("Larger glyphs are finer but train about four times slower per step"))
        self.size.setEnabled(not bundled)

    def base_model(self):
        """The model the new project fine-tunes (core.recipes.base_model.BaseModel), or None."""
        if self.model.currentData() != "bundled":
            return None
        from core.recipes.base_model import read_base_model
        return read_base_model()

    def refresh_recent(self) -> None:
        from app import settings as app_settings
        from core.handwriting import WizardState
        self.recent.clear()
        for path in app_settings.recent_projects():
            if WizardState.path(Path(path)).is_file():
                self.recent.addItem(f"{Path(path).name}  —  {path}")
                self.recent.item(self.recent.count() - 1).setData(Qt.ItemDataRole.UserRole, path)
        if self.recent.count() == 0:
            self.recent.addItem(self.tr("No handwriting projects yet. Projects you start here are listed, "
                                        "with the step you stopped at."))
            self.recent.item(0).setFlags(Qt.ItemFlag.NoItemFlags)
            self.recent.setWordWrap(True)

    def project_root(self) -> Path:
        slug = re.sub(r"[^\w\-]+", "-", self.name.text().strip()).strip("-") or "handwriting"
        return Path(self.location.text()).expanduser() / slug

    def create_project(self):
        from core.handwriting import new_handwriting_project
        from core.project import FontRef
        source = None
        if self.source.path.text().strip():
            from core.fonts import open_face
            face = open_face(self.source.path.text().strip(), self.source.index.value())
            source = FontRef(str(face.path), face.index)
        return new_handwriting_project(self.project_root(), name=self.name.text().strip() or "Handwriting",
                                       script=self.script.currentData(), image_size=self.size.currentData(),
                                       source=source, charset=self.charset.currentText().strip() or None,
                                       base_model=self.base_model())


class TemplatePage(QWidget):
    """Step 2: the template to print, with buttons to open it or its folder."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.preview = QLabel()
        self.preview.setObjectName("templatePreview")
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setStyleSheet("background: #d8d8d8; padding: 8px;")
        self.pages: list = []
        # Every page can be looked at before printing, not only the first.
        self.page = QSpinBox()
        self.page.setObjectName("templatePage")
        self.page.setMinimum(1)
        self.page.setPrefix(self.tr("Page "))
        self.page.valueChanged.connect(self._on_page_value_changed)
        self.info = note("")
        self.coverage = note("")   # which components and strokes the characters show (core.capture.planner)
        self.coverage.setObjectName("templateCoverage")
        self.open_pdf = QPushButton(self.tr("Open the PDF to print"))
        self.open_pdf.setObjectName("openTemplatePdf")
        self.open_folder = QPushButton(self.tr("Open the template folder"))
        self.open_folder.setObjectName("openTemplateFolder")
        buttons = QVBoxLayout()
        buttons.addWidget(self.info)
        buttons.addWidget(self.coverage)
        buttons.addWidget(note(self.tr("Print at 100 % (no “fit to page”). Write one character in each box with a "
                                       "dark pen, inside the border; the small grey character shows which. Keep "
                                       "the corner squares and the code at the top clean.")))
        buttons.addWidget(self.open_pdf)
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        shown = QVBoxLayout()
        shown.addWidget(self.preview, 1)
        shown.addWidget(self.page, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addLayout(buttons, 1)
        row.addLayout(shown, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("2 · Print the template")))
        layout.addLayout(row, 1)

    def show_template(self, files: dict, spec, coverage: str = "") -> None:
        pages = files["pages"]
        self.info.setText(self.tr("{n} characters on {p} page(s), {paper}. Files: {folder}").format(
            n=len(spec.characters), p=spec.pages, paper=spec.paper, folder=files["folder"]))
        self.coverage.setText(self.tr("Chosen so every common part of characters is written a few times: "
                                      "{summary}.").format(summary=coverage) if coverage else "")
        self.coverage.setVisible(bool(coverage))
        self.pages = list(pages)
        self.page.blockSignals(True)
        self.page.setMaximum(max(1, len(self.pages)))
        self.page.setSuffix(self.tr(" of {n}").format(n=len(self.pages)))
        self.page.setValue(1)
        self.page.blockSignals(False)
        self.page.setVisible(len(self.pages) > 1)
        self.show_page(1)

    def show_page(self, number: int) -> None:
        if 1 <= number <= len(self.pages):
            pixmap = QPixmap(str(self.pages[number - 1]))
            self.preview.setPixmap(pixmap.scaledToHeight(720, Qt.TransformationMode.SmoothTransformation))

    def _on_page_value_changed(self, number: int) -> None:
        self.show_page(number)


class ImportPage(QWidget):
    """Step 3: add scans or photos; extraction runs in a job with a progress bar."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.add_button = QPushButton(self.tr("Add scans or photos…"))
        self.add_button.setObjectName("addScans")
        self.add_button.setMinimumHeight(36)
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.progress.setVisible(False)
        self.status = note(self.tr("No pages imported yet."))
        self.status.setObjectName("importStatus")
        self.scans = QListWidget()
        self.scans.setObjectName("importedScans")
        self.scans.setMaximumHeight(160)
        self.sheet = QLabel()
        self.sheet.setObjectName("importSheet")
        self.sheet.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("3 · Import the written pages")))
        layout.addWidget(note(self.tr("Scan at 300 dpi or take photos from straight above, in good light. Pages can "
                                      "be in any order and any way up; PNG, JPEG, TIFF or PDF.")))
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.progress, 1)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(QLabel(self.tr("Imported scans (kept in the project):")))
        layout.addWidget(self.scans)
        layout.addWidget(QLabel(self.tr("The first glyphs found:")))
        layout.addWidget(self.sheet, 1)

    def show_scans(self, scans: list[str]) -> None:
        self.scans.clear()
        self.scans.addItems(scans)

    def show_glyphs(self, review, columns: int = 20, rows: int = 4) -> None:
        """A sheet of the first extracted glyphs, so the writer sees at once that the pages were read."""
        ids = list(review.samples)[:columns * rows] if review is not None else []
        if not ids:
            self.sheet.clear()
            return
        size = review.size
        tiles = [_fit(review.glyph(i), size) for i in ids]
        tiles += [np.full((size, size), 255, np.uint8)] * (-len(tiles) % columns)
        lines = [np.concatenate(tiles[r:r + columns], axis=1) for r in range(0, len(tiles), columns)]
        sheet = np.concatenate(lines, axis=0)
        self.sheet.setPixmap(to_pixmap(sheet).scaledToWidth(min(1100, columns * 56),
                                                            Qt.TransformationMode.SmoothTransformation))


class SpecimenStrip(QLabel):
    """Typed text in the finished font: written glyphs as written, generated ones for the rest."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("handSpecimen")
        self.setMinimumHeight(90)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.setStyleSheet("background: white; border: 1px solid #ccc;")

    def show_text(self, project, style_id: int, text: str) -> tuple[int, int, int, int]:
        """Draws the text; returns how many characters were written, generated, not generated yet, and
        rejected by the designer with nothing else to take their place (so not in the font)."""
        size = project.config.data.image_size
        chars = [c for c in text if not c.isspace()][:40]
        chosen = choose_glyphs(project, style_id, [ord(c) for c in chars])   # the glyph the font gets
        rejected = set(ReviewStore(project.root).codepoints(project.styles[style_id].name, REJECTED))
        tiles, counts = [], [0, 0, 0, 0]
        for ch in chars:
            choice = chosen.get(ord(ch))
            glyph = load_grey(choice.path) if choice is not None else None
            kind = 1 if choice is not None and choice.origin == ORIGIN_GENERATED else 0
            if glyph is None:
                glyph, kind = _placeholder(project, ord(ch), size), 3 if ord(ch) in rejected else 2
            counts[kind] += 1
            tiles.append(_fit(glyph, size))
        if tiles:
            self.setPixmap(to_pixmap(np.concatenate(tiles, axis=1)).scaledToHeight(80))
        return counts[0], counts[1], counts[2], counts[3]


def _placeholder(project, codepoint: int, size: int) -> np.ndarray:
    """A character not generated yet: the source font's glyph, very light, so the line still reads."""
    try:
        from core.render import render_glyph
        face = project.source_face()
        if codepoint in face.codepoints:
            glyph = np.asarray(render_glyph(face, codepoint, size)).astype(np.float32)
            return (255 - (255 - glyph) * 0.2).astype(np.uint8)
    except Exception:  # noqa: BLE001 - an unreadable source font leaves a blank tile
        log.warning("cannot render U+%04X for the specimen", codepoint, exc_info=True)
    return np.full((size, size), 245, np.uint8)


def specimen_text(project, written: list[int], length: int = 12) -> str:
    """Written and unwritten characters of the project, alternating, so the preview shows both kinds."""
    mine = set(written)
    charset = project.charset()
    a = [cp for cp in charset if cp in mine][:length // 2]
    b = [cp for cp in charset if cp not in mine][:length - len(a)]
    mixed = [cp for pair in zip(a, b) for cp in pair] + a[len(b):] + b[len(a):]
    return "".join(chr(cp) for cp in mixed)


def _fit(glyph: np.ndarray, size: int) -> np.ndarray:
    if glyph.shape == (size, size):
        return glyph
    ys = np.arange(size) * glyph.shape[0] // size
    xs = np.arange(size) * glyph.shape[1] // size
    return glyph[ys][:, xs]


class FinishPage(QWidget):
    """Step 7: export the font, or carry on in the main window."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.export_button = QPushButton(self.tr("Export the font…"))
        self.export_button.setObjectName("handExport")
        self.export_button.setMinimumHeight(40)
        self.main_button = QPushButton(self.tr("Open the project in the main window"))
        self.main_button.setObjectName("handOpenMain")
        self.info = note("")
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("7 · Export")))
        layout.addWidget(note(self.tr("The font uses your own glyphs for every character you wrote and the "
                                      "generated ones for the rest. Generate all characters in the Preview step "
                                      "first.")))
        layout.addWidget(self.info)
        layout.addWidget(self.export_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.main_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addStretch(1)
