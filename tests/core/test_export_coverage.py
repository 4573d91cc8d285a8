"""Exported fonts type a whole sentence: Latin, digits and CJK punctuation filled, metrics and names as
fontbakery expects, and a report that calls a font PASSED only when it is valid and readable."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from fontTools.ttLib import TTFont
from PIL import ImageFont

from core.config import ExportConfig
from core.export.coverage import CJK_PUNCTUATION, REQUIRED, fit_companion
from core.export.run import ExportRun
from core.export.specimen import missing_characters
from core.export.validate import GlyphQuality
from core.fonts import demo_font_paths, open_face
from core.render import render_glyphs
from tests.core.export_helpers import export_font_sync

SENTENCE = "天下大事，必作于细。Hi 2024"
SIZE = 64


def _hanzi_glyphs(text: str, font: str = "ukai") -> dict[int, np.ndarray]:
    """The text's hanzi from a demo font; one the font lacks gets a plain stroke (any ink will do)."""
    wanted = [ord(c) for c in dict.fromkeys(text) if "\u4e00" <= c <= "\u9fff"]
    rendered = render_glyphs(open_face(demo_font_paths()[font]), wanted, SIZE)
    glyphs = dict(zip(rendered.codepoints, rendered.bitmaps))
    for cp in rendered.missing:
        bitmap = np.full((SIZE, SIZE), 255, np.uint8)
        bitmap[28:34, 8:56] = 0
        bitmap[8:56, 29:35] = 0
        glyphs[cp] = bitmap
    return glyphs


@pytest.fixture(scope="module")
def sentence_font(tmp_path_factory):
    out = tmp_path_factory.mktemp("sentence") / "sentence.ttf"
    microhei = str(demo_font_paths()["microhei"])
    return export_font_sync(_hanzi_glyphs(SENTENCE), out, None, ExportRun(workers=1, fill_from=microhei,
                                                                          metrics_from=microhei))


def test_the_sentence_renders_without_a_single_notdef(sentence_font):
    path = sentence_font.outputs["ttf"]
    assert missing_characters(path, SENTENCE) == []
    pil = ImageFont.truetype(path, 48)
    def drawn(char: str) -> bytes:
        mask = pil.getmask(char)
        return bytes(mask) + bytes(str(mask.size), "ascii")
    notdef = drawn("\ue000")          # a private-use character: the font draws .notdef
    for char in SENTENCE.replace(" ", ""):
        assert drawn(char) != notdef, char


def test_the_report_says_where_each_character_came_from(sentence_font):
    report = sentence_font.report
    assert report.sources["the model"] == 8
    assert report.sources["companion font microhei-demo.ttf"] == 94       # printable ASCII
    filled = {row["char"]: row["source"] for row in report.filled}
    assert filled["H"].startswith("companion font") and filled["。"] == "built-in punctuation"
    assert filled["，"] == "built-in punctuation"                        # the companion's ',' moved into the em box
    assert set(CJK_PUNCTUATION) <= set(filled) and not report.missing_required
    assert "companion font microhei-demo.ttf" in report.to_text()


def test_latin_is_proportional_cjk_is_one_em_and_punctuation_is_full_width(sentence_font):
    font = TTFont(sentence_font.outputs["ttf"])
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    width = {c: hmtx[cmap[ord(c)]][0] for c in "天iWl0，。—…"}
    assert width["天"] == 1000 and all(width[c] == 1000 for c in "，。—…")
    assert width["i"] < width["0"] < width["W"] and width["l"] < 400
    panose = font["OS/2"].panose
    assert (panose.bFamilyType, panose.bProportion) != (2, 9) and font["post"].isFixedPitch == 0


