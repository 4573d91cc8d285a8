"""The training loop: a Qt-free generator that drives the Trainer and yields reports (losses, samples, checkpoints)."""

from __future__ import annotations

import copy
import logging
import math
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from core.config import Config
from core.control import JobControl
from core.dataset import PairData, load_pairs
from core.errors import CheckpointError, TrainingError
from core.project import Project
from core.project.layout import style_judge_file, training_dir
from core.reports import CheckpointReport, EvalReport, FinishedReport, NoticeReport, SampleReport, TrainStepReport
from core.training.checkpoint import (
    BEST_NAME,
    CheckpointStore,
    checkpoint_config,
    load_checkpoint,
    nonfinite_tensors,
    step_of,
)
from core.training.device import apply_thread_cap, describe_device, pick_device
from core.training.distributed import DistInfo, any_rank_true, init_from_environment
from core.training.estimate import Pace, describe_minutes
from core.training.history import HistoryWriter, history_path, recorded
from core.training.memory import check_fits
from core.training.samples import sample_grid, sample_pairs, save_grid_png
from core.training.style_judge import finetune_rank
from core.training.trainer import Trainer

log = logging.getLogger(__name__)

Report = TrainStepReport | EvalReport | SampleReport | CheckpointReport | NoticeReport | FinishedReport


def train(project: Project, config: Config | None = None, control: JobControl | None = None, *,
          resume: bool = True, init_from: str | Path | None = None,
          data: PairData | None = None, time_budget_s: float | None = None) -> Iterator[Report]:
    """Train the project's model, yielding reports; cancel saves a checkpoint first.

    resume: continue from the project's latest checkpoint when there is one.
    init_from: a base checkpoint to fine-tune from (its styles are kept, the project's new ones added).
    time_budget_s: the run ends (evaluated and saved, reason "time-up") at the first step that ends
        after this many seconds from now, paused time not counted, even short of `config.train.steps`:
        "train for 10 minutes" is planned as steps from a speed measurement, and a machine that gets
        busier must not stretch it to half an hour.
    """
    budget = TimeBudget(time_budget_s)
    config = config or project.config
    control = control or JobControl()
    dist_info = init_from_environment(config.train.device)
    # One trainer per project: a second run would interleave history and checkpoints (issue 16).
    lock = project.training_lock().acquire() if dist_info.is_main else None
    try:
        yield from _train_locked(project, config, control, dist_info, resume, init_from, data, budget)
    finally:
        if lock is not None:
            lock.release()


def _train_locked(project: Project, config: Config, control: JobControl, dist_info: DistInfo, resume: bool,
                  init_from: str | Path | None, data: PairData | None, budget: TimeBudget) -> Iterator[Report]:
    device = _training_device(config, dist_info)
    store = CheckpointStore(project.checkpoints_dir, config.train.keep_checkpoints)
    if dist_info.is_main:
        _prepare_folders(project, store)
    data = _training_data(project, config, device, data)
    trainer = yield from _start_or_resume(project, config, store, data, device, dist_info, resume, init_from)
    trainer.style_judge_file = style_judge_file(project.root, config.data.image_size)  # a resume reuses the judge
    log.info("training on %s", describe_device(device))
    history = HistoryWriter(project.root) if dist_info.is_main else None
    if history is not None:
        history.truncate_after(trainer.step)  # steps after the checkpoint we resumed from never happened
    yield from recorded(_Loop(trainer, project, store, control, dist_info, budget).run(), history)


# ----- set-up -----------------------------------------------------------------------------------------
def _training_device(config: Config, dist_info: DistInfo):
    apply_thread_cap(config.train.threads)
    device = pick_device(config.train.device)
    if device.type == "cuda" and dist_info.enabled:
        import torch
        device = torch.device("cuda", dist_info.local_rank)
    return device


def _prepare_folders(project: Project, store: CheckpointStore) -> None:
    for folder in (project.checkpoints_dir, project.samples_dir, training_dir(project.root)):
        folder.mkdir(parents=True, exist_ok=True)  # a file in the way fails now, not after the first steps
    _clean_leftovers(project, store)


def _training_data(project: Project, config: Config, device, data: PairData | None) -> PairData:
    data = data or load_pairs(project, config.data.image_size, designer_glyphs=config.train.use_designer_glyphs)
    if len(data.train_indices) == 0:
        raise TrainingError(f"project {project.root} has no training pairs",
                            hint="check that the source and target fonts share characters of the charset")
    check_fits(config, len(data.train_indices), device)
    return data


