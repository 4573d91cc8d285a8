"""Stability figures of one training run: loss variance, discriminator saturation, held-out L1 drift.

Saturation means D's scores are pinned at the ends: for bce the mean real probability is at least
0.95 while the mean fake one is at most 0.05 (D's gradients vanish there); for hinge the mean real
score is at least 1 and the mean fake at most -1 (both hinges inactive, D learns nothing from them).
A Wasserstein critic has no bounded score, so saturation is not defined for wgan-gp (None).
Loss standard deviations are comparable only between runs with the same adversarial loss.
"""

from __future__ import annotations

import numpy as np

BCE_PINNED = 0.95


def saturated(loss: str, real_score: float, fake_score: float) -> bool | None:
    if loss == "bce":
        return real_score >= BCE_PINNED and fake_score <= 1 - BCE_PINNED
    if loss == "hinge":
        return real_score >= 1.0 and fake_score <= -1.0
    return None


def _tail(values: list[float]) -> np.ndarray:
    """The second half of a series, after the opening transient."""
    array = np.asarray(values, dtype=np.float64)
    return array[len(array) // 2:]


def run_stability(loss: str, losses: dict[str, list[float]], curve: dict[str, list[float]]) -> dict:
    """losses: per logged step (step, d_adversarial, g_adversarial, d_real, d_fake); curve: held-out L1 evals."""
    flags = [saturated(loss, r, f) for r, f in zip(losses["d_real"], losses["d_fake"])]
    defined = flags and flags[0] is not None
    hits = [s for s, flag in zip(losses["step"], flags) if flag] if defined else []
    l1 = np.asarray(curve["held_out_l1"], dtype=np.float64)
    finite = l1[np.isfinite(l1)]
    return {
        "d_loss_std": float(np.std(_tail(losses["d_adversarial"]))) if losses["d_adversarial"] else None,
        "g_loss_std": float(np.std(_tail(losses["g_adversarial"]))) if losses["g_adversarial"] else None,
        "saturated_fraction": (len(hits) / len(flags)) if defined else None,
        "first_saturated_step": (hits[0] if hits else None) if defined else None,
        # Collapse shows as held-out L1 rising after its best point.
        "held_out_l1_rise": float(finite[-1] - finite.min()) if len(finite) else None,
        "held_out_l1_best": float(finite.min()) if len(finite) else None,
    }


def value_at_time(seconds: list[float], values: list[float], t: float) -> float | None:
    """A curve's value at wall-clock time t, linearly interpolated; None past its end."""
    if not seconds or t > seconds[-1] + 1e-9:
        return None
    return float(np.interp(t, seconds, values))
