"""The glyph edit model: contours of integer font-unit points, a bitmap layer, the advance width."""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from core.vectorize import Contour, Outline

LINE, CURVE, OFF = "line", "curve", "off"   # on-curve after a straight segment / a cubic, off-curve handle
POINT_KINDS = (LINE, CURVE, OFF)
BITMAP, OUTLINE = "bitmap", "outline"       # which layer is the glyph (see GlyphEdit.source)


@dataclass(frozen=True)
class EditPoint:
    """One point in font units (y up, baseline 0); glyph x 0 is the left edge of the advance box."""
    x: int
    y: int
    kind: str = LINE

    @property
    def on_curve(self) -> bool:
        return self.kind != OFF

    def moved(self, dx: float, dy: float) -> EditPoint:
        return EditPoint(round(self.x + dx), round(self.y + dy), self.kind)


@dataclass(frozen=True)
class EditContour:
    """UFO-style point list: the off-curve handles of a cubic precede its on-curve end point.

    A closed contour's first segment runs from its last on-curve point to its first."""
    points: tuple[EditPoint, ...]
    closed: bool = True

    def with_points(self, points) -> EditContour:
        return EditContour(tuple(points), self.closed)


@dataclass(frozen=True, eq=False)   # == on numpy bitmaps is ambiguous; same_as() compares states
class GlyphEdit:
    """One glyph's edit state. Never mutated: every change makes a new one, so undo keeps old ones as they are.

    `source` says which layer the glyph is: "bitmap" (the bitmap; the outline, if any, was traced from
    an earlier bitmap and may be stale) or "outline" (drawn or edited contours; the bitmap is only
    their raster). `bitmap_shift` is the glyph x (font units) of the bitmap's left edge: the em box
    maps onto the bitmap (docs/ARCHITECTURE.md) and proportional glyphs are moved by it in export.
    """
    codepoint: int
    bitmap: np.ndarray                      # (S, S) uint8, 255 = paper, 0 = ink; read-only
    contours: tuple[EditContour, ...] = ()
    advance: int = 1000
    upm: int = 1000
    bitmap_shift: int = 0
    source: str = BITMAP
    edited: bool = False                    # False: the generated (or handwritten) glyph as it came
    origin: str = "generated"               # what the edit started from: generated | handwriting | empty

    def __post_init__(self):
        bitmap = np.array(self.bitmap, dtype=np.uint8, copy=True)
        bitmap.setflags(write=False)        # an old state in the undo history must never change
        object.__setattr__(self, "bitmap", bitmap)

    def changed(self, **changes) -> GlyphEdit:
        """A new state with these fields replaced, marked edited."""
        changes.setdefault("edited", True)
        return replace(self, **changes)

    @property
    def size(self) -> int:
        return self.bitmap.shape[0]

    def point_count(self) -> int:
        return sum(len(c.points) for c in self.contours)

    def same_as(self, other: GlyphEdit) -> bool:
        """Equal shapes and metrics (an undo step that changed nothing is dropped)."""
        return (self.contours == other.contours and self.advance == other.advance
                and self.bitmap_shift == other.bitmap_shift and self.source == other.source
                and self.edited == other.edited and np.array_equal(self.bitmap, other.bitmap))

    def outline(self) -> Outline:
        """The contours as a core.vectorize Outline in glyph coordinates (what export draws)."""
        return contours_to_outline(self.contours, self.upm)


# --- conversion to and from core.vectorize outlines --------------------------------------------------

def outline_to_contours(outline: Outline, dx: float = 0.0) -> tuple[EditContour, ...]:
    """Traced contours -> editable point lists, moved by dx and snapped to integer font units."""
    contours = []
    for contour in outline.contours:
        points: list[EditPoint] = []
        for segment in contour.segments:
            if len(segment) == 1:
                points.append(_point(segment[0], dx, LINE))
            else:
                points.extend(_point(p, dx, OFF) for p in segment[:-1])
                points.append(_point(segment[-1], dx, CURVE))
        if _on_curve_count(points) >= 2:
            contours.append(EditContour(tuple(_drop_repeats(points))))
    return tuple(contours)


def _point(p, dx: float, kind: str) -> EditPoint:
    return EditPoint(round(p[0] + dx), round(p[1]), kind)


def _drop_repeats(points: list[EditPoint]) -> list[EditPoint]:
    """Rounding can make a straight segment zero-length; such a point would be a useless handle to grab."""
    kept: list[EditPoint] = []
    for p in points:
        if kept and p.kind == LINE and kept[-1].on_curve and (p.x, p.y) == (kept[-1].x, kept[-1].y):
            continue
        kept.append(p)
    if len(kept) > 1 and kept[-1].kind == LINE and kept[0].on_curve and \
            (kept[-1].x, kept[-1].y) == (kept[0].x, kept[0].y):
        kept.pop()
    return kept


def _on_curve_count(points) -> int:
    return sum(1 for p in points if p.on_curve)


def contours_to_outline(contours, upm: int) -> Outline:
    """Point lists -> start + segments; one handle is raised to a cubic, more than two keep the outer ones."""
    result = []
    for contour in contours:
        points = list(contour.points)
        if _on_curve_count(points) < 2:
            continue
        last_on = max(i for i, p in enumerate(points) if p.on_curve)
        points = points[last_on + 1:] + points[:last_on + 1]   # the list now ends on an on-curve point
        start = (points[-1].x, points[-1].y)
        segments, handles, previous = [], [], start
        for p in points:
            if not p.on_curve:
                handles.append((p.x, p.y))
                continue
            end = (p.x, p.y)
            segments.append(_segment(previous, handles, end))
            handles, previous = [], end
        result.append(Contour(start, segments))
    return Outline(result, upm)


def _segment(start, handles, end):
    if not handles:
        return (end,)
    if len(handles) == 1:  # a quadratic handle, raised to the equivalent cubic
        h = handles[0]
        return ((start[0] + 2 / 3 * (h[0] - start[0]), start[1] + 2 / 3 * (h[1] - start[1])),
                (end[0] + 2 / 3 * (h[0] - end[0]), end[1] + 2 / 3 * (h[1] - end[1])), end)
    return (handles[0], handles[-1], end)
