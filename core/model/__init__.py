"""zi2zi models: the U-Net generator, the discriminator (BatchNorm or spectral norm), losses and the factory."""

from core.model.discriminator import Discriminator
from core.model.factory import (
    build_discriminator,
    build_generator,
    model_flops_per_image,
    prepare_for_inference,
)
from core.model.generator import UNetGenerator

__all__ = [
    "Discriminator",
    "UNetGenerator",
    "build_discriminator",
    "build_generator",
    "model_flops_per_image",
    "prepare_for_inference",
]
