"""The one place that reads the config to build models; also inference preparation and FLOP counting."""

from __future__ import annotations

import copy
import logging

import torch
from torch import nn
from torch.nn.utils import parametrize

from core.config import Config
from core.model.discriminator import Discriminator
from core.model.generator import UNetGenerator

log = logging.getLogger(__name__)


def build_generator(config: Config) -> UNetGenerator:
    model = config.model
    return UNetGenerator(
        image_size=config.data.image_size,
        channels=model.generator_channels,
        num_styles=model.num_styles,
        embedding_dim=model.embedding_dim,
        norm=model.generator_norm,
        dropout=model.dropout,
        kernel_size=model.kernel_size,
    )


def build_discriminator(config: Config, spectral: bool = True) -> Discriminator:
    """Spectral norm when model.discriminator_spectral_norm is on and `spectral` is not False (the default);
    discriminator_norm="batch" without spectral norm and conditioning="category" is zi2zi's original D."""
    model = config.model
    spectral = spectral and model.discriminator_spectral_norm
    return Discriminator(
        image_size=config.data.image_size,
        channels=model.discriminator_channels,
        num_styles=model.num_styles,
        norm=model.discriminator_norm,
        kernel_size=model.kernel_size,
        spectral=spectral,
        conditioning=model.discriminator_conditioning,
    )


def prepare_for_inference(generator: UNetGenerator) -> UNetGenerator:
    """A frozen eval-mode copy with spectral norms folded into plain weights, in channels_last.

    Folding happens in eval mode, so the weights are exactly what the eval-mode model uses (no extra
    power iteration), and inference no longer recomputes W / sigma on every forward.
    """
    model = copy.deepcopy(generator).eval()
    for module in list(model.modules()):  # a list: removal edits the module tree being walked
        for name in list(getattr(module, "parametrizations", {}).keys()):
            parametrize.remove_parametrizations(module, name, leave_parametrized=True)
    model.requires_grad_(False)
    return model.to(memory_format=torch.channels_last)


def _count_macs(model: nn.Module, run) -> int:
    """Multiply-accumulates of every conv, transposed conv and linear layer during `run()`."""
    total = 0

    def hook(module: nn.Module, inputs: tuple, output: torch.Tensor) -> None:
        nonlocal total
        if isinstance(module, nn.ConvTranspose2d):
            # Each input pixel scatters a (out, k, k) kernel.
            k = module.kernel_size[0] * module.kernel_size[1]
            total += inputs[0].numel() * module.out_channels * k // module.groups
        elif isinstance(module, nn.Conv2d):
            k = module.kernel_size[0] * module.kernel_size[1]
            total += output.numel() * (module.in_channels // module.groups) * k
        elif isinstance(module, nn.Linear):
            total += output.numel() * module.in_features

    layers = [m for m in model.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d, nn.Linear))]
    handles = [m.register_forward_hook(hook) for m in layers]
    was_training = model.training
    try:
        model.eval()
        with torch.no_grad():
            run()
    finally:
        model.train(was_training)
        for handle in handles:
            handle.remove()
    return total


def model_flops_per_image(generator: UNetGenerator, discriminator: Discriminator, image_size: int) -> dict:
    """Forward FLOPs (2 x MACs) per image of G, its encoder and D, and a training-step estimate.

    The step estimate assumes backward costs twice the forward and the trainer's schedule: one G forward
    reused by the D step; D step = D on real and fake (forward + backward); G step = D on fake and the
    encoder on the fake (forward + backward through both) and G's backward.
    """
    device = next(generator.parameters()).device
    image = torch.zeros(1, 1, image_size, image_size, device=device)
    style = torch.zeros(1, dtype=torch.long, device=device)
    g = 2 * _count_macs(generator, lambda: generator(image, style))
    e = 2 * _count_macs(generator, lambda: generator.encode(image))
    d = 2 * _count_macs(discriminator, lambda: discriminator(image, image, style))
    step = 3 * g + 3 * e + 9 * d
    return {"generator_forward": g, "encoder_forward": e, "discriminator_forward": d, "train_step": step}
