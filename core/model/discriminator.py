"""The zi2zi discriminator: judges (source, glyph) pairs as real or fake, conditioned on their style.

The default is the spectrally normalised discriminator of the SN literature (Miyato et al. 2018;
Miyato & Koyama 2018): torch.nn.utils.parametrizations.spectral_norm on every Conv2d (the current API;
the hook API is deprecated and stores different checkpoint keys), no norm layer (BatchNorm after an SN
layer rescales the activations and undoes the normalisation), LeakyReLU, and the style entering by
**projection**: an embedding of the style id, inner product with the pooled features, added to the
real/fake logit. zi2zi's auxiliary category head (D names the style, G is asked to make it nameable)
can be used beside the projection ("both") or alone ("category"). The category head's Linear is left
without SN: bounding a classifier's logits by its features' norm only makes its cross entropy flatter.

With `spectral=False` and norm="batch" (and conditioning="category") it is zi2zi's original BatchNorm
discriminator, kept one setting away for comparison (docs/quality-report.md).
"""

from __future__ import annotations

import torch
from torch import nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import spectral_norm

from core.config import field_choices
from core.errors import ConfigError

# The domains are declared once, in core.config; the constructor still refuses a value outside them.
DISCRIMINATOR_NORMS = field_choices("model", "discriminator_norm")
CONDITIONINGS = field_choices("model", "discriminator_conditioning")


def _norm(kind: str, channels: int) -> nn.Module | None:
    if kind == "batch":
        return nn.BatchNorm2d(channels)
    if kind == "instance":
        return nn.InstanceNorm2d(channels, affine=True)
    return None


class Discriminator(nn.Module):
    """(source, image, style) -> real/fake logit (B,) and style logits (B, num_styles), or None without a head."""

    def __init__(self, image_size: int, channels: int = 64, num_styles: int = 1, norm: str = "none",
                 kernel_size: int = 4, spectral: bool = True, conditioning: str = "both"):
        super().__init__()
        if norm not in DISCRIMINATOR_NORMS:
            raise ConfigError(f"unknown discriminator norm {norm!r} ({', '.join(DISCRIMINATOR_NORMS)})")
        if conditioning not in CONDITIONINGS:
            raise ConfigError(f"unknown discriminator conditioning {conditioning!r} ({', '.join(CONDITIONINGS)})")
        if image_size < 16:
            raise ConfigError(f"discriminator image size {image_size} px is too small (16 px or more)")
        self.image_size = image_size
        self.spectral = spectral
        self.conditioning = conditioning
        widths = [channels, channels * 2, channels * 4, channels * 8]
        strides = [2, 2, 2, 1]
        layers: list[nn.Module] = []
        in_ch = 2
        for i, (width, stride) in enumerate(zip(widths, strides)):
            norm_layer = None if i == 0 else _norm(norm, width)
            conv = nn.Conv2d(in_ch, width, kernel_size, stride=stride, padding=(kernel_size - 1) // 2,
                             bias=norm_layer is None)
            layers.append(self._sn(conv))
            if norm_layer is not None:
                layers.append(norm_layer)
            layers.append(nn.LeakyReLU(0.2, inplace=True))
            in_ch = width
        self.features = nn.Sequential(*layers)
        # Global average pooling makes the head width 8c at every image size. zi2zi-pytorch flattens the
        # feature map into a Linear whose width is fixed for 256 px, which is why it crashes at 128 px.
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.real_fake = self._sn(nn.Linear(widths[-1], 1))
        self.projection = (self._sn(nn.Embedding(num_styles, widths[-1]))
                           if conditioning in ("projection", "both") else None)
        self.category = nn.Linear(widths[-1], num_styles) if conditioning in ("category", "both") else None
        if self.projection is not None:
            # Small rows, as in the projection discriminator's reference code: the style term starts
            # near zero and grows only as far as it helps.
            with torch.no_grad():
                _original_weight(self.projection).normal_(0.0, 0.02)
        self._num_styles = num_styles

    def _sn(self, layer: nn.Module) -> nn.Module:
        return spectral_norm(layer) if self.spectral else layer

    @property
    def num_styles(self) -> int:
        return self._num_styles

    def forward(self, source: torch.Tensor, image: torch.Tensor,
                style: torch.Tensor | None = None) -> tuple[torch.Tensor, torch.Tensor | None]:
        x = torch.cat([source, image], dim=1)          # (B, 2, H, W)
        x = self.features(x)                           # (B, 8c, H/8 - 1, W/8 - 1) for even kernels
        h = self.pool(x).flatten(1)                    # (B, 8c)
        logit = self.real_fake(h).squeeze(1)           # (B,)
        if self.projection is not None:
            if style is None:
                raise ValueError("a projection discriminator needs the style ids of its inputs")
            logit = logit + (self.projection(style) * h).sum(dim=1)   # (B,)
        category = self.category(h) if self.category is not None else None  # (B, num_styles)
        return logit, category

    def spectral_norms(self) -> dict[str, float]:
        """Largest singular value of each layer's normalised weight, reshaped to (out, -1); SN keeps it near 1.

        The parametrizations are switched to eval for the read so that looking does not run a power
        iteration and change the training state.
        """
        norms: dict[str, float] = {}
        with torch.no_grad():
            for name, module in self.named_modules():
                if not isinstance(module, (nn.Conv2d, nn.Linear, nn.Embedding)):
                    continue
                weight = _read_weight(module)
                norms[name] = float(torch.linalg.matrix_norm(weight.reshape(weight.shape[0], -1).float(), ord=2))
        return norms


def _original_weight(module: nn.Module) -> torch.Tensor:
    """The unnormalised weight: the parametrization's stored original, or the plain weight."""
    if parametrize.is_parametrized(module, "weight"):
        return module.parametrizations.weight.original
    return module.weight


def _read_weight(module: nn.Module) -> torch.Tensor:
    if not parametrize.is_parametrized(module, "weight"):
        return module.weight
    chain = module.parametrizations.weight
    was_training = chain.training
    chain.train(False)
    try:
        return module.weight
    finally:
        chain.train(was_training)
