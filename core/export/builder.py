"""FontBuilder pipeline: prepared glyphs -> a complete TrueType or CFF font (or merged into a base font)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import numpy as np
from fontTools.fontBuilder import FontBuilder
from fontTools.misc.arrayTools import pointInRect, unionRect
from fontTools.misc.bezierTools import calcCubicBounds
from fontTools.pens.reverseContourPen import ReverseContourPen
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.tables import ttProgram

from core.config import ExportConfig
from core.errors import ExportError
from core.export import metrics
from core.export.naming import font_revision, name_strings
from core.export.ttglyph import compile_outline, compile_outlines
from core.vectorize import Outline

log = logging.getLogger(__name__)

# Smart dropout control (SCANCTRL 511, SCANTYPE 4): the byte form fontbakery checks for.
SMART_DROPOUT_PREP = "PUSHW[ ] 511 SCANCTRL[ ] PUSHB[ ] 4 SCANTYPE[ ]"
GASP_ALL_SIZES = {0xFFFF: 0x000F}   # gridfit + grayscale + symmetric at every size
SPACES = {0x0020: "space", 0x00A0: "uni00A0", 0x3000: "uni3000"}


@dataclass
class PreparedGlyph:
    """One traced glyph ready for any format: font-unit outline (already moved), metrics, compiled forms."""
    codepoint: int
    outline: Outline
    advance: int
    shift_x: int
    tt_glyph: object | None = None        # fontTools glyf Glyph (quadratic, integer)
    charstring: object | None = None      # T2CharString (cubic, outer contours counter-clockwise)
    notes: list[str] = field(default_factory=list)
    bounds: tuple | None = field(init=False, default=None)   # of the rounded outline, see _bounds

    def __post_init__(self):
        # Computed where the glyph is prepared (a tracing worker), not serially when the font is built.
        self.bounds = _bounds(self.outline)


def glyph_name(codepoint: int) -> str:
    """AGL-style names: uni4E00 in the BMP, u20000 beyond."""
    if codepoint in SPACES:
        return SPACES[codepoint]
    return f"uni{codepoint:04X}" if codepoint <= 0xFFFF else f"u{codepoint:05X}"


def make_tt_glyph(outline: Outline, max_err: float):
    """Quadratic TrueType glyph via cu2qu, compiled (glyf and WOFF2 bytes); potrace direction is
    already TrueType's (outer clockwise)."""
    return compile_outline(outline, max_err)


def add_tt_glyphs(glyphs: list[PreparedGlyph], max_err: float) -> None:
    """make_tt_glyph for every glyph that has no TrueType form yet, compiled in one batch."""
    missing = [g for g in glyphs if g.tt_glyph is None]
    for glyph, compiled in zip(missing, compile_outlines([g.outline for g in missing], max_err)):
        glyph.tt_glyph = compiled


def make_charstring(outline: Outline, advance: int):
    """Cubic CFF charstring; CFF wants outer contours counter-clockwise, so every contour is reversed."""
    pen = T2CharStringPen(advance, None)
    outline.draw(ReverseContourPen(pen), round_coordinates=True)
    return pen.getCharString()


def notdef_outline(upm: int) -> tuple[Outline, int]:
    """A box with a counter (the conventional .notdef), as a cubic-free Outline in font units."""
    from core.vectorize import Contour

    advance = upm // 2
    x0, x1, y0, y1 = round(0.05 * upm), advance - round(0.05 * upm), 0, round(0.7 * upm)
    inset = round(0.05 * upm)
    outer = Contour((x0, y0), [((x0, y1),), ((x1, y1),), ((x1, y0),), ((x0, y0),)])   # clockwise
    inner = Contour((x0 + inset, y0 + inset), [((x1 - inset, y0 + inset),), ((x1 - inset, y1 - inset),),
                                               ((x0 + inset, y1 - inset),), ((x0 + inset, y0 + inset),)])
    return Outline([outer, inner], upm), advance


