"""CPU inference of our generator under exact rewrites and at other widths, in CPU ms per glyph (JSON).

The rewrites keep the outputs (checked to 1e-5) and ask whether this torch build runs them faster:
  * bn_folded: eval-mode BatchNorm folded into the conv / transposed conv before it;
  * phase_deconv: each stride-2 transposed conv as ONE oneDNN conv with 4x the output channels over
    the padded input (2x2 kernel for k=4, every output phase's taps, no wasted multiplies), then the
    four phases interleaved into the 2x upsampled map;
  * contiguous: NCHW instead of channels_last.
Widths other than the model's (`--widths`) show how CPU time follows FLOPs. Timing is the minimum
over `--repeats` of this process's CPU time (one thread by default), which other processes on a
shared machine do not inflate the way they inflate wall-clock time.

    .venv/bin/python bench/infer_variants.py --image-size 128 --batch 16 --widths 64 48 40 32
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import time
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import nn

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.config import Config  # noqa: E402
from core.model.factory import build_discriminator, build_generator, model_flops_per_image, prepare_for_inference  # noqa: E402


def fold_bn(weight: torch.Tensor, bias: torch.Tensor | None, bn: nn.BatchNorm2d, out_dim: int):
    scale = bn.weight / torch.sqrt(bn.running_var + bn.eps)
    shape = [1] * weight.dim()
    shape[out_dim] = -1
    shift = (bias if bias is not None else torch.zeros_like(bn.running_mean)) - bn.running_mean
    return weight * scale.reshape(shape), shift * scale + bn.bias


class PhaseDeconv(nn.Module):
    """A stride-2 ConvTranspose2d as one conv producing the four output phases, then interleaved."""

    def __init__(self, weight: torch.Tensor, bias: torch.Tensor | None, k: int, p: int):
        super().__init__()
        # Output row 2m + a reads input rows m + d through kernel row a + p - 2d.
        taps = {a: [(kk, (a + p - kk) // 2) for kk in range(k) if (a + p - kk) % 2 == 0] for a in (0, 1)}
        start = {a: min(d for _, d in taps[a]) for a in (0, 1)}
        t = max(max(d for _, d in taps[a]) - start[a] + 1 for a in (0, 1))
        cin, cout = weight.shape[:2]
        w = weight.new_zeros(2, 2, cout, cin, t, t)
        for a in (0, 1):
            for b in (0, 1):
                for ky, dy in taps[a]:
                    for kx, dx in taps[b]:
                        w[a, b, :, :, dy - start[a], dx - start[b]] = weight[:, :, ky, kx].t()
        self.left = max(0, -min(start.values()))
        self.right = max(0, max(start.values()) + t - 1)
        self.crop = {a: start[a] + self.left for a in (0, 1)}
        self.weight = nn.Parameter(w.reshape(4 * cout, cin, t, t).contiguous(memory_format=torch.channels_last),
                                   requires_grad=False)
        self.bias = None if bias is None else nn.Parameter(bias.repeat(4), requires_grad=False)
        self.cout = cout

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        n, _, h, w = x.shape
        phases = F.conv2d(F.pad(x, (self.left, self.right) * 2), self.weight, self.bias)  # (N, 4 Cout, H', W')
        y = torch.empty(n, self.cout, 2 * h, 2 * w, dtype=x.dtype, memory_format=torch.channels_last)
        for a in (0, 1):
            for b in (0, 1):
                i, ca, cb = 2 * a + b, self.crop[a], self.crop[b]
                y[:, :, a::2, b::2] = phases[:, i * self.cout:(i + 1) * self.cout, ca:ca + h, cb:cb + w]
        return y


def rewritten(model: nn.Module, fold: bool, phase: bool) -> nn.Module:
    model = copy.deepcopy(model)
    for level in model.levels:
        for seq in (level.down, level.up):
            j = next(i for i, m in enumerate(seq) if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d)))
            conv = seq[j]
            weight, bias = conv.weight.detach(), None if conv.bias is None else conv.bias.detach()
            bn = next((i for i, m in enumerate(seq) if isinstance(m, nn.BatchNorm2d)), None)
            if fold and bn is not None:
                weight, bias = fold_bn(weight, bias, seq[bn], 1 if isinstance(conv, nn.ConvTranspose2d) else 0)
                seq[bn] = nn.Identity()
            if phase and isinstance(conv, nn.ConvTranspose2d):
                seq[j] = PhaseDeconv(weight, bias, conv.kernel_size[0], conv.padding[0])
            else:
                conv.weight = nn.Parameter(weight.contiguous(memory_format=torch.channels_last), requires_grad=False)
                conv.bias = None if bias is None else nn.Parameter(bias, requires_grad=False)
    return model


def trained_looking_generator(config: Config) -> nn.Module:
    """A generator whose BatchNorm statistics have moved, so folding them is not a no-op."""
    torch.manual_seed(0)
    g = build_generator(config)
    with torch.no_grad():
        g(torch.rand(8, 1, config.data.image_size, config.data.image_size) * 2 - 1, torch.zeros(8, dtype=torch.long))
    return g


def cpu_ms_per_glyph(model: nn.Module, x: torch.Tensor, repeats: int) -> float:
    styles = torch.zeros(len(x), dtype=torch.long)
    best = float("inf")
    with torch.inference_mode():
        model(x, styles)
        for _ in range(repeats):
            start = time.process_time()
            model(x, styles)
            best = min(best, time.process_time() - start)
    return 1000 * best / len(x)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--image-size", type=int, default=128)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--repeats", type=int, default=4)
    p.add_argument("--widths", type=int, nargs="*", default=[64, 32])
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    size = args.image_size
    result = {"image_size": size, "batch": args.batch, "threads": args.threads, "widths": {}}
    for width in args.widths:
        config = Config()
        config.data.image_size = size
        config.model.generator_channels = width
        g = trained_looking_generator(config)
        flops = model_flops_per_image(g, build_discriminator(config), size)["generator_forward"]
        base = prepare_for_inference(g)
        x = (torch.rand(args.batch, 1, size, size) * 2 - 1).contiguous(memory_format=torch.channels_last)
        variants = {"prepared": (base, x), "contiguous": (copy.deepcopy(base).to(memory_format=torch.contiguous_format),
                                                           x.contiguous()),
                    "bn_folded": (rewritten(base, True, False), x), "phase_deconv": (rewritten(base, False, True), x),
                    "bn_folded_phase_deconv": (rewritten(base, True, True), x)}
        with torch.inference_mode():
            expected = base(x, torch.zeros(len(x), dtype=torch.long))[0]
            for name, (model, inp) in variants.items():
                got = model(inp, torch.zeros(len(x), dtype=torch.long))[0]
                assert torch.allclose(got, expected, atol=1e-5), (name, (got - expected).abs().max())
        ms = {name: cpu_ms_per_glyph(model, inp, args.repeats) for name, (model, inp) in variants.items()}
        result["widths"][width] = {"gflop_per_glyph": flops / 1e9, "cpu_ms_per_glyph": ms,
                                   "gflops_per_cpu_second": flops / 1e9 / (ms["prepared"] / 1000)}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
