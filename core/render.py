"""The one glyph renderer (training and inference): unhinted FreeType outlines drawn onto the em box.

Canvas convention (docs/ARCHITECTURE.md; tracing and export depend on it):

* a bitmap is uint8 (size, size), 255 = paper, 0 = ink;
* the canvas is exactly the em box: font x in [0, upm] -> pixel columns [0, size], font y in
  [EM_BOTTOM * upm, EM_TOP * upm] = [-0.12 upm, 0.88 upm] -> pixel rows [size, 0], so the
  baseline (font y = 0) is the horizontal line at row EM_TOP * size (0.88 * size from the top);
* each glyph's advance box is centred in the em: it is shifted right by (upm - advance) / 2
  font units (0 for CJK, whose advance is the em);
* nothing is cropped to the ink bbox or stretched; ink outside the canvas is clipped.

Pixel coordinates (x to the right, y down, in pixels of a size-px canvas) map to font units by

    x_font = px * s,   y_font = EM_TOP * upm - py * s,   with s = upm / size,

which is the affine (s, 0, 0, -s, 0, EM_TOP * upm) that fontTools' TransformPen takes
(`font_units_transform`). A traced generated glyph therefore lands exactly where the source glyph
sat; the advance-centring shift is zero for CJK and is not part of the mapping.

Hinting is off (FT_LOAD_NO_HINTING) because it moves stems to the pixel grid and breaks the exact
outline geometry; embedded bitmaps are ignored (FT_LOAD_NO_BITMAP) because they have no outline.
"""

from __future__ import annotations

import ctypes
import logging
import threading

try:  # newer Unicode data than the interpreter's, when installed
    import unicodedata2 as unicodedata
except ImportError:  # pragma: no cover
    import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import freetype
import numpy as np

from core.errors import FontError
from core.fonts import FontFace

log = logging.getLogger(__name__)

EM_TOP = 0.88
EM_BOTTOM = -0.12
_LOAD_FLAGS = freetype.FT_LOAD_NO_HINTING | freetype.FT_LOAD_NO_BITMAP


def pixel_to_font_units(px: float, py: float, size: int, upm: int = 1000) -> tuple[float, float]:
    """Pixel position on a size-px canvas (x right, y down) -> font units (y up, baseline 0)."""
    s = upm / size
    return px * s, EM_TOP * upm - py * s


def font_units_to_pixel(x: float, y: float, size: int, upm: int = 1000) -> tuple[float, float]:
    """The inverse of pixel_to_font_units."""
    s = size / upm
    return x * s, (EM_TOP * upm - y) * s


def font_units_transform(size: int, upm: int = 1000) -> tuple[float, float, float, float, float, float]:
    """The fontTools TransformPen affine from pixel coordinates to font units (see the module docstring)."""
    s = upm / size
    return (s, 0.0, 0.0, -s, 0.0, EM_TOP * upm)


def describe_codepoint(codepoint: int) -> str:
    ch = chr(codepoint)
    shown = ch if ch.isprintable() and not ch.isspace() else unicodedata.name(ch, "?")
    return f"U+{codepoint:04X} {shown}"


class _FaceSlot:
    """One FreeType face and the pixel size it is set to; FreeType faces are not thread-safe, hence the lock."""

    def __init__(self, path: Path, index: int):
        self.face = freetype.Face(str(path), index)
        self.lock = threading.Lock()
        self.size = 0

    def set_size(self, size: int) -> None:
        if self.size != size:
            self.face.set_char_size(size * 64, 0, 72, 72)  # 1 pt at 72 dpi = 1 px, so the em is `size` px
            self.size = size


_slots: dict[tuple[str, int], _FaceSlot] = {}
_slots_lock = threading.Lock()


def _slot(face: FontFace) -> _FaceSlot:
    key = (str(face.path), face.index)
    with _slots_lock:
        slot = _slots.get(key)
        if slot is None:
            try:
                slot = _FaceSlot(face.path, face.index)
            except freetype.FT_Exception as exc:
                raise FontError(f"FreeType cannot open {face.path} (face {face.index}): {exc}") from exc
            _slots[key] = slot
        return slot


def _draw(slot: _FaceSlot, codepoint: int, size: int, canvas: np.ndarray) -> bool:
    """Draw one glyph onto `canvas` (coverage, 0 = none); False when the glyph is missing or has no outline."""
    face = slot.face
    gindex = face.get_char_index(codepoint)
    if gindex == 0:
        return False
    face.load_glyph(gindex, _LOAD_FLAGS)
    glyph = face.glyph
    outline = glyph.outline
    if outline.n_contours == 0:
        return chr(codepoint).isspace()  # a space is legitimately blank; any other empty glyph is tofu-like
    advance_px = glyph.linearHoriAdvance / 65536.0  # unhinted, in pixels
    dx = round((size - advance_px) / 2 * 64)         # centre the advance box in the em (26.6 units)
    dy = round(-EM_BOTTOM * size * 64)               # the canvas' bottom edge is at y = 0, baseline above it
    freetype.FT_Outline_Translate(ctypes.byref(outline._FT_Outline), dx, dy)
    glyph.render(freetype.FT_RENDER_MODE_NORMAL)
    _blit(glyph, size, canvas)
    return True


