"""Preview: typed text set in the generated style next to the source font, and the reviewable glyph grid."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from PySide6.QtCore import QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import show_error
from app.glyph_detail import GlyphDetailDialog, source_bitmap
from app.glyph_grid import FILTERS, GlyphGridView, GlyphListModel, glyph_path
from app.images import load_grey, to_qimage
from app.workers import Job
from core.project import layout
from core.project.glyphs import choose_glyph
from core.project.review_marks import ACCEPTED, REJECTED, UNREVIEWED, ReviewStore

log = logging.getLogger(__name__)
DEFAULT_TEXT = "永和九年岁在癸丑"
# Phrases for a first look, tried in order: the first whose characters all lie in the project's charset
# is shown, so a small charset (the demo's 540) never opens on characters the model does not write.
FIRST_LOOK_TEXTS = (DEFAULT_TEXT, "日月经天江河行地", "山高水长", "天下为公")


def default_preview_text(charset: list[int] | set[int]) -> str:
    """A phrase inside `charset`, else its first eight characters."""
    chars = set(charset)
    for text in FIRST_LOOK_TEXTS:
        if all(ord(c) in chars for c in text):
            return text
    return "".join(chr(cp) for cp in list(charset)[:8])


@dataclass
class TextGlyphs:
    """What the text job yields: generated bitmaps for characters that had no PNG yet."""
    glyphs: dict[int, np.ndarray] = field(default_factory=dict)


def text_glyph_job(project, style_index: int, codepoints: list[int], cache: dict):
    """Job factory: generate the typed characters in memory (nothing is written to the project).

    The loaded model is kept in `cache` so typing does not reload the checkpoint each time; the panel
    clears it when training produces a newer checkpoint.
    """
    def run(control):
        from core.inference import GlyphGenerator
        generator = cache.get("generator")
        if generator is None:
            generator = cache["generator"] = GlyphGenerator.from_project(project, bf16_on_cpu=True)
        glyphs, made, _missing = generator.generate(project.source_face(), codepoints, style_index)
        yield TextGlyphs(dict(zip(made, glyphs)))
    return run


class TextStrip(QWidget):
    """Two rows per line of text: the source font above, the generated style below."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.source: list[np.ndarray | None] = []
        self.generated: list[np.ndarray | None] = []
        self.glyph_px = 56
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

    def set_rows(self, source, generated) -> None:
        self.source, self.generated = source, generated
        self.updateGeometry()
        self.update()

    def _per_line(self) -> int:
        return max(1, (self.width() - 90) // self.glyph_px)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        lines = max(1, -(-len(self.source) // self._per_line()))
        return QSize(600, lines * (2 * self.glyph_px + 16) + 8)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(200, 2 * self.glyph_px + 24)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        px, per_line = self.glyph_px, self._per_line()
        y = 4
        for start in range(0, max(1, len(self.source)), per_line):
            for row, (label, images) in enumerate(((self.tr("Source"), self.source),
                                                   (self.tr("Generated"), self.generated))):
                top = y + row * (px + 4)
                painter.setPen(QColor("#888"))
                painter.drawText(QRect(4, top, 80, px), Qt.AlignmentFlag.AlignVCenter, label)
                for i, array in enumerate(images[start:start + per_line]):
                    target = QRect(88 + i * px, top, px, px)
                    if array is None:
                        painter.setPen(QColor("#ddd"))
                        painter.drawRect(target.adjusted(4, 4, -4, -4))
                    else:
                        painter.drawImage(target, to_qimage(array))
            y += 2 * px + 16
        painter.end()


class PreviewPanel(QWidget):
    """Text preview on top, glyph grid below; accept / reject / regenerate act on the grid's selection."""

    glyphs_changed = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.review: ReviewStore | None = None
        self.model: GlyphListModel | None = None
        self._text_job: Job | None = None
        self._gen_job: Job | None = None
        self._text_cache: dict[tuple[int, int], np.ndarray] = {}
        self._model_cache: dict = {}
        self._text_pending = False
        self._stale = False
        self._edit_sessions: dict = {}   # style index -> core.editing.EditSession: undo lives all session

        self.text = QLineEdit(DEFAULT_TEXT)
        self.text.setObjectName("previewText")
        self.text.setPlaceholderText(self.tr("Type text to preview it in the generated style"))
        self.text.textChanged.connect(self._on_text_changed)
        self.style_box = QComboBox()
        self.style_box.setObjectName("styleBox")
        self.style_box.currentIndexChanged.connect(self._on_style_changed)
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(24, 128)
        self.size_slider.setValue(56)
        self.size_slider.setMaximumWidth(120)
        self.size_slider.valueChanged.connect(self._on_size_changed)
        self.strip = TextStrip()
        self.text_status = QLabel()
        self.text_status.setStyleSheet("color: #666;")
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.update_text)

        top_bar = QHBoxLayout()
        top_bar.addWidget(QLabel(self.tr("Text")))
        top_bar.addWidget(self.text, 1)
        top_bar.addWidget(QLabel(self.tr("Style")))
        top_bar.addWidget(self.style_box)
        top_bar.addWidget(QLabel(self.tr("Size")))
        top_bar.addWidget(self.size_slider)
        top = QWidget()
        self.text_area = top   # the handwriting wizard hides it: its own specimen is the one text preview
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addLayout(top_bar)
        top_layout.addWidget(self.strip, 1)
        top_layout.addWidget(self.text_status)

        self.grid = GlyphGridView()
        self.grid.setObjectName("glyphGrid")
        self.grid.doubleClicked.connect(self._on_grid_double_clicked)
        self.filter_box = QComboBox()
        labels = {"all": self.tr("All"), "suspect": self.tr("Doubtful first"), "generated": self.tr("Generated"), "missing": self.tr("Not generated"),
                  "edited": self.tr("Edited by you"), ACCEPTED: self.tr("Accepted"), REJECTED: self.tr("Rejected"), "unreviewed": self.tr("Not reviewed")}
        for name in FILTERS:
            self.filter_box.addItem(labels[name], name)
        self.filter_box.setItemData(
            self.filter_box.findData("suspect"),
            self.tr("Glyphs that may not read as their character, least readable first. "
                    "Fix or regenerate these before you export."), Qt.ItemDataRole.ToolTipRole)
        self.filter_box.currentIndexChanged.connect(self._on_filter_changed)
        self.count_label = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Show")))
        bar.addWidget(self.filter_box)
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        self.buttons = {}
        for key, text, tip, shortcut, slot in (
                ("accept", self.tr("Accept"), self.tr("Accept the selected glyphs (A)"), "A", self._on_accept_clicked),
                ("reject", self.tr("Reject"), self.tr("Reject the selected glyphs (R)"), "R", self._on_reject_clicked),
                ("edit", self.tr("Edit"), self.tr("Open the selected glyph in the glyph editor (E)"), "E",
                 self._on_edit_clicked),
                ("regenerate", self.tr("Regenerate selection"), self.tr("Generate the selected glyphs again (Ctrl+R)"),
                 "Ctrl+R", self._on_regenerate_clicked),
                ("generate_all", self.tr("Generate all"), self.tr("Generate every glyph of the charset (Ctrl+G)"),
                 "Ctrl+G", self._on_generate_all_clicked)):
            button = QPushButton(text)
            button.setObjectName(key)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            sc = QShortcut(QKeySequence(shortcut), self.grid if len(shortcut) == 1 else self, activated=slot)
            if len(shortcut) == 1:  # plain letters act on the grid only, never while typing text
                sc.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            bar.addWidget(button)
            self.buttons[key] = button
        self.grid_status = QLabel()
        self.grid_status.setStyleSheet("color: #666;")
        bottom = QWidget()
        bottom_layout = QVBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(bar)
        bottom_layout.addWidget(self.grid, 1)
        bottom_layout.addWidget(self.grid_status)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(bottom)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([260, 600])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # -- project ---------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.review = ReviewStore(project.root)
        self._edit_sessions = {}
        self._text_cache.clear()
        self._model_cache.clear()
        self.style_box.blockSignals(True)
        self.style_box.clear()
        for style in project.styles:
            self.style_box.addItem(style.name)
        # A handwriting project opens on the hand, not on the base model's first font.
        own = [i for i, style in enumerate(project.styles) if getattr(style, "kind", "font") == "handwriting"]
        self.style_box.setCurrentIndex(own[-1] if own else 0)
        self.style_box.blockSignals(False)
        self.model = GlyphListModel(project, self.style_name(), self.review, self)
        self.grid.setModel(self.model)
        self._update_count()
        if self.text.text() in FIRST_LOOK_TEXTS:   # the user's own text stays; ours follows the charset
            self.text.blockSignals(True)
            self.text.setText(default_preview_text(project.charset()))
            self.text.blockSignals(False)
        self.update_text()

    def model_changed(self) -> None:
        """A newer checkpoint exists: forget the loaded model and the glyphs it made, then redraw."""
        self._model_cache.clear()
        self._text_cache.clear()
        self._stale = True
        if self.isVisible():  # otherwise when the tab is shown: rendering the text is not free
            self._refresh_if_stale()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        self._refresh_if_stale()

    def _refresh_if_stale(self) -> None:
        if self._stale:
            self._stale = False
            self.update_text()

    def style_index(self) -> int:
        return max(0, self.style_box.currentIndex())

    def style_name(self) -> str:
        return self.project.styles[self.style_index()].name

    def is_busy(self) -> bool:
        return any(j is not None and j.is_running() for j in (self._text_job, self._gen_job))

    def jobs(self) -> list[Job]:
        return [j for j in (self._text_job, self._gen_job) if j is not None]

    # -- text preview ----------------------------------------------------------------------------------
    def update_text(self) -> None:
        if self.project is None:
            return
        size = self.project.config.data.image_size
        style, name = self.style_index(), self.style_name()
        cps = [ord(c) for c in self.text.text() if not c.isspace()][:200]
        source, generated, missing = [], [], []
        for cp in cps:
            source.append(source_bitmap(self.project, cp, size))
            glyph = self._text_cache.get((style, cp))
            if glyph is None:  # the glyph the font would get (core.project.glyphs), or none
                choice = choose_glyph(self.project, style, cp, review=self.review)
                glyph = load_grey(choice.path) if choice is not None else None
            # Never generated: made in memory to show. A rejected glyph with nothing in its place stays empty.
            if glyph is None and source[-1] is not None and not glyph_path(self.project, name, cp).exists():
                missing.append(cp)
            generated.append(glyph)
        self.strip.set_rows(source, generated)
        absent = "".join(dict.fromkeys(chr(cp) for cp, s in zip(cps, source) if s is None))
        if missing:
            self._generate_text(sorted(set(missing)))
        elif absent:
            self.text_status.setText(self.tr("Not in the source font: {chars}").format(chars=absent))
        else:
            self.text_status.setText("")

    def _generate_text(self, codepoints: list[int]) -> None:
        if self._text_job is not None and self._text_job.is_running():
            self._text_pending = True  # one generation at a time; the latest text runs next
            return
        self.text_status.setText(self.tr("Generating {n} characters…").format(n=len(codepoints)))
        job = Job(text_glyph_job(self.project, self.style_index(), codepoints, self._model_cache),
                  self.tr("Generating preview"), self)
        style = self.style_index()
        job.report_ready.connect(lambda r, s=style: self._on_text_glyphs_ready(s, r))
        job.failed.connect(self._on_text_failed)
        job.ended.connect(self._on_text_job_ended)
        self._text_job = job
        job.start()

    def _on_text_glyphs_ready(self, style: int, report) -> None:
        if isinstance(report, TextGlyphs):
            for cp, glyph in report.glyphs.items():
                self._text_cache[(style, cp)] = glyph
            self.update_text()

    def _on_text_failed(self, message: str) -> None:
        # No trained model yet is normal before training; say so quietly instead of a dialog.
        self.text_status.setText(message.split("\n\n")[0])
        self._text_pending = False

    def _on_text_job_ended(self) -> None:
        self._text_job = None
        if self._text_pending:
            self._text_pending = False
            self.update_text()

    def _on_text_changed(self, _text: str) -> None:
        self._debounce.start()

    def _on_size_changed(self, value: int) -> None:
        self.strip.glyph_px = value
        self.strip.updateGeometry()
        self.strip.update()

    def _on_style_changed(self, _index: int) -> None:
        if self.model is not None:
            self.model.set_style(self.style_name())
            self._update_count()
        self.update_text()

    # -- grid ------------------------------------------------------------------------------------------
    def _update_count(self) -> None:
        if self.model is not None:
            self.count_label.setText(self.tr("{n} glyphs").format(n=self.model.rowCount()))

    def _on_filter_changed(self, _index: int) -> None:
        if self.model is not None:
            self.model.set_filter(self.filter_box.currentData())
            self._update_count()

    def _on_grid_double_clicked(self, index) -> None:
        dialog = GlyphDetailDialog(self.project, self.style_index(), self.model.codepoints(), index.row(),
                                   self.review, self)
        dialog.marked.connect(self._on_marked)
        dialog.edit_requested.connect(self.open_editor)
        dialog.resize(1000, 520)
        dialog.open()

    def _on_marked(self, codepoints: list, _status: str) -> None:
        self.model.refresh(codepoints)

    def _mark_selection(self, status: str) -> None:
        cps = self.grid.selected_codepoints()
        if not cps or self.review is None:
            return
        self.review.mark(self.style_name(), cps, status)
        self.model.refresh(cps)
        words = {ACCEPTED: self.tr("accepted"), REJECTED: self.tr("rejected"), UNREVIEWED: self.tr("not reviewed")}
        self.grid_status.setText(self.tr("{n} glyphs marked {status}").format(n=len(cps), status=words[status]))

    def _on_accept_clicked(self) -> None:
        self._mark_selection(ACCEPTED)

    def _on_reject_clicked(self) -> None:
        self._mark_selection(REJECTED)

    def _on_regenerate_clicked(self) -> None:
        cps = self.grid.selected_codepoints()
        if cps:
            self.generate(cps)

    def _on_generate_all_clicked(self) -> None:
        if self.project is not None:
            self.generate(list(self.project.charset()))

    def generate(self, codepoints: list[int], styles: list[int] | None = None) -> Job | None:
        """Write generated PNGs for these code points (glyphs/generated/<style>/) in a worker thread,
        for the shown style unless `styles` names others."""
        if self._gen_job is not None and self._gen_job.is_running():
            QMessageBox.information(self, self.tr("Generation running"),
                                    self.tr("Glyphs are being generated; wait for that to finish."))
            return None
        project = self.project
        styles = [self.style_index()] if styles is None else list(styles)
        overwrite = self._ask_overwrite_edited(codepoints, styles)
        if overwrite is None:
            return None

        def run(control):  # the import happens in the job, so a missing piece becomes a dialog
            from core.generation import generate_to_project
            for style in styles:
                if control.is_cancelled:
                    break
                yield from generate_to_project(project, codepoints, style, control=control,
                                               overwrite_edited=overwrite)
        job = Job(run, self.tr("Generating glyphs"), self)
        job.progressed.connect(self._on_generation_progressed)
        job.finished.connect(lambda _r, cps=codepoints: self._on_generation_finished(cps))
        job.failed.connect(lambda m: show_error(self, self.tr("Generation failed"), m))
        job.ended.connect(self._on_generation_ended)
        for button in ("regenerate", "generate_all"):
            self.buttons[button].setEnabled(False)
        self._gen_job = job
        job.start()
        return job

    def generate_missing(self) -> Job | None:
        """Generate the whole charset for styles that have no generated glyphs yet, when a model exists
        (the demo opens this way: its bundled model fills preview and export within seconds)."""
        if self.project is None or (self._gen_job is not None and self._gen_job.is_running()):
            return None
        from core.training.checkpoint import CheckpointStore
        if CheckpointStore(self.project.checkpoints_dir).best() is None:
            return None
        styles = [i for i, s in enumerate(self.project.styles)
                  if not layout.glyph_files(layout.generated_dir(self.project.root, s.name))]
        if not styles:
            return None
        self.grid_status.setText(self.tr("Generating the glyphs of the bundled model…"))
        return self.generate(list(self.project.charset()), styles)

    def _ask_overwrite_edited(self, codepoints: list[int], styles: list[int]) -> bool | None:
        """False: keep edits (skip those glyphs); True: replace them; None: the user cancelled."""
        from core.project.glyphs import edited_codepoints
        wanted = set(codepoints)
        edited = sum(len(edited_codepoints(self.project, self.project.styles[s].name) & wanted) for s in styles)
        if not edited:
            return False
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Edited glyphs"),
                          self.tr("{n} of these glyphs were edited by you. Regenerating them would replace "
                                  "your edits.").format(n=edited), parent=self)
        keep = box.addButton(self.tr("Keep my edits"), QMessageBox.ButtonRole.AcceptRole)
        replace = box.addButton(self.tr("Replace my edits"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(keep)
        box.exec()
        return {keep: False, replace: True}.get(box.clickedButton())

    # -- glyph editor ----------------------------------------------------------------------------------
    def _on_edit_clicked(self) -> None:
        self.edit_selected()

    def edit_selected(self):
        """Open the editor on the grid's current glyph (walking the grid's glyphs with PgUp / PgDn)."""
        if self.project is None or self.model is None or self.model.rowCount() == 0:
            return None
        index = self.grid.currentIndex()
        return self.open_editor(self.model.codepoints(), index.row() if index.isValid() else 0)

    def open_editor(self, codepoints: list, current: int):
        from app.editor import GlyphEditor
        from core.editing import EditSession
        style = self.style_index()
        session = self._edit_sessions.get(style)
        if session is None:
            session = self._edit_sessions[style] = EditSession(self.project, style)
        editor = GlyphEditor(self.project, style, list(codepoints), current, session=session, parent=self)
        editor.glyph_saved.connect(self._on_glyph_saved)
        editor.show()
        return editor

    def _on_glyph_saved(self, codepoint: int) -> None:
        self._text_cache.pop((self.style_index(), codepoint), None)
        if self.model is not None:
            self.model.refresh([codepoint])
        self._debounce.start()   # the text preview shows the edit

    def _on_generation_progressed(self, report) -> None:
        self.grid_status.setText(self.tr("Generating… {done} / {total}").format(done=report.done, total=report.total))

    def _on_generation_finished(self, codepoints: list[int]) -> None:
        self._text_cache.clear()
        self.model.refresh(codepoints if len(codepoints) < 500 else None)
        self.grid_status.setText(self.tr("Generated {n} glyphs").format(n=len(codepoints)))
        self._update_count()
        self.update_text()
        self.glyphs_changed.emit()

    def _on_generation_ended(self) -> None:
        self._gen_job = None
        for button in ("regenerate", "generate_all"):
            self.buttons[button].setEnabled(True)
