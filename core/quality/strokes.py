"""Stroke completeness: does a generated glyph have every stroke of the target, or did some break or vanish?

A designer rejects a glyph with a missing stroke however close its pixels are, so the count is made on
ink, not on averages: target ink that no generated ink lies near (within `tolerance` px, about one
stroke edge at 128 px) is left over, and a left-over piece at least `min_length` px long (a sixteenth
of the glyph, the shortest dot or tick of a kai face at 128 px is longer) is a missing or broken stroke.
Extra ink (speckle) is not counted here; the contour distances and the classifiers see it.
"""

from __future__ import annotations

import cv2
import numpy as np

INK = 128   # uint8 glyphs: darker than this is ink


def missing_pieces(generated: np.ndarray, target: np.ndarray, tolerance: int | None = None,
                   min_length: int | None = None) -> int:
    """Number of target ink pieces (of at least min_length px) with no generated ink near them."""
    size = target.shape[-1]
    tolerance = max(1, round(size / 64)) if tolerance is None else tolerance
    min_length = max(2, round(size / 16)) if min_length is None else min_length
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * tolerance + 1, 2 * tolerance + 1))
    near = cv2.dilate((generated < INK).astype(np.uint8), kernel) > 0
    leftover = ((target < INK) & ~near).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(leftover, connectivity=8)
    extents = np.maximum(stats[1:, cv2.CC_STAT_WIDTH], stats[1:, cv2.CC_STAT_HEIGHT])
    return int((extents >= min_length).sum())


def complete_strokes(generated: np.ndarray, target: np.ndarray) -> np.ndarray:
    """(N, S, S) uint8 each -> (N,) bool: True where the glyph misses no stroke piece of its target."""
    return np.array([missing_pieces(g, t) == 0 for g, t in zip(generated, target)], dtype=bool)
