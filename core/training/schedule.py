"""Learning-rate schedules as plain functions of the step, so resuming needs only the step number."""

from __future__ import annotations

import math


def lr_factor(schedule: str, step: int, total_steps: int, min_ratio: float) -> float:
    """Multiplier on the base rate: constant, or linear/cosine decay from 1 to min_ratio over total_steps."""
    if schedule == "constant" or total_steps <= 0:
        return 1.0
    progress = min(max(step / total_steps, 0.0), 1.0)
    if schedule == "linear":
        return 1.0 - (1.0 - min_ratio) * progress
    if schedule == "cosine":
        return min_ratio + (1.0 - min_ratio) * 0.5 * (1.0 + math.cos(math.pi * progress))
    raise ValueError(f"unknown schedule {schedule!r}")
