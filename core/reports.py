"""Plain report objects that long jobs yield: floats, strings and numpy arrays, never tensors or Qt types."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class TrainStepReport:
    """One logged training step. Loss names: d_real, d_fake, d_category, d_gp, d_total,
    g_adversarial, g_l1, g_constant, g_category, g_tv, g_total (absent terms are omitted)."""
    step: int
    total_steps: int
    losses: dict[str, float]
    d_real_score: float           # mean D probability (bce) or raw score (hinge, wgan) on real pairs
    d_fake_score: float           # the same on generated pairs
    generator_lr: float
    discriminator_lr: float
    images_per_second: float
    spectral_norms: dict[str, float]  # largest singular value of each D layer's normalised weight
    elapsed_seconds: float
    eta_seconds: float


@dataclass
class EvalReport:
    """Held-out figures at a step (characters training never saw)."""
    step: int
    held_out_l1: float            # mean |generated - target| on a 0..1 scale
    copy_source_l1: float         # the same for copying the source glyph unchanged
    style_accuracy: float | None = None  # share read as their own style (train.judge_style); None: not judged


@dataclass
class SampleReport:
    """A sample grid: rows are held-out characters, columns source | generated | target."""
    step: int
    grid: np.ndarray              # (H, W) uint8, 255 = paper, 0 = ink
    codepoints: list[int]
    path: str | None = None       # where the grid PNG was written, when inside a project


@dataclass
class CheckpointReport:
    step: int
    path: str
    is_best: bool = False         # best held-out L1 so far; the trainer yields that EvalReport first
    held_out_l1: float | None = None


@dataclass
class NoticeReport:
    """Something the user should read but that does not stop the job (a rollback, a skipped glyph)."""
    step: int
    message: str


@dataclass
class ProgressReport:
    """Generic progress for jobs that are not training (generation, tracing, export)."""
    done: int
    total: int
    message: str = ""


@dataclass
class QualityReport:
    """The result of a quality evaluation (core.quality.evaluate): the verdict first, then the figures."""
    verdict: str                  # one plain sentence (core.quality.verdict.plain_verdict)
    result: dict                  # what evaluation.json holds
    path: str | None = None       # where evaluation.json was written


@dataclass
class FinishedReport:
    """Always the last report of a job that ended normally or by cancel."""
    step: int
    reason: str                   # completed | cancelled | early-stopped | time-up (training: the time budget ran out)
    checkpoint_path: str | None = None
    outputs: dict[str, str] = field(default_factory=dict)