def _bounds(outline: Outline):
    """What fontTools' BoundsPen says of the outline drawn with rounded coordinates, without a pen:
    the on-curve points, widened by the exact box of each curve whose control points stick out."""
    on_curve, controls = [], []
    for contour in outline.contours:
        on_curve.append(contour.start)
        for segment in contour.segments:
            on_curve.append(segment[-1])
            if len(segment) == 3:
                controls += segment[:2]
    if not on_curve:
        return None
    # round is monotonic: the box of the rounded points is the rounded box of the points
    xs, ys = [p[0] for p in on_curve], [p[1] for p in on_curve]
    box = (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))
    if not controls:
        return box
    cxs, cys = [p[0] for p in controls], [p[1] for p in controls]
    if box[0] <= round(min(cxs)) and round(max(cxs)) <= box[2] and box[1] <= round(min(cys)) \
            and round(max(cys)) <= box[3]:
        return box          # no control point sticks out (the usual case after add_extrema)
    curves = []
    for contour in outline.contours:
        previous = contour.start
        for segment in contour.segments:
            if len(segment) == 3:
                curves.append((previous, *segment))
            previous = segment[-1]
    # np.round is Python's round (half to even); rounding first keeps BoundsPen's exact numbers
    points = np.round(np.array(on_curve, np.float64))                       # (N, 2)
    x_min, y_min = (int(v) for v in points.min(axis=0))
    x_max, y_max = (int(v) for v in points.max(axis=0))
    box = (x_min, y_min, x_max, y_max)
    if curves:
        rounded = np.round(np.array(curves, np.float64))                     # (K, 4, 2) start, c1, c2, end
        controls = rounded[:, 1:3]
        outside = ((controls[..., 0] < x_min) | (controls[..., 0] > x_max)
                   | (controls[..., 1] < y_min) | (controls[..., 1] > y_max)).any(axis=1)
        for curve in rounded[outside].astype(np.int64).tolist():
            if not (pointInRect(curve[1], box) and pointInRect(curve[2], box)):
                box = unionRect(box, calcCubicBounds(*curve))
    return box


@dataclass
class FontParts:
    """Everything FontBuilder needs, in glyph order."""
    order: list[str]
    cmap: dict[int, str]
    advances: dict[str, int]
    outlines: dict[str, Outline]
    tt_glyphs: dict[str, object]
    charstrings: dict[str, object]
    bounds: dict[str, tuple | None]


def collect_parts(glyphs: list[PreparedGlyph], settings: ExportConfig, cff: bool) -> FontParts:
    """.notdef, the three spaces, then the glyphs by code point; compiles missing forms lazily."""
    upm = settings.units_per_em
    max_err = settings.cu2qu_max_err * upm / 1000
    notdef, notdef_advance = notdef_outline(upm)
    parts = FontParts([".notdef"], {}, {".notdef": notdef_advance}, {".notdef": notdef}, {}, {}, {})
    by_cp = {g.codepoint: g for g in glyphs}
    for cp, advance in ((0x20, round(metrics.SPACE_FRACTION * upm)),
                        (0xA0, round(metrics.SPACE_FRACTION * upm)), (0x3000, upm)):
        if cp not in by_cp:
            name = glyph_name(cp)
            parts.order.append(name)
            parts.cmap[cp] = name
            parts.advances[name], parts.outlines[name] = advance, Outline([], upm)
    for cp in sorted(by_cp):
        glyph, name = by_cp[cp], glyph_name(cp)
        parts.order.append(name)
        parts.cmap[cp] = name
        parts.advances[name], parts.outlines[name] = glyph.advance, glyph.outline
        parts.bounds[name] = glyph.bounds
        if glyph.tt_glyph is not None:
            parts.tt_glyphs[name] = glyph.tt_glyph
        if glyph.charstring is not None:
            parts.charstrings[name] = glyph.charstring
    for name in parts.order:
        if cff and name not in parts.charstrings:
            parts.charstrings[name] = make_charstring(parts.outlines[name], parts.advances[name])
        if not cff and name not in parts.tt_glyphs:
            parts.tt_glyphs[name] = make_tt_glyph(parts.outlines[name], max_err)
    return parts


def build_font(glyphs: list[PreparedGlyph], settings: ExportConfig, cff: bool = False,
               kerning: dict[tuple[int, int], int] | None = None,
               metrics_font: tuple[str, int] | None = None) -> TTFont:
    """A complete font in FontBuilder's documented order; `cff` picks CFF outlines over glyf;
    `kerning` ({(left, right): units}) becomes a GPOS kern feature; line spacing comes from
    `metrics_font` (path, face index) when given, else the em box."""
    parts = collect_parts(glyphs, settings, cff)
    names = name_strings(settings)
    upm = settings.units_per_em
    builder = FontBuilder(upm, isTTF=not cff)   # sets head (with timestamps) exactly once
    builder.setupGlyphOrder(parts.order)
    builder.setupCharacterMap(parts.cmap)               # format 4, plus format 12 beyond the BMP
    if cff:
        builder.setupCFF(names["psName"], {"FullName": names["psName"], "Weight": settings.style_name},
                         parts.charstrings, {})
    else:
        builder.setupGlyf(parts.tt_glyphs)
    bounds = {name: parts.bounds[name] if name in parts.bounds else _bounds(outline)
              for name, outline in parts.outlines.items()}
    builder.setupHorizontalMetrics({name: (parts.advances[name], _left_side_bearing(builder.font, name, bounds, cff))
                                    for name in parts.order})
    vertical = _vertical_metrics(upm, bounds, metrics_font)
    builder.setupHorizontalHeader(ascent=vertical.ascender, descent=vertical.descender,
                                  lineGap=vertical.line_gap)
    builder.setupNameTable(names, mac=False)            # fontbakery: Windows names only
    _setup_os2(builder, settings, vertical, parts.cmap)
    monospaced = metrics.seems_monospaced({cp: parts.advances[name] for cp, name in parts.cmap.items()})
    if monospaced:                                      # PANOSE must agree (fontbakery opentype/monospace)
        panose = builder.font["OS/2"].panose
        panose.bFamilyType, panose.bProportion = 2, 9   # Latin text, monospaced
    # TrueType keeps glyph names (format 2: PDF text extraction); CFF wants format 3
    builder.setupPost(keepGlyphNames=not cff, isFixedPitch=int(monospaced))
    _setup_vertical(builder, upm, parts.order, bounds)
    _finish_head(builder.font, settings)
    if not cff:
        _add_hinting_tables(builder.font)
    from core.export.spacing import add_spacing_features

    add_spacing_features(builder.font, parts.cmap, parts.advances, bounds, upm, kerning)
    return builder.font