def test_vertical_metrics_come_from_the_source_font_as_fontbakery_wants(sentence_font):
    font = TTFont(sentence_font.outputs["ttf"])
    os2, hhea = font["OS/2"], font["hhea"]
    source = TTFont(demo_font_paths()["microhei"])["OS/2"]
    k = 1000 / 2048
    gap = source.sTypoLineGap * k
    assert os2.sTypoAscender == round(source.sTypoAscender * k + gap / 2)
    assert os2.sTypoDescender == round(source.sTypoDescender * k - gap / 2)
    assert os2.sTypoLineGap == 0 and hhea.lineGap == 0
    assert (hhea.ascent, hhea.descent) == (os2.sTypoAscender, os2.sTypoDescender)
    assert os2.usWinAscent >= font["head"].yMax and os2.usWinDescent >= -font["head"].yMin
    assert not [r for r in font["name"].names if r.platformID == 1]             # no Mac name records
    assert 0xA0 in font.getBestCmap() and "prep" in font


def test_a_font_of_full_width_glyphs_alone_says_monospaced_in_panose(tmp_path):
    glyphs = _hanzi_glyphs("天下大事")
    result = export_font_sync(glyphs, tmp_path / "mono.ttf", ExportConfig(fill_required=False), ExportRun(workers=1))
    font = TTFont(result.outputs["ttf"])
    assert (font["OS/2"].panose.bFamilyType, font["OS/2"].panose.bProportion) == (2, 9)
    assert set(font.getBestCmap()) == set(glyphs) | {0x20, 0xA0, 0x3000}


def test_companion_glyphs_follow_the_weight_and_size_of_the_cjk_glyphs():
    microhei = str(demo_font_paths()["microhei"])
    plain = _hanzi_glyphs("的一国在人了有中是年和大业不为发会工经上", font="microhei")
    same = fit_companion(plain, microhei, 0, 1000)
    assert abs(same.scale - 1) < 0.02 and abs(same.stroke_delta) < 5
    bolder = {cp: cv2.erode(b, np.ones((3, 3), np.uint8)) for cp, b in plain.items()}   # ink grows
    heavy = fit_companion(bolder, microhei, 0, 1000)
    assert heavy.stroke_delta > 15


def test_validation_passes_only_a_valid_readable_scored_font(tmp_path):
    glyphs = _hanzi_glyphs("天下大事必作于")
    inputs = None, ExportRun(workers=1, fill_from=str(demo_font_paths()["microhei"]))   # default settings
    unscored = export_font_sync(glyphs, tmp_path / "a.ttf", *inputs).report
    assert unscored.verdict == "VALID (legibility not scored)" and not unscored.passed
    assert "legibility: not scored" in unscored.to_text()
    good = GlyphQuality(scores={cp: 0.9 for cp in glyphs}, threshold=0.5)
    scored = export_font_sync(glyphs, tmp_path / "b.ttf", *inputs, quality=good)
    assert scored.report.passed and scored.report.to_text().startswith("Validation of zi2zi Studio Demo: PASSED")
    poor = GlyphQuality(scores={**{cp: 0.9 for cp in glyphs}, ord("天"): 0.1, ord("下"): 0.2}, threshold=0.5)
    flagged = export_font_sync(glyphs, tmp_path / "c.ttf", *inputs, quality=poor).report
    assert flagged.verdict == "VALID BUT NOT READABLE" and not flagged.passed
    assert [row["char"] for row in flagged.suspect] == ["天", "下"]
    assert "2 of 7 scored glyphs flagged as suspect" in flagged.to_text()
    assert flagged.specimen.endswith(".specimen.png") and (tmp_path / "c.ttf.specimen.png").stat().st_size > 1000


def test_every_required_character_is_in_the_list_the_issue_names():
    assert {ord(c) for c in "，。、；：？！「」『』（）《》…—"} <= set(REQUIRED)
    assert {ord(c) for c in "Hi2024AZaz09!~"} <= set(REQUIRED)


