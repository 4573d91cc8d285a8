"""Generic generator worker: runs any core job (a generator of reports) in its own QThread, reports as signals.

One QThread per job; the thread always ends with quit + wait. Pause, resume and cancel call core's
thread-safe JobControl directly from the GUI thread, so nothing waits on the worker's event loop
(which is busy inside the generator anyway).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from core.control import JobControl
from core.reports import (
    CheckpointReport,
    EvalReport,
    FinishedReport,
    NoticeReport,
    ProgressReport,
    SampleReport,
    TrainStepReport,
)

log = logging.getLogger(__name__)

JobFactory = Callable[[JobControl], Iterator[Any]]
# Running jobs are held here so a job whose owner forgot it is never destroyed mid-run (Qt aborts on that).
_running_jobs: set[Job] = set()


def running_jobs() -> list[Job]:
    """Jobs whose thread still runs; tests fail when one outlives them, the window joins them on close."""
    return [j for j in list(_running_jobs) if j.thread.isRunning()]


def live_threads() -> list[QThread]:
    return [j.thread for j in running_jobs()]


class GeneratorWorker(QObject):
    """Iterates a core generator in the thread it was moved to and emits one signal per report."""

    report_ready = Signal(object)       # every report, in order
    train_step_ready = Signal(object)   # TrainStepReport
    eval_ready = Signal(object)         # EvalReport
    sample_ready = Signal(object)       # SampleReport
    checkpoint_saved = Signal(object)   # CheckpointReport
    notice_posted = Signal(object)      # NoticeReport
    progressed = Signal(object)         # ProgressReport
    finished = Signal(object)           # FinishedReport, or None when the job yielded none
    failed = Signal(str)                # readable "what failed\n\nwhat to try"
    done = Signal()                     # always last, after finished or failed

    _SPECIFIC = ((TrainStepReport, "train_step_ready"), (EvalReport, "eval_ready"),
                 (SampleReport, "sample_ready"), (CheckpointReport, "checkpoint_saved"),
                 (NoticeReport, "notice_posted"), (ProgressReport, "progressed"))

    def __init__(self, factory: JobFactory, control: JobControl, description: str = "") -> None:
        super().__init__()
        self._factory = factory
        self.control = control
        self.description = description
        self.error: BaseException | None = None

    @Slot()
    def run(self) -> None:
        last: FinishedReport | None = None
        try:
            for report in self._factory(self.control):
                self.report_ready.emit(report)
                if isinstance(report, FinishedReport):
                    last = report
                    continue
                for kind, name in self._SPECIFIC:
                    if isinstance(report, kind):
                        getattr(self, name).emit(report)
                        break
        except BaseException as exc:  # noqa: BLE001 - every failure becomes a dialog, never a crash
            from app.errors import describe
            self.error = exc
            log.exception("job failed: %s", self.description or "job")
            self.failed.emit(describe(exc, self.description).text())
        else:
            self.finished.emit(last)
        finally:
            self.done.emit()


class Job(QObject):
    """Owns one QThread and one GeneratorWorker, and relays the worker's signals from the GUI thread.

    Connect to the job's signals, not the worker's: a lambda or partial connected to a worker signal would
    run in the worker thread (PySide only queues calls to methods of QObjects), while the job lives in the
    GUI thread, so anything connected to it runs there.
    """

    report_ready = Signal(object)
    train_step_ready = Signal(object)
    eval_ready = Signal(object)
    sample_ready = Signal(object)
    checkpoint_saved = Signal(object)
    notice_posted = Signal(object)
    progressed = Signal(object)
    finished = Signal(object)
    failed = Signal(str)
    ended = Signal()  # the thread has finished; safe to drop the job
    _RELAYED = ("report_ready", "train_step_ready", "eval_ready", "sample_ready", "checkpoint_saved",
                "notice_posted", "progressed", "finished", "failed")

    def __init__(self, factory: JobFactory, description: str = "", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.control = JobControl()
        self.thread = QThread()
        self.thread.setObjectName(description or "zi2zi job")
        self.worker = GeneratorWorker(factory, self.control, description)
        self.worker.moveToThread(self.thread)
        for name in self._RELAYED:  # queued: the job lives in the GUI thread
            getattr(self.worker, name).connect(getattr(self, name))
        self.thread.started.connect(self.worker.run)
        # quit() is thread-safe; the thread's event loop ends as soon as run() returns.
        self.worker.done.connect(self.thread.quit)
        self.thread.finished.connect(self._on_thread_finished)

    def start(self) -> None:
        _running_jobs.add(self)
        self.thread.start()

    def is_running(self) -> bool:
        return self.thread.isRunning()

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        self.control.resume()

    def cancel(self) -> None:
        self.control.cancel()

    @property
    def is_paused(self) -> bool:
        return self.control.is_paused

    def join(self, timeout_ms: int = -1) -> bool:
        """Cancel and wait; blocks the caller, so the GUI uses `ended` instead except at exit."""
        self.control.cancel()
        self.thread.quit()
        if timeout_ms < 0:
            return self.thread.wait()
        return self.thread.wait(timeout_ms)

    @Slot()
    def _on_thread_finished(self) -> None:
        self.thread.wait()  # returns at once; makes sure the OS thread is fully gone
        _running_jobs.discard(self)
        self.ended.emit()
