"""The characters every font must type (ASCII, CJK sentence punctuation), filled from the best source.

Precedence (best first): the designer's own glyphs (edits, handwriting), glyphs the model generated,
a companion font (default: the project's source font) scaled and weighted to sit with the CJK glyphs,
then built-in punctuation drawn at the glyphs' stroke weight. Companion and built-in glyphs travel
through the export as outlines (core.editing.exchange.OutlinedBitmap), so they are never traced.
"""

from __future__ import annotations

import ctypes
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from core.editing.exchange import OutlinedBitmap
from core.export import builtin_punctuation
from core.export.outline_ops import outline_from_recording, rasterize, scaled
from core.export.simplify import finish_outline
from core.render import is_full_width
from core.vectorize import Outline, ink_mask

log = logging.getLogger(__name__)

ASCII = [chr(c) for c in range(0x21, 0x7F)]
CJK_PUNCTUATION = "，。、；：？！「」『』（）《》…—"
REQUIRED = [ord(c) for c in ASCII + list(CJK_PUNCTUATION)]
SAMPLE_GLYPHS = 48                 # CJK glyphs measured to match the companion's size and weight
SCALE_RANGE = (0.75, 1.3)          # a companion is never scaled further than this
STROKE_CHANGE_LIMIT = 0.06         # nor made bolder or lighter by more than this share of the em
LIGHTEN_LIMIT = 0.35               # nor lighter than this share of its own stroke width

ORIGINS = {"edited": "your edits", "handwriting": "your handwriting", "generated": "the model",
           "companion": "companion font", "built-in": "built-in punctuation"}


@dataclass
class CompanionFit:
    """How a companion font's glyphs are scaled (about the baseline origin) and emboldened."""
    scale: float = 1.0              # on top of the units-per-em conversion
    stroke_delta: float = 0.0       # added stroke width, export font units (negative: lighter)
    stroke: float = 0.0             # the CJK glyphs' stroke width, export font units
    samples: int = 0                # CJK glyphs the fit was measured on

    def describe(self) -> str:
        if not self.samples:
            return "not matched (no CJK glyph in common), used as drawn"
        return f"scaled {self.scale:.2f}x, strokes {self.stroke_delta:+.0f} units, from {self.samples} glyphs"


@dataclass
class FillResult:
    """What fill_required added and where each character of the font came from."""
    origins: dict[int, str] = field(default_factory=dict)       # code point -> ORIGINS key
    missing: list[int] = field(default_factory=list)            # required, and no source had it
    companion: str = ""
    fit: CompanionFit | None = None
    kerning: dict[tuple[int, int], int] = field(default_factory=dict)   # among companion glyphs, export units

    def counts(self) -> dict[str, int]:
        found: dict[str, int] = {}
        for kind in self.origins.values():
            found[kind] = found.get(kind, 0) + 1
        return found


def stroke_width(bitmap: np.ndarray) -> float:
    """Mean stroke width in pixels: twice the ink area over the ink's outline length."""
    import cv2

    ink = ink_mask(bitmap).astype(np.uint8)
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    return 2.0 * float(ink.sum()) / perimeter if perimeter else 0.0


def _ink_box(bitmap: np.ndarray):
    rows, cols = np.nonzero(ink_mask(bitmap))
    if not len(rows):
        return None
    return cols.min(), rows.min(), cols.max() + 1, rows.max() + 1


