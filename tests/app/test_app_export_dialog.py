"""Export from the dialog writes a font that reopens with fontTools and loads into Qt for the specimen."""

from __future__ import annotations

from fontTools.ttLib import TTFont

from app.export_dialog import ExportDialog
from app_test_projects import fake_generated_glyphs, make_project


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
