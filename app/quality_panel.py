"""Quality panel: Evaluate the model, watch its progress, read a plain verdict first and the figures below.

The verdict sentence and the figure lines come from core.quality.verdict, the same words `zi2zi eval`
prints; the table keeps every figure with the reference rows for those who want them.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.workers import Job
from core.project.layout import evaluation_file

log = logging.getLogger(__name__)

# The judges learn the project's glyphs once (then cached, shared with `zi2zi eval`): the same 30 epochs
# as the command, because 12 left them recognising only 6 in 10 real target glyphs (bench/first_hour.py).
APP_CLASSIFIER_EPOCHS = 30
# (header, key, format); pixel and classifier figures side by side, as the report shows them.
COLUMNS = (("L1", "l1", ".4f"), ("RMSE", "rmse", ".4f"), ("SSIM", "ssim", ".3f"), ("ink IoU", "ink_iou", ".3f"),
           ("Chamfer", "chamfer", ".4f"), ("HD95", "hausdorff95", ".4f"), ("content", "content_accuracy", ".2f"),
           ("style", "style_accuracy", ".2f"), ("FD", "frechet", ".1f"))



def translated(template: str, values: dict) -> str:
    """A core.quality.verdict sentence in the app's language: the template and its word values (figure
    names, directions) are looked up in the "Verdict" context, then filled in."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("Verdict", text)
    words = {k: tr(v) if k in ("name", "direction") else v for k, v in values.items()}
    return tr(template).format(**words)

class QualityPanel(QWidget):
    """Shows a project's evaluation.json and runs a new evaluation on demand."""

    evaluated = Signal(object)   # the QualityReport of an evaluation run from here

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.project = None
        self.path: Path | None = None
        self.job: Job | None = None
        self._training = False
        self.evaluate_button = QPushButton(self.tr("Evaluate"))
        self.evaluate_button.setObjectName("evaluate")
        self.evaluate_button.setToolTip(self.tr("Judge the model on characters it never trained on: are "
                                                "they readable, and is the style recognisable?"))
        self.evaluate_button.clicked.connect(self._on_evaluate_clicked)
        self.progress = QProgressBar()
        self.progress.setObjectName("evaluationProgress")
        self.progress.setVisible(False)
        self.verdict = QLabel()
        self.verdict.setObjectName("qualityVerdict")
        self.verdict.setWordWrap(True)
        self.verdict.setStyleSheet("font-weight: 600; font-size: 11pt;")
        self.summary = QLabel()
        self.summary.setObjectName("qualitySummary")
        self.summary.setWordWrap(True)
        self.summary.setStyleSheet("color: #444;")
        self.details_toggle = QToolButton(text=self.tr("All figures"), checkable=True)
        self.details_toggle.setAutoRaise(True)
        self.details_toggle.setToolTip(self.tr("Every figure, beside copying the source (the floor) and the "
                                               "target moved one pixel (a ceiling for pixel figures)"))
        self.details_toggle.toggled.connect(self._on_details_toggled)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("qualityTable")
        self.table.setHorizontalHeaderLabels([self.tr(title) for title, _, _ in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setVisible(False)
        top = QHBoxLayout()
        top.addWidget(self.evaluate_button)
        top.addWidget(self.verdict, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.progress)   # its own row: the stage names are long
        layout.addWidget(self.summary)
        layout.addWidget(self.details_toggle)
        layout.addWidget(self.table)
        self._show_nothing()

    def set_project(self, project) -> None:
        self.project = project
        self.path = evaluation_file(project.root) if project is not None else None
        self.refresh()

    def set_training(self, running: bool) -> None:
        """No evaluation while training: both want the CPU, and the checkpoint changes under it."""
        self._training = running
        self._update_button()

    def _update_button(self) -> None:
        busy = self.job is not None and self.job.is_running()
        self.evaluate_button.setEnabled(self.project is not None and not busy and not self._training)

    def refresh(self) -> None:
        self._update_button()
        if self.path is None or not self.path.is_file():
            self._show_nothing()
            return
        try:
            result = json.loads(self.path.read_text(encoding="utf-8"))
            rows = result["overall"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("cannot read %s: %s", self.path, exc)
            self._show_nothing(self.tr("The last evaluation file cannot be read; evaluate the model again."))
            return
        self._show(result, rows)

    # -- evaluating ------------------------------------------------------------------------------------
    def evaluate(self) -> Job | None:
        if self.project is None or self._training or (self.job is not None and self.job.is_running()):
            return None
        project = self.project

        def run(control):
            from core.quality.progress import evaluate_with_progress
            yield from evaluate_with_progress(project, classifier_epochs=APP_CLASSIFIER_EPOCHS, control=control)
        self.job = Job(run, self.tr("Evaluating the model"), self)
        self.job.progressed.connect(self._on_progressed)
        self.job.report_ready.connect(self._on_report_ready)
        self.job.failed.connect(self._on_failed)
        self.job.ended.connect(self._on_job_ended)
        self.progress.setRange(0, 0)
        self.progress.setFormat(self.tr("starting…"))
        self.progress.setVisible(True)
        self.verdict.setText(self.tr("Evaluating on characters the model never saw…"))
        self.job.start()
        self._update_button()
        return self.job

    def _on_evaluate_clicked(self) -> None:
        self.evaluate()

    def _on_progressed(self, report) -> None:
        self.progress.setRange(0, max(1, report.total))
        self.progress.setValue(report.done)
        self.progress.setFormat(report.message)

    def _on_report_ready(self, report) -> None:
        from core.reports import QualityReport
        if isinstance(report, QualityReport):
            self._show(report.result, report.result.get("overall", []))
            self.evaluated.emit(report)

    def _on_failed(self, message: str) -> None:
        self.verdict.setText(self.tr("The evaluation did not finish."))
        self.summary.setText(message.replace("\n\n", " "))

    def _on_job_ended(self) -> None:
        self.job = None
        self.progress.setVisible(False)
        self._update_button()

    def _on_details_toggled(self, shown: bool) -> None:
        self.table.setVisible(shown)

    # -- showing ---------------------------------------------------------------------------------------
    def _show_nothing(self, text: str | None = None) -> None:
        self.table.setRowCount(0)
        self.verdict.setText(text or self.tr("Not evaluated yet."))
        self.summary.setText(self.tr("After some training, click Evaluate: the model writes characters it "
                                     "never trained on, and two judges say whether they are readable and "
                                     "in the right style."))
        self.details_toggle.setVisible(False)

    def _show(self, result: dict, rows: list[dict]) -> None:
        from core.quality.verdict import figure_parts, verdict_parts
        self.verdict.setText(" ".join(translated(t, v) for t, v in verdict_parts(result)))
        lines = [translated(t, v) for t, v in figure_parts(result)]
        self.summary.setText(self.tr("{count} unseen characters at {size} px. ").format(
            count=result.get("held_out_pairs", "?"), size=result.get("image_size", "?")) + " · ".join(lines[:4]))
        self.summary.setToolTip("\n".join(lines))
        self.details_toggle.setVisible(True)
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([self.tr(str(r.get("name", ""))) for r in rows])
        for i, row in enumerate(rows):
            for j, (_, key, fmt) in enumerate(COLUMNS):
                value = row.get(key)
                text = format(value, fmt) if isinstance(value, (int, float)) else "–"
                self.table.setItem(i, j, QTableWidgetItem(text))
