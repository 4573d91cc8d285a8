"""UFO source output with ufoLib2, so the designer can continue in Glyphs, FontForge or Fontra."""

from __future__ import annotations

from pathlib import Path

from fontTools.pens.reverseContourPen import ReverseContourPen

from core.config import ExportConfig
from core.export import builder, metrics
from core.export.naming import font_revision, postscript_name

# Windows language IDs for the tags we expect in localized family names.
WINDOWS_LANGUAGE_IDS = {"zh": 0x0804, "zh-CN": 0x0804, "zh-TW": 0x0404, "zh-HK": 0x0C04,
                        "ja": 0x0411, "ko": 0x0412, "en": 0x0409}


def write_ufo(glyphs: list[builder.PreparedGlyph], settings: ExportConfig, path: Path) -> None:
    """A UFO 3 with PostScript contour direction (outer counter-clockwise), as UFO tools expect."""
    import ufoLib2

    font = ufoLib2.Font()
    _fill_info(font.info, settings)
    notdef, notdef_advance = builder.notdef_outline(settings.units_per_em)
    _add_glyph(font, ".notdef", None, notdef, notdef_advance)
    present = {g.codepoint for g in glyphs}
    for cp, advance in ((0x20, round(metrics.SPACE_FRACTION * settings.units_per_em)),
                        (0xA0, round(metrics.SPACE_FRACTION * settings.units_per_em)), (0x3000, settings.units_per_em)):
        if cp not in present:
            font.newGlyph(builder.glyph_name(cp)).unicodes, font[builder.glyph_name(cp)].width = [cp], advance
    for glyph in sorted(glyphs, key=lambda g: g.codepoint):
        _add_glyph(font, builder.glyph_name(glyph.codepoint), glyph.codepoint, glyph.outline, glyph.advance)
    font.glyphOrder = [".notdef"] + sorted(n for n in font.keys() if n != ".notdef")
    font.save(path, overwrite=True)


def _add_glyph(font, name: str, codepoint: int | None, outline, advance: int) -> None:
    glyph = font.newGlyph(name)
    glyph.width = advance
    if codepoint is not None:
        glyph.unicodes = [codepoint]
    outline.draw(ReverseContourPen(glyph.getPen()), round_coordinates=True)


def _fill_info(info, settings: ExportConfig) -> None:
    revision = font_revision(settings.version)
    info.familyName, info.styleName = settings.family_name, settings.style_name
    info.versionMajor, info.versionMinor = int(revision), round((revision - int(revision)) * 1000)
    info.unitsPerEm = settings.units_per_em
    info.ascender = info.openTypeOS2TypoAscender = round(metrics.ASCENT_FRACTION * settings.units_per_em)
    info.descender = info.openTypeOS2TypoDescender = round(metrics.DESCENT_FRACTION * settings.units_per_em)
    info.openTypeOS2TypoLineGap = round(metrics.LINE_GAP_FRACTION * settings.units_per_em)
    info.openTypeOS2Selection = [7]      # USE_TYPO_METRICS
    info.openTypeOS2VendorID = settings.vendor_id
    info.postscriptFontName = postscript_name(settings.family_name, settings.style_name)
    info.openTypeNameDesigner = settings.designer or None
    info.openTypeNameLicense = settings.license or None
    info.openTypeNameLicenseURL = settings.license_url or None
    info.openTypeNameDescription = settings.description or None
    info.openTypeNameRecords = [
        {"nameID": name_id, "platformID": 3, "encodingID": 1,
         "languageID": WINDOWS_LANGUAGE_IDS.get(tag, 0x0409), "string": name}
        for tag, name in settings.localized_family.items() for name_id in (1, 16)]