def _blit(glyph, size: int, canvas: np.ndarray) -> None:
    bitmap = glyph.bitmap._FT_Bitmap
    rows, width, pitch = bitmap.rows, bitmap.width, bitmap.pitch
    if rows == 0 or width == 0:
        return
    # Read FreeType's buffer in place; freetype-py's .buffer builds a Python list (slow).
    buf = np.ctypeslib.as_array(ctypes.cast(bitmap.buffer, ctypes.POINTER(ctypes.c_ubyte)), shape=(rows, abs(pitch)))
    top = size - glyph.bitmap_top   # bitmap_top is measured up from the canvas' bottom edge
    left = glyph.bitmap_left
    r0, r1 = max(top, 0), min(top + rows, size)
    c0, c1 = max(left, 0), min(left + width, size)
    if r0 < r1 and c0 < c1:          # clip ink that falls outside the em box
        canvas[r0:r1, c0:c1] = buf[r0 - top:r1 - top, c0 - left:c1 - left]


def render_glyph(face: FontFace, codepoint: int, size: int) -> np.ndarray:
    """One glyph on a (size, size) uint8 canvas, 255 = paper; FontError if the face lacks it."""
    result = render_glyphs(face, [codepoint], size)
    if result.missing:
        raise FontError(f"{face.name} ({face.path.name}) has no glyph for {describe_codepoint(codepoint)}")
    return result.bitmaps[0]


@dataclass
class RenderResult:
    bitmaps: np.ndarray                               # (N, size, size) uint8, 255 = paper
    codepoints: list[int] = field(default_factory=list)  # what each bitmap shows
    missing: list[int] = field(default_factory=list)     # asked for, but absent or empty in the font


def render_glyphs(face: FontFace, codepoints, size: int) -> RenderResult:
    """Render many glyphs; code points the font lacks (or maps to an empty glyph) are skipped and listed."""
    if size < 1:
        raise ValueError(f"render size must be positive, got {size}")
    slot = _slot(face)
    codepoints = [int(cp) for cp in codepoints]
    coverage = np.zeros((len(codepoints), size, size), dtype=np.uint8)  # (N, S, S) ink coverage
    kept: list[int] = []
    missing: list[int] = []
    with slot.lock:
        slot.set_size(size)
        for cp in codepoints:
            if cp not in face.codepoints:  # never ask FreeType for a code point the cmap lacks (no tofu)
                missing.append(cp)
                continue
            try:
                drawn = _draw(slot, cp, size, coverage[len(kept)])
            except freetype.FT_Exception as exc:
                log.warning("%s: cannot load %s: %s", face.name, describe_codepoint(cp), exc)
                drawn = False
            if drawn:
                kept.append(cp)
            else:
                coverage[len(kept)] = 0
                missing.append(cp)
    if missing:
        log.debug("%s: %d of %d code points missing", face.name, len(missing), len(codepoints))
    bitmaps = coverage[:len(kept)] if len(kept) == len(codepoints) else coverage[:len(kept)].copy()
    np.subtract(255, bitmaps, out=bitmaps)  # in place: a 6,763-glyph set at 256 px is 440 MB
    return RenderResult(bitmaps=bitmaps, codepoints=kept, missing=missing)


# ----- horizontal placement in the em (the editor and export place a glyph alike) --------------------
def is_full_width(codepoint: int) -> bool:
    """CJK ideographs, kana, hangul, fullwidth forms: advance = one em."""
    return unicodedata.east_asian_width(chr(codepoint)) in ("W", "F")


@dataclass(frozen=True)
class HorizontalPlacement:
    """Advance width and the horizontal move applied to the traced outline (font units)."""
    advance: int
    shift_x: int


def horizontal_placement(codepoint: int, bounds, upm: int, side_bearing: float) -> HorizontalPlacement:
    """Full-width glyphs keep the em box (advance = upm, no move); others get the ink width plus
    `side_bearing` em on each side, the outline moved so its left bearing is exactly that."""
    if is_full_width(codepoint) or bounds is None:
        return HorizontalPlacement(upm, 0)
    x_min, _, x_max, _ = bounds
    bearing = round(side_bearing * upm)
    return HorizontalPlacement(round(x_max - x_min) + 2 * bearing, round(bearing - x_min))
