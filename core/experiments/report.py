"""The comparison report: per-cell quality and stability tables, winners and PNG plots from the grid's run files.

Winners are decided by mean rank so that no single metric decides: quality ranks SSIM, RMSE, content
and style accuracy and the Frechet distance of the final models, plus held-out L1 at an equal wall-clock
time; stability ranks the share of saturated logs, the held-out L1 rise after its best point and the
spread of final held-out L1 across seeds. Loss standard deviations are shown but not ranked, because
bce, hinge and WGAN losses live on different scales.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from core.atomic_io import write_json_atomic, write_text_atomic
from core.config import Config
from core.experiments.grid import BASE_FACTORS
from core.experiments.stability import value_at_time
from core.quality.plot import PALETTE, Series, line_plot
from core.quality.suite import markdown_table

# (key, title, higher is better)
QUALITY_KEYS = (("ssim", "SSIM", True), ("rmse", "RMSE", False), ("content_accuracy", "content acc", True),
                ("style_accuracy", "style acc", True), ("frechet", "FD", False), ("l1_equal_time", "L1 @ T", False))
STABILITY_KEYS = (("saturated_fraction", "saturated", False), ("held_out_l1_rise", "L1 rise", False),
                  ("seed_spread_l1", "seed spread", False))


def load_runs(out_dir: str | Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((Path(out_dir) / "runs").glob("*.json"))]


def _mean(values) -> float | None:
    vals = [v for v in values if v is not None and math.isfinite(v)]
    return float(np.mean(vals)) if vals else None


def _std(values) -> float | None:
    vals = [v for v in values if v is not None and math.isfinite(v)]
    return float(np.std(vals)) if len(vals) > 1 else None


def summarise(runs: list[dict], cell_order: list[str] | None = None) -> dict:
    """Per-cell means and spreads over seeds, the equal-time point T, and the rank-based winners."""
    cells = [c for c in (cell_order or []) if any(r["cell"] == c for r in runs)]
    cells += sorted({r["cell"] for r in runs} - set(cells))
    t_equal = min((r["curve"]["seconds"][-1] for r in runs if r["curve"]["seconds"]), default=0.0)
    summary = {}
    for cell in cells:
        group = [r for r in runs if r["cell"] == cell]
        model = [r["quality"][0] for r in group]
        final_l1 = [m["l1"] for m in model]
        row = {"label": group[0]["label"], "seeds": [r["seed"] for r in group],
               "factors": {**BASE_FACTORS, **group[0].get("overrides", {})},
               "adversarial_loss": group[0]["adversarial_loss"],
               "steps_done": _mean(r["steps_done"] for r in group), "seconds": _mean(r["seconds"] for r in group),
               "seconds_per_step": _mean(r["seconds"] / max(r["steps_done"], 1) for r in group),
               "l1_equal_time": _mean(value_at_time(r["curve"]["seconds"], r["curve"]["held_out_l1"], t_equal)
                                      for r in group),
               "seed_spread_l1": _std(final_l1)}
        for key in ("l1", "rmse", "ssim", "ink_iou", "chamfer", "hausdorff95", "content_accuracy",
                    "style_accuracy", "frechet"):
            row[key] = _mean(m[key] for m in model)
            row[key + "_std"] = _std(m[key] for m in model)
        for key in ("d_loss_std", "g_loss_std", "saturated_fraction", "held_out_l1_rise"):
            row[key] = _mean(r["stability"][key] for r in group)
        firsts = [r["stability"]["first_saturated_step"] for r in group]
        row["first_saturated_step"] = min((f for f in firsts if f is not None), default=None)
        row["saturation_defined"] = group[0]["stability"]["saturated_fraction"] is not None
        summary[cell] = row
    return {"t_equal_seconds": t_equal, "cells": summary,
            "quality_rank": _ranks(summary, QUALITY_KEYS), "stability_rank": _ranks(summary, STABILITY_KEYS)}


def _ranks(summary: dict, keys) -> dict[str, float]:
    """Mean rank (1 = best) of each cell over the keys it has a value for."""
    ranks: dict[str, list[float]] = {cell: [] for cell in summary}
    for key, _, higher in keys:
        scored = [(cell, row[key]) for cell, row in summary.items() if row.get(key) is not None]
        if len(scored) < 2:
            continue
        values = np.array([v for _, v in scored]) * (-1 if higher else 1)
        for cell, value in zip((c for c, _ in scored), values):
            # Tied cells share the mean of their places (two cells that never saturate both rank 1.5).
            ranks[cell].append(1 + float((values < value).sum()) + ((values == value).sum() - 1) / 2)
    return {cell: float(np.mean(r)) for cell, r in ranks.items() if r}


def _fmt(value, spec: str = ".4f", std=None) -> str:
    if value is None:
        return "n/a"
    text = format(value, spec)
    return f"{text} ± {format(std, spec)}" if std is not None else text


def _quality_table(summary: dict) -> str:
    lines = ["| cell | steps | s/step | L1 @ T | L1 | RMSE | SSIM | Chamfer | HD95 | content | style | FD | rank |",
             "|---" * 13 + "|"]
    for cell, r in summary["cells"].items():
        lines.append(f"| {r['label']} | {r['steps_done']:.0f} | {r['seconds_per_step']:.2f} | {_fmt(r['l1_equal_time'])} "
                     f"| {_fmt(r['l1'], '.4f', r['l1_std'])} | {_fmt(r['rmse'], '.4f', r['rmse_std'])} "
                     f"| {_fmt(r['ssim'], '.4f', r['ssim_std'])} | {_fmt(r['chamfer'])} | {_fmt(r['hausdorff95'])} "
                     f"| {_fmt(r['content_accuracy'], '.3f', r['content_accuracy_std'])} "
                     f"| {_fmt(r['style_accuracy'], '.3f', r['style_accuracy_std'])} | {_fmt(r['frechet'], '.1f')} "
                     f"| {_fmt(summary['quality_rank'].get(cell), '.2f')} |")
    return "\n".join(lines)


def _stability_table(summary: dict) -> str:
    lines = ["| cell | loss | D loss std | G loss std | saturated | first saturated | L1 rise | seed spread (L1) | rank |",
             "|---" * 9 + "|"]
    for cell, r in summary["cells"].items():
        first = r["first_saturated_step"] if r["saturation_defined"] else "n/a"
        first = int(first) if isinstance(first, float) else first
        lines.append(f"| {r['label']} | {r['adversarial_loss']} | {_fmt(r['d_loss_std'], '.3f')} "
                     f"| {_fmt(r['g_loss_std'], '.3f')} | {_fmt(r['saturated_fraction'], '.2f')} "
                     f"| {first if first is not None else 'never'} | {_fmt(r['held_out_l1_rise'])} "
                     f"| {_fmt(r['seed_spread_l1'])} | {_fmt(summary['stability_rank'].get(cell), '.2f')} |")
    return "\n".join(lines)


def _plots(out_dir: Path, runs: list[dict], summary: dict, clock: str = "cpu") -> list[Path]:
    colors = {cell: PALETTE[i % len(PALETTE)] for i, cell in enumerate(summary["cells"])}
    labels = {cell: row["label"] for cell, row in summary["cells"].items()}
    l1, scores = [], []
    for r in runs:
        thin = r["seed"] != min(summary["cells"][r["cell"]]["seeds"])
        c = r["curve"]
        l1.append(Series(labels[r["cell"]], c["seconds"], c["held_out_l1"], colors[r["cell"]], thin))
        if r["adversarial_loss"] == "hinge":
            s = r["losses"]
            gap = [a - b for a, b in zip(s["d_real"], s["d_fake"])]
            scores.append(Series(labels[r["cell"]], s["step"], gap, colors[r["cell"]], thin))
    x_label = "process CPU seconds" if clock == "cpu" else "wall-clock seconds"
    paths = [line_plot(out_dir / "held-out-l1.png", l1, "held-out L1 over time (thin: other seeds)",
                       x_label, "held-out L1 (lower is better)")]
    if scores:
        paths.append(line_plot(out_dir / "d-score-gap.png", scores,
                               "hinge runs: D score on real minus fake (gap >= 2 means both hinges inactive)",
                               "step", "D(real) - D(fake)"))
    return paths


def default_cell(summary: dict) -> str | None:
    """The cell whose four factors are today's Config defaults (the defaults move with the evidence)."""
    defaults = Config().to_dict()
    for name, row in summary["cells"].items():
        factors = row.get("factors") or {}
        if factors and all(defaults[path.split(".")[0]][path.split(".")[1]] == value
                           for path, value in factors.items()):
            return name
    return None


