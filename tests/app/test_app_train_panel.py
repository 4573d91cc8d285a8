"""The Train panel's buttons and the window's close with a stand-in trainer (fast; no core.training needed)."""

from __future__ import annotations

import time

import numpy as np
from app_test_projects import StandInProject
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from app.train_panel import TrainPanel
from core.reports import FinishedReport, SampleReport, TrainStepReport


def slow_trainer(project, config=None, control=None, **_):
    """Reports every 10 ms until cancelled; a cancel 'saves a checkpoint' and finishes as the real one does."""
    step = 0
    while control.wait_while_paused():
        step += 1
        time.sleep(0.01)
        yield TrainStepReport(step, 10_000, {"g_l1": 1.0 / step, "d_total": float("nan") if step % 5 == 0 else 1.0},
                              0.5, 0.5, 2e-4, 4e-4, 100.0, {"conv1": 1.0}, step * 0.01, 100.0)
        if step % 10 == 0:
            yield SampleReport(step, np.full((64, 96), 255, np.uint8), [0x4E00])
    (project.checkpoints_dir / f"step-{step:08d}.pt").write_bytes(b"")
    yield FinishedReport(step, "cancelled")


def _panel(qtbot, tmp_path):
    panel = TrainPanel()
    qtbot.addWidget(panel)
    panel.train_function = slow_trainer
    panel.set_project(StandInProject(tmp_path / "p"))
    return panel


def test_start_pause_resume_stop(qtbot, tmp_path):
    panel = _panel(qtbot, tmp_path)
    assert panel.start_button.isEnabled() and not panel.pause_button.isEnabled()
    steps = []
    qtbot.mouseClick(panel.start_button, Qt.MouseButton.LeftButton)
    panel.job.train_step_ready.connect(lambda r: steps.append(r.step))
    qtbot.waitUntil(lambda: len(steps) >= 5, timeout=5000)
    qtbot.mouseClick(panel.pause_button, Qt.MouseButton.LeftButton)
    assert panel.state == "paused" and panel.resume_button.isEnabled() and not panel.form.isEnabled()
    qtbot.wait(100)
    seen = len(steps)
    qtbot.wait(200)
    assert len(steps) <= seen + 1
    qtbot.mouseClick(panel.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(steps) > seen + 5, timeout=5000)
    qtbot.waitUntil(lambda: panel.progress.value() > 0 and panel.samples.count() > 0, timeout=5000)
    finished = []
    panel.job.finished.connect(finished.append)
    with qtbot.waitSignal(panel.job.ended, timeout=5000):
        qtbot.mouseClick(panel.stop_button, Qt.MouseButton.LeftButton)
    assert finished[0].reason == "cancelled"
    assert panel.state == "idle" and panel.start_button.isEnabled()
    assert "stopped" in panel.status.text().lower()


def test_bad_setting_is_a_dialog_not_a_crash(qtbot, tmp_path, monkeypatch):
    panel = _panel(qtbot, tmp_path)
    batch = panel.form.editor("train", "batch_size")
    batch.setValue(0)
    assert batch.value() == 1   # the form keeps numbers inside the limits core.config declares
    panel.project.config.data.charset = " "   # a setting the form does not show
    shown = []
    monkeypatch.setattr("app.train_panel.show_error", lambda parent, title, message: shown.append(message))
    assert panel.start() is None
    assert shown and "charset" in shown[0]


def test_close_while_training_asks_cancels_and_joins(qtbot, tmp_path, monkeypatch):
    from app.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    window.train_panel.train_function = slow_trainer
    project = StandInProject(tmp_path / "p")
    window.set_project(project)
    window.show()
    job = window.train_panel.start()
    qtbot.waitUntil(lambda: window.train_panel.plots.point_count() > 0, timeout=5000)
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(1) or QMessageBox.StandardButton.No)
    window.close()
    assert asked and window.isVisible() and job.is_running()  # "No" keeps training
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(job.ended, timeout=5000):
        window.close()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=5000)
    assert not job.is_running() and any(project.checkpoints_dir.glob("*.pt"))


def test_worker_exception_becomes_dialog_and_panel_recovers(qtbot, tmp_path):
    panel = _panel(qtbot, tmp_path)

    def out_of_memory(project, config=None, control=None, **_):
        yield TrainStepReport(1, 10, {"g_l1": 1.0}, 0.5, 0.5, 2e-4, 4e-4, 1.0, {}, 0.1, 1.0)
        raise RuntimeError("CUDA out of memory. Tried to allocate 4.00 GiB")

    panel.train_function = out_of_memory
    job = panel.start()
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    qtbot.waitUntil(lambda: panel.findChild(QMessageBox, "errorDialog") is not None, timeout=2000)
    box = panel.findChild(QMessageBox, "errorDialog")
    assert "batch size" in box.informativeText() and "Traceback" not in box.text()
    assert panel.state == "idle" and panel.start_button.isEnabled()
    box.close()


def test_a_time_budget_reaches_the_trainer_and_a_run_it_cut_short_says_so(qtbot, tmp_path):
    from core.training.estimate import Timing

    seen = {}

    def cut_short(project, config=None, control=None, time_budget_s=None, **_):
        seen["budget"] = time_budget_s
        yield TrainStepReport(1, config.train.steps, {"g_l1": 1.0}, 0.5, 0.5, 2e-4, 4e-4, 1.0, {}, 0.1, 1.0)
        yield FinishedReport(1, "time-up")

    panel = _panel(qtbot, tmp_path)
    panel.train_function = cut_short
    panel.run_length.timing = Timing(0.5, 1.0, 2.0, "cpu", 8, 0)   # as if measured: 0.5 s a step
    panel.run_length.set_budget_minutes(5)
    job = panel.start()
    assert job is not None and panel.form.editor("train", "steps").value() > 1
    with qtbot.waitSignal(job.ended, timeout=5000):
        pass
    assert seen["budget"] == 300.0
    assert "of the" in panel.status.text() and "time budget was spent" in panel.status.text()
