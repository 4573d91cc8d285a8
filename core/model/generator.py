"""zi2zi's U-Net generator: an image-to-image encoder-decoder with a learned style embedding at the bottleneck.

Built innermost level outward, like pix2pix's UnetSkipConnectionBlock, but the levels are kept in a flat
list so `encode` can run the encoder alone and `forward` can hand back the bottleneck it already computed
(zi2zi-pytorch runs the encoder on the source twice per step; the trainer here reuses `encoded`).

Skips carry the pre-activation encoder outputs, as both zi2zi implementations do: each level's down path
starts with the previous level's LeakyReLU, each up path with a ReLU over the concatenated features.
"""

from __future__ import annotations

import math

import torch
from torch import nn
from torch.nn.utils.parametrizations import spectral_norm

from core.config import field_choices
from core.errors import ConfigError

GENERATOR_NORMS = field_choices("model", "generator_norm")   # the one domain, declared in core.config
DROPOUT_LEVELS = 3  # zi2zi drops out on its three deepest decoder layers


def _padding(kernel_size: int) -> int:
    """Padding that makes a stride-2 conv halve an even size exactly, for kernels 3, 4 and 5."""
    return (kernel_size - 1) // 2


def _norm(kind: str, channels: int, spatial: int) -> nn.Module | None:
    # A 1x1 map has one value per channel: instance norm would zero it and batch norm would fail at batch 1.
    if kind == "spectral" or spatial == 1:
        return None
    if kind == "batch":
        return nn.BatchNorm2d(channels)
    return nn.InstanceNorm2d(channels, affine=True)


def _maybe_sn(layer: nn.Module, norm: str) -> nn.Module:
    return spectral_norm(layer) if norm == "spectral" else layer


def _down(in_ch: int, out_ch: int, out_spatial: int, *, outermost: bool, norm: str, kernel_size: int) -> nn.Sequential:
    """LeakyReLU (except on the raw image) -> stride-2 conv -> norm; the output is the skip feature."""
    norm_layer = None if outermost else _norm(norm, out_ch, out_spatial)
    # A conv followed by BatchNorm needs no bias: BN's shift replaces it and it would cost a broadcast add.
    conv = nn.Conv2d(in_ch, out_ch, kernel_size, stride=2, padding=_padding(kernel_size),
                     bias=not isinstance(norm_layer, nn.BatchNorm2d))
    layers: list[nn.Module] = [] if outermost else [nn.LeakyReLU(0.2)]
    layers.append(_maybe_sn(conv, norm))
    if norm_layer is not None:
        layers.append(norm_layer)
    return nn.Sequential(*layers)


def _up(in_ch: int, out_ch: int, out_spatial: int, *, outermost: bool, dropout: float, norm: str,
        kernel_size: int) -> nn.Sequential:
    """ReLU -> stride-2 transposed conv -> norm (-> dropout); the outermost level ends in tanh instead."""
    padding = _padding(kernel_size)
    norm_layer = None if outermost else _norm(norm, out_ch, out_spatial)
    deconv = nn.ConvTranspose2d(in_ch, out_ch, kernel_size, stride=2, padding=padding,
                                output_padding=2 + 2 * padding - kernel_size,
                                bias=not isinstance(norm_layer, nn.BatchNorm2d))
    # In place is safe: the ReLU's input is a fresh concatenation nobody else reads.
    layers: list[nn.Module] = [nn.ReLU(inplace=True), _maybe_sn(deconv, norm)]
    if outermost:
        layers.append(nn.Tanh())
        return nn.Sequential(*layers)
    if norm_layer is not None:
        layers.append(norm_layer)
    if dropout > 0:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers)


class UNetLevel(nn.Module):
    """One U-Net level: the down path into the next-deeper level and the up path back out of it."""

    def __init__(self, down: nn.Module, up: nn.Module):
        super().__init__()
        self.down = down
        self.up = up


