"""Font metrics: em-box vertical metrics, line spacing from a font, code-page bits (advances: core.render)."""

from __future__ import annotations

from dataclasses import dataclass

from core.render import is_full_width

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


def font_vertical_metrics(path: str, index: int, upm: int, ink_y_min: float | None,
                          ink_y_max: float | None) -> VerticalMetrics:
    """A font's line spacing scaled to upm: OS/2 typo ascender and descender with the line gap shared
    between them (fontbakery wants gaps of 0 and hhea equal to typo), win widened to cover all ink."""
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        k = upm / font["head"].unitsPerEm
        os2, hhea = font.get("OS/2"), font["hhea"]
        if os2 is not None and os2.sTypoAscender - os2.sTypoDescender > 0:
            ascender, descender, gap = os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap
        else:
            ascender, descender, gap = hhea.ascent, hhea.descent, hhea.lineGap
        win = (os2.usWinAscent, os2.usWinDescent) if os2 is not None else (hhea.ascent, -hhea.descent)
    ascender, descender = round((ascender + gap / 2) * k), round((descender - gap / 2) * k)
    win_ascent = max(round(win[0] * k), ascender, round(ink_y_max) if ink_y_max is not None else 0)
    win_descent = max(round(win[1] * k), -descender, -round(ink_y_min) if ink_y_min is not None else 0)
    return VerticalMetrics(ascender, descender, 0, win_ascent, win_descent)


def seems_monospaced(advances: dict[int, int]) -> bool:
    """fontbakery's rule (checks/conditions.py glyph_metrics_stats): with most of ASCII present, 80% of
    it one width; otherwise every printable character one of two widths. PANOSE must then say so."""
    from collections import Counter

    ascii_widths = [a for cp, a in advances.items() if 32 <= cp < 127 and a]
    if len(ascii_widths) > 0.8 * 95:
        return Counter(ascii_widths).most_common(1)[0][1] >= 0.8 * len(ascii_widths)
    widths = {a for cp, a in advances.items()
              if a and (unicodedata.category(chr(cp))[0] in "LMNPS" or unicodedata.category(chr(cp)) == "Zs")}
    return len(widths - {0}) <= 2


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
