"""Outline edits on contour tuples: move, delete, insert on a segment, reverse, pen, hit tests, metrics.

Every function returns new contours (the inputs are never changed) and snaps to integer font units.
A point is referred to as (contour index, point index)."""

from __future__ import annotations

import math

import numpy as np

from core.editing.model import CURVE, LINE, OFF, OUTLINE, EditContour, EditPoint, GlyphEdit

Ref = tuple[int, int]
SAMPLES_PER_CURVE = 24      # hit testing flattens a cubic into this many pieces; plenty at screen sizes


def with_handles(contours, refs) -> set[Ref]:
    """The selection plus the handles of its on-curve points: moving a point takes its handles along."""
    result = set(refs)
    for ci, pi in refs:
        points = contours[ci].points
        if not points[pi].on_curve:
            continue
        for step in (-1, 1):
            j = _wrap(contours[ci], pi + step)
            if j is not None and not points[j].on_curve:
                result.add((ci, j))
    return result


def _wrap(contour: EditContour, index: int) -> int | None:
    n = len(contour.points)
    if contour.closed:
        return index % n
    return index if 0 <= index < n else None


def move_points(contours, refs, dx: float, dy: float) -> tuple[EditContour, ...]:
    by_contour: dict[int, set[int]] = {}
    for ci, pi in refs:
        by_contour.setdefault(ci, set()).add(pi)
    result = list(contours)
    for ci, indices in by_contour.items():
        result[ci] = contours[ci].with_points(p.moved(dx, dy) if i in indices else p
                                              for i, p in enumerate(contours[ci].points))
    return tuple(result)


def delete_points(contours, refs) -> tuple[EditContour, ...]:
    """Delete points; a deleted on-curve point takes its own handles, a deleted handle its partner.

    The neighbouring segments merge: the outer handles that remain make a curve when there are two,
    a line otherwise. A contour left with fewer than two on-curve points goes too."""
    by_contour: dict[int, set[int]] = {}
    for ci, pi in refs:
        by_contour.setdefault(ci, set()).add(pi)
    result = []
    for ci, contour in enumerate(contours):
        doomed = by_contour.get(ci)
        if doomed:
            contour = _delete_in_contour(contour, doomed)
            if contour is None:
                continue
        result.append(contour)
    return tuple(result)


def _delete_in_contour(contour: EditContour, doomed: set[int]) -> EditContour | None:
    points = contour.points
    doomed = set(doomed)
    for i in list(doomed):
        if points[i].on_curve:
            doomed |= {j for j in (_wrap(contour, i - 1), _wrap(contour, i + 1))
                       if j is not None and not points[j].on_curve}
        else:  # one handle of a cubic alone makes no sense: its partner goes, the segment becomes a line
            doomed |= set(_segment_handles(contour, i))
    kept = [p for i, p in enumerate(points) if i not in doomed]
    kept = _fix_kinds(kept, contour.closed)
    if sum(1 for p in kept if p.on_curve) < 2:
        return None
    return EditContour(tuple(kept), contour.closed)


def _segment_handles(contour: EditContour, index: int) -> list[int]:
    """Indices of the run of off-curve points containing `index`."""
    run = [index]
    for step in (-1, 1):
        j = _wrap(contour, index + step)
        while j is not None and j not in run and not contour.points[j].on_curve:
            run.append(j)
            j = _wrap(contour, j + step)
    return run


def _fix_kinds(points: list[EditPoint], closed: bool) -> list[EditPoint]:
    """After deletions: drop a lone handle (a line is cleaner than a quadratic bump), and make each
    on-curve point's kind say whether handles precede it."""
    n = len(points)
    if n == 0:
        return points
    drop = set()
    for i, p in enumerate(points):
        if p.on_curve:
            continue
        prev_on = points[i - 1].on_curve if (closed or i > 0) else True
        next_on = points[(i + 1) % n].on_curve if (closed or i + 1 < n) else True
        if prev_on and next_on:
            drop.add(i)
    points = [p for i, p in enumerate(points) if i not in drop]
    fixed = []
    for i, p in enumerate(points):
        if p.on_curve:
            before = points[i - 1] if (closed or i > 0) else None
            kind = CURVE if before is not None and not before.on_curve else LINE
            p = EditPoint(p.x, p.y, kind)
        fixed.append(p)
    return fixed


def delete_contours(contours, indices) -> tuple[EditContour, ...]:
    gone = set(indices)
    return tuple(c for i, c in enumerate(contours) if i not in gone)


