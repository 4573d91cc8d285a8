"""The glyph edit model: outline and bitmap edits, undo per drag and per glyph, project files, export, regenerating."""

from __future__ import annotations

import json

import numpy as np
import pytest

from core.atomic_io import write_json_atomic, write_png_atomic
from core.editing import CURVE, LINE, OFF, OUTLINE, EditContour, EditPoint, EditSession, bitmap_ops, outline_ops
from core.editing.store import edit_paths, load_edit, read_png
from core.project.glyphs import designer_targets, training_replaces
from core.project.layout import generated_dir, glyph_path
from core.render import render_glyph
from tests.core.training_fixtures import tiny_project

SIZE = 64


def _iou(a: np.ndarray, b: np.ndarray) -> float:
    ink_a, ink_b = a < 128, b < 128
    return float((ink_a & ink_b).sum() / max(1, (ink_a | ink_b).sum()))


@pytest.fixture
def project(tmp_path):
    """A 64 px demo project whose "generated" glyphs are the style font's own renderings."""
    project = tiny_project(tmp_path / "p", image_size=SIZE)
    folder = generated_dir(project.root, project.styles[0].name)
    for cp in project.charset()[:4]:
        write_png_atomic(glyph_path(folder, cp), render_glyph(project.style_face(0), cp, SIZE))
    return project


def _square(x0=100, y0=100, x1=500, y1=600) -> EditContour:
    return EditContour(tuple(EditPoint(x, y, LINE) for x, y in ((x0, y0), (x0, y1), (x1, y1), (x1, y0))))


def test_a_generated_glyph_opens_traced_and_its_outline_draws_the_same_shape(project):
    session = EditSession(project)
    cp = project.charset()[0]
    state = session.history(cp).state
    assert not state.edited and state.contours and state.advance == project.config.export.units_per_em
    assert all(isinstance(p.x, int) and isinstance(p.y, int) for c in state.contours for p in c.points)
    raster = bitmap_ops.rasterize(state.contours, SIZE, state.upm, state.bitmap_shift)
    assert _iou(raster, state.bitmap) > 0.85


def test_a_drag_is_one_undo_step_and_undo_restores_the_point(project):
    history = EditSession(project).history(project.charset()[0])
    start = history.begin()
    for dx in (3.4, 10.2, 25.7):   # mouse moves: each recomputed from the drag's start, snapped to units
        history.update(start.changed(contours=outline_ops.move_points(start.contours, {(0, 0)}, dx, -dx),
                                     source=OUTLINE))
    assert history.commit("Move")
    moved = history.state.contours[0].points[0]
    original = start.contours[0].points[0]
    assert (moved.x, moved.y) == (original.x + 26, original.y - 26)
    assert history.undo()
    assert history.state.contours[0].points[0] == original and not history.undo()
    assert history.redo() and history.state.contours[0].points[0] == moved


def test_undo_survives_switching_to_another_glyph(project):
    session = EditSession(project)
    first, second = project.charset()[:2]
    h1 = session.history(first)
    h1.apply(h1.state.changed(advance=900, source=OUTLINE), "Advance")
    h2 = session.history(second)
    h2.apply(h2.state.changed(advance=800, source=OUTLINE), "Advance")
    assert session.history(first).undo()
    assert session.history(first).state.advance == 1000 and session.history(second).state.advance == 800


def test_an_edit_persists_on_disk_as_readable_json_and_reopens(project):
    cp = project.charset()[1]
    history = EditSession(project).history(cp)
    contours = outline_ops.move_points(history.state.contours, {(0, 1)}, 40, 0)
    history.apply(history.state.changed(contours=contours, source=OUTLINE, advance=950), "Move")
    json_path, png_path = edit_paths(project, project.styles[0].name, cp)
    text = json_path.read_text(encoding="utf-8")
    assert chr(cp) in text and '"source": "outline"' in text and png_path.is_file()
    assert json.loads(text)["advance"] == 950
    reopened = EditSession(type(project).open(project.root)).history(cp).state
    assert reopened.edited and reopened.contours == contours and reopened.advance == 950


def test_revert_to_generated_removes_the_edit_and_can_be_undone(project):
    cp = project.charset()[2]
    session = EditSession(project)
    history = session.history(cp)
    history.apply(history.state.changed(bitmap=bitmap_ops.brush(history.state.bitmap, [(5, 5), (20, 5)], 3)),
                  "Brush")
    json_path, png_path = edit_paths(project, project.styles[0].name, cp)
    assert json_path.exists() and session.is_edited(cp)
    assert session.revert(cp)
    assert not json_path.exists() and not png_path.exists() and not session.is_edited(cp)
    assert history.undo() and json_path.exists()


def test_the_brush_paints_ink_and_the_eraser_paper():
    paper = np.full((SIZE, SIZE), 255, np.uint8)
    inked = bitmap_ops.brush(paper, [(10, 10), (50, 10)], radius=3)
    assert (inked[10, 12:48] < 64).all() and (inked[40] == 255).all()
    erased = bitmap_ops.brush(inked, [(30, 10)], radius=4, ink=False)
    assert erased[10, 30] == 255 and erased[10, 12] < 64


