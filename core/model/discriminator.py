"""The zi2zi discriminator: judges (source, glyph) pairs as real or fake and names their style.

With `spectral=True` every Conv2d and Linear is wrapped in torch.nn.utils.parametrizations.spectral_norm
(the current API; the hook API is deprecated and stores different checkpoint keys), normally without a
norm layer, since BatchNorm after an SN layer rescales the activations and undoes the normalisation
(Miyato et al. 2018). With `spectral=False` and norm="batch" it is zi2zi's original BatchNorm
discriminator, which the project's defaults use since the comparison in docs/quality-report.md measured
it ahead on pixel quality, style accuracy and stability.
"""

from __future__ import annotations

import logging

import torch
from torch import nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import spectral_norm

from core.errors import ConfigError

log = logging.getLogger(__name__)

DISCRIMINATOR_NORMS = ("none", "batch", "instance")


def _norm(kind: str, channels: int) -> nn.Module | None:
    if kind == "batch":
        return nn.BatchNorm2d(channels)
    if kind == "instance":
        return nn.InstanceNorm2d(channels, affine=True)
    return None


class Discriminator(nn.Module):
    """(source, image) pair, each (B, 1, H, W) -> real/fake logit (B,) and style logits (B, num_styles)."""

    def __init__(self, image_size: int, channels: int = 64, num_styles: int = 1, norm: str = "none",
                 kernel_size: int = 4, spectral: bool = True):
        super().__init__()
        if norm not in DISCRIMINATOR_NORMS:
            raise ConfigError(f"unknown discriminator norm {norm!r} ({', '.join(DISCRIMINATOR_NORMS)})")
        if image_size < 16:
            raise ConfigError(f"discriminator image size {image_size} px is too small (16 px or more)")
        self.image_size = image_size
        self.spectral = spectral
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
        self.category = self._sn(nn.Linear(widths[-1], num_styles))

    def _sn(self, layer: nn.Module) -> nn.Module:
        return spectral_norm(layer) if self.spectral else layer

    @property
    def num_styles(self) -> int:
        return self.category.out_features

    def forward(self, source: torch.Tensor, image: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        x = torch.cat([source, image], dim=1)          # (B, 2, H, W)
        x = self.features(x)                           # (B, 8c, H/8 - 1, W/8 - 1) for even kernels
        x = self.pool(x).flatten(1)                    # (B, 8c)
        return self.real_fake(x).squeeze(1), self.category(x)  # (B,), (B, num_styles)

    def spectral_norms(self) -> dict[str, float]:
        """Largest singular value of each layer's normalised weight, reshaped to (out, -1); SN keeps it near 1.

        The parametrizations are switched to eval for the read so that looking does not run a power
        iteration and change the training state.
        """
        norms: dict[str, float] = {}
        with torch.no_grad():
            for name, module in self.named_modules():
                if not isinstance(module, (nn.Conv2d, nn.Linear)):
                    continue
                weight = _read_weight(module)
                norms[name] = float(torch.linalg.matrix_norm(weight.reshape(weight.shape[0], -1).float(), ord=2))
        return norms

    def add_style(self) -> int:
        """Grow the category head by one output row; returns the new style id.

        The new row starts at zero: a zero row leaves every singular value of the head unchanged, so the
        old rows' normalised weights and logits stay exactly as they were, and it still gets gradients.
        The head's Parameters are replaced, so an optimiser built before this call must be rebuilt.
        """
        old = self.category
        grown = nn.Linear(old.in_features, old.out_features + 1, device=old.bias.device, dtype=old.bias.dtype)
        with torch.no_grad():
            grown.weight.zero_()
            grown.weight[:-1].copy_(_original_weight(old))
            grown.bias.zero_()
            grown.bias[:-1].copy_(old.bias)
        if self.spectral:
            grown = spectral_norm(grown)
            _copy_power_iteration_state(old, grown)
        self.category = grown
        log.info("discriminator grew to %d styles", grown.out_features)
        return grown.out_features - 1


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


def _copy_power_iteration_state(old: nn.Module, grown: nn.Module) -> None:
    """Carry the converged singular vectors over (u gains a zero entry for the zero row)."""
    old_sn = old.parametrizations.weight[0]
    new_sn = grown.parametrizations.weight[0]
    with torch.no_grad():
        new_sn._u.copy_(torch.cat([old_sn._u, old_sn._u.new_zeros(1)]))
        new_sn._v.copy_(old_sn._v)
