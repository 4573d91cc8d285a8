"""The quality panel: a plain verdict first, the figures with their direction below, Evaluate with progress."""

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
    assert panel.verdict.text().startswith("About 9 in 10 unseen characters are readable")
    assert "10 unseen characters at 64 px" in panel.summary.text() and "higher is better" in panel.summary.text()


def test_no_evaluation_and_a_damaged_file(qtbot, tmp_path):
    panel = QualityPanel()
    qtbot.addWidget(panel)
    panel.set_project(SimpleNamespace(root=tmp_path))
    assert panel.table.rowCount() == 0 and "Not evaluated yet" in panel.verdict.text()
    assert "click Evaluate" in panel.summary.text()
    (tmp_path / "evaluation.json").write_text("{not json")
    panel.refresh()
    assert panel.table.rowCount() == 0 and "cannot be read" in panel.verdict.text()


def test_evaluate_shows_progress_then_the_verdict_core_words_it(qtbot, tmp_path, monkeypatch):
    from app_test_projects import make_project

    import app.quality_panel
    from core.quality.verdict import plain_verdict
    from core.training.loop import train

    monkeypatch.setattr(app.quality_panel, "APP_CLASSIFIER_EPOCHS", 2)
    project = make_project(tmp_path / "p")
    list(train(project))
    panel = QualityPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    job = panel.evaluate()
    progress = []
    job.progressed.connect(lambda r: progress.append(r.message))
    panel.evaluated.connect(lambda r: progress.append("verdict"))
    with qtbot.waitSignals([panel.evaluated, job.ended], order="strict", timeout=180_000):
        pass
    assert any("epoch 1 of 4" in m for m in progress) and progress[-1] == "verdict"   # progress, then verdict
    qtbot.waitUntil(lambda: panel.evaluate_button.isEnabled(), timeout=5000)
    result = json.loads((project.root / "evaluation.json").read_text())
    assert panel.verdict.text() == plain_verdict(result)
    assert "unseen characters are readable" in panel.verdict.text()
    assert not panel.progress.isVisible()


def test_evaluate_waits_while_training_runs(qtbot, tmp_path):
    panel = QualityPanel()
    qtbot.addWidget(panel)
    panel.set_project(SimpleNamespace(root=tmp_path))
    assert panel.evaluate_button.isEnabled()
    panel.set_training(True)
    assert not panel.evaluate_button.isEnabled() and panel.evaluate() is None


def test_the_verdict_and_the_user_guide_speak_chinese(qtbot, qapp):
    """The verdict sentence, the figure lines and Help > User guide follow the app's language."""
    from app.guide import GuideDialog
    from app.i18n import install_translator
    from app.quality_panel import translated
    from core.quality.verdict import figure_parts, verdict_parts

    result = {"overall": [{"name": "model", "content_accuracy": 0.91, "style_accuracy": 0.62, "ssim": 0.6},
                          {"name": "copy source", "content_accuracy": 0.95, "style_accuracy": 0.1, "ssim": 0.4}]}
    try:
        install_translator(qapp, "zh_CN")
        sentence = " ".join(translated(t, v) for t, v in verdict_parts(result))
        assert sentence == "未见过的字约有 9/10 能认出；风格在 6/10 中被认出。"
        lines = [translated(t, v) for t, v in figure_parts(result)]
        assert "结构相似度 SSIM：0.600（越高越好；照搬源字体：0.400）" in lines
        guide = GuideDialog()
        qtbot.addWidget(guide)
        assert "五步上手" in guide.text.toPlainText()
    finally:
        install_translator(qapp, "en")
    assert " ".join(translated(t, v) for t, v in verdict_parts(result)).startswith("About 9 in 10")
