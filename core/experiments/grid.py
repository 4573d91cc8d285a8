"""The discriminator comparison grid: fixed cells x seeds on the demo fonts, same data, seed, budget and size.

Each run trains until whichever budget ends first, steps or wall-clock seconds, and both are recorded.
Every finished run writes runs/<cell>--seed<k>.json atomically, so a killed grid continues where it
stopped. A half-finished run continues from its last checkpoint (one per held-out evaluation), with the
budget it had spent and the series recorded up to that checkpoint (grid-run.json in its project folder);
one whose settings changed, or that has no checkpoint yet, starts again from scratch. A run is claimed
with a lock file first, so a second process on the same folder works on other runs in parallel.
"""

from __future__ import annotations

import copy
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from core.atomic_io import write_json_atomic
from core.config import Config
from core.control import JobControl
from core.dataset import PairData, load_pairs
from core.errors import ConfigError, CoreError
from core.project import Project, layout
from core.quality.classifiers import Classifiers, ensure_classifiers
from core.recipes.demo import demo_config, demo_project, demo_source
from core.recipes.fonts import font_project
from core.reports import CheckpointReport, EvalReport, FinishedReport, ProgressReport, TrainStepReport

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Cell:
    name: str
    label: str
    overrides: dict = field(default_factory=dict)   # "section.key" -> value, applied to the base config


# Every cell starts from these factors, not from Config's defaults, so the grid stays the same experiment
# when the defaults move (as they did twice: see docs/quality-report.md). They are the first SN default.
BASE_FACTORS = {"model.discriminator_norm": "none", "model.discriminator_spectral_norm": True,
                "model.discriminator_conditioning": "category",
                "train.adversarial_loss": "hinge", "train.g_steps_per_d_step": 1,
                "train.beta1": 0.5, "train.beta2": 0.999, "train.generator_lr": 2e-4, "train.discriminator_lr": 4e-4,
                "train.ema_decay": 0.0, "train.augment": "none", "train.stroke_weight": 0.0}

ZI2ZI = {"model.discriminator_norm": "batch", "model.discriminator_spectral_norm": False,
         "train.adversarial_loss": "bce", "train.g_steps_per_d_step": 2}
# The SN literature's recipe (Miyato et al. 2018; Miyato & Koyama 2018; Zhao et al. 2020), today's default.
SN_RECIPE = {"model.discriminator_conditioning": "both", "train.adversarial_loss": "hinge",
             "train.g_steps_per_d_step": 2, "train.beta1": 0.0, "train.beta2": 0.9,
             "train.generator_lr": 2e-4, "train.discriminator_lr": 4e-4,
             "train.ema_decay": 0.999, "train.augment": "translation,cutout"}

DEFAULT_CELLS = (
    Cell("sn", "SN, no BN, hinge (first default)"),
    Cell("bn", "BN, no SN (zi2zi's D)", {"model.discriminator_norm": "batch", "model.discriminator_spectral_norm": False}),
    Cell("sn-bn", "SN + BN", {"model.discriminator_norm": "batch"}),
    Cell("sn-in", "SN + instance norm", {"model.discriminator_norm": "instance"}),
    Cell("sn-bce", "SN, bce loss", {"train.adversarial_loss": "bce"}),
    Cell("sn-wgangp", "SN, WGAN-GP loss", {"train.adversarial_loss": "wgan-gp"}),
    Cell("sn-1d2g", "SN, 1 D : 2 G", {"train.g_steps_per_d_step": 2}),
    Cell("zi2zi", "zi2zi recipe: BN, bce, 1 D : 2 G", ZI2ZI),
    Cell("bn-bce", "BN, no SN, bce", {"model.discriminator_norm": "batch", "model.discriminator_spectral_norm": False,
                                      "train.adversarial_loss": "bce"}),
    Cell("sn-bce-1d2g", "SN, bce, 1 D : 2 G", {"train.adversarial_loss": "bce", "train.g_steps_per_d_step": 2}),
    Cell("sn-recipe", "SN recipe: projection + category head, hinge, Adam (0, 0.9), EMA, DiffAugment", SN_RECIPE),
    Cell("sn-recipe-projection", "SN recipe, projection only (no category head)",
         {**SN_RECIPE, "model.discriminator_conditioning": "projection"}),
    Cell("sn-recipe-noema", "SN recipe without EMA", {**SN_RECIPE, "train.ema_decay": 0.0}),
    Cell("sn-recipe-noaug", "SN recipe without DiffAugment", {**SN_RECIPE, "train.augment": "none"}),
    Cell("sn-recipe-1d1g", "SN recipe, 1 D : 1 G", {**SN_RECIPE, "train.g_steps_per_d_step": 1}),
    Cell("sn-recipe-d64", "SN recipe, D width 64", {**SN_RECIPE, "model.discriminator_channels": 64}),
    Cell("sn-recipe-strokes", "SN recipe, stroke-weighted L1 (pixels on the target's strokes count 4x)",
         {**SN_RECIPE, "train.stroke_weight": 3.0}),
    Cell("sn-recipe-strokes1", "SN recipe, stroke-weighted L1 (pixels on the target's strokes count 2x)",
         {**SN_RECIPE, "train.stroke_weight": 1.0}),
)
# The cells a plain `compare-discriminators` runs: the first grid's ten took about an hour at 64 px.
FIRST_GRID_CELLS = DEFAULT_CELLS[:10]