def _left_side_bearing(font: TTFont, name: str, bounds: dict, cff: bool) -> int:
    """TrueType wants lsb == glyf xMin, which counts off-curve points after cu2qu; a tighter lsb makes
    FreeType and other rasterisers shift the outline sideways by the difference."""
    if not cff:
        glyph = font["glyf"][name]
        glyph.recalcBounds(font["glyf"])
        return int(getattr(glyph, "xMin", 0)) if glyph.numberOfContours else 0
    return bounds[name][0] if bounds[name] else 0


def _vertical_metrics(upm: int, bounds: dict, metrics_font: tuple[str, int] | None) -> metrics.VerticalMetrics:
    boxes = [b for b in bounds.values() if b]
    y_min = min((b[1] for b in boxes), default=None)
    y_max = max((b[3] for b in boxes), default=None)
    if metrics_font:
        try:
            return metrics.font_vertical_metrics(*metrics_font, upm, y_min, y_max)
        except Exception as exc:   # an unreadable metrics font falls back to the em box, and says so
            log.warning("cannot read vertical metrics from %s (%s); using the em box", metrics_font[0], exc)
    return metrics.vertical_metrics(upm, y_min, y_max)


def _style_bits(style: str) -> tuple[int, int, int]:
    """(fsSelection without bit 7, head.macStyle, usWeightClass) for the style name."""
    lowered = style.lower()
    bold, italic = "bold" in lowered, "italic" in lowered or "oblique" in lowered
    fs_selection = (1 << 5 if bold else 0) | (1 if italic else 0) or (1 << 6)   # bit 6: REGULAR
    return fs_selection, (1 if bold else 0) | (2 if italic else 0), 700 if bold else 400


def _setup_os2(builder: FontBuilder, settings: ExportConfig, vertical, cmap: dict[int, str]) -> None:
    fs_selection, _, weight = _style_bits(settings.style_name)
    upm = settings.units_per_em
    page1, page2 = metrics.codepage_fields(metrics.codepage_bits(cmap))
    builder.setupOS2(version=4, achVendID=settings.vendor_id.ljust(4)[:4], usWeightClass=weight,
                     fsType=0, fsSelection=fs_selection | (1 << 7),      # bit 7: USE_TYPO_METRICS
                     sTypoAscender=vertical.ascender, sTypoDescender=vertical.descender,
                     sTypoLineGap=vertical.line_gap, usWinAscent=vertical.win_ascent,
                     usWinDescent=vertical.win_descent, sxHeight=round(0.5 * upm),
                     sCapHeight=round(0.7 * upm), usDefaultChar=0, usBreakChar=0x20,
                     usMaxContext=0, ulCodePageRange1=page1, ulCodePageRange2=page2)
    os2 = builder.font["OS/2"]
    os2.recalcUnicodeRanges(builder.font)
    os2.recalcAvgCharWidth(builder.font)


def _setup_vertical(builder: FontBuilder, upm: int, order: list[str], bounds: dict) -> None:
    """vhea/vmtx: every glyph one em tall, top side bearing measured from the em box top."""
    top = round(metrics.ASCENT_FRACTION * upm)
    builder.setupVerticalHeader(ascent=upm // 2, descent=-(upm - upm // 2), lineGap=0,
                                advanceHeightMax=upm)
    builder.setupVerticalMetrics({name: (upm, top - bounds[name][3] if bounds[name] else 0)
                                  for name in order})


def _finish_head(font: TTFont, settings: ExportConfig) -> None:
    """Revision and style bits set on the existing head table; setupHead again would zero the dates."""
    head = font["head"]
    head.fontRevision = font_revision(settings.version)
    head.macStyle = _style_bits(settings.style_name)[1]
    head.lowestRecPPEM = 8


