"""The glyph editor driven with real mouse and key events: drag and undo, brush and re-trace, persistence, export."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from app.editor import GlyphEditor
from core.atomic_io import write_png_atomic
from core.editing import EditSession
from core.editing.store import edit_paths
from core.render import render_glyph
from tests.app.app_test_projects import make_project

SIZE = 64


@pytest.fixture
def project(tmp_path):
    project = make_project(tmp_path / "p", image_size=SIZE)
    folder = project.glyphs_dir / "generated" / project.styles[0].name
    for cp in project.charset()[:3]:
        write_png_atomic(folder / f"{cp:04X}.png", render_glyph(project.style_face(0), cp, SIZE))
    return project


def _editor(qtbot, project, session=None) -> GlyphEditor:
    editor = GlyphEditor(project, 0, project.charset()[:3], 0, session=session)
    qtbot.addWidget(editor)
    editor.resize(900, 800)
    editor.show()
    qtbot.waitExposed(editor)
    editor.windowHandle().requestActivate()   # window shortcuts (V, P, B, Ctrl+Z...) need the active window
    qtbot.waitUntil(editor.isActiveWindow)
    editor.canvas.setFocus()
    editor.canvas.fit()
    return editor


def _at(canvas, x: float, y: float) -> QPoint:
    return canvas.to_widget(x, y).toPoint()


def _drag(qtbot, canvas, start: QPoint, end: QPoint, steps: int = 5) -> None:
    qtbot.mousePress(canvas, Qt.MouseButton.LeftButton, pos=start)
    for k in range(1, steps + 1):
        qtbot.mouseMove(canvas, start + (end - start) * k / steps)
    qtbot.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=end)


def test_dragging_a_point_moves_it_and_one_undo_restores_it(qtbot, project):
    editor = _editor(qtbot, project)
    canvas = editor.canvas
    point = canvas.state.contours[0].points[0]
    _drag(qtbot, canvas, _at(canvas, point.x, point.y), _at(canvas, point.x, point.y) + QPoint(40, -30))
    moved = canvas.state.contours[0].points[0]
    assert moved.x - point.x == pytest.approx(40 / canvas.scale, abs=2)
    assert moved.y - point.y == pytest.approx(30 / canvas.scale, abs=2)
    assert isinstance(moved.x, int) and canvas.state.edited
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.state.contours[0].points[0] == point
    assert canvas.history.undo_label() is None          # the whole drag was one step


def test_painting_with_the_brush_changes_the_bitmap_and_retracing_makes_an_outline(qtbot, project):
    editor = _editor(qtbot, project)
    canvas = editor.canvas
    qtbot.keyClick(canvas, Qt.Key.Key_B)
    assert canvas.bitmap_mode and editor.canvas.tool is editor.tools["brush"]
    qtbot.keyClick(canvas, Qt.Key.Key_BracketRight)    # a bigger brush: radius 3 px
    before = canvas.state.bitmap.copy()
    y = -90   # below the baseline, where a CJK glyph has no ink
    _drag(qtbot, canvas, _at(canvas, 150, y), _at(canvas, 850, y), steps=8)
    after = canvas.state.bitmap
    row = round((0.88 * 1000 - y) * SIZE / 1000)
    assert (after[row, 15:50] < 100).all() and (before[row, 15:50] > 200).all()
    assert canvas.history.undo_label() is not None
    qtbot.keyClick(canvas, Qt.Key.Key_T)               # re-trace
    assert not canvas.bitmap_mode and canvas.state.source == "outline"
    bar = [c for c in canvas.state.contours if all(p.y < 0 for p in c.points)]
    assert len(bar) == 1
    xs = [p.x for p in bar[0].points]
    assert min(xs) < 200 and max(xs) > 800


def test_an_edit_persists_after_reopening_the_project(qtbot, project):
    editor = _editor(qtbot, project)
    canvas = editor.canvas
    point = canvas.state.contours[0].points[0]
    _drag(qtbot, canvas, _at(canvas, point.x, point.y), _at(canvas, point.x, point.y) + QPoint(25, 0))
    edited = canvas.state
    editor.close()
    from core.project import Project
    reopened = Project.open(project.root)
    again = _editor(qtbot, reopened, EditSession(reopened, 0))
    assert again.canvas.state.contours == edited.contours and again.canvas.state.edited
    assert "edited" in again.heading.text()


def test_undo_survives_going_to_the_next_glyph_and_back(qtbot, project):
    editor = _editor(qtbot, project)
    canvas = editor.canvas
    point = canvas.state.contours[0].points[0]
    _drag(qtbot, canvas, _at(canvas, point.x, point.y), _at(canvas, point.x, point.y) + QPoint(0, 30))
    first = canvas.state.codepoint
    qtbot.keyClick(canvas, Qt.Key.Key_PageDown)
    assert canvas.state.codepoint != first
    qtbot.keyClick(canvas, Qt.Key.Key_PageUp)
    assert canvas.state.codepoint == first
    qtbot.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.state.contours[0].points[0] == point
    assert not edit_paths(project, project.styles[0].name, first)[0].exists()   # back to the generated glyph


def test_revert_to_generated_brings_the_generated_glyph_back(qtbot, project):
    editor = _editor(qtbot, project)
    canvas = editor.canvas
    original = canvas.state.contours
    qtbot.keyClick(canvas, Qt.Key.Key_E)
    _drag(qtbot, canvas, _at(canvas, 0, 300), _at(canvas, 1000, 300))
    assert canvas.state.edited
    editor.actions["revert"].trigger()
    assert not canvas.state.edited and canvas.state.contours == original


def test_the_pen_draws_a_contour_that_reaches_the_exported_font(qtbot, project, tmp_path):
    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont

    from core.export.project_glyphs import project_glyphs
    from core.export.run import ExportRun
    from tests.core.export_helpers import export_font_sync

    editor = _editor(qtbot, project)
    canvas = editor.canvas
    qtbot.keyClick(canvas, Qt.Key.Key_P)
    corners = [(100, -100), (100, -30), (600, -30), (600, -100)]
    for x, y in corners + corners[:1]:                 # the last click, on the first point, closes it
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, x, y))
    drawn = canvas.state.contours[-1]
    assert drawn.closed and len(drawn.points) == 4
    cp = canvas.state.codepoint

    glyphs, counts = project_glyphs(project, 0)
    assert counts.get("edited") == 1
    result = export_font_sync(glyphs, tmp_path / "edited.ttf", None, ExportRun(workers=1))
    font = TTFont(result.outputs["ttf"])
    pen = RecordingPen()
    font.getGlyphSet()[font.getBestCmap()[cp]].draw(pen)
    contours, current = [], []
    for op, args in pen.value:
        if op == "moveTo":
            current = [args[0]]
        elif op == "lineTo":
            current.append(args[0])
        elif op in ("closePath", "endPath"):
            contours.append(set(map(tuple, current)))
    assert {(p.x, p.y) for p in drawn.points} in contours
    assert len(contours) >= len(canvas.state.contours)


def test_zoom_keeps_the_point_under_the_cursor_and_the_middle_button_pans(qtbot, project):
    editor = _editor(qtbot, project)
    canvas = editor.canvas
    anchor = QPointF(300, 250)
    under = canvas.to_glyph(anchor)
    scale = canvas.scale
    wheel = QWheelEvent(anchor, canvas.mapToGlobal(anchor), QPoint(), QPoint(0, 240), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(canvas, wheel)
    assert canvas.scale > scale * 1.3
    assert canvas.to_glyph(anchor).x() == pytest.approx(under.x(), abs=0.01)
    assert canvas.to_glyph(anchor).y() == pytest.approx(under.y(), abs=0.01)
    offset = QPointF(canvas.offset)
    qtbot.mousePress(canvas, Qt.MouseButton.MiddleButton, pos=QPoint(200, 200))
    qtbot.mouseMove(canvas, QPoint(260, 170))
    qtbot.mouseRelease(canvas, Qt.MouseButton.MiddleButton, pos=QPoint(260, 170))
    assert canvas.offset - offset == QPointF(60, -30)
    qtbot.keyClick(canvas, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert canvas.scale == pytest.approx(scale)


def test_double_click_on_a_segment_adds_a_point_and_delete_removes_it(qtbot, project):
    editor = _editor(qtbot, project)
    canvas = editor.canvas
    qtbot.keyClick(canvas, Qt.Key.Key_P)
    for x, y in [(100, -100), (100, -30), (600, -30), (600, -100), (100, -100)]:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, x, y))
    qtbot.keyClick(canvas, Qt.Key.Key_V)
    count = canvas.state.point_count()
    qtbot.mouseDClick(canvas, Qt.MouseButton.LeftButton, pos=_at(canvas, 350, -30))
    assert canvas.state.point_count() == count + 1
    (ref,) = canvas.selection
    points = canvas.state.contours[ref[0]].points
    new, before, after = points[ref[1]], points[ref[1] - 1], points[(ref[1] + 1) % len(points)]
    assert min(before.x, after.x) < new.x < max(before.x, after.x)   # on the top edge, between its corners
    assert abs(new.y - before.y) <= 1 and abs(new.y - after.y) <= 1
    qtbot.keyClick(canvas, Qt.Key.Key_Delete)
    assert canvas.state.point_count() == count


def test_the_detail_dialog_and_the_preview_open_the_editor(qtbot, project):
    from app.preview import PreviewPanel

    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    editor = panel.edit_selected()
    qtbot.addWidget(editor)
    assert isinstance(editor, GlyphEditor) and editor.codepoint() == project.charset()[0]
    point = editor.canvas.state.contours[0].points[0]
    editor.canvas.history.apply(editor.canvas.state.changed(advance=900, source="outline"), "Advance")
    assert np.array_equal(panel.model.codepoints(), project.charset())
    assert edit_paths(project, project.styles[0].name, project.charset()[0])[1].exists()
    assert point == editor.canvas.state.contours[0].points[0]


@pytest.mark.parametrize("answer, expected", [("Keep my edits", False), ("Replace my edits", True), ("Cancel", None)])
def test_regenerating_edited_glyphs_asks_first(qtbot, project, monkeypatch, answer, expected):
    from PySide6.QtWidgets import QMessageBox

    from app.preview import PreviewPanel

    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    cps = project.charset()[:3]
    assert panel._ask_overwrite_edited(cps, [0]) is False          # nothing edited: no question
    history = EditSession(project, 0).history(cps[1])
    history.apply(history.state.changed(advance=800, source="outline"), "Advance")
    asked = []

    def click(box):
        asked.append(box.text())
        next(b for b in box.buttons() if b.text().replace("&", "") == answer).click()
    monkeypatch.setattr(QMessageBox, "exec", click)
    assert panel._ask_overwrite_edited(cps, [0]) is expected
    assert asked and asked[0].startswith("1 of these glyphs")