@dataclass
class GridSpec:
    image_size: int = 64
    seconds: float = 200.0        # time budget per run (training and its periodic held-out L1), see clock
    steps: int = 600              # step budget per run; whichever ends first (at 64 px on one core, time)
    seeds: tuple[int, ...] = (0, 1, 2)
    cells: tuple[Cell, ...] = FIRST_GRID_CELLS
    generator_channels: int = 32
    discriminator_channels: int = 32
    batch_size: int = 8
    evals: int = 12               # held-out L1 points per run
    device: str = "cpu"
    threads: int = 1
    classifier_epochs: int = 12
    tiny: bool = False            # test-sized networks (8 channels) for checking the machinery
    # "cpu": the budget and the time axis are this process's CPU seconds, fair between runs on a machine
    # that others share (one thread: CPU seconds are the wall-clock an idle machine would take).
    clock: str = "cpu"
    # Target fonts (FONT, FONT#N or demo:NAME) learned from the demo's WenQuanYi Micro Hei on the demo
    # charset; empty: the demo pair (UKai and WenKai). A second pair checks that a recipe is not tuned to one.
    targets: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {"image_size": self.image_size, "seconds": self.seconds, "steps": self.steps,
                "seeds": list(self.seeds), "cells": [c.__dict__ for c in self.cells],
                "generator_channels": 8 if self.tiny else self.generator_channels,
                "discriminator_channels": 8 if self.tiny else self.discriminator_channels,
                "batch_size": self.batch_size, "evals": self.evals, "device": self.device,
                "threads": self.threads, "tiny": self.tiny, "clock": self.clock, "targets": list(self.targets)}


@dataclass
class RunReport:
    """One finished (cell, seed) run and where its result was written."""
    cell: str
    seed: int
    done: int
    total: int
    path: str
    result: dict


def select_cells(names: list[str] | None) -> tuple[Cell, ...]:
    if not names:
        return FIRST_GRID_CELLS
    known = {c.name: c for c in DEFAULT_CELLS}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ConfigError(f"unknown grid cell {', '.join(unknown)} (known: {', '.join(known)})")
    return tuple(known[n] for n in names)


