"""After tracing: drop specks and zero-length pieces, put points at curve extrema, remove overlaps.

potrace already gives few, tangent-continuous curves (its opticurve merge, tuned in
core.vectorize.TraceOptions); what type designers also expect is an on-curve point wherever a curve
reaches its leftmost, rightmost, top or bottom, with horizontal or vertical handles there, and no
stray contours. Overlap removal and direction come from skia-pathops (core.export.outline_ops).
"""

from __future__ import annotations

import math

from fontTools.misc.bezierTools import splitCubicAtT

from core.export.outline_ops import remove_overlaps
from core.vectorize import Contour, Outline

EXTREMUM_MARGIN = 0.06     # an extremum this close to a segment's end is left alone (the end is nearly there)
SPECK_AREA = 4e-4          # contours smaller than this share of the em squared are specks (a 20-unit square)
MIN_SEGMENT = 1.0          # font units: shorter segments are dropped (they round to one point)


def finish_outline(outline: Outline) -> Outline:
    """The traced outline with specks dropped, points at extrema, overlaps removed (clockwise ink)."""
    if outline.is_empty:
        return outline
    min_area = SPECK_AREA * outline.upm ** 2
    merged = remove_overlaps(outline)
    # specks after the union: a sliver that a lighter stroke folds out of a corner only shows up there;
    # extrema last: skia splits curves where they cross, and a piece may turn back inside
    return Outline([add_extrema(c) for c in merged.contours if abs(c.signed_area()) >= min_area], outline.upm)


def add_extrema(contour: Contour) -> Contour:
    """Every cubic split where its x or y turns back, so each extremum is an on-curve point."""
    segments = []
    previous = contour.start
    for segment in contour.segments:
        pieces = [segment]
        if len(segment) == 3:
            ts = _extrema(previous, *segment)
            if ts:
                pieces = [tuple(tuple(p) for p in piece[1:]) for piece in splitCubicAtT(previous, *segment, *ts)]
        for piece in pieces:
            if max(math.dist(previous, p) for p in piece) >= MIN_SEGMENT:
                segments.append(piece)
            elif segments:       # rounds to one point (fontbakery: overlapping segments): the last one reaches on
                segments[-1] = segments[-1][:-1] + (piece[-1],)
            else:
                continue
            previous = piece[-1]
    if not segments:
        return contour
    if segments[-1][-1] != contour.start:
        segments.append((contour.start,))
    return Contour(contour.start, segments)


def _extrema(p0, p1, p2, p3) -> list[float]:
    """Parameters in (margin, 1 - margin) where dx/dt or dy/dt is zero."""
    found = set()
    for axis in (0, 1):
        a = -p0[axis] + 3 * p1[axis] - 3 * p2[axis] + p3[axis]
        b = 2 * (p0[axis] - 2 * p1[axis] + p2[axis])
        c = p1[axis] - p0[axis]
        for t in _quadratic_roots(3 * a, 3 * b, 3 * c):
            if EXTREMUM_MARGIN < t < 1 - EXTREMUM_MARGIN:
                found.add(round(t, 6))
    return sorted(found)


def _quadratic_roots(a: float, b: float, c: float) -> list[float]:
    """Real roots of a t^2 + b t + c."""
    if abs(a) < 1e-12:
        return [-c / b] if abs(b) > 1e-12 else []
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    root = math.sqrt(disc)
    return [(-b - root) / (2 * a), (-b + root) / (2 * a)]
