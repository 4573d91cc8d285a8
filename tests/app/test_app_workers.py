"""Generator workers: signals in order, pause / resume / cancel through JobControl, failures as readable text."""

from __future__ import annotations

import time

import numpy as np

from app.workers import Job
from core.errors import ConfigError
from core.reports import EvalReport, FinishedReport, NoticeReport, SampleReport, TrainStepReport


def _step(i: int) -> TrainStepReport:
    return TrainStepReport(step=i, total_steps=3, losses={"g_total": 1.0 / i}, d_real_score=0.5,
                           d_fake_score=0.5, generator_lr=2e-4, discriminator_lr=4e-4, images_per_second=10.0,
                           spectral_norms={"conv1": 1.0}, elapsed_seconds=i, eta_seconds=3 - i)


def fake_training(control):
    for i in range(1, 4):
        if not control.wait_while_paused():
            yield FinishedReport(i, "cancelled")
            return
        yield _step(i)
    yield EvalReport(3, 0.1, 0.2)
    yield SampleReport(3, np.full((8, 24), 255, np.uint8), [0x4E00])
    yield FinishedReport(3, "completed")


def test_worker_emits_signals_in_order(qtbot):
    job = Job(fake_training, "fake")
    w = job.worker
    with qtbot.waitSignals([w.train_step_ready, w.train_step_ready, w.train_step_ready, w.eval_ready,
                            w.sample_ready, w.finished, w.done], order="strict", timeout=5000):
        job.start()
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)


def test_failure_becomes_readable_message(qtbot):
    def broken(control):
        yield NoticeReport(0, "starting")
        raise ConfigError("batch size must be at least 1")

    job = Job(broken, "Training")
    with qtbot.waitSignal(job.worker.failed, timeout=5000) as blocker:
        job.start()
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    message = blocker.args[0]
    assert "batch size must be at least 1" in message
    assert "Traceback" not in message


def test_out_of_memory_suggests_smaller_batch(qtbot):
    def oom(control):
        raise RuntimeError("CUDA out of memory. Tried to allocate 2.00 GiB")
        yield  # pragma: no cover

    job = Job(oom, "Training")
    with qtbot.waitSignal(job.worker.failed, timeout=5000) as blocker:
        job.start()
    qtbot.waitUntil(lambda: not job.is_running(), timeout=5000)
    assert "batch size" in blocker.args[0]


def test_pause_resume_cancel(qtbot):
    steps = []

    def endless(control):
        i = 0
        while control.wait_while_paused():
            i += 1
            steps.append(i)
            yield NoticeReport(i, "tick")
            time.sleep(0.005)
        yield FinishedReport(i, "cancelled")

    job = Job(endless, "endless")
    finished = []
    job.worker.finished.connect(finished.append)
    job.start()
    qtbot.waitUntil(lambda: len(steps) > 3, timeout=5000)
    job.pause()
    qtbot.wait(100)
    paused_at = len(steps)
    qtbot.wait(150)
    assert len(steps) <= paused_at + 1  # at most the step that was in flight
    job.resume()
    qtbot.waitUntil(lambda: len(steps) > paused_at + 3, timeout=5000)
    with qtbot.waitSignal(job.ended, timeout=5000):
        job.cancel()
    assert finished and finished[-1].reason == "cancelled"


def test_job_signals_arrive_in_gui_thread(qtbot, qapp):
    """Lambdas connected to the job run in the GUI thread, so they may touch widgets."""
    from PySide6.QtCore import QThread
    seen = []
    job = Job(fake_training, "fake")
    job.train_step_ready.connect(lambda r: seen.append(QThread.currentThread() is qapp.thread()))
    with qtbot.waitSignal(job.ended, timeout=5000):
        job.start()
    assert seen == [True, True, True]