def test_thicken_thin_smooth_and_clear_specks(project):
    glyph = render_glyph(project.style_face(0), project.charset()[0], SIZE)
    ink = int((glyph < 128).sum())
    assert (bitmap_ops.thicken(glyph) < 128).sum() > ink > (bitmap_ops.thin(glyph) < 128).sum()
    assert _iou(bitmap_ops.smooth(glyph), glyph) > 0.8
    specked = glyph.copy()
    specked[1:3, 1:3] = 0          # two 2x2 specks in the corners
    specked[60:62, 60:62] = 0
    cleaned, removed = bitmap_ops.clear_specks(specked)
    assert removed == 2 and (cleaned[1:3, 1:3] == 255).all() and _iou(cleaned, glyph) > 0.99


def test_retracing_a_painted_bitmap_gives_an_outline_of_it():
    paper = np.full((SIZE, SIZE), 255, np.uint8)
    painted = bitmap_ops.brush(paper, [(12, 32), (52, 32)], radius=4)
    contours = bitmap_ops.trace(painted, 1000)
    assert len(contours) == 1
    xs = [p.x for p in contours[0].points if p.on_curve]
    assert min(xs) < 200 and max(xs) > 800   # the bar spans x 12..52 px of 64 = 190..810 units
    assert _iou(bitmap_ops.rasterize(contours, SIZE, 1000), painted) > 0.9


def test_deleting_an_on_curve_point_between_curves_keeps_one_curve():
    contour = EditContour((EditPoint(0, 0, LINE), EditPoint(100, 100, OFF), EditPoint(200, 100, OFF),
                           EditPoint(300, 0, CURVE), EditPoint(400, -100, OFF), EditPoint(500, -100, OFF),
                           EditPoint(600, 0, CURVE), EditPoint(300, -300, LINE)))
    (result,) = outline_ops.delete_points((contour,), {(0, 3)})
    assert [p.kind for p in result.points] == [LINE, OFF, OFF, CURVE, LINE]
    assert (result.points[1].x, result.points[2].x) == (100, 500)


def test_deleting_a_handle_makes_its_segment_a_line_and_a_tiny_contour_goes():
    contour = EditContour((EditPoint(0, 0, LINE), EditPoint(100, 100, OFF), EditPoint(200, 100, OFF),
                           EditPoint(300, 0, CURVE), EditPoint(150, -200, LINE)))
    (result,) = outline_ops.delete_points((contour,), {(0, 1)})
    assert [p.kind for p in result.points] == [LINE, LINE, LINE]
    assert outline_ops.delete_points((_square(),), {(0, 0), (0, 1), (0, 2)}) == ()


def test_adding_a_point_on_a_segment_keeps_the_shape():
    curve = EditContour((EditPoint(100, 100, LINE), EditPoint(100, 700, OFF), EditPoint(700, 700, OFF),
                         EditPoint(700, 100, CURVE)))
    for contours in ((_square(),), (curve,)):
        hit = outline_ops.nearest_segment(contours, 300, 600 if contours[0] is not curve else 550, 60)
        assert hit is not None
        split, ref = outline_ops.insert_point(contours, *hit)
        assert split[0].points[ref[1]].on_curve
        assert sum(p.on_curve for p in split[0].points) == sum(p.on_curve for p in contours[0].points) + 1
        before = bitmap_ops.rasterize(contours, 128, 1000)
        assert _iou(bitmap_ops.rasterize(split, 128, 1000), before) > 0.98


def test_reversing_a_contour_flips_its_direction_and_twice_is_the_original():
    from core.editing.model import contours_to_outline
    curve = EditContour((EditPoint(100, 100, LINE), EditPoint(100, 700, OFF), EditPoint(700, 700, OFF),
                         EditPoint(700, 100, CURVE), EditPoint(400, 0, LINE)))
    once = outline_ops.reverse_contour((curve,), 0)
    area = lambda cs: contours_to_outline(cs, 1000).contours[0].signed_area()  # noqa: E731
    assert area(once) == pytest.approx(-area((curve,)))
    assert _iou(bitmap_ops.rasterize(once, 64, 1000), bitmap_ops.rasterize((curve,), 64, 1000)) > 0.99
    twice = outline_ops.reverse_contour(once, 0)
    assert set(twice[0].points) == set(curve.points)


def test_the_pen_builds_and_closes_a_contour():
    contours, index = outline_ops.pen_add((), None, 100.4, 100)
    contours, index = outline_ops.pen_add(contours, index, 100, 600)
    contours, index = outline_ops.pen_add(contours, index, 500, 600, handle=(600, 600))
    assert not contours[0].closed and [p.kind for p in contours[0].points] == [LINE, LINE, OFF, OFF, CURVE]
    closed = outline_ops.pen_close(contours, index)
    assert closed[0].closed and closed[0].points[0] == EditPoint(100, 100, LINE)
    assert (bitmap_ops.rasterize(closed, 64, 1000) < 128).sum() > 100


def test_moving_the_left_bearing_widens_the_advance(project):
    state = EditSession(project).history(project.charset()[0]).state
    bounds = outline_ops.ink_bounds(state.contours)
    moved = outline_ops.move_left_bearing(state, 30)
    assert outline_ops.ink_bounds(moved.contours)[0] == bounds[0] + 30
    assert moved.advance == state.advance + 30 and moved.bitmap_shift == state.bitmap_shift + 30


def test_an_edited_outline_is_exported_as_drawn(project, tmp_path):
    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont

    from core.export.project_glyphs import project_glyphs
    from core.export.run import ExportRun
    from tests.core.export_helpers import export_font_sync

    cp = project.charset()[0]
    history = EditSession(project).history(cp)
    square = _square(120, -40, 880, 760)
    history.apply(history.state.changed(contours=(square,), advance=1000, source=OUTLINE), "Draw")
    glyphs, counts = project_glyphs(project, 0)
    assert counts["edited"] == 1 and counts["generated"] == 3
    result = export_font_sync(glyphs, tmp_path / "out.ttf", None, ExportRun(workers=1))
    font = TTFont(result.outputs["ttf"])
    name = font.getBestCmap()[cp]
    pen = RecordingPen()
    font.getGlyphSet()[name].draw(pen)
    drawn = {tuple(args[0]) for op, args in pen.value if op in ("moveTo", "lineTo")}
    assert drawn == {(p.x, p.y) for p in square.points}
    assert font["hmtx"][name][0] == 1000 and result.report.mean_iou > 0.9


def test_regenerating_keeps_edited_glyphs_unless_told_to_replace_them(project):
    from core.control import JobControl
    from core.generation import generate_to_project
    from core.reports import FinishedReport, NoticeReport
    from core.training.loop import train

    project.config.train.steps = 2
    assert isinstance(list(train(project, control=JobControl()))[-1], FinishedReport)
    cps = project.charset()[:3]
    history = EditSession(project).history(cps[0])
    history.apply(history.state.changed(contours=(_square(),), source=OUTLINE), "Draw")
    json_path, _ = edit_paths(project, project.styles[0].name, cps[0])
    generated = project.glyphs_dir / "generated" / project.styles[0].name / f"{cps[0]:04X}.png"
    before = generated.read_bytes()

    reports = list(generate_to_project(project, cps, 0, device="cpu"))
    assert any(isinstance(r, NoticeReport) and "kept as you edited" in r.message for r in reports)
    assert reports[-1].outputs["count"] == "2" and json_path.exists() and generated.read_bytes() == before

    reports = list(generate_to_project(project, cps, 0, device="cpu", overwrite_edited=True))
    assert reports[-1].outputs["count"] == "3" and not json_path.exists()


def test_edits_and_accepted_glyphs_become_training_targets(project):
    cps = project.charset()[:3]
    history = EditSession(project).history(cps[0])
    history.apply(history.state.changed(contours=(_square(),), source=OUTLINE), "Draw")
    style = project.styles[0].name
    write_json_atomic(project.root / "review.json", {"version": 1, "styles": {style: {"accepted": [f"{cps[1]:04X}"]}}})
    targets = designer_targets(project, 0)
    assert set(targets) == {cps[0], cps[1]}
    assert training_replaces(targets[cps[0]]) and not training_replaces(targets[cps[1]])  # accepted only fills
    assert _iou(read_png(targets[cps[0]].path), bitmap_ops.rasterize((_square(),), SIZE, 1000)) > 0.99


def test_a_damaged_edit_file_is_reported_readably(project):
    cp = project.charset()[0]
    json_path, _ = edit_paths(project, project.styles[0].name, cp)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text("{not json", encoding="utf-8")
    from core.errors import ProjectError
    with pytest.raises(ProjectError, match="damaged"):
        load_edit(project, project.styles[0].name, cp)


def test_an_edited_outline_is_scaled_into_a_font_with_another_units_per_em(project, tmp_path):
    from fontTools.ttLib import TTFont

    from core.config import ExportConfig
    from core.export.project_glyphs import project_glyphs
    from core.export.run import ExportRun
    from tests.core.export_helpers import export_font_sync

    cp = project.charset()[0]
    history = EditSession(project).history(cp)
    history.apply(history.state.changed(contours=(_square(100, 0, 500, 500),), advance=600, source=OUTLINE), "Draw")
    glyphs, _ = project_glyphs(project, 0)
    result = export_font_sync({cp: glyphs[cp]}, tmp_path / "big.ttf", ExportConfig(units_per_em=2048),
                              ExportRun(workers=1))
    font = TTFont(result.outputs["ttf"])
    glyph = font["glyf"][font.getBestCmap()[cp]]
    assert (glyph.xMin, glyph.yMin, glyph.xMax, glyph.yMax) == (205, 0, 1024, 1024)
    assert font["hmtx"][font.getBestCmap()[cp]][0] == round(600 * 2.048)
