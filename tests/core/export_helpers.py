"""export_font run to the end for tests: the files written, the validation report read back, every notice."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from core.export import validate
from core.export.pipeline import export_font
from core.reports import FinishedReport, NoticeReport


@dataclass
class ExportResult:
    reason: str
    outputs: dict[str, str] = field(default_factory=dict)
    report: validate.ValidationReport | None = None
    notices: list[str] = field(default_factory=list)


def export_font_sync(glyphs, out_path, settings=None, run=None, origins=None, quality=None) -> ExportResult:
    """core.export.pipeline.export_font driven to its FinishedReport, as the CLI and the app drive it."""
    result = ExportResult(reason="failed")
    for report in export_font(glyphs, out_path, settings, run, origins=origins, quality=quality):
        if isinstance(report, NoticeReport):
            result.notices.append(report.message)
        elif isinstance(report, FinishedReport):
            result.reason, result.outputs = report.reason, dict(report.outputs)
    if "report" in result.outputs:
        with open(result.outputs["report"], encoding="utf-8") as handle:
            result.report = _report_from_dict(json.load(handle))
    return result


def _report_from_dict(data: dict) -> validate.ValidationReport:
    formats = [validate.FormatCheck(**f) for f in data.pop("formats", [])]
    for derived in ("passed", "valid", "verdict", "readability_problems"):
        data.pop(derived, None)
    data["mean_iou"] = float("nan") if data.get("mean_iou") is None else data["mean_iou"]
    return validate.ValidationReport(formats=formats, **data)
