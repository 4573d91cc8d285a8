"""Export from the dialog writes a font that reopens with fontTools and loads into Qt for the specimen."""

from __future__ import annotations

from app_test_projects import fake_generated_glyphs, make_project
from fontTools.ttLib import TTFont

from app.export_dialog import ExportDialog
from core.project import Project


def test_export_writes_font_that_reopens(qtbot, tmp_path):
    project = make_project(tmp_path / "p")
    made = fake_generated_glyphs(project, 6)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.family.setText("Studio Test")
    dialog.designer.setText("Tester")
    with qtbot.waitSignal(dialog.finished_export,
                          timeout=120_000):
        job = dialog.start_export()
        assert job is not None
    qtbot.waitUntil(lambda: dialog.job is None, timeout=20_000)
    ttf = dialog.outputs["ttf"]
    font = TTFont(ttf)
    assert font["name"].getDebugName(1) == "Studio Test"
    cmap = font.getBestCmap()
    assert set(made) <= set(cmap)
    assert dialog.font_families, "the specimen should load the exported font into Qt"
    assert dialog.open_folder_button.isEnabled()
    assert dialog.report.toPlainText().strip()
    assert {ord(c) for c in "Hi2024，。「」"} <= set(cmap), "Latin, digits and punctuation are filled"
    assert "companion font" in dialog.report.toPlainText()
    assert not dialog.checked_specimen.pixmap().isNull(), "the report's specimen PNG is shown"
    assert "validation: VALID" in dialog.status.text()
    assert Project.open(project.root).config.export.family_name == "Studio Test", "the names are kept"


def test_dialog_offers_fill_and_merge_fonts(qtbot, tmp_path):
    project = make_project(tmp_path / "p")
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    assert dialog.fill_from.path() == str(project.resolve(project.source.path))   # the source font by default
    assert dialog.merge_into.path() is None
    dialog.fill_from.edit.setText("")
    run = dialog.export_run()
    assert run.fill_from is None and run.merge_into is None


def test_dialog_exports_edits_over_generated_and_leaves_out_rejected(tmp_path):
    import numpy as np
    from PIL import Image

    from app.export_dialog import collect_glyphs
    from core.project.review_marks import REJECTED, ReviewStore

    project = make_project(tmp_path / "p")
    made = fake_generated_glyphs(project, 4)
    style = project.styles[0].name
    edited = np.full((32, 32), 255, np.uint8)
    edited[8:24, 8:24] = 0  # a square nobody would generate
    folder = project.glyphs_dir / "edited" / style
    folder.mkdir(parents=True)
    Image.fromarray(edited).save(folder / f"{made[0]:04X}.png")
    review = ReviewStore(project.root)
    review.mark(style, [made[1]], REJECTED)

    glyphs = collect_glyphs(project, style, only_accepted=False)
    assert np.array_equal(glyphs[made[0]], edited), "the designer's edit must win over the generated glyph"
    assert made[1] not in glyphs, "a rejected generated glyph stays out of the font"
    assert set(made[2:]) <= set(glyphs)
    only = collect_glyphs(project, style, only_accepted=True)
    assert set(only) == {made[0]}, "with only-accepted, nothing unaccepted is generated; the edit still counts"
