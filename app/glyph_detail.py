"""Side-by-side view of one glyph: source, generated, target (when the style is a font), difference; zoom."""

from __future__ import annotations

import logging

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import QDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSlider, QVBoxLayout, QWidget

from app.glyph_grid import glyph_path
from app.images import difference_overlay, load_grey, to_qimage
from core.project.review_marks import ACCEPTED, REJECTED, UNREVIEWED, ReviewStore

log = logging.getLogger(__name__)


def source_bitmap(project, cp: int, size: int) -> np.ndarray | None:
    try:
        from core.render import render_glyph
        face = project.source_face()
        return render_glyph(face, cp, size) if cp in face.codepoints else None
    except Exception:  # noqa: BLE001 - a missing source glyph just leaves its pane empty
        log.warning("cannot render source glyph U+%04X", cp, exc_info=True)
        return None


def target_bitmap(project, style_index: int, cp: int, size: int) -> np.ndarray | None:
    """The style font's own glyph, when the style is a font that has this character."""
    style = project.styles[style_index]
    if getattr(style, "kind", "font") != "font":
        return None
    try:
        from core.render import render_glyph
        face = project.style_face(style_index)
        return render_glyph(face, cp, size) if cp in face.codepoints else None
    except Exception:  # noqa: BLE001
        log.warning("cannot render target glyph U+%04X", cp, exc_info=True)
        return None


class _Pane(QWidget):
    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = QLabel(title)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-weight: 600; color: #444;")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet("background: white; border: 1px solid #ddd;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.image, 1)

    def show_array(self, array: np.ndarray | None, zoom: int, size: int) -> None:
        side = size * zoom
        self.image.setMinimumSize(side + 4, side + 4)
        if array is None:
            self.image.setText(self.tr("(none)"))
            return
        image = to_qimage(array)
        self.image.setPixmap(QPixmap.fromImage(
            image.scaled(side, side, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation)))


class GlyphDetailDialog(QDialog):
    """Walk through glyphs with ← / →, accept with A, reject with R; zoom with the slider or +/-."""

    marked = Signal(list, str)  # code points, status
    edit_requested = Signal(list, int)  # code points walked, index of the glyph to edit

    def __init__(self, project, style_index: int, codepoints: list[int], current: int,
                 review: ReviewStore, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("glyphDetail")
        self.project, self.style_index, self.review = project, style_index, review
        self.style_name = project.styles[style_index].name
        self.codepoints, self.current = codepoints, current
        self.size = project.config.data.image_size
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 16pt;")
        self.status = QLabel()
        self.panes = [_Pane(self.tr("Source")), _Pane(self.tr("Generated")), _Pane(self.tr("Target")),
                      _Pane(self.tr("Difference"))]
        self.legend = QLabel(self.tr("Difference: red = only in generated, blue = only in reference, grey = both"))
        self.legend.setStyleSheet("color: #666;")
        self.zoom = QSlider(Qt.Orientation.Horizontal)
        self.zoom.setObjectName("zoom")
        self.zoom.setRange(1, max(1, 512 // self.size))
        self.zoom.setValue(max(1, min(self.zoom.maximum(), 256 // self.size)))
        self.zoom.valueChanged.connect(self._on_zoom_value_changed)
        self.zoom_label = QLabel()

        grid = QGridLayout()
        for i, pane in enumerate(self.panes):
            grid.addWidget(pane, 0, i)
        buttons = QHBoxLayout()
        for text, slot, key in ((self.tr("◀ Previous"), self._on_previous_clicked, "Left"),
                                (self.tr("Next ▶"), self._on_next_clicked, "Right"),
                                (self.tr("Accept (A)"), self._on_accept_clicked, "A"),
                                (self.tr("Reject (R)"), self._on_reject_clicked, "R"),
                                (self.tr("Clear mark"), self._on_clear_clicked, "Backspace"),
                (self.tr("Edit (E)"), self._on_edit_clicked, "E")):
            button = QPushButton(text)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            QShortcut(QKeySequence(key), self, activated=slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(QLabel(self.tr("Zoom")))
        buttons.addWidget(self.zoom)
        buttons.addWidget(self.zoom_label)
        QShortcut(QKeySequence.StandardKey.ZoomIn, self, activated=lambda: self.zoom.setValue(self.zoom.value() + 1))
        QShortcut(QKeySequence.StandardKey.ZoomOut, self, activated=lambda: self.zoom.setValue(self.zoom.value() - 1))
        header = QHBoxLayout()
        header.addWidget(self.heading)
        header.addStretch(1)
        header.addWidget(self.status)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(grid, 1)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)
        self.show_glyph()

    def codepoint(self) -> int:
        return self.codepoints[self.current]

    def show_glyph(self) -> None:
        cp = self.codepoint()
        self.setWindowTitle(self.tr("Glyph U+{hex}").format(hex=f"{cp:04X}"))
        self.heading.setText(f"{chr(cp)}   U+{cp:04X}")
        self._arrays = [source_bitmap(self.project, cp, self.size),
                        load_grey(glyph_path(self.project, self.style_name, cp)),
                        target_bitmap(self.project, self.style_index, cp, self.size)]
        generated, reference = self._arrays[1], self._arrays[2] if self._arrays[2] is not None else self._arrays[0]
        self._arrays.append(difference_overlay(generated, reference)
                            if generated is not None and reference is not None else None)
        self.panes[3].title.setText(self.tr("Difference to target") if self._arrays[2] is not None
                                    else self.tr("Difference to source"))
        status = self.review.status(self.style_name, cp)
        self.status.setText({ACCEPTED: self.tr("✔ accepted"), REJECTED: self.tr("✘ rejected")}
                            .get(status, self.tr("not reviewed")))
        self._draw()

    def _draw(self) -> None:
        zoom = self.zoom.value()
        self.zoom_label.setText(f"{zoom}×")
        for pane, array in zip(self.panes, self._arrays):
            pane.show_array(array, zoom, self.size)

    def _mark(self, status: str) -> None:
        cp = self.codepoint()
        self.review.mark(self.style_name, [cp], status)
        self.marked.emit([cp], status)
        if status != UNREVIEWED and self.current < len(self.codepoints) - 1:
            self.current += 1  # reviewing is a walk: mark, then the next glyph
        self.show_glyph()

    def _on_zoom_value_changed(self, _value: int) -> None:
        self._draw()

    def _on_previous_clicked(self) -> None:
        if self.current > 0:
            self.current -= 1
            self.show_glyph()

    def _on_next_clicked(self) -> None:
        if self.current < len(self.codepoints) - 1:
            self.current += 1
            self.show_glyph()

    def _on_accept_clicked(self) -> None:
        self._mark(ACCEPTED)

    def _on_reject_clicked(self) -> None:
        self._mark(REJECTED)

    def _on_clear_clicked(self) -> None:
        self._mark(UNREVIEWED)

    def _on_edit_clicked(self) -> None:
        self.accept()   # the editor takes over: a window-modal dialog left open would block it
        self.edit_requested.emit(list(self.codepoints), self.current)
