"""Device choice (CUDA, then MPS, then CPU) and the CPU thread cap the user sets."""

from __future__ import annotations

import functools
import logging
import os
from pathlib import Path

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


@functools.lru_cache(maxsize=1)
def native_cpu_bf16() -> bool:
    """True when this CPU does bf16 arithmetic in hardware (AMX or AVX512-BF16) and torch's oneDNN uses it.

    There, drawing glyphs under bf16 autocast takes about a third of the fp32 time (bench/bench_gb2312.py);
    elsewhere bf16 is emulated and slower, so fp32 stays. ZI2ZI_CPU_BF16=0 turns it off.
    """
    if os.environ.get("ZI2ZI_CPU_BF16", "1") == "0":
        return False
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:  # not Linux: no cheap way to know, so full precision
        return False
    flags = next((line.split(":", 1)[1].split() for line in cpuinfo.splitlines() if line.startswith("flags")), [])
    if not {"amx_bf16", "avx512_bf16"} & set(flags):
        return False
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def inference_autocast_dtype(device: torch.device, mixed_precision: bool, bf16_on_cpu: bool) -> torch.dtype | None:
    """autocast_dtype, plus bf16 on a CPU with native bf16 when the caller draws glyphs rather than measures them
    (generated pixels differ from fp32 by about 0.2 of 255 on average; evaluation stays in fp32)."""
    if device.type == "cpu":
        return torch.bfloat16 if mixed_precision and bf16_on_cpu and native_cpu_bf16() else None
    return autocast_dtype(device, mixed_precision)