def _start_or_resume(project: Project, config: Config, store: CheckpointStore, data: PairData, device,
                     dist_info: DistInfo, resume: bool, init_from: str | Path | None):
    """The Trainer (returned; notices yielded): from the newest good checkpoint when resuming, else new."""
    if resume and init_from and _resumable_files(store):
        raise TrainingError(f"project {project.name} already has checkpoints, so --init-from would be ignored",
                            hint="leave out --init-from to continue, or add --no-resume to start over from it")
    styles = [s.name for s in project.styles]
    found = _latest_good_checkpoint(store, device) if resume else None
    if found:
        return (yield from _resumed(found, config, data, styles, device, dist_info))
    return (yield from _started(project, config, store, data, styles, device, dist_info, resume, init_from))


def _resumed(found, config: Config, data: PairData, styles: list[str], device, dist_info: DistInfo):
    latest, state, notes = found
    for note in notes:
        yield NoticeReport(0, note)
    # The architecture comes from the checkpoint; the training settings (steps, rates) from the user.
    config = copy.deepcopy(config)
    config.model = checkpoint_config(state).model
    trainer = Trainer(config, data, styles, device, dist_info, model_styles=state.get("style_names"))
    trainer.load_state_dict(state)
    yield NoticeReport(trainer.step, f"resumed from {latest.name} (step {trainer.step})")
    return trainer


def _started(project: Project, config: Config, store: CheckpointStore, data: PairData, styles: list[str], device,
             dist_info: DistInfo, resume: bool, init_from: str | Path | None):
    base = store.base() if resume and not init_from else None
    trainer = Trainer(config, data, styles, device, dist_info, init_from=init_from or base)
    if base is not None:
        yield NoticeReport(0, f"started from the project's base model {base.name}")
    if not resume and dist_info.is_main:
        archived = store.archive()  # starting over must not prune or mix with the old run's files
        if archived is not None:
            old_history = history_path(project.root)
            if old_history.is_file():  # its curves go with its checkpoints, not into the bin
                shutil.copyfile(old_history, archived / old_history.name)
            yield NoticeReport(0, f"the previous run's checkpoints and history were moved to {archived}")
    return trainer


RESUME_KEYS = ("generator", "discriminator", "g_optimizer", "d_optimizer", "sampler", "rng", "step")


def _resumable_files(store: CheckpointStore) -> list:
    """Step files newest first, then best.pt: what a resume may continue from."""
    files = list(reversed(store.step_files()))
    best = store.folder / BEST_NAME
    return files + [best] if best.is_file() else files


def _latest_good_checkpoint(store: CheckpointStore, device):
    """(path, state, notes) of the newest checkpoint that loads and verifies, or None when there is none.

    Damaged newer ones are set aside (renamed *.damaged) when an older one is good; when every one is
    damaged, training refuses to start over silently.
    """
    candidates = _resumable_files(store)
    damaged: list = []
    for path in candidates:
        try:
            state = load_checkpoint(path, map_location=device)
            missing = [k for k in RESUME_KEYS if k not in state]
            if missing:
                raise CheckpointError(f"checkpoint {path} lacks {', '.join(missing)}")
        except CheckpointError as exc:
            log.warning("cannot resume from %s: %s", path, exc)
            damaged.append(path)
            continue
        notes = []
        for bad in damaged:
            if bad.name != BEST_NAME:
                aside = store.set_aside(bad)
                notes.append(f"{bad.name} is damaged; kept as {aside.name} and resumed from an earlier checkpoint")
        return path, state, notes
    if damaged:
        raise CheckpointError(f"every checkpoint in {store.folder} is damaged ({len(damaged)} files)",
                              hint="move them away to start over, or train with --no-resume")
    return None


def _clean_leftovers(project: Project, store: CheckpointStore) -> None:
    """Half-written temporary files from a killed run; safe because this process holds the lock."""
    removed = store.clean_temporary()
    for folder in (training_dir(project.root), project.samples_dir):
        removed += CheckpointStore(folder).clean_temporary()
    if removed:
        log.info("removed %d half-written files left by an interrupted run", removed)


