"""numpy bitmaps (uint8, 255 = paper, 0 = ink) to QImage / QPixmap and back, plus the difference overlay."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage, QPixmap


def to_qimage(array: np.ndarray) -> QImage:
    """Grey (H, W) or RGB (H, W, 3) uint8; the copy detaches the image from the numpy buffer."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    if array.ndim == 2:
        h, w = array.shape
        return QImage(array.data, w, h, w, QImage.Format.Format_Grayscale8).copy()
    h, w, _ = array.shape
    return QImage(array.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()


def to_pixmap(array: np.ndarray) -> QPixmap:
    return QPixmap.fromImage(to_qimage(array))


def load_grey(path: str | Path) -> np.ndarray | None:
    """A glyph PNG as (H, W) uint8, or None when it does not exist or cannot be read."""
    image = QImage(str(path))
    if image.isNull():
        return None
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    buffer = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * h).reshape(h, stride)
    return buffer[:, :w].copy()


def difference_overlay(generated: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """RGB: ink in both = dark grey, only generated = red, only reference = blue, paper = white."""
    if generated.shape != reference.shape:
        reference = _resize_nearest(reference, generated.shape)
    g = 1.0 - generated.astype(np.float32) / 255.0   # ink amount 0..1
    r = 1.0 - reference.astype(np.float32) / 255.0
    both = np.minimum(g, r)
    only_g, only_r = g - both, r - both
    rgb = np.ones(generated.shape + (3,), np.float32)
    rgb -= both[..., None] * 0.8
    rgb -= only_g[..., None] * np.array([0.0, 0.85, 0.85], np.float32)   # red stays
    rgb -= only_r[..., None] * np.array([0.85, 0.55, 0.0], np.float32)   # blue stays
    return (np.clip(rgb, 0, 1) * 255).astype(np.uint8)


def _resize_nearest(array: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    ys = (np.arange(shape[0]) * array.shape[0] // shape[0]).clip(0, array.shape[0] - 1)
    xs = (np.arange(shape[1]) * array.shape[1] // shape[1]).clip(0, array.shape[1] - 1)
    return array[ys][:, xs]
