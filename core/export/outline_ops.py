"""Outline clean-up shared by every glyph source: overlap removal and TrueType direction (skia-pathops)."""

from __future__ import annotations

import numpy as np
from fontTools.pens.recordingPen import RecordingPen

from core.vectorize import Contour, Outline


def outline_from_recording(recording: RecordingPen, upm: int) -> Outline:
    """An Outline from a RecordingPen's moveTo/lineTo/curveTo/qCurveTo/closePath calls."""
    return outline_from_segments(recording.value, upm)


def outline_from_segments(value, upm: int) -> Outline:
    """An Outline from (operator, points) pairs, as RecordingPen.value or skia's Path.segments give them."""
    contours: list[Contour] = []
    start, segments, current = None, [], None
    for op, args in value:
        if op == "moveTo":
            start, segments, current = tuple(args[0]), [], tuple(args[0])
        elif op == "lineTo":
            current = tuple(args[0])
            segments.append((current,))
        elif op == "curveTo":
            if type(args) is not tuple or type(args[0]) is not tuple:   # skia's are tuples already
                args = tuple(tuple(p) for p in args)
            segments.append(args)
            current = args[-1]
        elif op == "qCurveTo":
            for quad in _split_quadratic(current, args):
                segments.append(quad)
                current = quad[-1]
        elif op in ("closePath", "endPath") and start is not None:
            if segments:
                if segments[-1][-1] != start:
                    segments.append((start,))
                contours.append(Contour(start, segments))
            start = None
    return Outline(contours, upm)


def _split_quadratic(current, args) -> list[tuple]:
    """TrueType's implied on-curve points made explicit; each quadratic piece becomes an exact cubic."""
    points = [tuple(p) for p in args]
    out, p0 = [], current
    for i, control in enumerate(points[:-1]):
        end = points[-1] if i == len(points) - 2 else ((control[0] + points[i + 1][0]) / 2,
                                                      (control[1] + points[i + 1][1]) / 2)
        c1 = (p0[0] + 2 / 3 * (control[0] - p0[0]), p0[1] + 2 / 3 * (control[1] - p0[1]))
        c2 = (end[0] + 2 / 3 * (control[0] - end[0]), end[1] + 2 / 3 * (control[1] - end[1]))
        out.append((c1, c2, end))
        p0 = end
    return out


def remove_overlaps(outline: Outline) -> Outline:
    """Union of the outline's ink (non-zero fill) with skia-pathops, as fontTools' removeOverlaps
    does it; contours come out clockwise (TrueType) and without self-intersections."""
    import pathops

    if outline.is_empty:
        return outline
    path = _skia_path(outline)
    try:
        path = pathops.simplify(path, fix_winding=True, keep_starting_points=True, clockwise=True)
    except pathops.PathOpsError:     # pragma: no cover - skia gives up on some degenerate input
        return outline
    return outline_from_segments(path.segments, outline.upm)


def _skia_path(outline: Outline):
    """The outline as a skia Path, built directly (what outline.draw(path.getPen()) builds, fewer calls)."""
    import pathops

    path = pathops.Path()
    move, line, cubic, close = path.moveTo, path.lineTo, path.cubicTo, path.close
    for contour in outline.contours:
        move(*contour.start)
        for segment in contour.segments:
            if len(segment) == 1:
                line(*segment[0])
            else:
                cubic(*segment[0], *segment[1], *segment[2])
        close()
    return path


def area(outline: Outline) -> float:
    """Signed area, curves included (y up: negative for clockwise TrueType ink)."""
    from fontTools.pens.areaPen import AreaPen

    pen = AreaPen()
    outline.draw(pen)
    return float(pen.value)


def scaled(outline: Outline, k: float, dx: float = 0.0, dy: float = 0.0, upm: int | None = None) -> Outline:
    """Every point multiplied by k, then moved by (dx, dy)."""
    def move(p):
        return (p[0] * k + dx, p[1] * k + dy)
    return Outline([Contour(move(c.start), [tuple(move(p) for p in s) for s in c.segments])
                    for c in outline.contours], upm or outline.upm)


def point_count(outline: Outline) -> int:
    """On- and off-curve points as a cubic outline stores them (a line adds 1, a curve 3)."""
    return sum(len(s) for c in outline.contours for s in c.segments)   # the last segment ends at the start


def rasterize(outline: Outline, size: int) -> np.ndarray:
    """The outline on a (size, size) em-box canvas (255 paper, 0 ink), as core.render places glyphs."""
    from fontTools.pens.freetypePen import FreeTypePen

    from core.vectorize import BASELINE_FRACTION

    if outline.is_empty:
        return np.full((size, size), 255, np.uint8)
    pen = FreeTypePen(None)
    outline.draw(pen)
    s = size / outline.upm
    bottom = (1 - BASELINE_FRACTION) * outline.upm
    coverage = pen.array(size, size, transform=(s, 0, 0, s, 0, bottom * s))
    return (255 - np.round(coverage * 255)).astype(np.uint8)