def test_project_legibility_and_held_out_figures_reach_the_report(tmp_path):
    import json

    from core.export.project_glyphs import glyph_quality
    from core.recipes.demo import demo_project

    project = demo_project(tmp_path / "demo", image_size=32)
    folder = project.glyphs_dir / "generated" / project.styles[0].name
    folder.mkdir(parents=True)
    (folder / "legibility.json").write_text(json.dumps({"5929": 0.97, "4E0B": 0.2}))   # core.quality.legibility's form
    (project.root / "evaluation.json").write_text(json.dumps(
        {"overall": [{"name": "model", "content_accuracy": 0.55, "style_accuracy": 0.7}]}))
    quality = glyph_quality(project, 0)
    assert quality.scores == {0x5929: 0.97, 0x4E0B: 0.2} and quality.suspects(quality.scores) == [0x4E0B]
    glyphs = _hanzi_glyphs("天下")
    report = export_font_sync(glyphs, tmp_path / "q.ttf", None, ExportRun(workers=1), quality=quality).report
    assert report.held_out["content_accuracy"] == 0.55 and report.verdict == "VALID BUT NOT READABLE"
    assert any("55% of unseen characters" in p for p in report.readability_problems())


def test_built_in_punctuation_draws_every_shape_inside_the_em_box():
    from core.export import builtin_punctuation
    from core.export.outline_ops import area

    for char in builtin_punctuation._SHAPES:
        outline, advance = builtin_punctuation.draw(ord(char), 1000, 70)
        x0, y0, x1, y1 = outline.bounds()
        assert advance == 1000 and area(outline) < 0, char          # ink, clockwise
        assert 0 <= x0 and x1 <= 1000 and -120 <= y0 and y1 <= 880, char
    opening, closing = (builtin_punctuation.draw(ord(c), 1000, 70)[0] for c in "（）")
    assert abs(area(opening) - area(closing)) < 1


def test_companion_glyphs_are_emboldened_by_the_fit():
    from core.export.coverage import CompanionFit, CompanionFont
    from core.export.outline_ops import area

    microhei = str(demo_font_paths()["microhei"])
    plain = CompanionFont(microhei, 0, 1000, CompanionFit()).glyph(ord("l"))
    bold = CompanionFont(microhei, 0, 1000, CompanionFit(stroke_delta=30.0)).glyph(ord("l"))
    (x0, y0, x1, y1) = plain[0].bounds()
    stem = abs(area(plain[0])) / (y1 - y0)
    assert abs(abs(area(bold[0])) / (y1 - y0) - stem - 30) < 8      # the stem is 30 units wider
    assert bold[1] == plain[1] + 30                                   # and so is the advance


def test_adjacent_punctuation_gives_up_its_empty_half_with_chws(sentence_font):
    from PIL import features

    if not features.check("raqm"):
        pytest.skip("Pillow was built without raqm (no OpenType layout)")
    pil = ImageFont.truetype(sentence_font.outputs["ttf"], 100, layout_engine=ImageFont.Layout.RAQM)
    assert pil.getlength("。」") == pytest.approx(200, abs=1)                       # plain: two full ems
    assert pil.getlength("。」", features=["chws"]) == pytest.approx(150, abs=1)    # 。 gives up its right half
    assert pil.getlength("「『", features=["chws"]) == pytest.approx(150, abs=1)    # 『 gives up its left half
    assert pil.getlength("天。", features=["chws"]) == pytest.approx(200, abs=1)    # alone: untouched
    assert pil.getlength("，。「", features=["halt"]) == pytest.approx(150, abs=1)  # halt: every mark half


def test_a_much_lighter_style_thins_the_companion_without_breaking_its_letters():
    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont

    from core.export.coverage import CompanionFont

    microhei = str(demo_font_paths()["microhei"])
    plain = _hanzi_glyphs("的一国在人了有中是年和大业不为发会工经上", font="microhei")
    hairline = {cp: cv2.dilate(b, np.ones((5, 5), np.uint8)) for cp, b in plain.items()}   # ink shrinks a lot
    fit = fit_companion(hairline, microhei, 0, 1000)
    assert fit.stroke_delta < -10
    source = TTFont(microhei)
    glyph_set, cmap = source.getGlyphSet(), source.getBestCmap()
    font = CompanionFont(microhei, 0, 1000, fit)
    for char in "ABgrW%&@8":
        pen = RecordingPen()
        glyph_set[cmap[ord(char)]].draw(pen)
        contours = sum(op == "closePath" for op, _ in pen.value)
        assert len(font.glyph(ord(char))[0].contours) == contours, char


