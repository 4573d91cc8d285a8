"""How long to train, said before Start: a budget in minutes (or the steps set), and the time it takes here.

The time comes from core.training.estimate: a few real steps of this project's model, measured in a job
when the project opens or a setting that changes the speed changes. A budget turns into a step count
only through that measurement, so "15 minutes" means 15 minutes on this machine, busy or idle.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.workers import Job, running_jobs

log = logging.getLogger(__name__)

BUDGETS = (5, 15, 30, 60, 120)   # minutes offered
DEFAULT_BUDGET = 15              # a useful first run on a laptop CPU (issue 17); None: the steps set
STEPS_CHOICE = 0                 # the combo's data for "the steps set in the settings"
# Settings that change how long a step takes; a change of any re-measures.
AUTO_MEASURE = True              # tests turn it off: a measurement is a job, and most tests want none
SPEED_KEYS = (("data", "image_size"), ("model", "generator_channels"), ("model", "discriminator_channels"),
              ("train", "batch_size"), ("train", "device"), ("train", "threads"),
              ("train", "g_steps_per_d_step"), ("train", "adversarial_loss"))


def measure_job(project, config):
    """The measurement as a job: one report, (Timing, start step)."""
    def run(_control):
        from core.training.estimate import measure_project
        yield measure_project(project, config)
    return run


class RunLength(QWidget):
    """The length combo and the estimate line; `steps_for_start()` is what Start trains to."""

    measured = Signal(object)   # the Timing, once a measurement ends

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.config = None
        self.timing = None
        self.start_step = 0
        self.job: Job | None = None
        self._speed_key = None
        self._measuring_key = None
        self.length = QComboBox()
        self.length.setObjectName("runLength")
        for minutes in BUDGETS:
            text = self.tr("{n} minutes").format(n=minutes) if minutes < 60 else \
                self.tr("{n} h").format(n=minutes // 60)
            self.length.addItem(text, minutes)
        self.length.addItem(self.tr("The steps set below"), STEPS_CHOICE)
        self.set_budget_minutes(DEFAULT_BUDGET)
        self.length.setToolTip(self.tr("How long to train. A time is turned into steps by measuring this "
                                       "computer's speed on this project's model."))
        self.length.currentIndexChanged.connect(self._on_length_current_index_changed)
        self.estimate = QLabel(self.tr("Open a project to see how long training takes."))
        self.estimate.setObjectName("estimateLabel")
        self.estimate.setWordWrap(True)
        self.estimate.setStyleSheet("color: #1d4f91;")
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(600)
        self._debounce.timeout.connect(self.measure)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(QLabel(self.tr("Train for")))
        row.addWidget(self.length, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.estimate)

    # -- inputs ----------------------------------------------------------------------------------------
    def set_config(self, project, config, *, measure: bool = True) -> None:
        """The project and the settings as the form holds them; re-measures when the speed may differ."""
        self.project, self.config = project, config
        key = (id(project),) + tuple(getattr(getattr(config, s), n) for s, n in SPEED_KEYS)
        if key != self._speed_key:
            self._speed_key = key
            self.timing = None
            if measure and AUTO_MEASURE:
                self._debounce.start()
        self._show()

    def budget_minutes(self) -> float | None:
        minutes = self.length.currentData()
        return float(minutes) if minutes else None

    def set_budget_minutes(self, minutes: float | None) -> None:
        if not minutes:
            index = self.length.findData(STEPS_CHOICE)
        elif minutes in BUDGETS:
            index = self.length.findData(int(minutes))
        else:   # a time the list does not offer (a script's, a bench's) becomes an item of its own
            index = self.length.findData(float(minutes))
        if index < 0:
            self.length.addItem(self.tr("{n} minutes").format(n=f"{minutes:g}"), float(minutes))
            index = self.length.count() - 1
        self.length.setCurrentIndex(index)

    def steps_for_start(self) -> int | None:
        """The step a Start now trains up to; None while a budget waits for its measurement."""
        if self.config is None:
            return None
        minutes = self.budget_minutes()
        if minutes is None:
            return self.config.train.steps
        if self.timing is None:
            return None
        from core.training.estimate import steps_for_budget
        return steps_for_budget(self.timing, self.config.train, minutes, start=self.start_step)

    def predicted_seconds(self) -> float | None:
        steps = self.steps_for_start()
        if steps is None or self.timing is None:
            return None
        from core.training.estimate import run_seconds
        return run_seconds(self.timing, self.config.train, steps, start=self.start_step)

    # -- measuring -------------------------------------------------------------------------------------
    def measure(self) -> Job | None:
        if self.project is None or (self.job is not None and self.job.is_running()):
            if self.job is not None:
                self._debounce.start()   # settings changed mid-measurement: measure again after it
            return None
        if running_jobs():
            # Another job (the demo's glyphs, an evaluation, training) shares the cores: a speed measured
            # now would be too slow, so wait until the app is otherwise idle.
            self._debounce.start()
            return None
        self.estimate.setText(self.tr("Measuring this computer's speed on this project's model…"))
        self._measuring_key = self._speed_key
        self.job = Job(measure_job(self.project, self.config), self.tr("Measuring speed"), self)
        self.job.report_ready.connect(self._on_report_ready)
        self.job.failed.connect(self._on_failed)
        self.job.ended.connect(self._on_job_ended)
        self.job.start()
        return self.job

    def is_measuring(self) -> bool:
        return self.job is not None and self.job.is_running()

    def _on_report_ready(self, report) -> None:
        if self._measuring_key != self._speed_key:
            return   # measured for another project or settings; the debounce measures the current ones
        self.timing, self.start_step = report
        from app import settings as app_settings
        app_settings.remember_seconds_per_step(self.config.data.image_size, self.timing.seconds_per_step)
        self._show()
        self.measured.emit(self.timing)

    def _on_failed(self, message: str) -> None:
        self.estimate.setText(self.tr("The speed could not be measured: {reason}").format(
            reason=message.split("\n")[0]))

    def _on_job_ended(self) -> None:
        self.job = None

    def _on_length_current_index_changed(self, _index: int) -> None:
        self._show()

    # -- words -----------------------------------------------------------------------------------------
    def _show(self) -> None:
        if self.config is None:
            return
        if self.timing is None:
            if not self.is_measuring():
                self.estimate.setText(self.tr("Measuring this computer's speed on this project's model…"))
            return
        steps = self.steps_for_start()
        seconds = self.predicted_seconds()
        todo = max(0, steps - self.start_step)
        where = self.timing.device
        if todo == 0:
            self.estimate.setText(self.tr("Training has reached step {steps}; raise the steps or pick a time "
                                          "to continue.").format(steps=f"{steps:,}"))
            return
        self.estimate.setText(self.tr("{time} on this computer for {todo} steps (to step {steps}); "
                                      "measured {per:.2f} s a step on {where}.").format(
            time=_plain_time(seconds).capitalize(), todo=f"{todo:,}", steps=f"{steps:,}",
            per=self.timing.seconds_per_step, where=where))


def _plain_time(seconds: float) -> str:
    from core.training.estimate import describe_minutes
    return describe_minutes(seconds)
