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
    """Cap torch's CPU threads; 0 picks them by how busy the machine is now (auto_threads)."""
    torch.set_num_threads(threads if threads > 0 else auto_threads())
    return torch.get_num_threads()


def auto_threads(load: float | None = None, cores: int | None = None) -> int:
    """One thread per core that other programs leave idle, at least one, at most torch's own choice.

    Why: on a two-core machine whose cores another job keeps busy, torch's default of two threads ran a
    64 px training step about 4x slower than one thread (bench/threads.py, measured with two training runs
    in the background), because each OpenMP barrier waits for a thread the OS has descheduled. On idle
    cores torch's default is kept. The load is the 1-minute load average, read before this job starts.
    """
    import os

    default = _torch_default_threads()
    cores = cores or (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
    if load is None:
        try:
            load = os.getloadavg()[0]
        except (AttributeError, OSError):  # Windows: no load average; keep torch's choice
            return default
    idle = int(cores - load + 0.5)
    return max(1, min(default, idle))


_DEFAULT_THREADS = torch.get_num_threads()   # torch's choice at import, before anyone capped it


def _torch_default_threads() -> int:
    return _DEFAULT_THREADS


def describe_device(device: torch.device) -> str:
    if device.type == "cuda":
        return f"CUDA: {torch.cuda.get_device_name(device)}"
    if device.type == "mps":
        return "Apple GPU (MPS)"
    threads = torch.get_num_threads()
    return f"CPU ({threads} thread{'' if threads == 1 else 's'})"


def autocast_dtype(device: torch.device, mixed_precision: bool) -> torch.dtype | None:
    """bf16 autocast on CUDA (no loss scaling needed); full precision elsewhere."""
    if mixed_precision and device.type == "cuda" and torch.cuda.is_bf16_supported():
        return torch.bfloat16
    return None
