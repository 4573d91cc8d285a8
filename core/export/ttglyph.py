"""TrueType glyphs compiled where they are traced: cu2qu, glyf bytes and WOFF2 glyf streams in one pass.

The tracing workers call compile_outline, so after tracing the parent process only concatenates:
the glyf table and the WOFF2 'glyf' transform come out byte-identical to what fontTools compiles
(tests/core/test_export.py compares them), without the per-point Python loops of glyf compile and
of the WOFF2 encoder, which took most of a full GB2312 export's time when they ran in the parent.
"""

from __future__ import annotations

import struct

import numpy as np
from fontTools.cu2qu import curve_to_quadratic
from fontTools.ttLib.tables._g_l_y_f import Glyph

from core.vectorize import Outline

# glyf point flags (OpenType 'glyf' spec)
ON_CURVE, X_SHORT, Y_SHORT, REPEAT, X_SAME, Y_SAME = 0x01, 0x02, 0x04, 0x08, 0x10, 0x20
MAX_REPEAT_RUN = 256          # a flag and 255 repeats: fontTools' greedy packing starts a new run after
_WOFF2_GLYF_HEADER = ">HHHHLLLLLLL"


class CompiledGlyph(Glyph):
    """A simple glyf glyph whose compiled bytes are already known.

    fontTools' own recalculations (maxp, head and hhea/vhea extents, FontBuilder's bounds) read the
    header fields kept here; compile() returns the bytes without re-encoding. Asking for the points
    (coordinates, endPtsOfContours) decodes them, after which the glyph compiles like any other."""

    def __init__(self, data: bytes, bounds: tuple[int, int, int, int], n_contours: int, n_points: int,
                 flags: bytes, woff2: tuple[bytes, bytes, bytes]):
        # No Glyph.__init__: it would set self.data, which fontTools reads as "not decompiled yet".
        self.numberOfContours = n_contours
        self.xMin, self.yMin, self.xMax, self.yMax = bounds
        self.flags = flags
        self.compiled = data
        self.n_points = n_points
        self.woff2 = woff2            # (nPoints stream, flag stream, glyph stream) pieces

    def __getattr__(self, name):
        if name in ("coordinates", "endPtsOfContours", "program") and "compiled" in self.__dict__:
            self._decode()
            return self.__dict__[name]
        raise AttributeError(name)

    def _decode(self) -> None:
        plain = Glyph(self.compiled)
        plain.expand(None)
        for attr in ("coordinates", "endPtsOfContours", "program", "flags"):
            if hasattr(plain, attr):
                self.__dict__[attr] = getattr(plain, attr)
        self.__dict__["decoded"] = True

    @property
    def _pristine(self) -> bool:
        return "decoded" not in self.__dict__

    def expand(self, glyfTable) -> None:
        pass

    def compile(self, glyfTable, recalcBBoxes=True, *, boundsDone=None, optimizeSize=True) -> bytes:
        if self._pristine:
            return self.compiled
        return super().compile(glyfTable, recalcBBoxes, boundsDone=boundsDone, optimizeSize=optimizeSize)

    def recalcBounds(self, glyfTable, *, boundsDone=None) -> None:
        if not self._pristine:
            super().recalcBounds(glyfTable, boundsDone=boundsDone)

    def getMaxpValues(self):
        if self._pristine:
            return self.n_points, self.numberOfContours
        return super().getMaxpValues()


def compile_outline(outline: Outline, max_err: float) -> Glyph:
    """The TrueType glyph TTGlyphPen would draw through Cu2QuPen (same points, same bytes), compiled
    (a CompiledGlyph, or an empty Glyph when nothing is drawn)."""
    return compile_outlines([outline], max_err)[0]


def compile_outlines(outlines: list[Outline], max_err: float) -> list[Glyph]:
    """compile_outline for many glyphs at once: the per-point encoding runs as one set of numpy
    operations over all their points, which costs far less than one set per glyph."""
    drawn = [_quadratic_points(outline, max_err) for outline in outlines]
    counts = np.array([len(points) for points, _, _ in drawn], np.int64)            # (G,)
    if not counts.any():
        return [_empty_glyph() for _ in outlines]
    points = np.array([p for points, _, _ in drawn for p in points], np.float64)   # (M, 2)
    xy = np.floor(points + 0.5).astype(np.int64)     # otRound, as TTGlyphPen rounds
    on = np.array([f for _, on_curve, _ in drawn for f in on_curve], np.int64)      # (M,)
    starts = np.cumsum(counts) - counts
    glyph_of = np.repeat(np.arange(len(counts)), counts)                            # (M,)
    first = np.zeros(len(xy), bool)
    first[starts[counts > 0]] = True
    deltas = np.diff(xy, axis=0, prepend=np.zeros((1, 2), np.int64))               # (M, 2)
    deltas[first] = xy[first]                        # each glyph starts from (0, 0)
    if np.abs(deltas).max() > 0x7FFF:
        raise ValueError("a glyph's coordinates do not fit TrueType's 16-bit deltas")
    streams = _glyf_point_data(on, deltas, first, glyph_of, len(counts)) + \
        _woff2_triplets(on, deltas, glyph_of, len(counts))
    mins, maxs = _per_glyph_extremes(xy, starts, counts)
    compiled = []
    for g, (_, _, ends) in enumerate(drawn):
        if not ends:
            compiled.append(_empty_glyph())
            continue
        flags, xs, ys, woff2_flags, triplets = (stream[g] for stream in streams)
        bounds = (int(mins[g, 0]), int(mins[g, 1]), int(maxs[g, 0]), int(maxs[g, 1]))
        header = struct.pack(f">hhhhh{len(ends)}H", len(ends), *bounds, *ends)
        data = b"".join((header, b"\0\0", flags, xs, ys))     # \0\0: no instructions
        woff2 = (_woff2_point_counts(ends), woff2_flags, triplets + b"\0")   # \0: no instructions
        compiled.append(CompiledGlyph(data, bounds, len(ends), int(counts[g]),
                                      on[starts[g]:starts[g] + counts[g]].astype(np.uint8).tobytes(), woff2))
    return compiled


def _empty_glyph() -> Glyph:
    return Glyph()      # no contours: compiles to no bytes, and every reader knows it


def _per_glyph_extremes(xy: np.ndarray, starts: np.ndarray, counts: np.ndarray):
    """(G, 2) minima and maxima of each glyph's points (zeros for glyphs without points)."""
    mins = np.zeros((len(counts), 2), np.int64)
    maxs = np.zeros((len(counts), 2), np.int64)
    has = counts > 0
    mins[has] = np.minimum.reduceat(xy, starts[has], axis=0)
    maxs[has] = np.maximum.reduceat(xy, starts[has], axis=0)
    return mins, maxs


def _quadratic_points(outline: Outline, max_err: float):
    """Points, on-curve flags and contour ends, with TTGlyphPen's closePath rules (no rounding yet)."""
    points: list = []
    on_curve: list[int] = []
    ends: list[int] = []
    for contour in outline.contours:
        first = len(points)
        current = contour.start
        points.append(current)
        on_curve.append(1)
        for segment in contour.segments:
            if len(segment) == 1:
                current = segment[0]
                points.append(current)
                on_curve.append(1)
                continue
            quad = curve_to_quadratic((current, *segment), max_err, True)
            points.extend(quad[1:])
            on_curve.extend([0] * (len(quad) - 2))
            on_curve.append(1)
            current = segment[2]
        last = len(points) - 1
        if last == first:                      # a one-point path is an anchor, not a contour
            points.pop()
            on_curve.pop()
            continue
        if tuple(points[first]) == tuple(points[last]):   # the closing point repeats the start
            points.pop()
            on_curve.pop()
            last -= 1
        ends.append(last)
    return points, on_curve, ends


def _emit(counts: np.ndarray, columns: list[np.ndarray], owner: np.ndarray, n_glyphs: int) -> list[bytes]:
    """Per glyph, the concatenation over its items i of the first counts[i] of columns[0][i],
    columns[1][i], ...; owner[i] is the glyph item i belongs to (items are in glyph order)."""
    starts = np.cumsum(counts) - counts
    out = np.zeros(int(counts.sum()), np.uint8)
    for k, column in enumerate(columns):
        take = counts > k
        out[starts[take] + k] = column[take]
    ends = np.cumsum(np.bincount(owner, weights=counts, minlength=n_glyphs).astype(np.int64))
    data = out.tobytes()
    return [data[a:b] for a, b in zip([0, *ends[:-1].tolist()], ends.tolist())]


def _glyf_point_data(on, deltas, first, glyph_of, n_glyphs) -> tuple[list[bytes], list[bytes], list[bytes]]:
    """Flags (with repeats), x and y deltas, packed as fontTools' compileDeltasGreedy packs them."""
    flags = on.copy()
    coords = []
    for axis, short, same in ((0, X_SHORT, X_SAME), (1, Y_SHORT, Y_SAME)):
        d = deltas[:, axis]
        zero, fits = d == 0, (d != 0) & (np.abs(d) <= 255)
        flags |= np.where(zero | (fits & (d > 0)), same, 0) | np.where(fits, short, 0)
        word = d & 0xFFFF                               # two's complement int16, big-endian below
        size = np.where(zero, 0, np.where(fits, 1, 2))
        coords.append(_emit(size, [np.where(fits, np.abs(d), word >> 8), word & 0xFF], glyph_of, n_glyphs))
    return _pack_flags(flags, first, glyph_of, n_glyphs), coords[0], coords[1]


