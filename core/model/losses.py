"""Loss functions for zi2zi: adversarial (bce, hinge, wgan-gp, wgan-clip), penalties, L1, constant, category, TV."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from core.config import field_choices
from core.errors import ConfigError

ADVERSARIAL_LOSSES = field_choices("train", "adversarial_loss")   # the one domain, declared in core.config


def _check_kind(kind: str) -> None:
    if kind not in ADVERSARIAL_LOSSES:
        raise ConfigError(f"unknown adversarial loss {kind!r} ({', '.join(ADVERSARIAL_LOSSES)})")


def discriminator_adversarial_loss(kind: str, real_logits: torch.Tensor, fake_logits: torch.Tensor) -> torch.Tensor:
    """The D's adversarial loss on (B,) logits for real and fake pairs."""
    _check_kind(kind)
    if kind == "bce":
        # softplus(-x) is BCE-with-logits against 1, softplus(x) against 0, without building target tensors.
        return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()
    if kind == "hinge":
        return F.relu(1.0 - real_logits).mean() + F.relu(1.0 + fake_logits).mean()
    return fake_logits.mean() - real_logits.mean()


def generator_adversarial_loss(kind: str, fake_logits: torch.Tensor) -> torch.Tensor:
    """The G's adversarial loss: non-saturating BCE for bce, -E[D(fake)] for hinge and the WGANs."""
    _check_kind(kind)
    if kind == "bce":
        return F.softplus(-fake_logits).mean()
    return -fake_logits.mean()


def gradient_penalty(discriminator: nn.Module, source: torch.Tensor, real: torch.Tensor,
                     fake: torch.Tensor, style: torch.Tensor | None = None) -> torch.Tensor:
    """WGAN-GP: E[(||grad_x D(source, x)|| - 1)^2] at random points x between real and fake images."""
    alpha = torch.rand(real.shape[0], 1, 1, 1, device=real.device, dtype=real.dtype)  # (B, 1, 1, 1)
    mixed = (alpha * real.detach() + (1.0 - alpha) * fake.detach()).requires_grad_(True)  # (B, 1, H, W)
    logits, _ = discriminator(source, mixed, style)                                    # (B,)
    # create_graph so the penalty's own gradient reaches the D's weights.
    (grad,) = torch.autograd.grad(logits.sum(), mixed, create_graph=True)              # (B, 1, H, W)
    norms = grad.flatten(1).norm(2, dim=1)                                             # (B,)
    return ((norms - 1.0) ** 2).mean()


def clip_weights(discriminator: nn.Module, value: float) -> None:
    """Classic WGAN weight clipping, kept only for comparison.

    Every parameter is clamped, as in Arjovsky et al.; for a spectrally normalised layer the parameter is
    the parametrization's stored original weight (parameters() yields it), not the normalised one.
    """
    with torch.no_grad():
        for param in discriminator.parameters():
            param.clamp_(-value, value)


def stroke_weighted_l1(fake: torch.Tensor, real: torch.Tensor, stroke_weight: float) -> torch.Tensor:
    """L1 between (B, 1, H, W) images in [-1, 1] (paper +1) where pixels on the target's strokes, and one
    pixel around them, count 1 + stroke_weight times; a weighted mean, so its scale stays plain L1's.

    Why: a hairline is under 1 % of a glyph's pixels, so plain L1 barely notices a generator that drops it,
    while a designer rejects the glyph. 0 is plain L1.
    """
    if stroke_weight <= 0:
        return F.l1_loss(fake, real)
    ink = (real < 0).to(real.dtype)                                        # (B, 1, H, W), 1 on the target's ink
    near_ink = F.max_pool2d(ink, kernel_size=3, stride=1, padding=1)       # grown by a pixel: a stroke drawn 1 px off
    weights = 1.0 + stroke_weight * near_ink
    return (weights * (fake - real).abs()).sum() / weights.sum()


def total_variation(images: torch.Tensor) -> torch.Tensor:
    """Mean absolute difference between vertical and horizontal neighbours of (B, C, H, W) images."""
    dy = (images[:, :, 1:, :] - images[:, :, :-1, :]).abs().mean()
    dx = (images[:, :, :, 1:] - images[:, :, :, :-1]).abs().mean()
    return dx + dy


def constant_loss(encoded_source: torch.Tensor, encoded_fake: torch.Tensor) -> torch.Tensor:
    """zi2zi's constant loss: the fake must encode like its source, ||E(src) - E(fake)||^2 (mean)."""
    return F.mse_loss(encoded_fake, encoded_source)


def category_loss(logits: torch.Tensor, style_ids: torch.Tensor) -> torch.Tensor:
    """Cross entropy of the D's (B, num_styles) style logits against the (B,) style ids."""
    return F.cross_entropy(logits, style_ids)


def scores(kind: str, logits: torch.Tensor) -> float:
    """The D score reported for a batch: mean probability for bce, the raw mean logit otherwise."""
    _check_kind(kind)
    with torch.no_grad():
        values = torch.sigmoid(logits) if kind == "bce" else logits
        return float(values.float().mean())