def _add_hinting_tables(font: TTFont) -> None:
    """gasp for all sizes and a prep that turns on smart dropout control (TrueType only)."""
    gasp = newTable("gasp")
    gasp.version, gasp.gaspRange = 1, dict(GASP_ALL_SIZES)
    font["gasp"] = gasp
    prep = newTable("prep")
    prep.program = ttProgram.Program()
    prep.program.fromAssembly(SMART_DROPOUT_PREP)
    font["prep"] = prep


# --- merge mode -------------------------------------------------------------------------------

GLYPH_COUNT_TABLES = ("hdmx", "LTSH", "VDMX", "DSIG")   # would be stale after adding glyphs


@dataclass
class MergeResult:
    font: TTFont
    added: list[int]
    replaced: list[int]
    kept_base: list[int]


def merge_glyphs(base_path: str, glyphs: list[PreparedGlyph], settings: ExportConfig) -> MergeResult:
    """Add glyphs to a copy of a TrueType base font; the base's glyph wins unless replace_existing."""
    font = _open_base(base_path)
    cmap = font.getBestCmap() or {}
    result = MergeResult(font, [], [], [])
    order = list(font.getGlyphOrder())
    taken = set(order)
    new_cmap: dict[int, str] = {}
    for glyph in sorted(glyphs, key=lambda g: g.codepoint):
        cp = glyph.codepoint
        if cp in cmap and not settings.replace_existing:
            result.kept_base.append(cp)
            continue
        (result.replaced if cp in cmap else result.added).append(cp)
        name = _unique_name(glyph_name(cp), taken)
        taken.add(name)
        order.append(name)
        new_cmap[cp] = name
        _add_glyph(font, name, glyph, settings)
    font.setGlyphOrder(order)
    font["glyf"].glyphOrder = order
    _update_cmaps(font, new_cmap)
    for tag in GLYPH_COUNT_TABLES:
        if tag in font:
            del font[tag]
    _update_os2_after_merge(font)
    return result


def _open_base(base_path: str) -> TTFont:
    try:
        font = TTFont(base_path)   # read only; the merged copy is written elsewhere
    except Exception as exc:
        raise ExportError(f"cannot open the font to merge into: {base_path}") from exc
    if "glyf" not in font:
        raise ExportError(f"merging needs a TrueType (glyf) font; {base_path} has CFF outlines",
                          hint="export a separate OTF instead")
    if "fvar" in font:
        raise ExportError(f"merging into a variable font is not supported: {base_path}")
    font.ensureDecompiled()
    return font


def _unique_name(name: str, taken: set[str]) -> str:
    candidate, n = name, 1
    while candidate in taken:
        candidate, n = f"{name}.{n}", n + 1
    return candidate


def _add_glyph(font: TTFont, name: str, glyph: PreparedGlyph, settings: ExportConfig) -> None:
    base_upm = font["head"].unitsPerEm
    tt_glyph = glyph.tt_glyph or make_tt_glyph(glyph.outline, settings.cu2qu_max_err * base_upm / 1000)
    font["glyf"].glyphs[name] = tt_glyph
    bounds = glyph.bounds
    font["hmtx"].metrics[name] = (glyph.advance, _left_side_bearing(font, name, {name: bounds}, cff=False))
    if "vmtx" in font:
        top = round(metrics.ASCENT_FRACTION * base_upm)
        font["vmtx"].metrics[name] = (base_upm, top - bounds[3] if bounds else 0)


def _update_cmaps(font: TTFont, new_cmap: dict[int, str]) -> None:
    """Every Unicode subtable gets the new mappings; a format 12 subtable appears when needed."""
    cmap_table = font["cmap"]
    unicode_tables = [t for t in cmap_table.tables if t.isUnicode()]
    for table in unicode_tables:
        if table.format == 4:
            table.cmap.update({cp: n for cp, n in new_cmap.items() if cp <= 0xFFFF})
        elif table.format in (12, 13):
            table.cmap.update(new_cmap)
    if any(cp > 0xFFFF for cp in new_cmap) and not any(t.format == 12 for t in unicode_tables):
        from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

        full = dict(font.getBestCmap() or {})
        full.update(new_cmap)
        for platform, encoding in ((0, 4), (3, 10)):
            table = CmapSubtable.newSubtable(12)
            table.platformID, table.platEncID, table.language = platform, encoding, 0
            table.cmap = dict(full)
            cmap_table.tables.append(table)


def _update_os2_after_merge(font: TTFont) -> None:
    if "OS/2" not in font:
        return
    os2 = font["OS/2"]
    os2.recalcUnicodeRanges(font)
    if os2.version >= 1:
        bits = metrics.codepage_bits(font.getBestCmap() or {})
        page1, page2 = metrics.codepage_fields(bits)
        os2.ulCodePageRange1 |= page1
        os2.ulCodePageRange2 |= page2
