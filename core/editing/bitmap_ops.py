"""Bitmap edits (brush, eraser, thicken, thin, smooth, clear specks) and the bitmap <-> outline bridges.

Bitmaps follow docs/ARCHITECTURE.md: (S, S) uint8, 255 paper, 0 ink, the em box. Every function
returns a new array. OpenCV (already a dependency for handwriting capture) does the pixel work."""

from __future__ import annotations

import cv2
import numpy as np

from core.editing.model import EditContour, contours_to_outline, outline_to_contours
from core.render import EM_BOTTOM
from core.vectorize import TURDSIZE, ink_mask, trace_bitmap

_SUBPIXEL_BITS = 4          # cv2 draws at 1/16 px precision, so slow brush strokes stay smooth


def brush(bitmap: np.ndarray, points, radius: float, ink: bool = True) -> np.ndarray:
    """A round, anti-aliased stroke through `points` (pixel x, y), in ink or (ink=False) paper."""
    mask = np.zeros(bitmap.shape, np.uint8)
    scale = 1 << _SUBPIXEL_BITS
    pts = [(round(x * scale), round(y * scale)) for x, y in points]
    thickness = max(1, round(2 * radius))
    if len(pts) == 1:
        cv2.circle(mask, pts[0], round(radius * scale), 255, -1, cv2.LINE_AA, _SUBPIXEL_BITS)
    for a, b in zip(pts, pts[1:]):
        cv2.line(mask, a, b, 255, thickness, cv2.LINE_AA, _SUBPIXEL_BITS)
    if ink:
        return np.minimum(bitmap, 255 - mask)
    return np.maximum(bitmap, mask)


def _disc(pixels: int) -> np.ndarray:
    return cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * pixels + 1, 2 * pixels + 1))


def thicken(bitmap: np.ndarray, pixels: int = 1) -> np.ndarray:
    """Strokes grow by `pixels` on every side (ink is dark, so growing ink is a minimum filter)."""
    return cv2.erode(np.ascontiguousarray(bitmap), _disc(pixels))


def thin(bitmap: np.ndarray, pixels: int = 1) -> np.ndarray:
    """Strokes shrink by `pixels` on every side."""
    return cv2.dilate(np.ascontiguousarray(bitmap), _disc(pixels))


def smooth(bitmap: np.ndarray, strength: float = 1.0) -> np.ndarray:
    """Rounds off jagged edges and nicks: a blur, then the contrast restored so edges stay crisp."""
    sigma = max(0.5, strength * bitmap.shape[0] / 128)
    blurred = cv2.GaussianBlur(bitmap.astype(np.float32), (0, 0), sigma)
    return np.clip((blurred - 128.0) * 2.5 + 128.0, 0, 255).round().astype(np.uint8)


def speck_area(size: int) -> int:
    """The largest blob (in pixels) that counts as a speck at this canvas size: well under a real dot."""
    return max(TURDSIZE, size * size // 500)


def clear_specks(bitmap: np.ndarray, max_area: int | None = None) -> tuple[np.ndarray, int]:
    """Paint over ink blobs of at most `max_area` pixels; returns the bitmap and how many went."""
    max_area = speck_area(bitmap.shape[0]) if max_area is None else max_area
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink_mask(bitmap).astype(np.uint8), connectivity=8)
    small = np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] <= max_area) + 1   # label 0 is the paper
    cleaned = np.array(bitmap, dtype=np.uint8, copy=True)
    if len(small):
        specks = np.isin(labels, small)
        # the grey fringe around a speck (paper by the threshold, labelled 0) goes with it
        around = cv2.dilate(specks.astype(np.uint8), _disc(1)).astype(bool)
        cleaned[around & ((labels == 0) | specks)] = 255
    return cleaned, int(len(small))


def rasterize(contours, size: int, upm: int, bitmap_shift: int = 0) -> np.ndarray:
    """The contours (glyph coordinates) drawn onto a (size, size) em-box bitmap, non-zero fill."""
    from fontTools.pens.freetypePen import FreeTypePen

    pen = FreeTypePen(None)
    contours_to_outline(contours, upm).draw(pen)
    s = size / upm
    # FreeType's bitmap has y up from its bottom edge, which is font y = EM_BOTTOM * upm.
    coverage = pen.array(size, size, transform=(s, 0, 0, s, -bitmap_shift * s, -EM_BOTTOM * upm * s))
    return (255 - np.round(coverage * 255)).astype(np.uint8)


def trace(bitmap: np.ndarray, upm: int, bitmap_shift: int = 0) -> tuple[EditContour, ...]:
    """Re-trace: potrace (core.vectorize) turns the bitmap into contours in glyph coordinates."""
    return outline_to_contours(trace_bitmap(np.ascontiguousarray(bitmap, dtype=np.uint8), upm), dx=bitmap_shift)
