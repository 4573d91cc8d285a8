"""Sample grids from training (source | generated | target per row), with a slider back through earlier ones."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QSlider, QVBoxLayout, QWidget

from app.images import to_qimage

MAX_KEPT = 2000  # grids are small greyscale images; this caps memory on very long runs


class _ScaledImage(QLabel):
    """Shows an image scaled to fit without smoothing, so pixel glyphs stay crisp."""

    def __init__(self) -> None:
        super().__init__()
        self._image = QImage()
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setMinimumSize(160, 160)
        self.setStyleSheet("background: white; border: 1px solid #ddd;")

    def set_image(self, image: QImage) -> None:
        self._image = image
        self._rescale()

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._image.isNull():
            self.setPixmap(QPixmap())
            return
        w, h = self.width() - 8, self.height() - 8
        factor = max(1, min(w // max(1, self._image.width()), h // max(1, self._image.height())))
        if factor * self._image.width() > w or factor * self._image.height() > h:
            scaled = self._image.scaled(w, h, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation)
        else:  # integer zoom keeps glyph pixels square and sharp
            scaled = self._image.scaled(self._image.width() * factor, self._image.height() * factor)
        self.setPixmap(QPixmap.fromImage(scaled))


class SampleGallery(QWidget):
    """The latest sample grid while training; moving the slider shows an earlier one and stops following."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._samples: list[tuple[int, QImage]] = []
        self.title = QLabel(self.tr("Samples"))
        self.title.setStyleSheet("font-weight: 600;")
        self.caption = QLabel(self.tr("Columns: source · generated · target. Samples appear while training runs."))
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet("color: #666;")
        self.image = _ScaledImage()
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("sampleSlider")
        self.slider.setRange(0, 0)
        self.slider.setEnabled(False)
        self.slider.valueChanged.connect(self._on_slider_value_changed)
        self.step_label = QLabel("")
        self.step_label.setMinimumWidth(120)
        row = QHBoxLayout()
        row.addWidget(self.slider, 1)
        row.addWidget(self.step_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.image, 1)
        layout.addLayout(row)
        layout.addWidget(self.caption)

    def count(self) -> int:
        return len(self._samples)

    def current_step(self) -> int | None:
        return self._samples[self.slider.value()][0] if self._samples else None

    def add_sample(self, step: int, grid, show: bool = True) -> None:
        follow = not self._samples or self.slider.value() == len(self._samples) - 1
        self._samples.append((int(step), to_qimage(grid) if not isinstance(grid, QImage) else grid))
        if len(self._samples) > MAX_KEPT:  # thin the oldest half rather than dropping the start of training
            self._samples = self._samples[:MAX_KEPT // 2:2] + self._samples[MAX_KEPT // 2:]
        self.slider.blockSignals(True)
        self.slider.setRange(0, len(self._samples) - 1)
        self.slider.setEnabled(len(self._samples) > 1)
        if follow:
            self.slider.setValue(len(self._samples) - 1)
        self.slider.blockSignals(False)
        if show:
            self._show(self.slider.value())

    def load_folder(self, folder: Path) -> None:
        """Grids a previous session wrote (samples/*.png), ordered by the step number in their names."""
        def step_of(path: Path) -> int:
            digits = re.findall(r"\d+", path.stem)
            return int(digits[-1]) if digits else 0
        for path in sorted(Path(folder).glob("*.png"), key=step_of):
            image = QImage(str(path))
            if not image.isNull():
                self.add_sample(step_of(path), image)

    def clear(self) -> None:
        self._samples.clear()
        self.slider.setRange(0, 0)
        self.slider.setEnabled(False)
        self.image.set_image(QImage())
        self.step_label.setText("")

    def _on_slider_value_changed(self, index: int) -> None:
        self._show(index)

    def _show(self, index: int) -> None:
        if not self._samples:
            return
        step, image = self._samples[index]
        self.image.set_image(image)
        latest = index == len(self._samples) - 1
        self.step_label.setText(self.tr("step {step} (latest)").format(step=step) if latest
                                else self.tr("step {step}").format(step=step))