def _batchnorm_twin(summary: dict, name: str) -> str | None:
    """For an SN-without-norm cell, the cell with zi2zi's BatchNorm D and the same loss and schedule;
    for the SN recipe's cells (which change more than the D), zi2zi's whole recipe."""
    factors = summary["cells"][name].get("factors") or {}
    if not factors.get("model.discriminator_spectral_norm") or factors.get("model.discriminator_norm") != "none":
        return None
    batchnorm = {other: row.get("factors") or {} for other, row in summary["cells"].items()
                 if (row.get("factors") or {}).get("model.discriminator_norm") == "batch"
                 and not (row.get("factors") or {}).get("model.discriminator_spectral_norm")}
    for other, f in batchnorm.items():
        if (f.get("train.adversarial_loss") == factors["train.adversarial_loss"]
                and f.get("train.g_steps_per_d_step") == factors["train.g_steps_per_d_step"]
                and f.get("train.ema_decay", 0.0) == factors.get("train.ema_decay", 0.0)):
            return other
    if factors.get("train.ema_decay") or factors.get("train.augment", "none") != "none":
        return "zi2zi" if "zi2zi" in batchnorm else None
    return None


def verdict(summary: dict) -> list[str]:
    """Plain sentences naming the winners, the default's place, and every SN cell against its BatchNorm twin."""
    q, s, cells = summary["quality_rank"], summary["stability_rank"], summary["cells"]
    lines = []
    if q:
        best = min(q, key=q.get)
        lines.append(f"Best on quality at equal time (mean rank {q[best]:.2f}): {cells[best]['label']}.")
    if s:
        best = min(s, key=s.get)
        lines.append(f"Best on stability (mean rank {s[best]:.2f}): {cells[best]['label']}.")
    default = default_cell(summary)
    if default and q and s:
        q_place = sorted(q.values()).index(q[default]) + 1
        s_place = sorted(s.values()).index(s[default]) + 1
        lines.append(f"Today's default ({cells[default]['label']}) is {q_place} of {len(q)} on quality "
                     f"and {s_place} of {len(s)} on stability.")
    for name in cells:
        twin = _batchnorm_twin(summary, name)
        if twin is None:
            continue
        better, worse, tied = _head_to_head(cells[name], cells[twin])
        lines.append(f"{cells[name]['label']}{' (the default)' if name == default else ''} against "
                     f"{cells[twin]['label']}, per quality figure (a difference smaller than the seed-to-seed "
                     f"spread counts as a tie): better on {', '.join(better) or 'none'}; worse on "
                     f"{', '.join(worse) or 'none'}; tied on {', '.join(tied) or 'none'}. Stability rank "
                     f"{_fmt(s.get(name), '.2f')} against {_fmt(s.get(twin), '.2f')} (lower is better).")
    return lines


