"""Full-width CJK punctuation drawn at the glyphs' stroke weight, for fonts no source could fill.

Shapes sit in the em box as in Simplified Chinese fonts (，。、：；！？ in the left half, opening
brackets in the right half); where a companion font has the ASCII counterpart (',' for '，',
'?' for '？'), that glyph is moved into place instead of drawing one.
"""

from __future__ import annotations

from core.export.outline_ops import remove_overlaps, scaled
from core.vectorize import Contour, Outline

CENTRE_Y = 380                    # the em box's middle, in thousandths of the em (baseline 0, top 880)
KAPPA = 0.5523                    # cubic Bezier circle constant

# character -> (ASCII counterpart a companion may have, where its ink's centre goes, thousandths of the em)
FROM_ASCII = {"，": (",", 210), "；": (";", 250), "：": (":", 250), "？": ("?", 300), "！": ("!", 260),
              "（": ("(", 700), "）": (")", 300)}


def draw(codepoint: int, upm: int, stroke: float, companion=None) -> tuple[Outline, int] | None:
    """(outline, advance = one em) for a full-width punctuation mark, or None when there is no recipe."""
    char = chr(codepoint)
    if char in FROM_ASCII and companion is not None:
        moved = _from_ascii(char, upm, companion)
        if moved is not None:
            return moved, upm
    w = max(40.0, min(140.0, stroke * 1000 / upm))     # stroke, thousandths of the em
    maker = _SHAPES.get(char)
    if maker is None:
        return None
    contours = maker(w)
    return remove_overlaps(scaled(Outline(contours, 1000), upm / 1000, upm=upm)), upm


def _from_ascii(char: str, upm: int, companion) -> Outline | None:
    ascii_char, centre = FROM_ASCII[char]
    made = companion.glyph(ord(ascii_char)) if ord(ascii_char) in companion else None
    if made is None:
        return None
    outline = made[0]
    x0, _, x1, _ = outline.bounds()
    return scaled(outline, 1.0, dx=centre * upm / 1000 - (x0 + x1) / 2)


def _polygon(points) -> Contour:
    points = [(float(x), float(y)) for x, y in points]
    return Contour(points[0], [(p,) for p in points[1:]] + [(points[0],)])


def _reversed(contour: Contour) -> Contour:
    """The same contour walked the other way (curves too: each one's control points swap)."""
    starts = [contour.start] + [s[-1] for s in contour.segments[:-1]]
    segments = [tuple(reversed(seg[:-1])) + (start,) for start, seg in zip(starts, contour.segments)]
    return Contour(contour.segments[-1][-1], segments[::-1])


def _circle(cx: float, cy: float, r: float) -> Contour:
    """Clockwise in y-up coordinates (TrueType ink)."""
    k = KAPPA * r
    top, right, bottom, left = (cx, cy + r), (cx + r, cy), (cx, cy - r), (cx - r, cy)
    return Contour(top, [((cx + k, cy + r), (cx + r, cy + k), right), ((cx + r, cy - k), (cx + k, cy - r), bottom),
                         ((cx - k, cy - r), (cx - r, cy - k), left), ((cx - r, cy + k), (cx - k, cy + r), top)])


def _rotated(contours: list[Contour]) -> list[Contour]:
    """Half a turn about the em box's centre: a closing bracket from an opening one."""
    def turn(p):
        return (1000 - p[0], 2 * CENTRE_Y - p[1])
    return [Contour(turn(c.start), [tuple(turn(p) for p in s) for s in c.segments]) for c in contours]


def _mirrored(contours: list[Contour]) -> list[Contour]:
    def flip(p):
        return (1000 - p[0], p[1])
    return [_reversed(Contour(flip(c.start), [tuple(flip(p) for p in s) for s in c.segments])) for c in contours]


def _corner(w: float) -> list[Contour]:
    """「: a stroke down the right half's left side and one along the top."""
    x, top, right, bottom = 560, 830, 900, 260
    return [_polygon([(x, top), (right, top), (right, top - w), (x + w, top - w), (x + w, bottom), (x, bottom)])]


