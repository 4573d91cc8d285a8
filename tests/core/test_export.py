"""Fonts built from glyph bitmaps reopen with the right tables, pass OTS and render back like their sources."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from fontTools.pens.areaPen import AreaPen
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont
from PIL import Image

from core.charsets import charset_codepoints
from core.config import ExportConfig
from core.errors import ExportError
from core.export.coverage import REQUIRED
from core.export.pipeline import load_glyph_dir
from core.export.run import ExportRun
from core.fonts import demo_font_paths, open_face
from core.render import render_glyphs
from tests.core.export_helpers import export_font_sync

CHARS = "的一国在人了有中是年和大业不为发会工经上地市要个产这出行作生家以成到日民来我部对进多全建他公开们场展时理新口回"


@pytest.fixture(scope="module")
def glyphs_256():
    face = open_face(demo_font_paths()["ukai"])
    rendered = render_glyphs(face, charset_codepoints("text:" + CHARS), 256)
    return dict(zip(rendered.codepoints, rendered.bitmaps))


@pytest.fixture(scope="module")
def built(tmp_path_factory, glyphs_256):
    out = tmp_path_factory.mktemp("font") / "demo.ttf"
    settings = ExportConfig(family_name="Demo Kai", localized_family={"zh": "演示楷体"}, designer="Tester",
                            formats=["ttf", "otf", "woff2", "ufo"])
    run = ExportRun(workers=2, fill_from=str(demo_font_paths()["microhei"]))
    return export_font_sync(glyphs_256, out, settings, run)


def test_the_font_reopens_with_cmap_names_metrics_and_every_glyph(built, glyphs_256):
    font = TTFont(built.outputs["ttf"])
    cmap = font.getBestCmap()
    assert set(glyphs_256) <= set(cmap) and {0x20, 0xA0, 0x3000} <= set(cmap)
    assert set(REQUIRED) <= set(cmap)                                       # ASCII and CJK punctuation filled
    # .notdef, space, no-break space, ideographic space, and the filled characters
    assert font["maxp"].numGlyphs == len(glyphs_256) + 4 + len(REQUIRED)
    name = font["name"]
    assert name.getDebugName(1) == "Demo Kai" and name.getDebugName(9) == "Tester"
    assert name.getName(1, 3, 1, 0x804).toUnicode() == "演示楷体"
    assert name.getDebugName(6).isascii()
    os2 = font["OS/2"]
    assert os2.version == 4 and os2.fsSelection & (1 << 7)                 # USE_TYPO_METRICS
    assert (os2.sTypoAscender, os2.sTypoDescender) == (880, -120)
    assert os2.ulCodePageRange1 & (1 << 18)                                # cp936: GB2312 hanzi present
    assert "vhea" in font and "vmtx" in font and "gasp" in font and "prep" in font
    assert font["hmtx"][cmap[ord("的")]][0] == 1000                         # CJK advance = em


def test_ots_accepts_every_binary_format_and_the_report_says_so(built):
    report = json.loads(Path(built.outputs["report"]).read_text())
    checks = {c["format"]: c for c in report["formats"]}
    for fmt in ("ttf", "otf", "woff2"):
        assert checks[fmt]["ots_passed"] is True and checks[fmt]["reopened"], checks[fmt]
    assert Path(built.outputs["report"]).with_suffix(".txt").is_file()


def test_round_trip_iou_is_high_at_256_px(built):
    assert built.report.mean_iou >= 0.97


def _contour_areas(font: TTFont, char: str) -> list[float]:
    glyph_set = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyph_set)
    glyph_set[font.getBestCmap()[ord(char)]].draw(pen)
    areas, current = [], []
    for op, args in pen.value:
        current.append((op, args))
        if op in ("closePath", "endPath"):
            area = AreaPen()
            for o, a in current:
                getattr(area, o)(*a)
            areas.append(area.value)
            current = []
    return areas


def test_holes_are_holes_and_contour_direction_suits_each_format(built):
    ttf_areas = _contour_areas(TTFont(built.outputs["ttf"]), "口")
    otf_areas = _contour_areas(TTFont(built.outputs["otf"]), "口")
    assert len(ttf_areas) == 2 and len(otf_areas) == 2
    outer_ttf = max(ttf_areas, key=abs)
    outer_otf = max(otf_areas, key=abs)
    assert np.sign(ttf_areas[0]) != np.sign(ttf_areas[1])                 # the counter winds the other way
    assert outer_ttf < 0 < outer_otf   # AreaPen: clockwise negative (TrueType outer), CFF outer counter-clockwise


def test_ufo_source_reopens(built):
    import ufoLib2

    ufo = ufoLib2.Font.open(built.outputs["ufo"])
    assert ufo.info.familyName == "Demo Kai"
    assert ufo["uni53E3"].unicodes == [0x53E3] and len(ufo["uni53E3"].contours) == 2


def test_empty_glyphs_are_reported_and_skipped_not_written(tmp_path, glyphs_256):
    glyphs = dict(list(glyphs_256.items())[:3])
    glyphs[0x4E01] = np.full((256, 256), 255, np.uint8)
    result = export_font_sync(glyphs, tmp_path / "f.ttf", None, ExportRun(workers=1))
    assert any("U+4E01" in n and "empty" in n for n in result.notices)
    assert 0x4E01 not in TTFont(result.outputs["ttf"]).getBestCmap()
    with pytest.raises(ExportError, match="skipped"):
        export_font_sync({0x4E01: glyphs[0x4E01]}, tmp_path / "g.ttf", None, ExportRun(workers=1))
    assert not (tmp_path / "g.ttf").exists()


def test_an_all_cjk_family_name_gets_a_safe_ascii_postscript_name(tmp_path, glyphs_256):
    glyphs = dict(list(glyphs_256.items())[:2])
    result = export_font_sync(glyphs, tmp_path / "f.ttf", ExportConfig(family_name="我的楷体"), ExportRun(workers=1))
    ps = TTFont(result.outputs["ttf"])["name"].getDebugName(6)
    assert ps.isascii() and 0 < len(ps) <= 63 and all(c.isalnum() or c == "-" for c in ps)


@pytest.mark.parametrize("settings, run, words", [
    (ExportConfig(formats=["ttf", "eot"]), ExportRun(), "'eot'"),
    (ExportConfig(family_name=" "), ExportRun(), "family name is empty"),
    (ExportConfig(units_per_em=8), ExportRun(), "export.units_per_em"),
    (ExportConfig(localized_family={"zh-Hans": "楷"}), ExportRun(), "zh-Hans"),
    (ExportConfig(), ExportRun(fill_from="/nowhere/font.ttf"), "/nowhere/font.ttf"),
])
def test_bad_export_settings_are_refused_before_any_tracing(tmp_path, glyphs_256, settings, run, words):
    with pytest.raises(ExportError, match=words.replace(".", r"\.")):
        export_font_sync(dict(list(glyphs_256.items())[:1]), tmp_path / "f.ttf", settings, run)
    assert not list(tmp_path.iterdir())


def test_a_duplicate_code_point_in_a_glyph_folder_is_refused(tmp_path, glyphs_256):
    bitmap = next(iter(glyphs_256.values()))
    Image.fromarray(bitmap).save(tmp_path / "4E00.png")
    Image.fromarray(bitmap).save(tmp_path / "U+4E00.png")
    with pytest.raises(ExportError, match="twice"):
        load_glyph_dir(tmp_path)


def test_an_unwritable_output_path_fails_clearly_and_leaves_nothing(tmp_path, glyphs_256):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(ExportError, match="not-a-folder"):
        export_font_sync(dict(list(glyphs_256.items())[:2]), blocker / "f.ttf", None, ExportRun(workers=1))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_merge_mode_keeps_the_base_font_and_never_duplicates_code_points(tmp_path, glyphs_256):
    base = demo_font_paths()["microhei"]
    before = TTFont(base).getBestCmap()
    glyphs = dict(list(glyphs_256.items())[:4])
    result = export_font_sync(glyphs, tmp_path / "merged.ttf", None, ExportRun(merge_into=str(base), workers=1))
    merged = TTFont(result.outputs["ttf"])
    cmap = merged.getBestCmap()
    assert set(before) <= set(cmap)
    assert all(cmap[cp] == before[cp] for cp in before)        # the base font's glyphs win by default
    assert len(merged.getGlyphOrder()) == len(set(merged.getGlyphOrder()))
    assert TTFont(base).getBestCmap() == before                # the user's font file is untouched
    filled = {row["char"] for row in result.report.filled}
    assert filled == set("，。、；：？！「」『』（）《》…—")          # the base has ASCII: only CJK punctuation is added
    assert "microhei-demo.ttf" in result.report.companion       # ？（） follow the base font's own ASCII
    assert all(ord(c) in cmap for c in filled)


def test_export_from_a_folder_on_the_command_line(tmp_path, glyphs_256):
    folder = tmp_path / "pngs"
    folder.mkdir()
    for cp, bitmap in list(glyphs_256.items())[:5]:
        Image.fromarray(bitmap).save(folder / f"{cp:04X}.png")
    out = tmp_path / "cli.ttf"
    result = subprocess.run([sys.executable, "-m", "core.cli", "export", "--from-dir", str(folder), "--out", str(out),
                             "--family", "CLI Test", "--fill-from", str(demo_font_paths()["microhei"]), "--json"],
                            capture_output=True, text=True, timeout=300, env={**os.environ, "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["exported"] == 5 + len(REQUIRED) and Path(data["outputs"]["ttf"]).is_file()
    assert data["sources"]["the model"] == 5 and data["sources"]["companion font microhei-demo.ttf"] > 90
    assert oct(out.stat().st_mode & 0o044) == oct(0o044)       # readable by others: installable
    bad = subprocess.run([sys.executable, "-m", "core.cli", "export", "--from-dir", str(tmp_path / "nope"),
                          "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and len(bad.stderr.strip().splitlines()) == 1 and "nope" in bad.stderr


def _traced(glyphs_256, count=12):
    from core.vectorize import trace_bitmap

    return [trace_bitmap(bitmap) for bitmap in list(glyphs_256.values())[:count]]


def test_compiled_truetype_glyphs_are_the_bytes_fonttools_would_write(glyphs_256):
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib.tables._g_l_y_f import table__g_l_y_f

    from core.export.ttglyph import compile_outlines
    from core.vectorize import trace_bitmap

    outlines = _traced(glyphs_256) + [trace_bitmap(glyphs_256[ord("国")][::4, ::4], upm=2048)]   # 64 px, 2048 upm
    for outline, compiled in zip(outlines, compile_outlines(outlines, 1.0)):
        pen = TTGlyphPen(None)
        outline.draw(Cu2QuPen(pen, 1.0, reverse_direction=False))
        assert compiled.compile(table__g_l_y_f()) == pen.glyph().compile(table__g_l_y_f())


def test_glyph_bounds_match_fonttools_bounds_pen(glyphs_256):
    from fontTools.pens.boundsPen import BoundsPen

    from core.export.builder import _bounds

    for outline in _traced(glyphs_256):
        for moved in (outline, outline.translated(37)):
            pen = BoundsPen(None)
            moved.draw(pen, round_coordinates=True)
            assert _bounds(moved) == pen.bounds


def test_the_woff2_is_exactly_fonttools_woff2_of_the_ttf(built, tmp_path):
    ours = Path(built.outputs["woff2"]).read_bytes()
    with TTFont(built.outputs["ttf"], lazy=True, recalcTimestamp=False) as font:
        font.flavor = "woff2"
        font.save(tmp_path / "reference.woff2")
    assert ours == (tmp_path / "reference.woff2").read_bytes()
    woff2 = TTFont(built.outputs["woff2"])
    assert woff2.getBestCmap() == TTFont(built.outputs["ttf"]).getBestCmap()


def test_every_exported_glyph_is_compared_to_its_source(built, glyphs_256):
    assert built.report.glyphs_compared == len(glyphs_256) + len(REQUIRED)


def test_large_coordinates_compile_and_compress_exactly_like_fonttools(tmp_path):
    """Big em squares need every delta and WOFF2 triplet size; a decoded glyph still compiles the same."""
    from core.export import builder, ttglyph, webfont
    from core.vectorize import Contour, Outline

    upm = 16384
    outlines = []
    for step in (3, 70, 300, 900, 5000):       # deltas for 1-, 2-, 3- and 4-byte triplets, short and long glyf deltas
        box = [(0, 0), (0, step), (step, step + 7), (step * 2, 0)]
        curve = ((step / 3, -step / 2), (step, -step), (step * 2, -1))
        outlines.append(Outline([Contour(box[0], [(p,) for p in box[1:]] + [curve, ((0, 0),)])], upm))
    glyphs = [builder.PreparedGlyph(0x4E00 + i, o, upm, 0) for i, o in enumerate(outlines)]
    builder.add_tt_glyphs(glyphs, 1.0 * upm / 1000)
    font = builder.build_font(glyphs, ExportConfig(units_per_em=upm))
    font.save(tmp_path / "big.ttf")
    streams = ttglyph.woff2_glyf_streams(font)
    assert streams is not None                 # the precomputed path, not fontTools' fallback
    webfont.write_woff2(str(tmp_path / "big.ttf"), str(tmp_path / "ours.woff2"), streams)
    with TTFont(tmp_path / "big.ttf", lazy=True, recalcTimestamp=False) as reference:
        reference.flavor = "woff2"
        reference.save(tmp_path / "reference.woff2")
    assert (tmp_path / "ours.woff2").read_bytes() == (tmp_path / "reference.woff2").read_bytes()
    compiled = glyphs[-1].tt_glyph
    data = compiled.compile(None)
    assert len(compiled.coordinates) == compiled.getMaxpValues()[0]      # decoding on demand
    assert compiled.compile(None) == data