def reverse_contour(contours, index: int) -> tuple[EditContour, ...]:
    """The same shape traced the other way (TrueType fills clockwise outers; a wrong one punches a hole)."""
    contour = contours[index]
    points = list(contour.points)
    on = [i for i, p in enumerate(points) if p.on_curve]
    # Each on-curve point's kind names the segment arriving at it; reversed, that is the segment that
    # used to leave it, i.e. the kind of the next on-curve point.
    kinds = {i: points[on[(k + 1) % len(on)]].kind for k, i in enumerate(on)}
    flipped = [EditPoint(p.x, p.y, kinds.get(i, OFF)) for i, p in enumerate(points)][::-1]
    if contour.closed and flipped and not flipped[-1].on_curve:
        # keep the list ending on an on-curve point so the closing segment's handles stay before point 0
        while not flipped[-1].on_curve:
            flipped.insert(0, flipped.pop())
    result = list(contours)
    result[index] = EditContour(tuple(flipped), contour.closed)
    return tuple(result)


# --- segments and hit testing --------------------------------------------------------------------------

def segments(contour: EditContour):
    """(end index, [control points as (x, y)] from start through end) for every segment."""
    points = contour.points
    n = len(points)
    on = [i for i, p in enumerate(points) if p.on_curve]
    if len(on) < 2:
        return
    pairs = list(zip(on, on[1:]))
    if contour.closed:
        pairs.append((on[-1], on[0]))
    for a, b in pairs:
        span = range(a, b + 1) if b > a else [*range(a, n), *range(0, b + 1)]
        yield b, [(points[i].x, points[i].y) for i in span]


def flatten(controls, samples: int = SAMPLES_PER_CURVE) -> np.ndarray:
    """(k, 2) points along one segment, start and end included."""
    if len(controls) == 2:
        return np.asarray(controls, dtype=float)
    t = np.linspace(0.0, 1.0, samples + 1)
    pts = np.broadcast_to(np.asarray(controls, dtype=float), (len(t), len(controls), 2))
    while pts.shape[1] > 1:
        pts = pts[:, :-1] * (1 - t)[:, None, None] + pts[:, 1:] * t[:, None, None]
    return pts[:, 0]


def nearest_point(contours, x: float, y: float, radius: float) -> Ref | None:
    """The point within `radius` font units of (x, y), off-curve handles winning ties (they sit on top)."""
    best, best_d = None, radius
    for ci, contour in enumerate(contours):
        for pi, p in enumerate(contour.points):
            d = math.hypot(p.x - x, p.y - y) - (0.01 if not p.on_curve else 0.0)
            if d <= best_d:
                best, best_d = (ci, pi), d
    return best


def nearest_segment(contours, x: float, y: float, radius: float):
    """(contour index, end point index, t) of the segment passing within `radius` of (x, y), or None."""
    best, best_d = None, radius
    for ci, contour in enumerate(contours):
        for end, controls in segments(contour):
            pts = flatten(controls, SAMPLES_PER_CURVE if len(controls) > 2 else 1)
            a, b = pts[:-1], pts[1:]
            ab = b - a
            length2 = np.maximum((ab ** 2).sum(axis=1), 1e-12)
            u = np.clip(((np.array([x, y]) - a) * ab).sum(axis=1) / length2, 0.0, 1.0)
            d = np.hypot(*(a + ab * u[:, None] - np.array([x, y])).T)
            k = int(np.argmin(d))
            if d[k] <= best_d:
                best_d = float(d[k])
                best = (ci, end, (k + float(u[k])) / len(a))
    return best


def insert_point(contours, ci: int, end: int, t: float) -> tuple[tuple[EditContour, ...], Ref]:
    """Split the segment ending at point `end` at parameter t; returns the contours and the new point."""
    contour = contours[ci]
    controls = next(c for e, c in segments(contour) if e == end)
    n = len(contour.points)
    first = (end - len(controls) + 1) % n       # index of the segment's start point
    if len(controls) == 2:
        (x0, y0), (x1, y1) = controls
        new = [EditPoint(round(x0 + (x1 - x0) * t), round(y0 + (y1 - y0) * t), LINE)]
    else:
        left, right = _split_cubic(_as_cubic(controls), t)
        new = [EditPoint(round(left[1][0]), round(left[1][1]), OFF),
               EditPoint(round(left[2][0]), round(left[2][1]), OFF),
               EditPoint(round(left[3][0]), round(left[3][1]), CURVE),
               EditPoint(round(right[1][0]), round(right[1][1]), OFF),
               EditPoint(round(right[2][0]), round(right[2][1]), OFF)]
    points = list(contour.points)
    handle_slots = [(first + k) % n for k in range(1, len(controls) - 1)]
    # Rebuild the list: drop the old handles, put the new run after the start point.
    kept = [(i, p) for i, p in enumerate(points) if i not in handle_slots]
    out: list[EditPoint] = []
    new_index = -1
    for i, p in kept:
        out.append(p)
        if i == first:
            out.extend(new)
            new_index = len(out) - (3 if len(new) == 5 else 1)
    result = list(contours)
    result[ci] = EditContour(tuple(out), contour.closed)
    return tuple(result), (ci, new_index)