def _hollow_corner(w: float) -> list[Contour]:
    """『: the corner drawn as an outline, its counter one stroke inside."""
    x, top, right, bottom, t = 520, 850, 920, 200, max(2.6 * w, 130)
    outer = [(x, top), (right, top), (right, top - t), (x + t, top - t), (x + t, bottom), (x, bottom)]
    i = w * 0.8
    inner = [(x + i, top - i), (right - i, top - i), (right - i, top - t + i), (x + t - i, top - t + i),
             (x + t - i, bottom + i), (x + i, bottom + i)]
    return [_polygon(outer), _reversed(_polygon(inner))]


def _chevrons(w: float) -> list[Contour]:
    """《: two nested angle brackets pointing left."""
    h, dx = 400, 250
    shapes = []
    for tip in (300, 300 + max(150, 2.2 * w)):
        inset = w * 1.15
        shapes.append(_polygon([(tip, CENTRE_Y), (tip + dx, CENTRE_Y + h), (tip + dx + inset * 0.7, CENTRE_Y + h - inset * 0.5),
                                (tip + inset, CENTRE_Y), (tip + dx + inset * 0.7, CENTRE_Y - h + inset * 0.5),
                                (tip + dx, CENTRE_Y - h)]))
    return shapes


def _paren(w: float) -> list[Contour]:
    """（: a crescent in the right half, thickest at the middle."""
    top, bottom, x, inner = (820, 840), (820, -80), 560, 560 + 1.3 * w
    return [Contour(top, [((x, 690), (x, 70), bottom), ((inner, 70), (inner, 690), top)])]


def _tick(w: float) -> list[Contour]:
    """、: a short stroke falling to the right, thicker at its foot."""
    return [_polygon([(150, 190), (150 + 0.7 * w, 230), (320, 60), (320 - 0.6 * w, -10)])]


def _comma(w: float) -> list[Contour]:
    r = max(0.65 * w, 38)
    return [_circle(200, 60, r), _polygon([(200 + r, 60), (200 + 0.2 * r, 60 - 0.2 * r), (130, -110), (170, -110)])]


def _ring(w: float) -> list[Contour]:
    """。: a small circle in the lower left."""
    r = 95 + w / 2
    return [_circle(210, 80, r), _reversed_circle(210, 80, r - 0.85 * w)]


def _reversed_circle(cx: float, cy: float, r: float) -> Contour:
    """Counter-clockwise: a counter inside a clockwise circle."""
    k = KAPPA * r
    top, left, bottom, right = (cx, cy + r), (cx - r, cy), (cx, cy - r), (cx + r, cy)
    return Contour(top, [((cx - k, cy + r), (cx - r, cy + k), left), ((cx - r, cy - k), (cx - k, cy - r), bottom),
                         ((cx + k, cy - r), (cx + r, cy - k), right), ((cx + r, cy + k), (cx + k, cy + r), top)])


DOT = (0.85, 45)                  # a dot's radius: this share of the stroke, at least this many thousandths


def _dot_radius(w: float) -> float:
    return max(DOT[0] * w, DOT[1])


def _dots(ys, x: float, w: float) -> list[Contour]:
    r = _dot_radius(w)
    return [_circle(x, y, r) for y in ys]


def _semicolon_tail(w: float) -> list[Contour]:
    r = _dot_radius(w)
    return [_circle(250, 70, r), _polygon([(250 + r, 70), (250, 40), (200, -110), (235, -110)])]


def _exclam(w: float) -> list[Contour]:
    x = 260
    return [_polygon([(x - w / 2, 760), (x + w / 2, 760), (x + w * 0.35, 220), (x - w * 0.35, 220)]),
            *_dots([70], x, w)]


_SHAPES = {
    "。": _ring, "、": _tick, "，": _comma, "：": lambda w: _dots([70, 420], 250, w),
    "；": lambda w: _dots([420], 250, w) + _semicolon_tail(w),
    "！": _exclam, "（": _paren, "）": lambda w: _mirrored(_paren(w)), "「": _corner, "」": lambda w: _rotated(_corner(w)), "『": _hollow_corner,
    "』": lambda w: _rotated(_hollow_corner(w)), "《": _chevrons, "》": lambda w: _mirrored(_chevrons(w)),
    "…": lambda w: [_circle(x, CENTRE_Y, _dot_radius(w)) for x in (167, 500, 833)],
    "—": lambda w: [_polygon([(0, CENTRE_Y + 0.4 * w), (1000, CENTRE_Y + 0.4 * w), (1000, CENTRE_Y - 0.4 * w),
                              (0, CENTRE_Y - 0.4 * w)])],
}