def run_config(base: Config, spec: GridSpec, cell: Cell, seed: int) -> Config:
    config = copy.deepcopy(base)
    config.data.image_size = spec.image_size
    m, t = config.model, config.train
    m.generator_channels, m.discriminator_channels = spec.generator_channels, spec.discriminator_channels
    if spec.tiny:
        m.generator_channels = m.discriminator_channels = 8
        m.embedding_dim = 16
    t.batch_size, t.steps, t.seed = spec.batch_size, spec.steps, seed
    t.device, t.threads = spec.device, spec.threads
    t.log_every = 1 if spec.steps <= 200 else 2
    t.eval_every = max(1, spec.steps // max(spec.evals, 1))
    # Sample grids of the same held-out characters along the run: the pictures the report shows.
    t.sample_every = max(1, spec.steps // 4)
    # A checkpoint at every evaluation: a killed grid loses at most one evaluation interval of a run.
    t.checkpoint_every = t.eval_every
    t.keep_checkpoints = 1
    raw = config.to_dict()
    for path, value in {**BASE_FACTORS, **cell.overrides}.items():
        section, key = path.split(".")
        raw[section][key] = value
    return Config.from_dict(raw)


def _data_project(out_dir: Path, spec: GridSpec) -> Project:
    root = out_dir / "data"
    if layout.is_project(root):
        return Project.open(root)
    if not spec.targets:
        return demo_project(root, image_size=spec.image_size)
    from core.recipes.fonts import parse_font_spec

    # Another pair with the demo's source, characters and network widths.
    return font_project(root, source=demo_source(), targets=[parse_font_spec(t) for t in spec.targets],
                        config=demo_config(spec.image_size), name="second pair")


def prepare_grid(spec: GridSpec, out_dir: str | Path) -> tuple[Project, PairData, Classifiers]:
    """The grid's shared data project, rendered pairs and classifiers, made once and cached in out_dir.

    Run this before starting parallel workers on one folder, so that they load the cache instead of
    each training the classifiers.
    """
    out_dir = Path(out_dir)
    (out_dir / "runs").mkdir(parents=True, exist_ok=True)
    write_json_atomic(out_dir / "grid.json", spec.to_dict())
    project = _data_project(out_dir, spec)
    data = load_pairs(project, spec.image_size)
    epochs = 2 if spec.tiny else spec.classifier_epochs
    return project, data, ensure_classifiers(project.cache_dir, data, epochs=epochs)


def run_grid(spec: GridSpec, out_dir: str | Path, control: JobControl | None = None,
             prepared: tuple[Project, PairData, Classifiers] | None = None) -> Iterator:
    """Yields ProgressReport, RunReport per finished run, then FinishedReport(outputs={"runs": folder}).

    prepared: what prepare_grid returned, when the caller made it already (before starting helpers).
    """
    out_dir, control = Path(out_dir), control or JobControl()
    runs_dir = out_dir / "runs"
    if prepared is None:
        yield ProgressReport(0, 0, "training the quality classifiers (once per size)")
        prepared = prepare_grid(spec, out_dir)
    project, data, classifiers = prepared
    # Seed-major order: if a grid must stop early, every cell has its first seed.
    plan = [(cell, seed) for seed in spec.seeds for cell in spec.cells]
    for done, (cell, seed) in enumerate(plan):
        path = runs_dir / f"{cell.name}--seed{seed}.json"
        lock = path.with_suffix(".lock")
        if path.is_file() or not _claim(lock):   # finished, or another worker on this grid runs it
            continue
        try:
            yield ProgressReport(done, len(plan), f"{cell.label}, seed {seed}")
            result = _run(project, data, classifiers, spec, cell, seed, out_dir, control)
            if result is None:  # cancelled by the user: leave no result, the next start redoes this run
                yield FinishedReport(0, "cancelled", outputs={"runs": str(runs_dir)})
                return
            write_json_atomic(path, result)
        finally:
            lock.unlink(missing_ok=True)
        yield RunReport(cell.name, seed, done + 1, len(plan), str(path), result)
    yield FinishedReport(0, "completed", outputs={"runs": str(runs_dir)})


def _run(project: Project, data: PairData, classifiers: Classifiers, spec: GridSpec, cell: Cell, seed: int,
         out_dir: Path, control: JobControl) -> dict | None:
    from core.inference import GlyphGenerator
    from core.quality.evaluate import evaluate_model
    from core.training.loop import train

    config = run_config(project.config, spec, cell, seed)
    root = out_dir / "projects" / f"{cell.name}--seed{seed}"
    state = _resumable_state(root, config)
    if state is None:
        if root.exists():
            shutil.rmtree(root)
        shutil.copytree(project.root, root, ignore=shutil.ignore_patterns(*layout.copy_ignore_names()))
    run_project = Project.open(root)
    if state is None:
        run_project.save()
    record = _Recorder.from_dict(state["record"]) if state else _Recorder()
    run_control = JobControl()
    # A resumed run counts the budget it had spent before, so its budget stays the grid's.
    started = _clock(spec) - (state["seconds"] if state else 0.0)
    wall_started = time.perf_counter() - (state["wall_seconds"] if state else 0.0)
    finished = None
    for report in train(run_project, config, run_control, resume=state is not None, data=data):
        elapsed = _clock(spec) - started
        record.take(report, elapsed)
        if isinstance(report, CheckpointReport):
            write_json_atomic(root / RUN_STATE, {"config": config.to_dict(), "step": report.step,
                                                 "seconds": elapsed,
                                                 "wall_seconds": time.perf_counter() - wall_started,
                                                 "record": record.to_dict()})
        if control.is_cancelled:
            run_control.cancel()
        elif elapsed >= spec.seconds and not run_control.is_cancelled:
            run_control.cancel()   # the trainer stops at its next step and saves a checkpoint
        if isinstance(report, FinishedReport):
            finished = report
    seconds, wall = _clock(spec) - started, time.perf_counter() - wall_started
    if control.is_cancelled or finished is None:
        return None
    model = GlyphGenerator.from_checkpoint(finished.checkpoint_path, spec.device)
    quality = evaluate_model(model, data, [s.name for s in run_project.styles], classifiers)
    from core.experiments.stability import run_stability

    record.add_final(finished.step, seconds, quality["overall"])
    return {"cell": cell.name, "label": cell.label, "seed": seed, "overrides": cell.overrides,
            "image_size": spec.image_size, "adversarial_loss": config.train.adversarial_loss,
            "budget": {"steps": spec.steps, "seconds": spec.seconds},
            "steps_done": finished.step, "seconds": seconds, "wall_seconds": wall, "clock": spec.clock,
            "stopped_by": {"completed": "steps", "cancelled": "seconds"}.get(finished.reason, finished.reason),
            "curve": record.curve, "losses": record.losses,
            "stability": run_stability(config.train.adversarial_loss, record.losses, record.curve),
            "quality": quality["overall"], "classifier_accuracy": quality["classifier_accuracy"],
            "complete_strokes": quality["complete_strokes"]}


RUN_STATE = "grid-run.json"   # in a run's project folder: what a resumed run needs besides its checkpoint


def _resumable_state(root: Path, config: Config) -> dict | None:
    """The saved state of a half-finished run, when it can go on: same settings, and its newest checkpoint
    is the one the state was written with (a kill between the two writes starts the run again)."""
    from core.training.checkpoint import CheckpointStore, step_of

    try:
        state = json.loads((root / RUN_STATE).read_text(encoding="utf-8"))
        latest = CheckpointStore(Project.open(root).checkpoints_dir).latest()
    except (OSError, ValueError, CoreError):   # no state, a torn one, or no project left: start afresh
        return None
    if latest is None or step_of(latest) != state.get("step") or state.get("config") != config.to_dict():
        return None
    return state


def _claim(lock: Path) -> bool:
    """Take a run for this process; a second `compare-discriminators` on the same --out takes others.

    A lock whose process is gone (a killed grid) is taken over.
    """
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:
        try:
            owner = int(lock.read_text(encoding="ascii") or 0)
        except (OSError, ValueError):
            owner = 0
        if owner and _alive(owner):
            return False
        lock.unlink(missing_ok=True)
        return _claim(lock)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(str(os.getpid()))
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)   # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clock(spec: GridSpec) -> float:
    return time.process_time() if spec.clock == "cpu" else time.perf_counter()


class _Recorder:
    """Collects the series a run's stability and quality-over-time figures are computed from."""

    def __init__(self):
        self.curve = {"step": [], "seconds": [], "held_out_l1": [], "copy_source_l1": []}
        self.losses = {"step": [], "seconds": [], "d_adversarial": [], "g_adversarial": [], "g_l1": [],
                       "d_real": [], "d_fake": []}

    def to_dict(self) -> dict:
        return {"curve": self.curve, "losses": self.losses}

    @classmethod
    def from_dict(cls, saved: dict) -> _Recorder:
        record = cls()
        record.curve = {key: list(saved["curve"][key]) for key in record.curve}
        record.losses = {key: list(saved["losses"][key]) for key in record.losses}
        return record

    def add_final(self, step: int, seconds: float, rows: list[dict]) -> None:
        """The final model's held-out L1 (same pairs as the periodic evaluations) closes the curve."""
        if self.curve["step"] and self.curve["step"][-1] == step:
            return
        for key, value in (("step", step), ("seconds", seconds), ("held_out_l1", rows[0]["l1"]),
                           ("copy_source_l1", rows[1]["l1"])):
            self.curve[key].append(float(value))

    def take(self, report, elapsed: float) -> None:
        if isinstance(report, TrainStepReport):
            losses = report.losses
            for key, value in (("step", report.step), ("seconds", elapsed),
                               ("d_adversarial", losses.get("d_adversarial")), ("g_adversarial", losses.get("g_adversarial")),
                               ("g_l1", losses.get("g_l1")), ("d_real", report.d_real_score),
                               ("d_fake", report.d_fake_score)):
                self.losses[key].append(float(value) if value is not None else float("nan"))
        elif isinstance(report, EvalReport):
            for key, value in (("step", report.step), ("seconds", elapsed), ("held_out_l1", report.held_out_l1),
                               ("copy_source_l1", report.copy_source_l1)):
                self.curve[key].append(float(value))
