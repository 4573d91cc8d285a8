"""A rough memory estimate before training: does this batch size fit the data and the machine?"""

from __future__ import annotations

import logging

import torch

from core.config import Config
from core.errors import ConfigError, TrainingError

log = logging.getLogger(__name__)

# Measured with `zi2zi bench` on the CPU (64 px, G 32 / D 64 channels): peak RSS grew by 3.4 MB per sample
# of the batch, i.e. about 8.7 bytes per pixel per channel of G + D. 12 leaves room for autograd's peaks.
BYTES_PER_PIXEL_CHANNEL = 12
RUNTIME_OVERHEAD = 700 * 2 ** 20   # Python, torch and the models themselves, measured ~630 MB at batch 4
USABLE_SHARE = 0.8                  # leave the rest to the OS, the app and the data
SMALL_BATCH = 64                    # up to this, a batch may exceed the pairs (the sampler repeats them)


def bytes_per_sample(config: Config) -> int:
    size, m = config.data.image_size, config.model
    return BYTES_PER_PIXEL_CHANNEL * size * size * (m.generator_channels + m.discriminator_channels)


def estimate_training_bytes(config: Config, batch_size: int | None = None) -> int:
    return RUNTIME_OVERHEAD + (batch_size or config.train.batch_size) * bytes_per_sample(config)


def available_bytes(device: torch.device) -> int | None:
    """Free memory where training will run: the GPU's free memory, or the system's available RAM."""
    try:
        if device.type == "cuda":
            return int(torch.cuda.mem_get_info(device)[0])
        if device.type == "cpu":
            with open("/proc/meminfo", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("MemAvailable:"):
                        return int(line.split()[1]) * 1024
    except (OSError, RuntimeError, ValueError) as exc:
        log.debug("free memory unknown: %s", exc)
    return None


def check_fits(config: Config, train_pairs: int, device: torch.device) -> None:
    """Fail in a second with one plain line instead of after minutes, or by the kernel's OOM killer."""
    batch = config.train.batch_size
    if batch > max(train_pairs, SMALL_BATCH):  # a small set may repeat within a batch; a huge batch is a mistake
        raise ConfigError(f"batch size {batch} is larger than the project's {train_pairs} training pairs",
                          hint=f"choose a batch size of at most {max(train_pairs, SMALL_BATCH)}")
    free = available_bytes(device)
    if free is None:
        return
    need = estimate_training_bytes(config)
    usable = free * USABLE_SHARE
    if device.type == "cuda":
        usable += RUNTIME_OVERHEAD  # the Python runtime lives in host memory, not on the GPU
    if need > usable:
        fits = int((usable - RUNTIME_OVERHEAD) // bytes_per_sample(config))
        size = config.data.image_size
        advice = (f"a batch size of {fits} fits" if fits >= 1 else
                  "not even a batch of 1 fits; choose a smaller image size or narrower networks")
        raise TrainingError(f"batch size {batch} at {size} px needs about {need / 2 ** 30:.1f} GB of memory, "
                            f"but only {free / 2 ** 30:.1f} GB is free on the {device.type.upper()}",
                            hint=advice)
    log.info("estimated training memory %.2f GB of %.2f GB free", need / 2 ** 30, free / 2 ** 30)
