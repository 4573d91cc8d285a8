"""The first hour, scripted: the demo's first Preview, an estimate before Start, progress from step 1, no "best"
before an evaluation, and an Evaluate verdict (bench/first_hour.py times the same path in a real window)."""

from __future__ import annotations

import pytest

pytest.importorskip("core.training.estimate")

from app_test_projects import make_project  # noqa: E402

import app.quality_panel  # noqa: E402
import app.run_length  # noqa: E402


def test_demo_opens_on_preview_with_its_glyphs_and_no_empty_box(qtbot):
    from app.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.open_demo()
    preview = window.preview_panel
    assert window.tabs.currentWidget() is preview
    charset = set(window.project.charset())
    assert all(ord(c) in charset for c in preview.text.text())
    qtbot.waitUntil(lambda: preview.strip.generated and all(g is not None for g in preview.strip.generated),
                    timeout=120_000)
    for job in preview.jobs():   # the rest of the charset keeps generating; not this test's business
        job.join()


def test_estimate_then_progress_from_step_one_then_best_after_evaluation_then_verdict(qtbot, tmp_path,
                                                                                     monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from app.main_window import MainWindow
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)  # a failing
    monkeypatch.setattr(app.run_length, "AUTO_MEASURE", True)   # test must not hang on "stop training?"
    monkeypatch.setattr(app.quality_panel, "APP_CLASSIFIER_EPOCHS", 2)
    project = make_project(tmp_path / "p")
    project.config.train.eval_every = project.config.train.checkpoint_every = 20
    project.config.train.log_every = 10
    window = MainWindow()
    qtbot.addWidget(window)
    panel = window.train_panel
    with qtbot.waitSignal(panel.run_length.measured, timeout=120_000):
        window.set_project(project)
    panel.run_length.set_budget_minutes(0.1)
    estimate = panel.run_length.estimate.text()
    assert "on this computer for" in estimate and "s a step" in estimate   # before Start

    events = []
    job = panel.start()
    assert job is not None and panel.form.editor("train", "steps").value() >= 50   # the budget's steps
    job.train_step_ready.connect(lambda r: events.append(("step", r.step)))
    job.eval_ready.connect(lambda r: events.append(("eval", r.step)))
    job.checkpoint_saved.connect(lambda r: events.append(("notice", panel.notice.text())))
    qtbot.waitUntil(lambda: panel.progress.format().startswith("step ") and "left" in panel.status.text(),
                    timeout=60_000)
    assert events[0] == ("step", 1)
    with qtbot.waitSignal(job.ended, timeout=300_000):
        pass
    first_eval = next(i for i, e in enumerate(events) if e[0] == "eval")
    assert not any(e[0] == "notice" and "best" in e[1] for e in events[:first_eval])
    assert any(e[0] == "notice" and "best" in e[1] for e in events[first_eval:])
    assert "finished at step" in panel.status.text() and "estimated" in panel.status.text()

    quality = panel.quality
    evaluation = quality.evaluate()
    with qtbot.waitSignals([quality.evaluated, evaluation.ended], order="strict", timeout=300_000):
        pass
    assert "unseen characters are readable; the style is recognised in" in quality.verdict.text()


def test_a_measurement_for_other_settings_is_not_shown(qtbot, tmp_path, monkeypatch):
    from app.run_length import RunLength
    from core.training.estimate import Timing
    monkeypatch.setattr(app.run_length, "AUTO_MEASURE", False)
    project = make_project(tmp_path / "p")
    length = RunLength()
    qtbot.addWidget(length)
    length.set_config(project, project.config)
    length._measuring_key = length._speed_key
    changed = project.config.__class__.from_dict(project.config.to_dict())
    changed.train.batch_size += 1                      # the speed may differ now
    length.set_config(project, changed)
    length._on_report_ready((Timing(1.0, 1.0, 1.0, "CPU", 1, 3), 0))
    assert length.timing is None and "Measuring" in length.estimate.text()