# ----- the loop -----------------------------------------------------------------------------------------
class TimeBudget:
    """Seconds a run may take from its start, time spent paused not counted; None: no limit."""

    def __init__(self, seconds: float | None, clock=time.monotonic):
        self.seconds, self.clock = seconds, clock
        self.started, self.paused = clock(), 0.0

    def not_counted(self, seconds: float) -> None:
        self.paused += seconds

    def used(self) -> float:
        return self.clock() - self.started - self.paused

    def left(self) -> float:
        return math.inf if self.seconds is None else self.seconds - self.used()

    def spent(self) -> bool:
        return self.left() <= 0


class _Loop:
    """One run after set-up: step, roll back on NaN, evaluate, sample, checkpoint, stop early, finish.

    It keeps what lives between steps: the last good state to roll back to, the pace (the ETA from step 1,
    refined as steps and evaluations are timed), early stopping and the last evaluation.
    """

    def __init__(self, trainer: Trainer, project: Project, store: CheckpointStore, control: JobControl,
                 dist_info: DistInfo, budget: TimeBudget | None = None):
        self.trainer, self.project, self.store, self.control, self.dist = trainer, project, store, control, dist_info
        self.t = trainer.config.train
        self.fixed_samples = sample_pairs(trainer.data, self.t.sample_count)
        self.good_state, self.good_step = trainer.snapshot(), trainer.step
        self.rolled_back = False
        self.last_eval: EvalReport | None = None
        self.stopper = _EarlyStop(self.t.early_stopping_patience, trainer.best_held_out_l1, _judged_from(self.t))
        self.stopped = False
        self.started = time.perf_counter()
        self.window_steps, self.window_time = 0, 0.0
        self.pace = Pace(self.t)
        self.first_step = trainer.step
        self.budget = budget or TimeBudget(None)
        self.time_up = False   # the time budget ended the run before its planned steps

    def run(self) -> Iterator[Report]:
        while self.trainer.step < self.t.steps and not self.stopped:
            waited = time.monotonic()
            if not self.control.wait_while_paused():
                break
            self.budget.not_counted(time.monotonic() - waited)
            yield from self._one_step()
            if self.budget.seconds is not None and self.trainer.step < self.t.steps and not self.stopped and \
                    any_rank_true(self.budget.spent(), self.dist, self.trainer.device):
                yield self._time_up_notice()
                self.time_up = True
                break
        yield from self._finish()

    def _time_up_notice(self) -> NoticeReport:
        step, planned = self.trainer.step, self.t.steps
        return NoticeReport(step, f"the time budget ({describe_minutes(self.budget.seconds).replace('about ', '')}) "
                                  f"is spent: stopped at step {step} of the {planned} planned (this computer ran "
                                  f"slower than measured); training again continues from here")

    def _one_step(self) -> Iterator[Report]:
        trainer, t = self.trainer, self.t
        step_started = time.perf_counter()
        result = trainer.train_step()
        # A weight or a BatchNorm statistic can turn infinite while the losses stay finite (issue 16):
        # the whole state is checked before anything is evaluated or saved.
        diverged = not result.finite or _state_diverged(trainer)
        if any_rank_true(diverged, self.dist, trainer.device):
            yield self._roll_back(result)
            return
        seconds = time.perf_counter() - step_started
        self.window_steps += 1
        self.window_time += seconds
        self.pace.step_done(seconds)
        step = trainer.step
        # The first steps report one by one: a user sees step, speed and time left from step 1.
        if step % t.log_every == 0 or step == t.steps or step - self.first_step <= 3:
            yield self._step_report(result)
        if not self.dist.is_main:
            self._follow_rank_zero(step)
            return
        yield from self._evaluation(step)
        if step % t.sample_every == 0 or step == t.steps:
            yield _sample(trainer, self.project, self.fixed_samples)
        if step % t.checkpoint_every == 0 or step == t.steps:
            yield _checkpoint(trainer, self.store, self.last_eval)
            self.good_state, self.good_step = trainer.snapshot(), step
        if self.stopper.agreed(step, t.eval_every, self.dist, trainer.device):
            self.stopped = True
            yield self._stop_notice(step)

    def _roll_back(self, result) -> NoticeReport:
        """A NaN or infinity: back to the last good state at half the learning rate; a second time fails."""
        trainer = self.trainer
        if self.rolled_back:
            raise TrainingError(
                f"training diverged again at step {trainer.step} (a loss or a weight became NaN or infinite) "
                f"after rolling back and halving the learning rate",
                hint=f"the last good checkpoint is step {self.good_step}; lower the learning rates or "
                     f"try the hinge loss")
        trainer.load_state_dict(self.good_state)
        trainer.lr_scale *= 0.5
        self.rolled_back = True
        return NoticeReport(trainer.step, f"a {'loss' if not result.finite else 'weight'} became NaN or "
                                          f"infinite; rolled back to step "
                                          f"{self.good_step} and halved the learning rate")

    def _step_report(self, result) -> TrainStepReport:
        """Losses, scores, rates and the speed over the steps since the last report (then a new window)."""
        trainer, t = self.trainer, self.t
        per_step = self.window_time / max(self.window_steps, 1)
        self.window_steps, self.window_time = 0, 0.0
        g_lr, d_lr = trainer.current_lrs()
        return TrainStepReport(
            step=trainer.step, total_steps=t.steps, losses=result.losses,
            d_real_score=result.d_real_score, d_fake_score=result.d_fake_score,
            generator_lr=g_lr, discriminator_lr=d_lr,
            images_per_second=t.batch_size * self.dist.world_size / per_step if per_step > 0 else 0.0,
            spectral_norms=trainer.discriminator.spectral_norms(),
            elapsed_seconds=time.perf_counter() - self.started,
            eta_seconds=min(self.pace.eta(trainer.step), max(0.0, self.budget.left())))

    def _follow_rank_zero(self, step: int) -> None:
        """Ranks other than 0 neither evaluate nor save; they keep a state to roll back to and stop with 0."""
        if step % self.t.checkpoint_every == 0:
            self.good_state, self.good_step = self.trainer.snapshot(), step
        if self.stopper.agreed(step, self.t.eval_every, self.dist, self.trainer.device):
            self.stopped = True

    def _evaluation(self, step: int) -> Iterator[Report]:
        """Every checkpoint is scored in the open first, so "best" never precedes a shown evaluation."""
        t = self.t
        scheduled = step % t.eval_every == 0 or step == t.steps
        if not (scheduled or step % t.checkpoint_every == 0):
            return
        eval_started = time.perf_counter()
        self.last_eval = _evaluate(self.trainer)
        self.pace.eval_done(time.perf_counter() - eval_started)
        yield self.last_eval
        if _failed(self.last_eval, self.trainer):
            yield NoticeReport(step, "the model draws blank or solid black glyphs on held-out characters; "
                                     "this evaluation failed and cannot make a best model")
        if scheduled and self.stopper.improved(step, _rank(self.last_eval)) and self.stopper.patience \
                and step % t.checkpoint_every:
            yield _checkpoint(self.trainer, self.store, self.last_eval)  # best.pt must hold the best state at a stop

    def _stop_notice(self, step: int) -> NoticeReport:
        last = self.last_eval
        judged = "held-out L1" if last is None or last.style_accuracy is None \
            else "held-out L1 weighted by style accuracy"
        return NoticeReport(step, f"stopped early at step {step}: the {judged} has not improved for "
                                  f"{self.stopper.patience} evaluations; the best ({self.stopper.best:.4f}) is in "
                                  f"best.pt")

    def _finish(self) -> Iterator[Report]:
        """The last step saved (evaluated first when it was not), then why the run ended."""
        trainer = self.trainer
        cancelled = self.control.is_cancelled and trainer.step < self.t.steps and not self.stopped
        path = None
        if self.dist.is_main:
            latest = self.store.latest()
            if latest is None or step_of(latest) != trainer.step:
                if self.last_eval is None or self.last_eval.step != trainer.step:
                    self.last_eval = _evaluate(trainer)
                    yield self.last_eval
                yield _checkpoint(trainer, self.store, self.last_eval)
            path = str(self.store.best() if self.stopped else self.store.latest())
        reason = "early-stopped" if self.stopped else "cancelled" if cancelled else \
            "time-up" if self.time_up else "completed"
        yield FinishedReport(trainer.step, reason, checkpoint_path=path)


class _EarlyStop:
    """Counts evaluations without a better rank from step `start` on; stops after `patience` of them (0: never)."""

    def __init__(self, patience: int, best: float | None, start: int = 0):
        self.patience, self.best, self.stale, self.start = patience, best, 0, start

    def improved(self, step: int, rank: float) -> bool:
        if step < self.start:
            return False
        if np.isfinite(rank) and (self.best is None or rank < self.best):
            self.best, self.stale = rank, 0
            return True
        self.stale += 1
        return False

    def agreed(self, step: int, eval_every: int, dist_info: DistInfo, device) -> bool:
        """Whether to stop now; every rank calls it at the same steps, since only rank 0 evaluates."""
        if not self.patience or step % eval_every:
            return False
        return any_rank_true(self.stale >= self.patience, dist_info, device)


# ----- evaluation, samples, checkpoints ----------------------------------------------------------------
def _evaluate(trainer: Trainer) -> EvalReport:
    """Held-out L1; NaN (a failed evaluation, never a best) when the model draws degenerate glyphs."""
    l1, copy_l1, glyphs = trainer.held_out_evaluation()
    if degenerate_share(glyphs) >= 0.5:  # blank glyphs score a deceptively good L1 on thin strokes
        l1 = float("nan")
    style = trainer.held_out_style_accuracy(glyphs) if np.isfinite(l1) else None
    return EvalReport(step=trainer.step, held_out_l1=l1, copy_source_l1=copy_l1, style_accuracy=style)


def _judged_from(t) -> int:
    """The first step whose evaluation may make a best or count toward early stopping (train.best_after).

    Why: a fine-tune's averaged generator starts at the base model, so its first evaluations mostly score the
    base; with a noisy held-out set one of them could stay "best" (the wizard kept step 30 of 300, whose
    glyphs had broken strokes)."""
    return int(t.best_after * t.steps)


def _rank(report: EvalReport) -> float:
    """What early stopping and best.pt minimise: held-out L1, weighted by style accuracy when it is judged."""
    return finetune_rank(report.held_out_l1, report.style_accuracy)


def _failed(report: EvalReport, trainer: Trainer) -> bool:
    return not np.isfinite(report.held_out_l1) and len(trainer.evaluation_pairs()) > 0


def degenerate_share(glyphs: np.ndarray) -> float:
    """Share of glyphs (uint8, 255 = paper) that are blank, a flat tone, or nearly all ink."""
    if len(glyphs) == 0:
        return 0.0
    ink = (glyphs < 128).mean(axis=(1, 2))
    flat = (glyphs.max(axis=(1, 2)).astype(np.int16) - glyphs.min(axis=(1, 2))) < 16
    return float(((ink < 0.002) | (ink > 0.95) | flat).mean())


def _state_diverged(trainer: Trainer) -> bool:
    """Whether a weight, buffer or optimiser moment is NaN/infinite, checked where the step evaluates or saves."""
    t, step = trainer.config.train, trainer.step
    if step % t.checkpoint_every and step % t.eval_every and step % t.sample_every and step != t.steps:
        return False
    return bool(nonfinite_tensors(trainer.state_dict()))


def _sample(trainer: Trainer, project: Project, pairs: np.ndarray) -> SampleReport:
    source, target, style = trainer.data.batch(pairs)
    generated = trainer.generate(source, style)
    grid = sample_grid(source, generated, target)
    path = save_grid_png(grid, project.samples_dir / f"step-{trainer.step:08d}.png")
    codepoints = [int(trainer.data.char_codepoints[trainer.data.pair_char[i]]) for i in pairs]
    return SampleReport(step=trainer.step, grid=grid, codepoints=codepoints, path=str(path))


def _checkpoint(trainer: Trainer, store: CheckpointStore, last_eval: EvalReport | None) -> CheckpointReport:
    if last_eval is None or last_eval.step != trainer.step:
        last_eval = _evaluate(trainer)
    # With train.judge_style the figure that makes a best is the style-weighted L1 (style_judge.finetune_rank).
    judged = np.isfinite(last_eval.held_out_l1) and trainer.step >= _judged_from(trainer.config.train)
    l1 = _rank(last_eval) if judged else None
    if l1 is not None and (trainer.best_held_out_l1 is None or l1 < trainer.best_held_out_l1):
        trainer.best_held_out_l1 = l1
    path, is_best = store.save(trainer.step, trainer.state_dict(), l1)
    shown = last_eval.held_out_l1 if np.isfinite(last_eval.held_out_l1) else None
    return CheckpointReport(step=trainer.step, path=str(path), is_best=is_best, held_out_l1=shown)

