"""Loss history: every step and held-out report appended to <project>/training/history.jsonl, read back for curves.

One JSON object per line, so the file stays readable in a text editor and a crash mid-write costs at
most its last line (which the reader skips). This is the one project file that is appended to rather
than replaced atomically: rewriting a growing history at every report would cost O(n^2). When training
resumes from a checkpoint, lines after that step are dropped (atomically) so the curves continue from it.
"""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from core.atomic_io import atomic_path
from core.project.layout import history_file
from core.reports import EvalReport, TrainStepReport

log = logging.getLogger(__name__)



def history_path(project_root: str | Path) -> Path:
    return history_file(project_root)


def _clean(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None  # strict JSON has no NaN; null reads back as NaN


def report_record(report: Any) -> dict[str, Any] | None:
    """The line written for a report, or None for reports the history does not keep."""
    if isinstance(report, TrainStepReport):
        return {"type": "train", "step": report.step,
                "losses": {k: _clean(v) for k, v in report.losses.items()},
                "d_real": _clean(report.d_real_score), "d_fake": _clean(report.d_fake_score),
                "g_lr": _clean(report.generator_lr), "d_lr": _clean(report.discriminator_lr),
                "spectral_norms": {k: _clean(v) for k, v in report.spectral_norms.items()}}
    if isinstance(report, EvalReport):
        record = {"type": "eval", "step": report.step, "held_out_l1": _clean(report.held_out_l1),
                  "copy_source_l1": _clean(report.copy_source_l1)}
        if report.style_accuracy is not None:  # fine-tuning with train.judge_style
            record["style_accuracy"] = _clean(report.style_accuracy)
        return record
    return None


def read_records(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    records = []
    try:
        # errors="replace": a damaged byte costs its line (which then fails to parse), never the whole file.
        with open(path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                try:
                    record = json.loads(line)
                except (ValueError, RecursionError):
                    log.warning("skipping unreadable line %d of %s", number, path)
                    continue
                if _well_formed(record):
                    records.append(record)
    except OSError as exc:  # curves are a convenience: an unreadable history shows none
        log.warning("cannot read %s: %s", path, exc)
    return records


def _well_formed(record) -> bool:
    if not isinstance(record, dict) or type(record.get("step")) is not int:
        return False
    for key in ("losses", "spectral_norms"):
        group = record.get(key)
        if group is not None and not (isinstance(group, dict) and all(_number(v) for v in group.values())):
            return False
    return all(_number(record.get(k)) for k in ("d_real", "d_fake", "g_lr", "d_lr", "held_out_l1",
                                                  "copy_source_l1", "style_accuracy"))


def _number(value) -> bool:
    return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool))


class HistoryWriter:
    """Appends report lines; `truncate_after(step)` first, so a resumed run continues the same curves."""

    def __init__(self, project_root: str | Path) -> None:
        self.path = history_path(project_root)

    def truncate_after(self, step: int) -> None:
        records = [r for r in read_records(self.path) if r["step"] <= step]
        if not self.path.exists() and not records:
            return
        with atomic_path(self.path) as tmp:
            tmp.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")

    def append(self, report: Any) -> None:
        record = report_record(report)
        if record is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(json.dumps(record) + "\n")
        except OSError as exc:  # curves are a convenience; a full disk must not stop training
            log.warning("cannot append to %s: %s", self.path, exc)


def recorded(reports: Iterable[Any], writer: HistoryWriter | None) -> Iterator[Any]:
    """Pass reports through, appending the ones the history keeps."""
    for report in reports:
        if writer is not None:
            writer.append(report)
        yield report


@dataclass
class History:
    """Curves as arrays, grouped the way the app plots them: {group: {name: (steps, values)}}."""
    curves: dict[str, dict[str, tuple[np.ndarray, np.ndarray]]] = field(default_factory=dict)

    def last_step(self) -> int:
        steps = [int(xs[-1]) for group in self.curves.values() for xs, _ in group.values() if len(xs)]
        return max(steps, default=0)


def _latest_trajectory(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """After a NaN rollback the trainer logs steps again; the later lines replace the earlier ones."""
    by_type: dict[str, list[dict[str, Any]]] = {}
    for r in records:
        kept = by_type.setdefault(str(r.get("type")), [])
        while kept and kept[-1]["step"] >= r["step"]:
            kept.pop()
        kept.append(r)
    return [r for kept in by_type.values() for r in kept]


def load_history(project_root: str | Path) -> History:
    """Read history.jsonl into arrays: losses, scores (D real/fake), rates, norms, held_out."""
    points: dict[str, dict[str, tuple[list[float], list[float]]]] = {}

    def add(group: str, name: str, step: int, value: Any) -> None:
        xs, ys = points.setdefault(group, {}).setdefault(name, ([], []))
        xs.append(step)
        ys.append(float("nan") if value is None else float(value))

    for r in _latest_trajectory(read_records(history_path(project_root))):
        step = r["step"]
        if r.get("type") == "train":
            for name, value in (r.get("losses") or {}).items():
                add("losses", name, step, value)
            add("scores", "D(real)", step, r.get("d_real"))
            add("scores", "D(fake)", step, r.get("d_fake"))
            add("rates", "G", step, r.get("g_lr"))
            add("rates", "D", step, r.get("d_lr"))
            for name, value in (r.get("spectral_norms") or {}).items():
                add("norms", name, step, value)
        elif r.get("type") == "eval":
            add("held_out", "generated", step, r.get("held_out_l1"))
            add("held_out", "copy source", step, r.get("copy_source_l1"))
    return History({g: {n: (np.asarray(xs, float), np.asarray(ys, float)) for n, (xs, ys) in c.items()}
                    for g, c in points.items()})
