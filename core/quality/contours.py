"""Chamfer and 95th-percentile Hausdorff distances between glyph outlines, as a fraction of the image size.

Outlines are the pixel borders OpenCV's findContours traces around the ink mask (ink = darker than
mid-grey, as in core.quality.metrics). Each direction's point-to-outline distances come from a distance
transform of the other glyph's outline image, which is exact for Euclidean distance on the pixel grid
and cheap. Dividing by the image size makes figures comparable across 64, 128 and 256 px.
Empty glyphs: two empty glyphs agree (0.0); an empty against an inked glyph scores 1.0, the worst a
misplaced stroke can reasonably score (a full image width away).
"""

from __future__ import annotations

import cv2
import numpy as np

from core.quality.metrics import INK_THRESHOLD

EMPTY_MISMATCH = 1.0


def outline_mask(image: np.ndarray) -> np.ndarray:
    """(S, S) uint8 glyph -> (S, S) uint8 image with 255 on every outline pixel."""
    ink = (image < INK_THRESHOLD).astype(np.uint8)
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    outline = np.zeros_like(ink)
    cv2.drawContours(outline, contours, -1, 255, 1)
    return outline


def _directed(from_outline: np.ndarray, to_outline: np.ndarray) -> np.ndarray:
    """Distances (px) from every outline pixel of one glyph to the nearest outline pixel of the other."""
    # distanceTransform measures the distance to the nearest zero pixel, so the target outline is zero.
    field = cv2.distanceTransform(np.where(to_outline > 0, 0, 1).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return field[from_outline > 0]


def _pair(a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    oa, ob = outline_mask(a), outline_mask(b)
    has_a, has_b = bool(oa.any()), bool(ob.any())
    if not has_a and not has_b:
        return 0.0, 0.0
    if not has_a or not has_b:
        return EMPTY_MISMATCH, EMPTY_MISMATCH
    size = float(a.shape[-1])
    ab, ba = _directed(oa, ob), _directed(ob, oa)
    chamfer = (ab.mean() + ba.mean()) / 2 / size
    hausdorff95 = max(np.percentile(ab, 95), np.percentile(ba, 95)) / size
    return float(chamfer), float(hausdorff95)


def contour_distances(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(N, S, S) uint8 pairs -> per-pair (chamfer, hausdorff95), both (N,) fractions of the image size."""
    pairs = [_pair(x, y) for x, y in zip(a, b)]
    values = np.asarray(pairs, dtype=np.float64).reshape(-1, 2)
    return values[:, 0], values[:, 1]