class UNetGenerator(nn.Module):
    """Source glyph (B, 1, H, W) in [-1, 1] + style id -> glyph in that style, plus the bottleneck code."""

    def __init__(self, image_size: int, channels: int = 64, num_styles: int = 1, embedding_dim: int = 128,
                 norm: str = "batch", dropout: float = 0.5, kernel_size: int = 4):
        super().__init__()
        depth = int(round(math.log2(image_size))) if image_size > 1 else 0
        if 2 ** depth != image_size or depth < 3:
            raise ConfigError(f"generator image size {image_size} px must be a power of two of at least 8")
        if norm not in GENERATOR_NORMS:
            raise ConfigError(f"unknown generator norm {norm!r} ({', '.join(GENERATOR_NORMS)})")
        if num_styles < 1:
            raise ConfigError("a generator needs at least one style")
        self.image_size = image_size
        self.channels = channels
        self.embedding_dim = embedding_dim
        self.bottleneck_channels = channels * 8
        # Encoder widths c, 2c, 4c, 8c, 8c, ... down to the 1x1 bottleneck.
        widths = [channels * min(2 ** i, 8) for i in range(depth)]
        self.levels = nn.ModuleList(self._build_levels(widths, norm, dropout, kernel_size))
        self.embedding = nn.Embedding(num_styles, embedding_dim)
        nn.init.normal_(self.embedding.weight, 0.0, 1.0)

    def _build_levels(self, widths: list[int], norm: str, dropout: float, kernel_size: int) -> list[UNetLevel]:
        """Innermost level first, then outward; returned outermost first (the order data flows down)."""
        depth = len(widths)
        levels: list[UNetLevel] = []
        for i in reversed(range(depth)):
            outermost, innermost = i == 0, i == depth - 1
            spatial = self.image_size >> (i + 1)           # side of this level's encoder output
            in_ch = 1 if outermost else widths[i - 1]
            out_ch = 1 if outermost else widths[i - 1]
            # The innermost up path reads the bottleneck + style; the others read [skip, deeper up output].
            up_in = widths[i] + self.embedding_dim if innermost else widths[i] * 2
            deep = depth - 1 - i < DROPOUT_LEVELS
            down = _down(in_ch, widths[i], spatial, outermost=outermost, norm=norm, kernel_size=kernel_size)
            up = _up(up_in, out_ch, spatial * 2, outermost=outermost, dropout=dropout if deep else 0.0,
                     norm=norm, kernel_size=kernel_size)
            levels.append(UNetLevel(down, up))
        return levels[::-1]

    @property
    def num_styles(self) -> int:
        return self.embedding.num_embeddings

    def encode(self, images: torch.Tensor) -> torch.Tensor:
        """The encoder alone, for the constant loss on the fake: (B, 1, H, W) -> (B, 8c, 1, 1)."""
        x = images
        for level in self.levels:
            x = level.down(x)
        return x  # (B, 8c, 1, 1)

    def forward(self, images: torch.Tensor, style_ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """(B, 1, H, W), (B,) int -> fake (B, 1, H, W), encoded source (B, 8c, 1, 1)."""
        return self._run(images, self.embedding(style_ids))  # embedding: (B, emb)

    def forward_with_embedding(self, images: torch.Tensor, embedding: torch.Tensor) -> torch.Tensor:
        """Generate with any style vector (B, emb), e.g. a blend of two rows for style interpolation."""
        return self._run(images, embedding)[0]

    def _run(self, images: torch.Tensor, embedding: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        skips = []
        x = images                                          # (B, 1, H, W)
        for level in self.levels:
            x = level.down(x)                               # (B, C_i, H / 2^(i+1), W / 2^(i+1))
            skips.append(x)
        encoded = x                                         # (B, 8c, 1, 1)
        style = embedding.reshape(embedding.shape[0], -1, 1, 1).to(encoded.dtype)  # (B, emb, 1, 1)
        x = torch.cat([encoded, style], dim=1)              # (B, 8c + emb, 1, 1)
        for i in reversed(range(len(self.levels))):
            x = self.levels[i].up(x)                        # (B, C_{i-1}, H / 2^i, W / 2^i)
            if i > 0:
                x = torch.cat([skips[i - 1], x], dim=1)     # (B, 2 C_{i-1}, H / 2^i, W / 2^i)
        return x, encoded                                   # (B, 1, H, W), (B, 8c, 1, 1)

    def encoder_parameters(self) -> list[nn.Parameter]:
        """The down paths' parameters, which fine-tuning may freeze (the style embedding is not among them)."""
        return [p for level in self.levels for p in level.down.parameters()]
