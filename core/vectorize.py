"""potrace tracing of glyph bitmaps (potracecffi, fallback potracer) into cubic font-unit contours."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from PIL import Image

log = logging.getLogger(__name__)

# potrace parameters measured for glyphs (docs in /work/shared/REFERENCE.md, "Outlines and fonts").
THRESHOLD = 128            # 50% grey: darker pixels are ink
TURDSIZE = 2               # components of this many pixels or fewer are dropped as specks
ALPHAMAX = 1.0
OPTTOLERANCE = 0.2
UPSCALE_BELOW = 256        # smaller bitmaps are upscaled before tracing (see TraceOptions)
SPECKLED_AT = 5            # this many specks make a glyph "speckled" (reported, then cleaned)
BASELINE_FRACTION = 0.88   # em box: font y 0.88 upm is canvas row 0 (docs/ARCHITECTURE.md)

try:  # the compiled binding is ~60x faster; the pure-Python port gives identical contours
    import potracecffi as _potracecffi
except ImportError:  # pragma: no cover - depends on the machine
    _potracecffi = None

TRACERS = ("potracecffi", "potracer")

Point = tuple[float, float]
# A segment is (end,) for a straight line or (control1, control2, end) for a cubic Bezier.
Segment = tuple[Point, ...]


def tracer_name(preferred: str = "auto") -> str:
    """The backend trace_bitmap uses: "potracecffi" when importable (or asked for), else "potracer"."""
    if preferred not in ("auto", *TRACERS):
        raise ValueError(f"unknown tracer {preferred!r}; choose auto, potracecffi or potracer")
    if preferred == "potracer" or _potracecffi is None:
        return "potracer"
    return "potracecffi"


@dataclass(frozen=True)
class TraceOptions:
    """How a bitmap is traced: the upscale before potrace, and potrace's smoothing and curve merging.

    upscale "bilinear" is plain bilinear interpolation of the grey levels; "smooth" interpolates with
    bicubic after a half-pixel Gaussian blur, so the 50% grey edge (where strokes are measured) stays
    put while the staircase of small bitmaps becomes curves (bench/bench_outlines.py compares them)."""
    upscale: str = "bilinear"
    factor: int = 2
    alphamax: float = ALPHAMAX
    opttolerance: float = OPTTOLERANCE


DEFAULT_TRACE = TraceOptions()


@dataclass
class Contour:
    """One closed contour: a start point and the segments that lead back to it."""
    start: Point
    segments: list[Segment]

    def signed_area(self) -> float:
        """Shoelace area of the on-curve polygon; > 0 means counter-clockwise in y-up coordinates."""
        points = [self.start] + [segment[-1] for segment in self.segments]
        following = points[1:] + points[:1]
        # plain Python: contours have tens of points, where numpy's per-call cost dominates
        return 0.5 * math.fsum(x0 * y1 - y0 * x1 for (x0, y0), (x1, y1) in zip(points, following))


@dataclass
class Outline:
    """A traced glyph in font units (y up, em box from -0.12 upm to 0.88 upm), cubic segments."""
    contours: list[Contour] = field(default_factory=list)
    upm: int = 1000

    @property
    def is_empty(self) -> bool:
        return not self.contours

    def draw(self, pen, round_coordinates: bool = False) -> None:
        """Draw into any fontTools segment pen; rounding gives integer coordinates (TrueType, UFO)."""
        fix = _round_point if round_coordinates else _as_point
        for contour in self.contours:
            pen.moveTo(fix(contour.start))
            for segment in contour.segments:
                if len(segment) == 1:
                    pen.lineTo(fix(segment[0]))
                else:
                    pen.curveTo(*(fix(p) for p in segment))
            pen.closePath()

    def bounds(self) -> tuple[float, float, float, float] | None:
        """(xMin, yMin, xMax, yMax) of all points including off-curve ones (a safe over-estimate)."""
        points = [c.start for c in self.contours]
        if not points:
            return None
        points += [q for c in self.contours for s in c.segments for q in s]
        xs, ys = zip(*points)
        return min(xs), min(ys), max(xs), max(ys)

    def translated(self, dx: float) -> Outline:
        """A copy moved horizontally (proportional glyphs get new side bearings)."""
        def move(p: Point) -> Point:
            return (p[0] + dx, p[1])
        contours = [Contour(move(c.start), [tuple(move(p) for p in s) for s in c.segments])
                    for c in self.contours]
        return Outline(contours, self.upm)


def _as_point(p: Point) -> Point:
    return (float(p[0]), float(p[1]))


def _round_point(p: Point) -> tuple[int, int]:
    return (round(p[0]), round(p[1]))


@dataclass
class GlyphCheck:
    """What the pre-trace checks found: problems are named so the export can report them."""
    empty: bool = False
    touches_edge: bool = False
    specks: int = 0

    @property
    def speckled(self) -> bool:
        return self.specks >= SPECKLED_AT

    def problems(self) -> list[str]:
        found = []
        if self.empty:
            found.append("empty")
        if self.touches_edge:
            found.append("touches the canvas edge")
        if self.speckled:
            found.append(f"speckled ({self.specks} specks removed)")
        return found


def describe_codepoint(codepoint: int) -> str:
    """'U+4E00 一' - how every glyph message names its character."""
    char = chr(codepoint)
    shown = char if char.isprintable() and not char.isspace() else ""
    return f"U+{codepoint:04X} {shown}".rstrip()


def ink_mask(bitmap: np.ndarray) -> np.ndarray:
    """True where the pixel is ink (darker than 50% grey)."""
    return np.asarray(bitmap) < THRESHOLD


def check_bitmap(bitmap: np.ndarray) -> GlyphCheck:
    """Empty, edge-touching and speck counts, computed with numpy shifts (no labelling library)."""
    _validate_bitmap(bitmap)
    ink = ink_mask(bitmap)
    if not ink.any():
        return GlyphCheck(empty=True)
    edge = bool(ink[0].any() or ink[-1].any() or ink[:, 0].any() or ink[:, -1].any())
    return GlyphCheck(touches_edge=edge, specks=int(_speck_pixels(ink).sum()))


def _neighbour_counts(ink: np.ndarray) -> np.ndarray:
    """How many of the 8 neighbours of each pixel are ink (outside the canvas counts as paper)."""
    import cv2  # an unnormalised 3x3 box sum in C: a third of numpy's eight shifted adds

    mask = ink.astype(np.uint8)
    box = cv2.boxFilter(mask, -1, (3, 3), normalize=False, borderType=cv2.BORDER_CONSTANT)
    return box - mask


def _speck_pixels(ink: np.ndarray) -> np.ndarray:
    """Seed pixels of components of at most TURDSIZE (=2) pixels: isolated pixels and isolated pairs.

    Each such component is counted once (pairs by their first pixel in raster order)."""
    counts = np.where(ink, _neighbour_counts(ink), 9)
    single = counts == 0
    lonely = counts == 1
    if not lonely.any():          # the usual case: no pairs to look for
        return single
    # a pair: two "lonely" pixels that are each other's only neighbour; count it at one of them
    paired = lonely & (_neighbour_counts(lonely) == 1) & (_neighbour_counts(ink & ~lonely) == 0)
    return single | (paired & _first_of_pair(paired))


def _first_of_pair(paired: np.ndarray) -> np.ndarray:
    """Marks the pixel of each pair whose partner lies after it in raster order."""
    padded = np.pad(paired, 1)
    h, w = paired.shape
    after = np.zeros_like(paired)
    for dy, dx in ((1, 2), (2, 0), (2, 1), (2, 2)):  # right, and the three below
        after |= padded[dy:dy + h, dx:dx + w]
    return after


def remove_specks(bitmap: np.ndarray) -> np.ndarray:
    """The bitmap with components of TURDSIZE pixels or fewer painted paper (what potrace drops)."""
    ink = ink_mask(bitmap)
    counts = np.where(ink, _neighbour_counts(ink), 9)
    lonely = counts == 1
    pairs = lonely & (_neighbour_counts(lonely) == 1) & (_neighbour_counts(ink & ~lonely) == 0)
    cleaned = np.array(bitmap, dtype=np.uint8, copy=True)
    cleaned[(counts == 0) | pairs] = 255
    return cleaned


def _validate_bitmap(bitmap: np.ndarray) -> None:
    if not isinstance(bitmap, np.ndarray) or bitmap.ndim != 2 or bitmap.shape[0] != bitmap.shape[1]:
        shape = getattr(bitmap, "shape", None)
        raise ValueError(f"a glyph bitmap must be a square 2-D uint8 array, got shape {shape}")


def trace_bitmap(bitmap: np.ndarray, upm: int = 1000, tracer: str = "auto",
                 options: TraceOptions = DEFAULT_TRACE) -> Outline:
    """Trace a (S, S) uint8 bitmap (255 paper, 0 ink; canvas = em box) into font-unit contours.

    TrueType direction comes out directly: potrace's y-down pixel contours, flipped by the
    em-box mapping, are clockwise for ink and counter-clockwise for counters."""
    _validate_bitmap(bitmap)
    size = bitmap.shape[0]
    ink, scale = _prepared_ink(bitmap, options)
    s = upm / (size * scale)
    if tracer_name(tracer) == "potracecffi":
        return Outline(_trace_with_potracecffi(ink, s, BASELINE_FRACTION * upm, options), upm)
    return Outline(_to_font_units(_trace_with_potracer(ink, options), s, upm), upm)


def _prepared_ink(bitmap: np.ndarray, options: TraceOptions = DEFAULT_TRACE) -> tuple[np.ndarray, int]:
    """Ink mask to trace and its scale: small bitmaps are upscaled for smoother curves."""
    size = bitmap.shape[0]
    if size >= UPSCALE_BELOW or options.factor <= 1:
        return ink_mask(bitmap), 1
    big = size * options.factor
    if options.upscale == "smooth":
        import cv2

        soft = cv2.GaussianBlur(np.ascontiguousarray(bitmap, dtype=np.uint8), (0, 0), 0.5)
        bigger = cv2.resize(soft, (big, big), interpolation=cv2.INTER_CUBIC)
        return ink_mask(bigger), options.factor
    image = Image.fromarray(np.ascontiguousarray(bitmap, dtype=np.uint8), mode="L")
    bigger = image.resize((big, big), Image.Resampling.BILINEAR)
    return ink_mask(np.asarray(bigger)), options.factor


def _to_font_units(pixel_contours: Iterable[Contour], s: float, upm: int) -> list[Contour]:
    """Apply the em-box mapping (s, 0, 0, -s, 0, 0.88 upm), the TransformPen of REFERENCE.md."""
    top = BASELINE_FRACTION * upm

    def to_font(p: Point) -> Point:
        return (p[0] * s, top - p[1] * s)

    return [Contour(to_font(c.start), [tuple(to_font(p) for p in seg) for seg in c.segments])
            for c in pixel_contours]


def _trace_with_potracecffi(ink: np.ndarray, s: float, top: float,
                            options: TraceOptions = DEFAULT_TRACE) -> list[Contour]:
    """Contours already in font units: potrace's point arrays are read as numpy views of its C
    buffers and mapped in one step (the same arithmetic as _to_font_units, so the same floats)."""
    state = _potracecffi.trace(np.ascontiguousarray(ink, dtype=np.uint8), turdsize=TURDSIZE * options.factor ** 2,
                               alphamax=options.alphamax, opticurve=1, opttolerance=options.opttolerance)
    ffi = _potracecffi.ffi
    point_bytes, int_bytes = ffi.sizeof("potrace_dpoint_t"), ffi.sizeof("int")
    contours = []
    for path in _potracecffi.iter_paths(state):
        curve = path.curve
        if curve.n <= 0:
            continue
        c = np.frombuffer(ffi.buffer(curve.c, curve.n * 3 * point_bytes), np.float64).reshape(curve.n, 3, 2)
        corner = np.frombuffer(ffi.buffer(curve.tag, curve.n * int_bytes), np.intc) == _potracecffi.CORNER
        points = list(zip((c[..., 0] * s).ravel().tolist(), (top - c[..., 1] * s).ravel().tolist()))   # 3n
        segments: list[Segment] = []
        for i, is_corner in enumerate(corner.tolist()):
            if is_corner:
                segments.append((points[3 * i + 1],))
                segments.append((points[3 * i + 2],))
            else:
                segments.append(tuple(points[3 * i:3 * i + 3]))
        contours.append(Contour(segments[-1][-1], segments))
    return contours


def _trace_with_potracer(ink: np.ndarray, options: TraceOptions = DEFAULT_TRACE) -> list[Contour]:
    import potrace  # the pure-Python port (package "potracer"); imported late, it is slow to load

    from core import potracer_fast

    potracer_fast.install()  # the same contours, a third less time (see core/potracer_fast.py)
    bitmap = potrace.Bitmap(~ink)  # potracer inverts its input: True must mean paper here
    path = bitmap.trace(turdsize=TURDSIZE * options.factor ** 2, alphamax=options.alphamax, opticurve=True,
                        opttolerance=options.opttolerance)
    contours = []
    for curve in path:
        segments: list[Segment] = []
        for seg in curve.segments:
            if seg.is_corner:
                segments.append(((seg.c.x, seg.c.y),))
                segments.append(((seg.end_point.x, seg.end_point.y),))
            else:
                segments.append(((seg.c1.x, seg.c1.y), (seg.c2.x, seg.c2.y),
                                 (seg.end_point.x, seg.end_point.y)))
        if segments:
            contours.append(Contour(segments[-1][-1], segments))
    return contours
