"""Spacing features: halt (half-width alternates) and chws (contextual half-width) for CJK punctuation,
and kern for the pairs a companion font gives its filled Latin.

A full-width bracket or stop whose ink sits in one half of the em ("。" on the left, "「" on the right)
can give up the empty half. halt does that everywhere (for tight settings); chws only where two such
marks meet ("。」", "）（", "「『"), as the W3C's clreq and jlreq ask. Glyphs are sorted by where their
ink actually is, so generated, written and built-in punctuation are treated alike.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

CLOSING = "，。、；：！？」』）》〉】〕｝"       # marks whose empty half is on the right
OPENING = "「『（《〈【〔｛"                   # marks whose empty half is on the left
HALF_MARGIN = 0.05                             # ink may cross the middle of the em by this much


def spacing_classes(cmap: dict[int, str], advances: dict[str, int], bounds: dict, upm: int
                    ) -> tuple[list[str], list[str]]:
    """(glyphs whose ink is in the left half, glyphs whose ink is in the right half), full-width only."""
    middle, margin = upm / 2, HALF_MARGIN * upm
    left, right = [], []
    for chars, wanted in ((CLOSING, left), (OPENING, right)):
        for char in chars:
            name = cmap.get(ord(char))
            box = bounds.get(name) if name else None
            if not box or advances.get(name) != upm:
                continue
            if wanted is left and box[2] <= middle + margin:
                left.append(name)
            elif wanted is right and box[0] >= middle - margin:
                right.append(name)
    return left, right


def feature_code(left: list[str], right: list[str], upm: int, kern: list[tuple[str, str, int]] = ()) -> str:
    """feaLib source for halt and chws over the two classes, and kern pairs ('' when there is nothing)."""
    if not left and not right and not kern:
        return ""
    half = upm // 2
    lines = ["languagesystem DFLT dflt;", "languagesystem latn dflt;", "languagesystem hani dflt;"]
    if kern:
        lines += ["feature kern {", *(f"  pos {a} {b} {value};" for a, b, value in kern), "} kern;"]
    if not left and not right:
        return "\n".join(lines) + "\n"
    if left:
        lines.append(f"@CLOSE = [{' '.join(left)}];")
    if right:
        lines.append(f"@OPEN = [{' '.join(right)}];")
    shrink, shift = f"<0 0 -{half} 0>", f"<-{half} 0 -{half} 0>"
    halt = ([f"  pos @CLOSE {shrink};"] if left else []) + ([f"  pos @OPEN {shift};"] if right else [])
    chws = []
    if left:
        following = "[@CLOSE @OPEN]" if right else "@CLOSE"
        chws.append(f"  pos @CLOSE' {shrink} {following};")       # 。」 and ）（: the first gives up its half
    if right:
        chws.append(f"  pos @OPEN @OPEN' {shift};")                 # 「『: the second gives up its half
    lines += ["feature halt {", *halt, "} halt;", "feature chws {", *chws, "} chws;"]
    return "\n".join(lines) + "\n"


def add_spacing_features(font, cmap: dict[int, str], advances: dict[str, int], bounds: dict, upm: int,
                         kerning: dict[tuple[int, int], int] | None = None) -> None:
    """GPOS halt, chws and kern built with feaLib; a font with nothing to space is left as it is."""
    from fontTools.feaLib.builder import addOpenTypeFeaturesFromString

    kern = [(cmap[a], cmap[b], value) for (a, b), value in sorted((kerning or {}).items())
            if a in cmap and b in cmap]
    code = feature_code(*spacing_classes(cmap, advances, bounds, upm), upm, kern)
    if code:
        addOpenTypeFeaturesFromString(font, code, tables=["GPOS"])
