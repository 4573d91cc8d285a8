"""A tiny real training run from the Train panel: signals in order, pause / resume / stop, and close-while-training."""

from __future__ import annotations

import pytest

pytest.importorskip("core.project", reason="core.project has not landed yet")
pytest.importorskip("core.dataset", reason="core.dataset has not landed yet")

from app_test_projects import make_project  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from app.train_panel import TrainPanel  # noqa: E402
from app.workers import Job  # noqa: E402


def test_training_worker_signals_in_order(qtbot, tmp_path):
    from core.training.loop import train
    project = make_project(tmp_path / "p")
    config = project.config
    t = config.train
    # Two steps, everything due at step 2: step 1 reports at once (progress from the first step), then one
    # report of each kind at step 2, the held-out evaluation before the checkpoint that may be called best.
    t.steps = t.log_every = t.eval_every = t.sample_every = t.checkpoint_every = 2
    job = Job(lambda control: train(project, config=config, control=control), "Training")
    w = job.worker
    with qtbot.waitSignals([w.train_step_ready, w.train_step_ready, w.eval_ready, w.sample_ready,
                            w.checkpoint_saved, w.finished, w.done], order="strict", timeout=120_000):
        job.start()
    qtbot.waitUntil(lambda: not job.is_running(), timeout=10_000)

    # The trained checkpoint sets typed text in the generated style, generated on the fly (no PNGs yet).
    from app.preview import PreviewPanel
    panel = PreviewPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    text = "".join(chr(cp) for cp in project.charset()[:5])
    panel.text.setText(text)
    panel.update_text()
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=60_000)
    qtbot.waitUntil(lambda: all(g is not None for g in panel.strip.generated), timeout=10_000)
    assert len(panel.strip.generated) == 5
    assert panel.strip.generated[0].shape == (32, 32)


def test_pause_resume_stop_from_panel(qtbot, tmp_path):
    project = make_project(tmp_path / "p")
    project.config.train.steps = 100_000  # long enough to still be running when stopped
    panel = TrainPanel()
    qtbot.addWidget(panel)
    panel.set_project(project)
    panel.run_length.set_budget_minutes(None)   # the steps set in the form, not a time budget
    steps = []
    job = panel.start()
    assert job is not None
    job.worker.train_step_ready.connect(lambda r: steps.append(r.step))
    qtbot.waitUntil(lambda: len(steps) >= 2, timeout=120_000)
    assert panel.state == "running" and panel.plots.point_count() > 0
    qtbot.mouseClick(panel.pause_button, qtbot_button())
    assert panel.state == "paused" and panel.resume_button.isEnabled()
    qtbot.wait(300)
    seen = len(steps)
    qtbot.wait(500)
    assert len(steps) <= seen + 1
    qtbot.mouseClick(panel.resume_button, qtbot_button())
    qtbot.waitUntil(lambda: len(steps) > seen + 1, timeout=60_000)
    finished = []
    job.worker.finished.connect(finished.append)
    with qtbot.waitSignal(job.ended, timeout=120_000):
        qtbot.mouseClick(panel.stop_button, qtbot_button())
    assert finished and finished[0].reason == "cancelled"
    assert panel.state == "idle" and panel.start_button.isEnabled()
    assert any(project.checkpoints_dir.glob("*")), "stopping saves a checkpoint"
    from core.training.checkpoint import CheckpointStore, step_of
    saved = step_of(CheckpointStore(project.checkpoints_dir).latest())
    assert f"saved at step {saved}" in panel.status.text()   # the step really on disk


def test_closing_window_while_training_asks_then_joins(qtbot, tmp_path, monkeypatch):
    from app.main_window import MainWindow
    project = make_project(tmp_path / "p")
    project.config.train.steps = 100_000
    window = MainWindow()
    qtbot.addWidget(window)
    window.set_project(project)
    window.show()
    window.train_panel.run_length.set_budget_minutes(None)
    job = window.train_panel.start()
    qtbot.waitUntil(lambda: window.train_panel.plots.point_count() > 0, timeout=120_000)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(job.ended, timeout=120_000):
        window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert not job.is_running()


def qtbot_button():
    from PySide6.QtCore import Qt
    return Qt.MouseButton.LeftButton