def fit_companion(glyphs: dict[int, np.ndarray], companion: str, index: int, upm: int) -> CompanionFit:
    """Size and stroke of the export's CJK bitmaps against the companion's own rendering of them."""
    from core.fonts import open_face
    from core.render import render_glyphs

    face = open_face(Path(companion), index)
    common = [cp for cp in sorted(glyphs) if is_full_width(cp) and cp in face.codepoints
              and getattr(glyphs[cp], "outline", None) is None]
    common = common[:: max(1, len(common) // SAMPLE_GLYPHS)][:SAMPLE_GLYPHS]
    if not common:
        return CompanionFit()
    size = glyphs[common[0]].shape[0]
    rendered = render_glyphs(face, common, size)
    scales, ours, theirs = [], [], []
    for cp, theirs_bitmap in zip(rendered.codepoints, rendered.bitmaps):
        a, b = _ink_box(glyphs[cp]), _ink_box(theirs_bitmap)
        if a is None or b is None:
            continue
        scales.append(math.sqrt((a[2] - a[0]) * (a[3] - a[1]) / max(1, (b[2] - b[0]) * (b[3] - b[1]))))
        ours.append(stroke_width(glyphs[cp]))
        theirs.append(stroke_width(theirs_bitmap))
    if not scales:
        return CompanionFit()
    scale = float(np.clip(np.median(scales), *SCALE_RANGE))
    px = upm / size
    stroke, their_stroke = float(np.median(ours)) * px, float(np.median(theirs)) * px * scale
    limit = STROKE_CHANGE_LIMIT * upm
    # FreeType's negative embolden breaks joins (counters vanish, strokes split) past about half a
    # stroke: lighten by at most LIGHTEN_LIMIT of the companion's own stroke
    lightest = -min(limit, LIGHTEN_LIMIT * their_stroke)
    return CompanionFit(scale, float(np.clip(stroke - their_stroke, lightest, limit)), stroke, len(scales))


class CompanionFont:
    """Outlines from a companion font, in export units, scaled and emboldened by a CompanionFit."""

    def __init__(self, path: str, index: int, upm: int, fit: CompanionFit):
        import freetype

        self.face = freetype.Face(str(path), index)
        self.path, self.upm, self.fit = str(path), upm, fit
        self.k = upm / self.face.units_per_EM * fit.scale

    def __contains__(self, codepoint: int) -> bool:
        return bool(self.face.get_char_index(codepoint))

    def glyph(self, codepoint: int) -> tuple[Outline, int] | None:
        """(outline, advance) in export units; None when the font lacks it or the glyph is blank."""
        import freetype

        index = self.face.get_char_index(codepoint)
        if not index:
            return None
        self.face.load_glyph(index, freetype.FT_LOAD_NO_SCALE | freetype.FT_LOAD_NO_HINTING)
        slot = self.face.glyph
        if slot.outline.n_contours <= 0:
            return None
        strength = self.fit.stroke_delta / self.k          # in the companion's own units
        if abs(strength) >= 1:
            # FreeType keeps the left and bottom edges and grows the ink right and up by the strength
            # (as FT_GlyphSlot_Embolden does), so the advance grows by as much and the baseline stays
            freetype.FT_Outline_Embolden(ctypes.byref(slot._FT_GlyphSlot.contents.outline), int(round(strength)))
        outline = _decompose(slot.outline, self.face.units_per_EM)
        advance = slot.metrics.horiAdvance * self.k + self.fit.stroke_delta
        outline = scaled(outline, self.k, upm=self.upm)
        # a lighter stroke can fold sharp corners into tiny loops: finish_outline drops them with the
        # overlaps, and puts points at extrema as for traced glyphs
        return finish_outline(outline), max(1, round(advance))


def _decompose(ft_outline, units: int) -> Outline:
    from fontTools.pens.recordingPen import RecordingPen

    pen = RecordingPen()
    state = {"open": False}

    def move_to(a, _):
        if state["open"]:
            pen.closePath()
        pen.moveTo((a.x, a.y))
        state["open"] = True

    def line_to(a, _):
        pen.lineTo((a.x, a.y))

    def conic_to(a, b, _):
        pen.qCurveTo((a.x, a.y), (b.x, b.y))

    def cubic_to(a, b, c, _):
        pen.curveTo((a.x, a.y), (b.x, b.y), (c.x, c.y))

    ft_outline.decompose(None, move_to=move_to, line_to=line_to, conic_to=conic_to, cubic_to=cubic_to)
    if state["open"]:
        pen.closePath()
    return outline_from_recording(pen, units)


def _outlined(outline: Outline, advance: int, size: int) -> OutlinedBitmap:
    """A glyph that carries its outline; the bitmap is its raster (the export's IoU check)."""
    return OutlinedBitmap(rasterize(outline, size), outline, advance, 0)


def fill_required(glyphs: dict[int, np.ndarray], origins: dict[int, str], upm: int,
                  companion: str | None = None, companion_index: int = 0, builtin: bool = True,
                  required: list[int] | None = None, skip: set[int] | frozenset = frozenset()
                  ) -> tuple[dict[int, np.ndarray], FillResult]:
    """The glyphs plus every required character they lack, from the companion, then built-in shapes.

    `origins` says where each given glyph came from (ORIGINS keys; unknown ones count as the model's);
    `skip` lists characters to leave out (a merge base font already has them)."""
    required = REQUIRED if required is None else required
    result = FillResult(origins={cp: origins.get(cp, "generated") for cp in glyphs})
    wanted = [cp for cp in required if cp not in glyphs and cp not in skip]
    if not wanted or not glyphs:
        return glyphs, result
    size = next(iter(glyphs.values())).shape[0]
    filled = dict(glyphs)
    font = None
    if companion:
        result.fit = fit_companion(glyphs, companion, companion_index, upm)
        result.companion = Path(companion).name
        font = CompanionFont(companion, companion_index, upm, result.fit)
    stroke = result.fit.stroke if result.fit and result.fit.samples else _stroke_of(glyphs, upm)
    for cp in wanted:
        made, kind = None, "companion"
        if font is not None and cp in font:
            made = font.glyph(cp)
        if made is None and builtin:
            made, kind = builtin_punctuation.draw(cp, upm, stroke, font), "built-in"
        if made is None:
            result.missing.append(cp)
            continue
        filled[cp] = _outlined(*made, size)
        result.origins[cp] = kind
    if font is not None:
        from core.export.kerning import companion_kerning

        from_companion = {cp for cp, kind in result.origins.items() if kind == "companion"}
        result.kerning = companion_kerning(companion, companion_index, from_companion, font.k)
    return filled, result


def _stroke_of(glyphs: dict[int, np.ndarray], upm: int) -> float:
    """The median stroke width of some CJK bitmaps, export units (a regular weight when none)."""
    sample = [b for cp, b in sorted(glyphs.items()) if is_full_width(cp) and getattr(b, "outline", None) is None]
    sample = sample[:: max(1, len(sample) // SAMPLE_GLYPHS)][:SAMPLE_GLYPHS]
    widths = [stroke_width(b) * upm / b.shape[0] for b in sample]
    return float(np.median(widths)) if widths else 0.07 * upm

