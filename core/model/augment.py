"""Differentiable augmentation of the discriminator's inputs (DiffAugment: translation and cutout).

Zhao et al. 2020 augment every image D sees, real and fake alike, with transforms that gradients flow
through, so D cannot memorise a small training set and G is not taught the augmentations. A glyph pair
is one (B, 2, H, W) stack of source and glyph, so both get the same shift and the same hole and D still
judges them against each other. Pixels moved in from outside, and holes, are paper (+1), not grey.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

PAPER = 1.0


def augment_pairs(source: torch.Tensor, image: torch.Tensor, policy: tuple[str, ...],
                  translation_ratio: float = 0.125, cutout_ratio: float = 0.25) -> tuple[torch.Tensor, torch.Tensor]:
    """(B, 1, H, W) sources and glyphs -> the same shapes, each pair shifted and holed together."""
    if not policy:
        return source, image
    pairs = torch.cat([source, image], dim=1)                  # (B, 2, H, W)
    if "translation" in policy:
        pairs = translate(pairs, translation_ratio)
    if "cutout" in policy:
        pairs = cutout(pairs, cutout_ratio)
    return pairs[:, :1], pairs[:, 1:]


def translate(x: torch.Tensor, ratio: float) -> torch.Tensor:
    """Shift each sample by up to ratio x size pixels in x and y; what enters is paper."""
    b, _, h, w = x.shape
    max_y, max_x = int(h * ratio + 0.5), int(w * ratio + 0.5)
    if max_x == 0 and max_y == 0:
        return x
    dev = x.device
    shift_y = torch.randint(-max_y, max_y + 1, (b, 1, 1), device=dev)
    shift_x = torch.randint(-max_x, max_x + 1, (b, 1, 1), device=dev)
    grid_b, grid_y, grid_x = torch.meshgrid(torch.arange(b, device=dev), torch.arange(h, device=dev),
                                            torch.arange(w, device=dev), indexing="ij")   # (B, H, W) each
    # Index into a one-pixel paper border: any shift past the edge reads paper.
    grid_y = (grid_y + shift_y + 1).clamp(0, h + 1)
    grid_x = (grid_x + shift_x + 1).clamp(0, w + 1)
    padded = F.pad(x, [1, 1, 1, 1], value=PAPER)             # (B, C, H+2, W+2)
    return padded.permute(0, 2, 3, 1)[grid_b, grid_y, grid_x].permute(0, 3, 1, 2)  # (B, C, H, W)


def cutout(x: torch.Tensor, ratio: float) -> torch.Tensor:
    """Paper over one square of ratio x size at a random place in each sample."""
    b, _, h, w = x.shape
    size_y, size_x = max(1, int(h * ratio + 0.5)), max(1, int(w * ratio + 0.5))
    dev = x.device
    top = torch.randint(0, h - size_y + 1, (b, 1, 1), device=dev)
    left = torch.randint(0, w - size_x + 1, (b, 1, 1), device=dev)
    rows = torch.arange(h, device=dev).view(1, h, 1)
    cols = torch.arange(w, device=dev).view(1, 1, w)
    hole = ((rows >= top) & (rows < top + size_y) & (cols >= left) & (cols < left + size_x))  # (B, H, W)
    return torch.where(hole.unsqueeze(1), torch.full_like(x, PAPER), x)