def _pack_flags(flags, first, glyph_of, n_glyphs) -> list[bytes]:
    """Runs of equal flags: 1 or 2 written out, 3 or more as flag|REPEAT and a count (at most 255);
    a run never crosses into the next glyph."""
    n = len(flags)
    new_run = first.copy()
    new_run[0] = True
    new_run[1:] |= flags[1:] != flags[:-1]
    run_starts = np.flatnonzero(new_run)
    position = np.arange(n) - run_starts[np.cumsum(new_run) - 1]
    chunk_starts = np.flatnonzero(position % MAX_REPEAT_RUN == 0)
    length = np.diff(np.append(chunk_starts, n))
    flag = flags[chunk_starts]
    repeated = length >= 3
    first_byte = np.where(repeated, flag | REPEAT, flag)
    second_byte = np.where(repeated, length - 1, flag)
    return _emit(np.where(repeated, 2, length), [first_byte, second_byte], glyph_of[chunk_starts], n_glyphs)


def _pack_255_ushort(value: int) -> bytes:
    if value < 253:
        return bytes((value,))
    if value < 506:
        return bytes((255, value - 253))
    if value < 762:
        return bytes((254, value - 506))
    return struct.pack(">BH", 253, value)


def _woff2_point_counts(ends: list[int]) -> bytes:
    counts = np.diff(np.asarray([-1, *ends]))
    return b"".join(_pack_255_ushort(int(c)) for c in counts)


def _woff2_triplets(on, deltas, glyph_of, n_glyphs) -> tuple[list[bytes], list[bytes]]:
    """Per glyph, its WOFF2 flag stream and triplet (glyph stream) pieces."""
    dx, dy = deltas[:, 0], deltas[:, 1]
    ax, ay = np.abs(dx), np.abs(dy)
    on_bit = np.where(on == 1, 0, 128)
    x_sign, y_sign = (dx >= 0).astype(np.int64), (dy >= 0).astype(np.int64)
    xy_bits = x_sign + 2 * y_sign
    cases = [(dx == 0) & (ay < 1280), (dy == 0) & (ax < 1280), (ax < 65) & (ay < 65),
             (ax < 769) & (ay < 769), (ax < 4096) & (ay < 4096)]
    flag = np.select(cases, [
        on_bit + ((ay & 0xF00) >> 7) + y_sign,
        on_bit + 10 + ((ax & 0xF00) >> 7) + x_sign,
        on_bit + 20 + ((ax - 1) & 0x30) + (((ay - 1) & 0x30) >> 2) + xy_bits,
        on_bit + 84 + 12 * (((ax - 1) & 0x300) >> 8) + (((ay - 1) & 0x300) >> 6) + xy_bits,
        on_bit + 120 + xy_bits], on_bit + 124 + xy_bits)
    size = np.select(cases, [1, 1, 1, 2, 3], 4)
    b0 = np.select(cases, [ay & 0xFF, ax & 0xFF, (((ax - 1) & 0xF) << 4) | ((ay - 1) & 0xF),
                           (ax - 1) & 0xFF, ax >> 4], ax >> 8)
    b1 = np.select(cases[3:], [(ay - 1) & 0xFF, ((ax & 0xF) << 4) | (ay >> 8)], ax & 0xFF)
    b2 = np.where(cases[4], ay & 0xFF, ay >> 8)
    b3 = ay & 0xFF
    triplets = _emit(size, [b0, b1, b2, b3], glyph_of, n_glyphs)
    return _emit(np.ones_like(size), [flag], glyph_of, n_glyphs), triplets


def woff2_glyf_streams(font) -> GlyfStreams | None:
    """The WOFF2-transformed glyf streams from the compiled glyphs of a built font, or None when
    some glyph is not one of ours (a merge base font's glyphs: fontTools transforms those)."""
    glyf = font["glyf"]
    order = font.getGlyphOrder()
    contours, counts, flags, stream = [], [], [], []
    for name in order:
        glyph = glyf.glyphs[name]
        if isinstance(glyph, CompiledGlyph) and glyph._pristine:
            contours.append(glyph.numberOfContours)
            if glyph.numberOfContours:
                counts.append(glyph.woff2[0])
                flags.append(glyph.woff2[1])
                stream.append(glyph.woff2[2])
        elif type(glyph) is Glyph and not hasattr(glyph, "data") and glyph.numberOfContours == 0 \
                and not getattr(glyph, "program", None):
            contours.append(0)
        else:
            return None
    return GlyfStreams(len(order), np.asarray(contours, ">i2").tobytes(), b"".join(counts),
                       b"".join(flags), b"".join(stream))


class GlyfStreams:
    """The parts of a WOFF2 transformed glyf table that do not depend on the loca format."""

    def __init__(self, num_glyphs: int, contours: bytes, points: bytes, flags: bytes, glyphs: bytes):
        self.num_glyphs = num_glyphs
        self.streams = [contours, points, flags, glyphs, b"",            # composite stream: none
                        bytes(((num_glyphs + 31) >> 5) << 2), b""]        # bbox bitmap (no boxes), instructions

    def pack(self, index_format: int) -> bytes:
        header = struct.pack(_WOFF2_GLYF_HEADER, 0, 0, self.num_glyphs, index_format,
                             *(len(s) for s in self.streams))
        return header + b"".join(self.streams)
