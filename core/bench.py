"""Training and inference benchmark behind `zi2zi bench`: images/s, glyphs/s, peak memory, FLOPs."""

from __future__ import annotations

import logging
import resource
import statistics
import time

import numpy as np
import torch

from core.config import Config
from core.dataset import PairData
from core.model.factory import model_flops_per_image, prepare_for_inference
from core.training.device import apply_thread_cap, describe_device, pick_device
from core.training.trainer import Trainer

log = logging.getLogger(__name__)

# Dense bf16 tensor-core peaks, for model FLOPs utilisation on the GPUs we measure on.
GPU_PEAK_BF16_TFLOPS = {"H100": 989.0, "H200": 989.0, "A100": 312.0}


def synthetic_pairs(image_size: int, count: int = 256, styles: int = 2, seed: int = 0) -> PairData:
    """Glyph-like random strokes: the step time does not depend on content, only on shapes."""
    rng = np.random.default_rng(seed)
    images = np.full((count * 2, image_size, image_size), 255, np.uint8)
    for img in images:
        for _ in range(6):
            y, x = rng.integers(0, image_size - 4, 2)
            h, w = rng.integers(2, max(3, image_size // 3), 2)
            img[y:y + h, x:x + w] = 0
    held = np.zeros(count, bool)
    held[: max(1, count // 10)] = True
    return PairData(image_size=image_size, sources=images[:count], char_codepoints=np.arange(0x4E00, 0x4E00 + count),
                    targets=images[count:], pair_char=np.arange(count), pair_style=np.arange(count) % styles,
                    pair_held_out=held)


def run_benchmark(image_size: int = 128, batch_size: int = 16, steps: int = 5, warmup: int = 2,
                  device: str = "auto", threads: int = 0, infer_batch: int = 64, infer_glyphs: int = 256,
                  channels: int | None = None, mixed_precision: bool = True, adversarial_loss: str | None = None,
                  g_steps_per_d_step: int | None = None, generator_channels: int | None = None) -> dict:
    """Median training-step time and inference speed for the default model at one size.

    `channels` sets both networks' widths and `generator_channels` the generator's alone; left at None,
    the model's defaults are measured.
    """
    threads_used = apply_thread_cap(threads)
    torch_device = pick_device(device)
    config = Config()
    config.data.image_size = image_size
    if channels:
        config.model.generator_channels = config.model.discriminator_channels = channels
    if generator_channels:
        config.model.generator_channels = generator_channels
    config.train.batch_size = batch_size
    config.train.mixed_precision = mixed_precision
    # Left at None, the loss and schedule are the defaults a user trains with.
    config.train.adversarial_loss = adversarial_loss or config.train.adversarial_loss
    config.train.g_steps_per_d_step = g_steps_per_d_step or config.train.g_steps_per_d_step
    config.train.steps = warmup + steps
    data = synthetic_pairs(image_size, count=max(64, batch_size * 4))
    trainer = Trainer(config, data, ["style a", "style b"], torch_device)
    flops = model_flops_per_image(trainer.generator, trainer.discriminator, image_size)
    result = {
        "device": describe_device(torch_device), "threads": threads_used, "image_size": image_size,
        "batch_size": batch_size, "generator_channels": config.model.generator_channels,
        "discriminator_channels": config.model.discriminator_channels, "adversarial_loss": config.train.adversarial_loss,
        "generator_params": sum(p.numel() for p in trainer.generator.parameters()),
        "discriminator_params": sum(p.numel() for p in trainer.discriminator.parameters()),
        "generator_gflops_per_image": flops["generator_forward"] / 1e9,
        "discriminator_gflops_per_image": flops["discriminator_forward"] / 1e9,
    }
    if steps > 0:  # steps=0 measures inference alone
        result.update(_training(trainer, torch_device, warmup, steps, flops["train_step"] * config.train.g_steps_per_d_step))
    result.update(_inference(trainer, torch_device, image_size, infer_batch, infer_glyphs))
    # Achieved inference throughput, to hold against the machine's peak (a CPU sgemm, or the GPU table).
    result["infer_gflops_per_second"] = flops["generator_forward"] * result["infer_glyphs_per_second"] / 1e9
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if torch_device.type == "cuda":
        result["peak_gpu_memory_mb"] = torch.cuda.max_memory_allocated() / 2**20
    return result


def _training(trainer: Trainer, device: torch.device, warmup: int, steps: int, step_flops: float) -> dict:
    """Median step time after `warmup` untimed steps; FLOPs from the factory's estimate per image and step."""
    step_times, cpu_times = [], []
    for i in range(warmup + steps):
        _sync(device)
        start, cpu_start = time.perf_counter(), time.process_time()
        trainer.train_step()
        _sync(device)
        if i >= warmup:
            step_times.append(time.perf_counter() - start)
            cpu_times.append(time.process_time() - cpu_start)
    step_s = statistics.median(step_times)
    images_s = trainer.config.train.batch_size / step_s
    result = {"train_seconds_per_step": step_s, "train_images_per_second": images_s,
              "train_cpu_seconds_per_step": statistics.median(cpu_times),
              "train_step_gflops_per_image": step_flops / 1e9,
              "train_tflops_per_second": step_flops * images_s / 1e12}
    peak = _gpu_peak(device)
    if peak:
        result["model_flops_utilisation"] = result["train_tflops_per_second"] / peak
    return result


def _inference(trainer: Trainer, device: torch.device, image_size: int, batch: int, glyphs: int) -> dict:
    from core.inference import GlyphGenerator

    model = GlyphGenerator(prepare_for_inference(trainer.generator).to(device), trainer.style_names, image_size,
                           device, trainer.config.train.mixed_precision)
    sources = np.repeat(trainer.data.sources, (glyphs + len(trainer.data.sources) - 1) // len(trainer.data.sources),
                        axis=0)[:glyphs]
    model.generate_from_sources(sources[:batch], 0, batch_size=batch)  # warm-up
    _sync(device)
    start, cpu_start = time.perf_counter(), time.process_time()
    model.generate_from_sources(sources, 0, batch_size=batch)
    _sync(device)
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu_start
    # CPU time per glyph is the steadier figure on a shared machine (other processes do not inflate it).
    return {"infer_batch_size": batch, "infer_ms_per_glyph": 1000 * seconds / glyphs,
            "infer_glyphs_per_second": glyphs / seconds, "infer_cpu_ms_per_glyph": 1000 * cpu_seconds / glyphs}


def _sync(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize()


def _gpu_peak(device: torch.device) -> float | None:
    if device.type != "cuda":
        return None
    name = torch.cuda.get_device_name(device)
    for key, tflops in GPU_PEAK_BF16_TFLOPS.items():
        if key in name:
            return tflops
    return None