def _head_to_head(a: dict, b: dict) -> tuple[list[str], list[str], list[str]]:
    better, worse, tied = [], [], []
    for key, title, higher in QUALITY_KEYS:
        if a.get(key) is None or b.get(key) is None:
            continue
        spread = max(a.get(key + "_std") or 0.0, b.get(key + "_std") or 0.0)
        diff = (a[key] - b[key]) * (1 if higher else -1)
        (tied if abs(diff) <= spread or diff == 0 else better if diff > 0 else worse).append(title)
    return better, worse, tied


def _accuracy_text(accuracy: dict | None) -> str:
    if not accuracy:
        return "not recorded"
    return ", ".join(f"{name} {value:.3f}" for name, value in accuracy.items())


def write_report(out_dir: str | Path, cell_order: list[str] | None = None) -> Path:
    """report.md, summary.json and the PNG plots in out_dir, from whatever runs have finished."""
    out_dir = Path(out_dir)
    runs = load_runs(out_dir)
    path = out_dir / "report.md"
    if not runs:
        write_text_atomic(path, "# Discriminator comparison\n\nNo run has finished yet.\n")
        return path
    summary = summarise(runs, cell_order)
    write_json_atomic(out_dir / "summary.json", summary)
    grid = json.loads((out_dir / "grid.json").read_text(encoding="utf-8")) if (out_dir / "grid.json").is_file() else {}
    plots = _plots(out_dir, runs, summary, grid.get("clock", "cpu"))
    reference = [row for row in runs[0]["quality"][1:]]
    text = "\n".join([
        "# Discriminator comparison", "",
        f"{len(runs)} runs; budget per run {grid.get('steps')} steps or {grid.get('seconds')} s, whichever ends "
        f"first; {grid.get('image_size')} px, batch {grid.get('batch_size')}, width "
        f"{grid.get('generator_channels')}, device {grid.get('device')}, {grid.get('threads')} thread(s); "
        f"time is {'process CPU seconds (fair on a shared machine)' if grid.get('clock') == 'cpu' else 'wall-clock seconds'}.",
        f"Held-out figures of the final model, mean ± std over seeds. L1 @ T: held-out L1 at the equal "
        f"time T = {summary['t_equal_seconds']:.0f} s (interpolated). s/step includes the periodic held-out "
        f"evaluation. Classifier validation accuracy: "
        f"{_accuracy_text(runs[0].get('classifier_accuracy'))}.", "",
        "## Verdict", "", *[f"- {line}" for line in verdict(summary)], "",
        "## Quality", "", _quality_table(summary), "",
        "Reference rows on the same held-out pairs:", "", markdown_table(reference), "",
        "## Stability", "", _stability_table(summary), "",
        *[f"![{p.stem}]({p.name})" for p in plots], ""])
    write_text_atomic(path, text)
    return path
