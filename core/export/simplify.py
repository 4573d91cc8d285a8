"""After tracing: drop specks and zero-length pieces, put points at curve extrema, remove overlaps.

potrace already gives few, tangent-continuous curves (its opticurve merge, tuned in
core.vectorize.TraceOptions); what type designers also expect is an on-curve point wherever a curve
reaches its leftmost, rightmost, top or bottom, with horizontal or vertical handles there, and no
stray contours. Overlap removal and direction come from skia-pathops (core.export.outline_ops).
"""

from __future__ import annotations

import math

import numpy as np
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
    kept = [c for c in merged.contours if abs(c.signed_area()) >= min_area]
    return Outline([_with_extrema(c, ts) for c, ts in zip(kept, _extrema_by_contour(kept))], outline.upm)


def add_extrema(contour: Contour) -> Contour:
    """Every cubic split where its x or y turns back, so each extremum is an on-curve point."""
    return _with_extrema(contour, _extrema_by_contour([contour])[0])


def _with_extrema(contour: Contour, split_at: dict[int, list[float]]) -> Contour:
    """add_extrema with the split parameters of each cubic (by segment index) already found."""
    segments = []
    previous = given = contour.start
    for index, segment in enumerate(contour.segments):
        pieces = (segment,)
        if len(segment) == 3:
            # split_at was found from the contour as given; a dropped first piece leaves `previous` behind,
            # and a split's last piece may end a rounding error away from the segment's own end
            ts = split_at.get(index, ()) if previous == given else _extrema(previous, *segment)
            if ts:    # fontTools gives tuples of float pairs, the same as a segment's
                pieces = [piece[1:] for piece in splitCubicAtT(previous, *segment, *ts)]
        given = segment[-1]
        for piece in pieces:
            if math.dist(previous, piece[-1]) >= MIN_SEGMENT or \
                    any(math.dist(previous, p) >= MIN_SEGMENT for p in piece[:-1]):
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


def _extrema_by_contour(contours: list[Contour]) -> list[dict[int, list[float]]]:
    """_extrema of every cubic of the contours in one numpy pass: {segment index: parameters} per contour.

    The same float operations in the same order as _extrema and _quadratic_roots, so the same roots."""
    rows, owners = [], []
    for k, contour in enumerate(contours):
        previous = contour.start
        for i, segment in enumerate(contour.segments):
            if len(segment) == 3:
                rows.append((previous, *segment))
                owners.append((k, i))
            previous = segment[-1]
    found: list[dict[int, list[float]]] = [{} for _ in contours]
    if not rows:
        return found
    p = np.array(rows, np.float64)                                   # (K, 4, 2) start, c1, c2, end
    p0, p1, p2, p3 = p[:, 0], p[:, 1], p[:, 2], p[:, 3]              # (K, 2) each
    a = 3 * (-p0 + 3 * p1 - 3 * p2 + p3)
    b = 3 * (2 * (p0 - 2 * p1 + p2))
    c = 3 * (p1 - p0)
    with np.errstate(all="ignore"):
        linear = np.abs(a) < 1e-12
        disc = b * b - 4 * a * c
        root = np.sqrt(np.where(disc >= 0, disc, 0.0))
        first = np.where(linear, -c / b, (-b - root) / (2 * a))
        second = (-b + root) / (2 * a)
    first_ok = np.where(linear, np.abs(b) > 1e-12, disc >= 0)
    second_ok = ~linear & (disc >= 0)
    t = np.concatenate([first, second], axis=1)                     # (K, 4): x and y, two roots each
    ok = np.concatenate([first_ok, second_ok], axis=1)
    ok &= (t > EXTREMUM_MARGIN) & (t < 1 - EXTREMUM_MARGIN)
    for row in np.flatnonzero(ok.any(axis=1)).tolist():
        k, i = owners[row]
        found[k][i] = sorted({round(v, 6) for v in t[row][ok[row]].tolist()})
    return found


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
