"""Device choice (CUDA, then MPS, then CPU) and the CPU thread cap the user sets."""

from __future__ import annotations

import logging

import torch

from core.errors import ConfigError

log = logging.getLogger(__name__)


def pick_device(name: str = "auto") -> torch.device:
    """auto prefers CUDA, then Apple's MPS, then the CPU; an explicit choice must be available."""
    has_mps = getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available()
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        return torch.device("mps") if has_mps else torch.device("cpu")
    if name == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device 'cuda' was chosen but no CUDA GPU is available", hint="pick auto or cpu")
    if name == "mps" and not has_mps:
        raise ConfigError("device 'mps' was chosen but Apple's Metal backend is not available",
                          hint="pick auto or cpu")
    return torch.device(name)


def apply_thread_cap(threads: int) -> int:
    """Cap torch's CPU threads (0 keeps torch's choice); on a busy machine fewer threads can win."""
    if threads > 0:
        torch.set_num_threads(threads)
    return torch.get_num_threads()


def describe_device(device: torch.device) -> str:
    if device.type == "cuda":
        return f"CUDA: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple GPU (MPS)"
    return f"CPU ({torch.get_num_threads()} threads)"


def autocast_dtype(device: torch.device, mixed_precision: bool) -> torch.dtype | None:
    """bf16 autocast on CUDA (no loss scaling needed); full precision elsewhere."""
    if mixed_precision and device.type == "cuda" and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return None
