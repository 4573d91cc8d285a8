"""Glyph and font metrics: CJK vs proportional advances, em-box vertical metrics, code-page bits."""

from __future__ import annotations

from dataclasses import dataclass

try:  # newer Unicode data than the interpreter's, when installed
    import unicodedata2 as unicodedata
except ImportError:  # pragma: no cover
    import unicodedata

ASCENT_FRACTION = 0.88      # the em box: baseline at 0.88 of the canvas height (docs/ARCHITECTURE.md)
DESCENT_FRACTION = -0.12
LINE_GAP_FRACTION = 0.0     # CJK body text spaces lines by CSS/app line-height; Noto/Source Han keep typo gap 0
SPACE_FRACTION = 0.25       # U+0020 and U+00A0 advance; U+3000 is one em

# OS/2 ulCodePageRange1 bits (OpenType spec), set from the characters actually present.
CODEPAGE_BITS = {"cp1252": 0, "cp932": 17, "cp936": 18, "cp949": 19, "cp950": 20}
# Python codecs that define membership for each CJK code page.
_CODEC = {"cp932": "shift_jis", "cp936": "gb2312", "cp949": "euc_kr", "cp950": "big5"}
CODEPAGE_SHARE = 0.9        # a CJK code-page bit needs this share of the font's ideographs encodable


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


@dataclass(frozen=True)
class VerticalMetrics:
    """The em box as OS/2 and hhea describe it, with win metrics covering all ink."""
    ascender: int
    descender: int
    line_gap: int
    win_ascent: int
    win_descent: int


def vertical_metrics(upm: int, ink_y_min: float | None, ink_y_max: float | None) -> VerticalMetrics:
    ascender, descender = round(ASCENT_FRACTION * upm), round(DESCENT_FRACTION * upm)
    y_min = min(descender, round(ink_y_min)) if ink_y_min is not None else descender
    y_max = max(ascender, round(ink_y_max)) if ink_y_max is not None else ascender
    return VerticalMetrics(ascender, descender, round(LINE_GAP_FRACTION * upm), y_max, -y_min)


def codepage_bits(codepoints) -> set[int]:
    """ulCodePageRange1 bits chosen from content (recalcCodePageRanges misjudges hanzi-only fonts)."""
    codepoints = set(codepoints)
    bits = set()
    if any(chr(cp).isascii() and chr(cp).isalpha() for cp in codepoints):
        bits.add(CODEPAGE_BITS["cp1252"])
    ideographs = [cp for cp in codepoints if unicodedata.category(chr(cp)) == "Lo" and is_full_width(cp)]
    hangul = [cp for cp in ideographs if 0xAC00 <= cp <= 0xD7A3 or 0x3130 <= cp <= 0x318F]
    kana = [cp for cp in ideographs if 0x3040 <= cp <= 0x30FF]
    han = [cp for cp in ideographs if cp not in set(hangul) | set(kana)]
    if hangul:
        bits.add(CODEPAGE_BITS["cp949"])
    if kana:
        bits.add(CODEPAGE_BITS["cp932"])
    for page in ("cp936", "cp950", "cp932"):
        if han and _encodable_share(han, _CODEC[page]) >= CODEPAGE_SHARE:
            bits.add(CODEPAGE_BITS[page])
    return bits


def _encodable_share(codepoints: list[int], codec: str) -> float:
    encodable = 0
    for cp in codepoints:
        try:
            chr(cp).encode(codec)
            encodable += 1
        except UnicodeEncodeError:
            pass
    return encodable / len(codepoints)


def codepage_fields(bits: set[int]) -> tuple[int, int]:
    """(ulCodePageRange1, ulCodePageRange2) from bit numbers below 64."""
    value = sum(1 << bit for bit in bits)
    return value & 0xFFFFFFFF, value >> 32