def _as_cubic(controls):
    if len(controls) == 4:
        return [tuple(map(float, c)) for c in controls]
    (x0, y0), (hx, hy), (x1, y1) = controls[0], controls[1], controls[-1]
    return [(x0, y0), (x0 + 2 / 3 * (hx - x0), y0 + 2 / 3 * (hy - y0)),
            (x1 + 2 / 3 * (hx - x1), y1 + 2 / 3 * (hy - y1)), (x1, y1)]


def _split_cubic(c, t):
    """de Casteljau: the two halves of a cubic at t, each as 4 control points."""
    lerp = lambda a, b: (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)  # noqa: E731
    p01, p12, p23 = lerp(c[0], c[1]), lerp(c[1], c[2]), lerp(c[2], c[3])
    p012, p123 = lerp(p01, p12), lerp(p12, p23)
    mid = lerp(p012, p123)
    return [c[0], p01, p012, mid], [mid, p123, p23, c[3]]


# --- the pen -----------------------------------------------------------------------------------------

def pen_add(contours, open_index: int | None, x: float, y: float,
            handle: tuple[float, float] | None = None, previous_handle=None):
    """Add a point to the open contour (or start one). A drag (`handle`) makes the arriving segment a
    curve whose second handle mirrors it; `previous_handle` is the last point's outgoing handle."""
    p = EditPoint(round(x), round(y), LINE)
    if open_index is None:
        return (*contours, EditContour((p,), closed=False)), len(contours)
    contour = contours[open_index]
    points = list(contour.points) + _arriving(contour.points[-1], p, handle, previous_handle)
    result = list(contours)
    result[open_index] = EditContour(tuple(points), closed=False)
    return tuple(result), open_index


def _arriving(last: EditPoint, p: EditPoint, handle, previous_handle) -> list[EditPoint]:
    if handle is None and previous_handle is None:
        return [p]
    c1 = previous_handle if previous_handle is not None else (last.x, last.y)
    c2 = (2 * p.x - handle[0], 2 * p.y - handle[1]) if handle is not None else (p.x, p.y)
    return [EditPoint(round(c1[0]), round(c1[1]), OFF), EditPoint(round(c2[0]), round(c2[1]), OFF),
            EditPoint(p.x, p.y, CURVE)]


def pen_close(contours, open_index: int, previous_handle=None) -> tuple[EditContour, ...]:
    """Close the open contour back to its first point (a curve when the last point has a handle)."""
    contour = contours[open_index]
    points = list(contour.points)
    first = points[0]
    if previous_handle is not None:
        points += [EditPoint(round(previous_handle[0]), round(previous_handle[1]), OFF),
                   EditPoint(first.x, first.y, OFF)]
        points[0] = EditPoint(first.x, first.y, CURVE)
    result = list(contours)
    if sum(1 for p in points if p.on_curve) < 2:
        result.pop(open_index)
    else:
        result[open_index] = EditContour(tuple(points), closed=True)
    return tuple(result)


# --- metrics ---------------------------------------------------------------------------------------

def ink_bounds(contours) -> tuple[int, int, int, int] | None:
    """(xMin, yMin, xMax, yMax) of the drawn shape (curve extrema, not handles), or None when empty."""
    from fontTools.pens.boundsPen import BoundsPen

    from core.editing.model import contours_to_outline
    pen = BoundsPen(None)
    contours_to_outline(contours, 1000).draw(pen)
    return None if pen.bounds is None else tuple(round(v) for v in pen.bounds)


def set_advance(edit: GlyphEdit, advance: float) -> GlyphEdit:
    return edit.changed(advance=max(0, round(advance)), source=OUTLINE)


def move_left_bearing(edit: GlyphEdit, dx: float) -> GlyphEdit:
    """Move the shape right by dx inside a wider advance: the left bearing grows, the right one stays."""
    dx = round(dx)
    every = {(ci, pi) for ci, c in enumerate(edit.contours) for pi in range(len(c.points))}
    return edit.changed(contours=move_points(edit.contours, every, dx, 0), advance=max(0, edit.advance + dx),
                        bitmap_shift=edit.bitmap_shift + dx, source=OUTLINE)
