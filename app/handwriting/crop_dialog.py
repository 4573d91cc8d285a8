"""Redo a crop: drag a square over the sample's box image; the square becomes the glyph's em box."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.images import to_qimage

VIEW = 384   # the box image is shown this large; a margin around it lets a crop reach past the box


class CropCanvas(QWidget):
    """The box image with the crop square on top; a drag draws a new square (in image pixels)."""

    crop_changed = Signal(tuple)

    def __init__(self, source: np.ndarray, crop, parent=None) -> None:
        super().__init__(parent)
        self.image = to_qimage(source)
        self.side = max(source.shape)
        self.scale = VIEW / self.side
        self.margin = VIEW // 8
        self.crop = tuple(crop)
        self._start: QPoint | None = None
        self.setFixedSize(QSize(VIEW + 2 * self.margin, VIEW + 2 * self.margin))
        self.setCursor(Qt.CursorShape.CrossCursor)

    def _to_image(self, p: QPoint) -> tuple[float, float]:
        return (p.x() - self.margin) / self.scale, (p.y() - self.margin) / self.scale

    def _to_widget(self, crop) -> QRect:
        x0, y0, x1, y1 = (self.margin + v * self.scale for v in crop)
        return QRect(int(x0), int(y0), int(x1 - x0), int(y1 - y0))

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._start = event.position().toPoint()

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._start is None:
            return
        (ax, ay), (bx, by) = self._to_image(self._start), self._to_image(event.position().toPoint())
        side = max(abs(bx - ax), abs(by - ay))
        x0, y0 = (ax if bx >= ax else ax - side), (ay if by >= ay else ay - side)
        self.crop = (int(x0), int(y0), int(x0 + side), int(y0 + side))
        self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._start = None
        self.crop_changed.emit(self.crop)

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#e6e6e6"))
        h, w = self.image.height(), self.image.width()
        painter.drawImage(QRect(self.margin, self.margin, int(w * self.scale), int(h * self.scale)), self.image)
        painter.setPen(QPen(QColor("#1f6fd1"), 2))
        painter.drawRect(self._to_widget(self.crop))
        painter.end()


class CropDialog(QDialog):
    def __init__(self, source: np.ndarray, crop, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Crop again"))
        h, w = source.shape
        self.full = (0, 0, w, h)
        self.canvas = CropCanvas(source, crop)
        note = QLabel(self.tr("Drag a square around the character. The square becomes the glyph's em box: "
                              "outside the written box is blank paper."))
        note.setWordWrap(True)
        reset = QPushButton(self.tr("Whole box"))
        reset.clicked.connect(self._on_reset_clicked)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(reset, QDialogButtonBox.ButtonRole.ResetRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.canvas, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(buttons)

    def _on_reset_clicked(self) -> None:
        self.canvas.crop = self.full
        self.canvas.update()


def ask_crop(parent, source: np.ndarray, crop):
    """The new crop square, or None when cancelled."""
    dialog = CropDialog(source, crop, parent)
    return dialog.canvas.crop if dialog.exec() == QDialog.DialogCode.Accepted else None
