"""Quality panel: the latest `zi2zi eval` figures (evaluation.json) with their reference rows, beside the curves."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

EVALUATION_FILE = "evaluation.json"
# (header, key, format); pixel and classifier figures side by side, as the report shows them.
COLUMNS = (("L1", "l1", ".4f"), ("RMSE", "rmse", ".4f"), ("SSIM", "ssim", ".3f"), ("ink IoU", "ink_iou", ".3f"),
           ("Chamfer", "chamfer", ".4f"), ("HD95", "hausdorff95", ".4f"), ("content", "content_accuracy", ".2f"),
           ("style", "style_accuracy", ".2f"), ("FD", "frechet", ".1f"))


class QualityPanel(QWidget):
    """Shows a project's evaluation.json; `refresh()` re-reads it after an evaluation."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.path: Path | None = None
        self.summary = QLabel()
        self.summary.setObjectName("qualitySummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("qualityTable")
        self.table.setHorizontalHeaderLabels([self.tr(title) for title, _, _ in COLUMNS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table)
        self._show_nothing()

    def set_project(self, project) -> None:
        self.path = Path(project.root) / EVALUATION_FILE if project is not None else None
        self.refresh()

    def refresh(self) -> None:
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

    def _show_nothing(self, text: str | None = None) -> None:
        self.table.setRowCount(0)
        self.summary.setText(text or self.tr("No evaluation yet. After training, evaluate the model "
                                             "(zi2zi eval) to see held-out quality here."))

    def _show(self, result: dict, rows: list[dict]) -> None:
        self.table.setRowCount(len(rows))
        self.table.setVerticalHeaderLabels([self.tr(str(r.get("name", ""))) for r in rows])
        for i, row in enumerate(rows):
            for j, (_, key, fmt) in enumerate(COLUMNS):
                value = row.get(key)
                text = format(value, fmt) if isinstance(value, (int, float)) else "–"
                self.table.setItem(i, j, QTableWidgetItem(text))
        self.summary.setText(self.tr("Held-out characters: {count} glyphs at {size} px. Copying the source is "
                                     "the floor; the target shifted by one pixel is a ceiling for pixel figures. "
                                     "Content and style: share of glyphs the project's own classifiers "
                                     "recognise.").format(count=result.get("held_out_pairs", "?"),
                                                          size=result.get("image_size", "?")))
