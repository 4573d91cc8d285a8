"""Preview: typed text shows generated glyphs beside the source; the grid is lazy; marks persist as JSON."""

from __future__ import annotations

import json

import numpy as np
from app_test_projects import fake_generated_glyphs, make_project

from app.preview import PreviewPanel
from core.project.review_marks import ACCEPTED, ReviewStore


def test_preview_renders_text_with_generated_glyphs(qtbot, tmp_path):
    project = make_project(tmp_path / "p")
    made = fake_generated_glyphs(project, 4)
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    panel.text.setText("".join(chr(cp) for cp in made))
    panel.update_text()
    assert len(panel.strip.generated) == 4
    assert all(g is not None and g.shape == (32, 32) for g in panel.strip.generated)
    assert all(s is not None for s in panel.strip.source)
    assert any((g < 128).any() for g in panel.strip.generated)  # real ink, not blank placeholders
    panel.resize(800, 500)
    image = panel.strip.grab().toImage()
    assert not image.isNull()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=20000)


def test_grid_marks_persist_atomically(qtbot, tmp_path):
    project = make_project(tmp_path / "p")
    fake_generated_glyphs(project, 4)
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    panel.text.setText("")
    model = panel.model
    assert model.rowCount() == len(project.charset())
    icon = model.data(model.index(0), 1)  # DecorationRole loads lazily
    assert icon is not None and not icon.isNull()
    panel.grid.selectionModel().select(model.index(0), panel.grid.selectionModel().SelectionFlag.Select)
    panel._on_accept_clicked()
    data = json.loads((project.root / "review.json").read_text())
    name = project.styles[0].name
    assert data["styles"][name]["accepted"] == [f"{model.codepoint(0):04X}"]
    assert ReviewStore(project.root).status(name, model.codepoint(0)) == ACCEPTED
    panel.filter_box.setCurrentIndex(panel.filter_box.findData(ACCEPTED))
    assert model.rowCount() == 1
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=20000)


def test_glyph_detail_dialog_shows_difference(qtbot, tmp_path):
    from app.glyph_detail import GlyphDetailDialog
    project = make_project(tmp_path / "p")
    made = fake_generated_glyphs(project, 2)
    review = ReviewStore(project.root)
    dialog = GlyphDetailDialog(project, 0, made, 0, review)
    qtbot.addWidget(dialog)
    assert dialog._arrays[1] is not None and dialog._arrays[3] is not None
    assert dialog._arrays[3].shape == (32, 32, 3)
    dialog.zoom.setValue(4)
    dialog._on_accept_clicked()
    assert review.status(project.styles[0].name, made[0]) == ACCEPTED
    assert dialog.current == 1
    assert np.asarray(dialog._arrays[0]).shape == (32, 32)


def test_doubtful_glyphs_come_first_and_edited_ones_drop_out(qtbot, tmp_path):
    from core.quality.legibility import write_scores

    project = make_project(tmp_path / "p")
    made = fake_generated_glyphs(project, 4)
    folder = project.glyphs_dir / "generated" / project.styles[0].name
    write_scores(folder, {made[0]: 0.95, made[1]: 0.05, made[2]: 0.3, made[3]: 0.6})
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    panel.filter_box.setCurrentIndex(panel.filter_box.findData("suspect"))
    assert panel.model.codepoints() == [made[1], made[2]]   # only the doubted ones, least readable first
    assert "readable: 5 %" in panel.model.data(panel.model.index(0), 3)   # ToolTipRole
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=20000)


def test_a_handwriting_project_opens_on_its_own_style(qtbot, tmp_path):
    from app_test_projects import make_project

    from app.preview import PreviewPanel
    from core.project import Style
    project = make_project(tmp_path / "p")
    (tmp_path / "hand").mkdir()
    project.styles.append(Style(name="My hand", kind="handwriting", folder=str(tmp_path / "hand")))
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    assert panel.style_name() == "My hand"


def test_the_first_preview_text_lies_inside_the_charset():
    from app.preview import default_preview_text
    demo = [ord(c) for c in "的一国在人了有中是年和大日月经天江河行地"]
    assert default_preview_text(demo) == "日月经天江河行地"
    assert default_preview_text([0x4E00, 0x4E8C]) == "一二"


def test_the_preview_shows_the_glyph_the_font_gets(qtbot, tmp_path):
    """core.project.glyphs decides: the hand over a generated glyph, an edit over both, a rejected glyph
    with nothing in its place stays empty (and is not generated again in memory)."""
    from app_test_projects import make_project

    from core.atomic_io import write_png_atomic
    from core.editing import EditSession
    from core.project import Style
    from core.project.layout import generated_dir, glyph_path
    from core.project.review_marks import REJECTED

    def mark(rows: slice) -> np.ndarray:
        glyph = np.full((32, 32), 255, np.uint8)
        glyph[rows, 4:28] = 0
        return glyph

    generated, hand, edit = mark(slice(2, 8)), mark(slice(12, 18)), mark(slice(22, 28))
    project = make_project(tmp_path / "p")
    project.styles.append(Style(name="Hand", kind="handwriting", folder=str(tmp_path / "hand")))
    style = len(project.styles) - 1
    a, b, c = project.charset()[:3]
    for cp in (a, b, c):
        write_png_atomic(glyph_path(generated_dir(project.root, "Hand"), cp), generated)
    write_png_atomic(glyph_path(tmp_path / "hand", a), hand)
    write_png_atomic(glyph_path(tmp_path / "hand", c), hand)
    ReviewStore(project.root).mark("Hand", [b], REJECTED)
    history = EditSession(project, style).history(c)
    history.apply(history.state.changed(bitmap=edit), "Draw")

    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    assert panel.style_name() == "Hand"
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=20000)   # the first-look text (no model: fails quietly)
    panel.text.setText("".join(chr(cp) for cp in (a, b, c)))
    panel.update_text()
    shown = panel.strip.generated
    assert np.array_equal(shown[0], hand) and shown[1] is None and np.array_equal(shown[2], edit)
    assert not panel.is_busy()   # nothing was missing: no glyph is made in memory for the rejected one
