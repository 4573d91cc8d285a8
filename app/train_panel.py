"""Train panel: the generated settings form, Start / Pause / Resume / Stop, progress, live curves, samples."""

from __future__ import annotations

import logging
import time

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.config_form import ConfigForm
from app.errors import describe, show_error
from app.loss_plot import LossPlots
from app.quality_panel import QualityPanel
from app.run_length import RunLength
from app.sample_view import SampleGallery
from app.workers import Job

log = logging.getLogger(__name__)


def format_duration(seconds: float) -> str:
    if seconds != seconds or seconds < 0:  # NaN or unknown
        return "–"
    seconds = int(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def device_description(name: str, threads: int = 0) -> str:
    """The device training would use now; on the CPU with the thread count it would pick (busy cores: fewer)."""
    try:
        from core.training.device import auto_threads, describe_device, pick_device
        device = pick_device(name)
        if device.type == "cpu":
            n = threads or auto_threads()
            return f"CPU ({n} thread{'' if n == 1 else 's'})"
        return describe_device(device)
    except Exception as exc:  # noqa: BLE001 - shown as text next to the device
        return str(exc).split("(")[0].strip()


def _saved_step(path: str | None, fallback: int) -> int:
    """The step of the checkpoint file a run ended with, read from its name (step-NNNNNNNN.pt)."""
    if not path:
        return fallback
    from core.training.checkpoint import step_of
    step = step_of(path)
    return step if step >= 0 else fallback


class TrainPanel(QWidget):
    """Runs core.training.loop.train in a Job; every report becomes a widget update."""

    state_changed = Signal(str)   # idle | running | paused | stopping
    training_finished = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.job: Job | None = None
        self.state = "idle"
        # core.training.loop.train unless replaced (benchmarks feed a synthetic trainer through it).
        self.train_function = None
        self.form = ConfigForm()
        self.form.changed.connect(self._on_form_changed)
        # Time before the click: a budget in minutes and what the run costs on this computer.
        self.run_length = RunLength()
        self.run_length.measured.connect(self._on_run_length_measured)
        self._start_when_measured = False
        self._evaluated = False          # "best so far" is said only after a held-out evaluation
        self._predicted_seconds = None   # the estimate shown when Start was clicked, and when
        self._started_at = None
        self.start_button = QPushButton(self.tr("Start training"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.stop_button = QPushButton(self.tr("Stop"))
        for name, button, slot in (("start", self.start_button, self._on_start_clicked),
                                   ("pause", self.pause_button, self._on_pause_clicked),
                                   ("resume", self.resume_button, self._on_resume_clicked),
                                   ("stop", self.stop_button, self._on_stop_clicked)):
            button.setObjectName(name)
            button.clicked.connect(slot)
        self.start_button.setToolTip(self.tr("Start, or continue from the latest checkpoint (F5)"))
        self.pause_button.setToolTip(self.tr("Pause after the current step (F6)"))
        self.resume_button.setToolTip(self.tr("Resume (F6)"))
        self.stop_button.setToolTip(self.tr("Stop and save a checkpoint (Shift+F5)"))
        self.start_button.setDefault(True)
        self.device_label = QLabel()
        self.device_label.setObjectName("deviceLabel")
        self.device_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("progress")
        self.progress.setTextVisible(True)
        self.progress.setFormat(self.tr("not started"))
        self.status = QLabel(self.tr("Ready."))
        self.status.setObjectName("trainStatus")
        self.notice = QLabel()
        self.notice.setStyleSheet("color: #8a5a00;")
        self.notice.setWordWrap(True)
        self.plots = LossPlots()
        self.samples = SampleGallery()
        self.quality = QualityPanel()   # the latest `zi2zi eval` figures, beside the curves
        self.quality.setMaximumHeight(260)
        # Reports can arrive hundreds per second; widgets follow the latest one on a timer, because
        # QProgressBar.setValue repaints synchronously and a label change relayouts the window.
        self._latest_step = None
        self._pending_samples: list = []
        self._ui_timer = QTimer(self)
        self._ui_timer.setInterval(150)
        self._ui_timer.timeout.connect(self._on_ui_timer_timeout)

        settings = QWidget()
        form_layout = QVBoxLayout(settings)
        heading = QLabel(self.tr("Training settings"))
        heading.setStyleSheet("font-weight: 600; font-size: 12pt;")
        form_layout.addWidget(heading)
        form_layout.addWidget(self.run_length)
        form_layout.addWidget(self.form)
        form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(settings)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(330)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        buttons = QHBoxLayout()
        for button in (self.start_button, self.pause_button, self.resume_button, self.stop_button):
            buttons.addWidget(button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(scroll, 1)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.device_label)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.progress, 1)
        right_layout.addLayout(top)
        right_layout.addWidget(self.status)
        right_layout.addWidget(self.notice)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.plots)
        charts.addWidget(self.samples)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 1)
        charts.setSizes([800, 300])
        right_layout.addWidget(charts, 1)
        right_layout.addWidget(self.quality)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([360, 1100])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self._set_state("idle")

    # -- project ---------------------------------------------------------------------------------------
    def set_project(self, project) -> None:
        self.project = project
        self.form.set_config(project.config)
        self.plots.clear()
        self.samples.clear()
        self.samples.load_folder(project.samples_dir)
        self.quality.set_project(project)
        self.notice.setText("")
        self.progress.setValue(0)
        self.progress.setFormat(self.tr("not started"))
        self._load_history(project)
        self.status.setText(self.tr("Ready. Training continues from the latest checkpoint when there is one."))
        self._evaluated = False
        self._on_form_changed()
        if not self.is_running():
            self._set_state("idle")

    def _load_history(self, project) -> None:
        """Curves of earlier sessions (training/history.jsonl), so a reopened project shows its past."""
        try:
            from core.training.history import load_history
            history = load_history(project.root)
        except Exception:  # noqa: BLE001 - missing curves are no reason to refuse a project
            log.warning("cannot read the training history of %s", project.root, exc_info=True)
            return
        last = history.last_step()
        if not last:
            return
        total = max(last, project.config.train.steps)
        self.plots.load_history(history)
        self.plots.follow_steps(last)
        self.progress.setMaximum(total)
        self.progress.setValue(last)
        self.progress.setFormat(self.tr("step {step} / {total}").format(step=last, total=total))

    # -- controls --------------------------------------------------------------------------------------
    def start(self) -> Job | None:
        if self.project is None or (self.job is not None and self.job.is_running()):
            return None
        from core.project import training_holder
        busy = training_holder(self.project.root, self.project.name)  # another process trains it (issue 16)
        if busy:
            self.status.setText(busy)
            show_error(self, self.tr("Cannot start training"), busy)
            return None
        try:
            config = self.form.apply_to(self.project.config)
        except Exception as exc:  # noqa: BLE001 - a bad setting is shown, never raised
            show_error(self, self.tr("Cannot start training"), describe(exc).text())
            return None
        self.run_length.set_config(self.project, config)
        steps = self.run_length.steps_for_start()
        if steps is None:  # a budget needs the speed first; one measurement, then Start goes on by itself
            self._start_when_measured = True
            self.status.setText(self.tr("Measuring this computer's speed; training starts right after…"))
            if not self.run_length.is_measuring():
                self.run_length.measure()
            return None
        self._start_when_measured = False
        if self.run_length.budget_minutes() is not None:
            steps = self._fit_cadence(config, steps)
        config.train.steps = steps
        self.form.editor("train", "steps").setValue(steps)
        self._predicted_seconds = self.run_length.predicted_seconds()
        self._started_at = time.monotonic()
        self._evaluated = False
        self.project.config = config
        saver = getattr(self.project, "save", None)
        if callable(saver):
            try:
                saver()  # the settings travel with the project, so a reopen resumes with them
            except Exception:  # noqa: BLE001
                log.warning("could not save project settings", exc_info=True)
        project, train = self.project, self.train_function
        minutes = self.run_length.budget_minutes()
        budget = minutes * 60.0 if minutes is not None else None   # a busier computer must not stretch it

        def run(control):  # imported in the job: a missing or broken trainer becomes a dialog
            nonlocal train
            if train is None:
                from core.training.loop import train
            yield from train(project, config=config, control=control, time_budget_s=budget)
        self.job = Job(run, self.tr("Training"), self)
        w = self.job
        w.train_step_ready.connect(self._on_train_step_ready)
        w.eval_ready.connect(self._on_eval_ready)
        w.sample_ready.connect(self._on_sample_ready)
        w.checkpoint_saved.connect(self._on_checkpoint_saved)
        w.notice_posted.connect(self._on_notice_posted)
        w.finished.connect(self._on_finished)
        w.failed.connect(self._on_failed)
        self.job.ended.connect(self._on_job_ended)
        self.progress.setMaximum(max(1, config.train.steps))
        self.progress.setFormat(self.tr("starting: step {step} of {total}").format(
            step=self.run_length.start_step, total=config.train.steps))
        self.status.setText(self.tr("Preparing data and model…"))
        self._set_state("running")
        self._ui_timer.start()
        self.job.start()
        return self.job

    def _fit_cadence(self, config, steps: int) -> int:
        """A run of a few minutes still shows samples and held-out scores along the way (about eight of
        each); the steps are re-fitted because evaluations take time too."""
        t = config.train
        cadence = max(10, (steps - self.run_length.start_step) // 8)
        if t.sample_every <= cadence and t.eval_every <= cadence:
            return steps
        t.sample_every, t.eval_every = min(t.sample_every, cadence), min(t.eval_every, cadence)
        self.run_length.set_config(self.project, config, measure=False)
        for name in ("sample_every", "eval_every"):
            editor = self.form.editor("train", name)
            editor.blockSignals(True)
            editor.setValue(getattr(t, name))
            editor.blockSignals(False)
        return self.run_length.steps_for_start() or steps

    def pause(self) -> None:
        if self.job is not None and self.state == "running":
            self.job.pause()
            self._set_state("paused")
            self.status.setText(self.tr("Paused."))

    def resume(self) -> None:
        if self.job is not None and self.state == "paused":
            self.job.resume()
            self._set_state("running")

    def stop(self) -> None:
        if self.job is not None and self.job.is_running():
            self.job.cancel()
            self._set_state("stopping")
            self.status.setText(self.tr("Stopping: saving a checkpoint…"))

    def is_running(self) -> bool:
        return self.job is not None and self.job.is_running()

    def _on_start_clicked(self) -> None:
        self.start()

    def _on_pause_clicked(self) -> None:
        self.pause()

    def _on_resume_clicked(self) -> None:
        self.resume()

    def _on_stop_clicked(self) -> None:
        self.stop()

    def _set_state(self, state: str) -> None:
        self.state = state
        has_project = self.project is not None
        self.start_button.setEnabled(state == "idle" and has_project)
        self.pause_button.setEnabled(state == "running")
        self.resume_button.setEnabled(state == "paused")
        self.stop_button.setEnabled(state in ("running", "paused"))
        self.form.setEnabled(state == "idle")
        self.run_length.setEnabled(state == "idle")
        self.quality.set_training(state != "idle")
        self.state_changed.emit(state)

    def _on_form_changed(self) -> None:
        editor = self.form.editor("train", "device")
        threads = self.form.editor("train", "threads").value()
        self.device_label.setText(self.tr("Device: {device}").format(
            device=device_description(editor.currentData(), threads)))
        if self.project is None or self.is_running():
            return
        try:
            config = self.form.apply_to(self.project.config)
        except Exception:  # noqa: BLE001 - Start says what is wrong; the estimate just waits
            return
        self.run_length.set_config(self.project, config)

    def _on_run_length_measured(self, _timing) -> None:
        if self._start_when_measured and self.state == "idle":
            self.start()

    # -- reports ---------------------------------------------------------------------------------------
    def _on_train_step_ready(self, report) -> None:
        self.plots.add_train_step(report)
        self._latest_step = report

    def _on_sample_ready(self, report) -> None:
        self._pending_samples.append(report)

    def _on_ui_timer_timeout(self) -> None:
        if self._pending_samples:
            pending, self._pending_samples = self._pending_samples, []
            for report in pending[:-1]:
                self.samples.add_sample(report.step, report.grid, show=False)
            self.samples.add_sample(pending[-1].step, pending[-1].grid)
        report, self._latest_step = self._latest_step, None
        if report is None:
            return
        self.progress.setMaximum(max(1, report.total_steps))
        self.progress.setValue(min(report.step, report.total_steps))
        self.progress.setFormat(self.tr("step {step} / {total}").format(step=report.step, total=report.total_steps))
        if self.state == "running":
            # Plain words in plain view; the losses are in the expert plots.
            self.status.setText(self.tr("{left} left · {ips:.1f} glyph images a second").format(
                ips=report.images_per_second, left=format_duration(report.eta_seconds)))

    def _on_eval_ready(self, report) -> None:
        self._evaluated = True
        self.plots.add_eval(report)
        self._show_step(report.step)

    def _show_step(self, step: int) -> None:
        """Evaluations and checkpoints move the bar too, so it never says 'not started' after a save."""
        if step > self.progress.value():
            self.progress.setValue(min(step, self.progress.maximum()))
            self.progress.setFormat(self.tr("step {step} / {total}").format(step=step, total=self.progress.maximum()))

    def _on_checkpoint_saved(self, report) -> None:
        self._show_step(report.step)
        best = self.tr(" (best held-out score so far)") if report.is_best and self._evaluated else ""
        self.notice.setText(self.tr("Checkpoint saved at step {step}{best}.").format(step=report.step, best=best))

    def _on_notice_posted(self, report) -> None:
        self.notice.setText(report.message)

    def _on_finished(self, report) -> None:
        self._on_ui_timer_timeout()  # the last step's figures first, so the final text stays
        reason = getattr(report, "reason", "completed")
        step = getattr(report, "step", 0)
        saved = _saved_step(getattr(report, "checkpoint_path", None), step)
        text = {"completed": self.tr("Training finished at step {step}."),
                "cancelled": self.tr("Stopped at step {step}; the model is saved at step {saved}."),
                "early-stopped": self.tr("Training stopped early at step {step}: the held-out error stopped "
                                         "improving; the best model is kept."),
                "time-up": self.tr("Training finished at step {step} of the {total} planned: the time budget "
                                   "was spent (this computer ran slower than measured).")}
        took = ""
        if self._started_at is not None:
            elapsed = time.monotonic() - self._started_at
            took = " " + self.tr("Took {took}").format(took=format_duration(elapsed))
            if self._predicted_seconds and reason in ("completed", "time-up"):
                took += self.tr(" (estimated {estimate}).").format(estimate=format_duration(self._predicted_seconds))
            else:
                took += "."
        self.status.setText(text.get(reason, reason).format(step=step, saved=saved,
                                                             total=self.progress.maximum()) + took)
        self.progress.setValue(min(step, self.progress.maximum()))
        self.progress.setFormat(self.tr("step {step} / {total}").format(step=step, total=self.progress.maximum()))
        self.training_finished.emit(report)

    def _on_failed(self, message: str) -> None:
        self.status.setText(self.tr("Training failed."))
        show_error(self, self.tr("Training failed"), message)

    def _on_job_ended(self) -> None:
        self._ui_timer.stop()
        self.job = None
        self._set_state("idle")
        if self.project is not None:   # the next run starts where this one ended
            self.run_length.start_step = self.progress.value()
            self.run_length.set_config(self.project, self.project.config, measure=False)

    def confirm_stop(self) -> bool:
        """Asked before closing the project or the window while training runs."""
        if not self.is_running():
            return True
        answer = QMessageBox.question(
            self, self.tr("Training is running"),
            self.tr("Stop training? A checkpoint is saved and training resumes from it next time."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes
