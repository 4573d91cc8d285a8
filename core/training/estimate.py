"""Training time on this machine: measure a few real steps, predict a run's minutes, and steps for a budget.

Why measure instead of a table of speeds: the same laptop runs 4-5x slower while another program keeps
its cores busy, and a GPU is 100x faster; only a few real steps of this project's model say which. The
prediction counts what a run does besides training steps (a held-out evaluation every `eval_every` steps,
which also happens at each checkpoint), because at small sizes those take a visible share of the time.
The same pace object refines the ETA while the run goes (core.training.loop), so the first figure and the live
one come from one formula.
"""

from __future__ import annotations

import copy
import logging
import math
import time
from dataclasses import dataclass
from pathlib import Path

from core.config import Config, TrainConfig

log = logging.getLogger(__name__)

WARMUP_STEPS = 1      # the first step allocates buffers and picks kernels; it is not the pace
MEASURE_STEPS = 3     # timed steps: enough for a stable median on a CPU, seconds at 64 px
STEPS_MIN = 50        # fewer steps than this teach a fresh model nothing worth looking at


@dataclass
class Timing:
    """What the measurement found; all seconds are wall-clock on this machine, now."""
    seconds_per_step: float
    eval_seconds: float          # one held-out evaluation (also paid at every checkpoint)
    setup_seconds: float         # loading the glyph pairs and building the model, once per run
    device: str
    threads: int
    measured_steps: int


def measure(config: Config, data, styles: list[str], *, device: str | None = None,
            init_from: str | Path | None = None, steps: int = MEASURE_STEPS,
            warmup: int = WARMUP_STEPS, setup_seconds: float = 0.0) -> Timing:
    """Time `steps` training steps (after `warmup`) and one held-out evaluation of this config's model.

    `data` is the project's PairData (core.dataset.load_pairs); the model is built here and thrown away.
    """
    from core.training.device import apply_thread_cap, describe_device, pick_device
    from core.training.trainer import Trainer

    threads = apply_thread_cap(config.train.threads)
    torch_device = pick_device(device or config.train.device)
    built = time.perf_counter()
    trainer = Trainer(copy.deepcopy(config), data, styles, torch_device, init_from=init_from)
    setup = setup_seconds + time.perf_counter() - built
    for _ in range(warmup):
        trainer.train_step()
    times = []
    for _ in range(max(1, steps)):
        started = time.perf_counter()
        trainer.train_step()
        times.append(time.perf_counter() - started)
    started = time.perf_counter()
    trainer.held_out_l1()
    eval_seconds = time.perf_counter() - started
    times.sort()
    timing = Timing(seconds_per_step=times[len(times) // 2], eval_seconds=eval_seconds, setup_seconds=setup,
                    device=describe_device(torch_device), threads=threads, measured_steps=len(times))
    log.info("measured %.3f s/step, %.2f s per evaluation on %s", timing.seconds_per_step, eval_seconds,
             timing.device)
    return timing


def measure_project(project, config: Config | None = None, *, steps: int = MEASURE_STEPS,
                    resume: bool = True) -> tuple[Timing, int]:
    """(timing, the step a run would start from) for training this project as `train` would: resuming
    from its latest checkpoint (that model's architecture) or fine-tuning from its base model."""
    from core.dataset import load_pairs
    from core.training.checkpoint import CheckpointStore, checkpoint_config, load_checkpoint, step_of

    config = copy.deepcopy(config or project.config)
    started = time.perf_counter()
    data = load_pairs(project, config.data.image_size, designer_glyphs=config.train.use_designer_glyphs)
    loaded = time.perf_counter() - started
    store = CheckpointStore(project.checkpoints_dir, config.train.keep_checkpoints)
    latest = store.latest() if resume else None
    init_from, start = None, 0
    if latest is not None:
        config.model = checkpoint_config(load_checkpoint(latest, map_location="cpu")).model
        start = step_of(latest)
    elif resume:
        init_from = store.base()
    timing = measure(config, data, [s.name for s in project.styles], init_from=init_from, steps=steps,
                     setup_seconds=loaded)
    return timing, start


def evaluations_between(train: TrainConfig, start: int, end: int) -> int:
    """Held-out evaluations a run from step `start` to `end` performs: every eval_every steps, every
    checkpoint (which scores the model it saves) and the last step; a step counted once."""
    if end <= start:
        return 0
    steps = set()
    for every in (train.eval_every, train.checkpoint_every):
        if every > 0:
            first = (start // every + 1) * every
            steps.update(range(first, end + 1, every))
    steps.add(end)
    return len(steps)


def run_seconds(timing: Timing, train: TrainConfig, steps: int, start: int = 0,
                include_setup: bool = True) -> float:
    """Predicted wall-clock seconds for training from step `start` up to `steps`."""
    todo = max(0, steps - start)
    evals = evaluations_between(train, start, steps)
    setup = timing.setup_seconds if include_setup else 0.0
    return setup + todo * timing.seconds_per_step + evals * timing.eval_seconds


def steps_for_budget(timing: Timing, train: TrainConfig, minutes: float, start: int = 0,
                     minimum: int = STEPS_MIN) -> int:
    """The last step a run from `start` reaches in `minutes` (never fewer than `minimum` new steps).

    Evaluations are spread over the run, so their share is solved for, then the count is checked against
    run_seconds and trimmed while it overshoots (eval steps land on round numbers).
    """
    budget = minutes * 60.0 - timing.setup_seconds
    every = min([e for e in (train.eval_every, train.checkpoint_every) if e > 0], default=0)
    per_step = timing.seconds_per_step + (timing.eval_seconds / every if every else 0.0)
    todo = max(minimum, int(budget / per_step)) if per_step > 0 else minimum
    end = start + todo
    while end - start > minimum and run_seconds(timing, train, end, start) > minutes * 60.0:
        end -= max(1, (end - start) // 50)
    return end


class Pace:
    """The live ETA of a running job: step time as a moving average, evaluations as measured.

    The first step's time (warm-up) counts once and is soon outweighed, so an ETA exists from step 1 and
    settles within a few dozen steps.
    """

    def __init__(self, train: TrainConfig, smoothing: float = 0.1):
        self.train = train
        self.smoothing = smoothing
        self.seconds_per_step: float | None = None
        self.eval_seconds = 0.0

    def step_done(self, seconds: float, steps: int = 1) -> None:
        per = seconds / max(1, steps)
        if self.seconds_per_step is None:
            self.seconds_per_step = per
        else:
            weight = 1.0 - (1.0 - self.smoothing) ** steps
            self.seconds_per_step += weight * (per - self.seconds_per_step)

    def eval_done(self, seconds: float) -> None:
        self.eval_seconds = seconds if not self.eval_seconds else 0.5 * (self.eval_seconds + seconds)

    def eta(self, step: int) -> float:
        if self.seconds_per_step is None:
            return math.nan
        timing = Timing(self.seconds_per_step, self.eval_seconds, 0.0, "", 0, 0)
        return run_seconds(timing, self.train, self.train.steps, start=step, include_setup=False)


def describe_minutes(seconds: float) -> str:
    """'about 14 min', 'about 2 h 10 min', 'under a minute': how an estimate is said, in CLI and app."""
    if not math.isfinite(seconds):
        return "unknown"
    minutes = seconds / 60.0
    if minutes < 1:
        return "under a minute"
    if minutes < 90:
        return f"about {round(minutes)} min"
    hours, rest = divmod(round(minutes), 60)
    return f"about {hours} h {rest:02d} min"