def test_filled_latin_keeps_the_companion_kerning(tmp_path):
    from fontTools.feaLib.builder import addOpenTypeFeaturesFromString
    from PIL import features

    if not features.check("raqm"):
        pytest.skip("Pillow was built without raqm (no OpenType layout)")
    companion = TTFont(demo_font_paths()["microhei"])
    cmap = companion.getBestCmap()
    names = {c: cmap[ord(c)] for c in "AVTaoy"}
    addOpenTypeFeaturesFromString(companion, f"""
        languagesystem DFLT dflt; languagesystem latn dflt;
        @LEFT = [{names["T"]} {names["y"]}]; @RIGHT = [{names["a"]} {names["o"]}];
        feature kern {{ pos {names["A"]} {names["V"]} -200; pos @LEFT @RIGHT -100; }} kern;""")
    path = tmp_path / "kerned.ttf"
    companion.save(path)
    result = export_font_sync(_hanzi_glyphs("天下"), tmp_path / "k.ttf", None,
                              ExportRun(workers=1, fill_from=str(path)))
    pil = ImageFont.truetype(result.outputs["ttf"], 100, layout_engine=ImageFont.Layout.RAQM)
    scale = 1000 / 2048 * float(result.report.companion.split("scaled ")[1].split("x")[0])

    def tightened(text: str) -> float:
        return pil.getlength(text, features=["-kern"]) - pil.getlength(text)
    assert tightened("AV") == pytest.approx(200 * scale / 10, abs=1.5)       # a glyph pair (PairPos format 1)
    assert tightened("To") == pytest.approx(100 * scale / 10, abs=1.5)       # a class pair (format 2)
    assert tightened("VA") == 0 and tightened("天A") == 0


def test_the_command_line_names_the_fill_and_metrics_fonts():
    import argparse

    from core.commands import export as command

    parser = command.add_parser(argparse.ArgumentParser().add_subparsers())
    microhei = str(demo_font_paths()["microhei"])
    args = parser.parse_args(["p", "--fill-from", microhei, "--metrics-from", microhei])
    run, settings = command._run(ExportRun(), args), command._settings(ExportConfig(), args)
    assert (run.fill_from, run.metrics_from, settings.fill_required) == (microhei, microhei, True)
    off = command._settings(ExportConfig(), parser.parse_args(["p", "--no-fill"]))
    assert off.fill_required is False


def test_command_line_flags_set_the_export_settings_by_name():
    import argparse

    from core.commands import export as command

    parser = command.add_parser(argparse.ArgumentParser().add_subparsers())
    project = ExportConfig(family_name="Kept", designer="Ada", formats=["otf"])
    args = parser.parse_args(["p", "--family", "Mine", "--style", "Bold", "--license", "OFL", "--format", "ttf",
                              "--format", "woff2", "--format", "ttf", "--keep-edge-glyphs", "--replace-existing",
                              "--localized-family", "zh=我的", "--style-name", "hand"])
    settings = command._settings(project, args)
    assert (settings.family_name, settings.style_name, settings.license) == ("Mine", "Bold", "OFL")
    assert settings.formats == ["ttf", "woff2"] and settings.edge_policy == "keep" and settings.replace_existing
    assert settings.designer == "Ada" and settings.localized_family == {"zh": "我的"}   # unset flags keep the project's
    assert args.project_style == "hand"
    untouched = command._settings(ExportConfig(), parser.parse_args(["p"]))
    assert untouched == ExportConfig()
