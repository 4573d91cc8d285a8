"""The quality panel shows the latest evaluation figures, and says so plainly when there are none."""

import json
from types import SimpleNamespace

from app.quality_panel import QualityPanel

ROW = {"l1": 0.1, "rmse": 0.2, "ssim": 0.5, "ink_iou": 0.4, "chamfer": 0.01, "hausdorff95": 0.03,
       "content_accuracy": 0.9, "style_accuracy": 0.8, "frechet": 12.0, "count": 10}


def test_shows_the_rows_of_evaluation_json(qtbot, tmp_path):
    rows = [dict(ROW, name=n) for n in ("model", "copy source", "target shifted 1px")]
    (tmp_path / "evaluation.json").write_text(json.dumps({"overall": rows, "held_out_pairs": 10, "image_size": 64}))
    panel = QualityPanel()
    qtbot.addWidget(panel)
    panel.set_project(SimpleNamespace(root=tmp_path))
    assert panel.table.rowCount() == 3
    assert panel.table.verticalHeaderItem(1).text() == "copy source"
    assert panel.table.item(0, 2).text() == "0.500"          # SSIM
    assert panel.table.item(0, 6).text() == "0.90"           # content accuracy beside it
    assert "10 glyphs at 64 px" in panel.summary.text()


def test_no_evaluation_and_a_damaged_file(qtbot, tmp_path):
    panel = QualityPanel()
    qtbot.addWidget(panel)
    panel.set_project(SimpleNamespace(root=tmp_path))
    assert panel.table.rowCount() == 0 and "No evaluation yet" in panel.summary.text()
    (tmp_path / "evaluation.json").write_text("{not json")
    panel.refresh()
    assert panel.table.rowCount() == 0 and "cannot be read" in panel.summary.text()
