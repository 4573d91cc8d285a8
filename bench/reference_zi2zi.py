#!/usr/bin/env python
"""Drive the reference zi2zi implementation (EuphoriaYan/zi2zi-pytorch) from outside.

The reference checkout lives outside this repository (``--reference-dir``); nothing of it is
copied here. This harness only imports its ``model`` package and calls its own classes:
``Zi2ZiModel.setup()`` (its UNetGenerator + Discriminator + Adam optimisers) and
``Zi2ZiModel.optimize_parameters()`` (its real training step: one D update, then two G updates,
each G update preceded by a fresh generator forward).

Modes (JSON on stdout, reference chatter on stderr):
  --mode train   seconds/step of optimize_parameters on a batch (synthetic glyph-like tensors, or
                 real pairs with --data-npz), median of the timed steps after --warmup steps.
  --mode infer   ms/glyph of the generator forward in eval mode under no_grad (built the way the
                 reference's infer.py builds it: is_training=False, so no dropout layers).
  --train-seconds S --data-npz F --eval-npz E
                 train for a wall-clock budget on real pairs, then report held-out L1.

Runtime adaptations (applied here, never by editing the reference):
  * torchvision: no CPU build exists for this torch, and ``model/model.py`` imports
    ``torchvision.utils`` only for ``save_image`` in ``Zi2ZiModel.sample()`` (not on any timed
    path). If torchvision is missing, a tiny in-process stub is put in ``sys.modules`` whose
    ``save_image`` raises.
  * input_nc=1 (the reference defaults to 3 while its data is 1-channel).
  * 128 px: the reference's ``Zi2ZiModel.setup()`` always builds ``UNetGenerator`` with its
    default num_downs=8 (a 128 px input would reach 0x0 at the bottleneck). The harness rebinds
    the name ``UNetGenerator`` inside the reference's ``model.model`` module to a subclass that
    passes num_downs = log2(image_size) (7 at 128, 8 at 256).
  * Discriminator linear width: the reference's train.py never passes image_size to
    Zi2ZiModel, so D's two linear heads are sized for 256 px (1,024 features). The harness builds
    the model as train.py does and then, if the real flattened width differs, swaps in freshly
    initialised heads of the right width (reference init: N(0, 0.02), bias 0) and rebuilds D's
    Adam with the same hyper-parameters. Nothing changes at 256 px.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import platform
import random
import resource
import statistics
import sys
import tempfile
import time
import types


def _install_torchvision_stub() -> bool:
    """Return True if a stub was installed (real torchvision absent)."""
    try:
        import torchvision  # noqa: F401
        return False
    except ImportError:
        pass
    tv = types.ModuleType("torchvision")
    tv.__path__ = []  # mark as package
    tv.__dict__["__harness_stub__"] = True
    utils = types.ModuleType("torchvision.utils")

    def save_image(*_a, **_k):
        raise RuntimeError("torchvision stub (bench/reference_zi2zi.py): save_image is not available")

    utils.save_image = save_image
    tv.utils = utils
    sys.modules["torchvision"] = tv
    sys.modules["torchvision.utils"] = utils
    return True


def _import_reference(ref_dir: str):
    ref_dir = os.path.abspath(ref_dir)
    if not os.path.isfile(os.path.join(ref_dir, "model", "model.py")):
        raise SystemExit(f"not a zi2zi-pytorch checkout: {ref_dir}")
    for name in ("model", "utils"):
        if name in sys.modules:
            raise SystemExit(f"module name clash: {name!r} already imported")
    sys.path.insert(0, ref_dir)
    with contextlib.redirect_stdout(sys.stderr):
        import model as ref_model_pkg  # the reference's package
        import model.model as ref_model_mod
    for mod in (ref_model_pkg, ref_model_mod):
        assert os.path.abspath(mod.__file__).startswith(ref_dir), mod.__file__
    return ref_model_mod


def _patch_generator_depth(ref_model_mod, image_size: int) -> int:
    num_downs = int(round(math.log2(image_size)))
    if 2 ** num_downs != image_size:
        raise SystemExit("image size must be a power of two")
    base = ref_model_mod.UNetGenerator
    if num_downs != 8:
        class _UNetGeneratorDepth(base):  # subclass, defined here, of the reference's class
            def __init__(self, *a, **k):
                k.setdefault("num_downs", num_downs)
                super().__init__(*a, **k)

        ref_model_mod.UNetGenerator = _UNetGeneratorDepth
    return num_downs


def _fix_discriminator_width(m, image_size: int, input_nc: int) -> dict:
    import torch
    import torch.nn as nn

    netD = m.netD
    with torch.no_grad():
        was_training = netD.training
        netD.eval()
        feat = netD.model(torch.zeros(1, 2 * input_nc, image_size, image_size)).numel()
        netD.train(was_training)
    info = {"d_linear_in_built": netD.binary.in_features, "d_linear_in_needed": feat, "patched": False}
    if netD.binary.in_features != feat:
        netD.binary = nn.Linear(feat, 1)
        netD.catagory = nn.Linear(feat, netD.catagory.out_features)
        for lin in (netD.binary, netD.catagory):
            nn.init.normal_(lin.weight, 0.0, 0.02)
            nn.init.constant_(lin.bias, 0.0)
        old = m.optimizer_D
        m.optimizer_D = torch.optim.Adam(netD.parameters(), lr=old.param_groups[0]["lr"],
                                         betas=old.param_groups[0]["betas"])
        info["patched"] = True
    return info


def build_model(ref_model_mod, image_size: int, is_training: bool, save_dir: str):
    """Build Zi2ZiModel with the arguments the reference's train.py / infer.py pass."""
    kwargs = dict(input_nc=1, embedding_num=40, embedding_dim=128, Lconst_penalty=15,
                  Lcategory_penalty=1.0, save_dir=save_dir, gpu_ids=[])
    if not is_training:
        kwargs["is_training"] = False
    with contextlib.redirect_stdout(sys.stderr):
        m = ref_model_mod.Zi2ZiModel(**kwargs)
        m.setup()
    dinfo = _fix_discriminator_width(m, image_size, 1)
    return m, dinfo


def _cpu_snapshot():
    """(wall, machine busy CPU-seconds from /proc/stat, this process's CPU-seconds)."""
    busy = None
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        hz = os.sysconf("SC_CLK_TCK")
        busy = (sum(v[:8]) - v[3] - v[4]) / hz  # all but idle and iowait
    except (OSError, ValueError):
        pass
    t = os.times()
    return time.perf_counter(), busy, t.user + t.system


def contention(before, after) -> dict:
    """How busy the machine was with OTHER processes while we measured (cores' worth)."""
    wall = after[0] - before[0]
    own = after[2] - before[2]
    d = {"wall_s": wall, "own_cpu_cores": own / wall if wall > 0 else None,
         "loadavg_1m_after": os.getloadavg()[0], "ncpu": os.cpu_count()}
    if before[1] is not None and after[1] is not None and wall > 0:
        d["other_processes_cpu_cores"] = max(0.0, (after[1] - before[1] - own) / wall)
    return d


def n_params(net) -> int:
    return sum(p.numel() for p in net.parameters())


def peak_rss_mb() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / 1024.0 if platform.system() != "Darwin" else r / 2**20  # Linux: KiB


# ---------------------------------------------------------------- data
def synthetic_batch(torch, n: int, size: int, gen):
    """Glyph-like tensors in the reference's range ([-1, 1], paper = +1): random dark strokes."""
    x = torch.ones(n, 1, size, size)
    for i in range(n):
        for _ in range(8):
            horiz = bool(torch.randint(0, 2, (1,), generator=gen))
            a = int(torch.randint(size // 8, size - size // 8, (1,), generator=gen))
            b0 = int(torch.randint(0, size // 2, (1,), generator=gen))
            b1 = b0 + int(torch.randint(size // 4, size // 2, (1,), generator=gen))
            w = max(1, size // 32)
            if horiz:
                x[i, 0, a:a + w, b0:b1] = -1.0
            else:
                x[i, 0, b0:b1, a:a + w] = -1.0
    return x


def load_npz(path: str, image_size: int):
    import numpy as np

    d = np.load(path)
    src, tgt, sty = d["source"], d["target"], d["style"]
    if src.dtype != np.uint8 or tgt.dtype != np.uint8:
        raise SystemExit(f"{path}: source/target must be uint8")
    if src.shape != tgt.shape or src.ndim != 3 or src.shape[1:] != (image_size, image_size):
        raise SystemExit(f"{path}: expected (N,{image_size},{image_size}), got {src.shape} / {tgt.shape}")
    sty = sty.astype(np.int64)
    if sty.min() < 0 or sty.max() >= 40:
        raise SystemExit(f"{path}: style ids must be in [0, 40) (reference embedding_num=40)")
    return src, tgt, sty


def to_ref_range(torch, u8):
    """uint8 (N,S,S), 255 = paper  ->  float (N,1,S,S) in [-1, 1] (ToTensor + Normalize(0.5, 0.5))."""
    return torch.from_numpy(u8).float().div_(127.5).sub_(1.0).unsqueeze(1)


def augment_pair(a, b, rng):
    """Augmentation with the same effect as the reference data loader's train-time setting
    (augment=True, blur=True, bold/rotate off): upscale both images by a common factor in
    [1.0, 1.05] and crop back at a common random offset; with probability 0.2 blur both
    with a Gaussian of radius 1, 1.5 or 2. Written here (PIL), not copied."""
    import numpy as np
    from PIL import Image, ImageFilter

    h, w = a.shape
    f = rng.uniform(1.0, 1.05)
    nw, nh = int(f * w) + 1, int(f * h) + 1
    ox, oy = rng.randint(0, max(nw - w - 1, 0)), rng.randint(0, max(nh - h - 1, 0))
    blur = rng.choice([1, 1.5, 2]) if rng.random() > 0.8 else None
    out = []
    for arr in (a, b):
        im = Image.fromarray(arr).resize((nw, nh), Image.LANCZOS).crop((ox, oy, ox + w, oy + h))
        if blur is not None:
            im = im.filter(ImageFilter.GaussianBlur(radius=blur))
        out.append(np.asarray(im, dtype=np.uint8))
    return out


# ---------------------------------------------------------------- modes
def run_train_bench(args, torch, ref_model_mod, out):
    tmp = tempfile.mkdtemp(prefix="zi2zi_ref_")
    m, dinfo = build_model(ref_model_mod, args.image_size, True, tmp)
    out["discriminator_width"] = dinfo
    out["params_G"], out["params_D"] = n_params(m.netG), n_params(m.netD)
    gen = torch.Generator().manual_seed(args.seed)
    bs, S = args.batch_size, args.image_size
    if args.data_npz:
        src, tgt, sty = load_npz(args.data_npz, S)
        idx = torch.randperm(len(src), generator=gen)[:bs].numpy()
        A, B = to_ref_range(torch, src[idx]), to_ref_range(torch, tgt[idx])
        labels = torch.from_numpy(sty[idx])
        out["data"] = f"npz:{args.data_npz}"
    else:
        A = synthetic_batch(torch, bs, S, gen)
        B = synthetic_batch(torch, bs, S, gen)
        labels = torch.randint(0, 40, (bs,), generator=gen)
        out["data"] = "synthetic"
    times, cpu_times, losses = [], [], []
    t_start = time.perf_counter()
    for i in range(args.warmup + args.steps):
        m.set_input(labels, A, B)  # train.py: set_input(batch[0], batch[2], batch[1])
        t0, c0 = time.perf_counter(), time.process_time()
        const_l, l1_l, cat_l, cheat_l = m.optimize_parameters()
        dt, cpu_dt = time.perf_counter() - t0, time.process_time() - c0
        print(f"step {i}: {dt:.3f}s d_loss={m.d_loss.item():.4f} g_loss={m.g_loss.item():.4f}",
              file=sys.stderr, flush=True)
        if i >= args.warmup:
            times.append(dt)
            cpu_times.append(cpu_dt)
            losses.append(float(m.g_loss.item()))
            if args.seconds and time.perf_counter() - t_start >= args.seconds:
                break
    med = statistics.median(times)
    out.update(seconds_per_step=med, images_per_s=bs / med, step_times=times,
               cpu_seconds_per_step=statistics.median(cpu_times),
               warmup_steps=args.warmup, timed_steps=len(times),
               loss_finite=all(math.isfinite(x) for x in losses))


def run_infer_bench(args, torch, ref_model_mod, out):
    tmp = tempfile.mkdtemp(prefix="zi2zi_ref_")
    m, dinfo = build_model(ref_model_mod, args.image_size, False, tmp)
    out["discriminator_width"] = dinfo
    out["params_G"], out["params_D"] = n_params(m.netG), n_params(m.netD)
    netG = m.netG.eval()
    gen = torch.Generator().manual_seed(args.seed)
    bs, S = args.infer_batch, args.image_size
    x = synthetic_batch(torch, bs, S, gen)
    labels = torch.randint(0, 40, (bs,), generator=gen)
    times, cpu_times = [], []
    t_start = time.perf_counter()
    with torch.no_grad():
        for i in range(args.warmup + args.steps):
            t0, c0 = time.perf_counter(), time.process_time()
            fake, _enc = netG(x, labels)
            dt = time.perf_counter() - t0
            print(f"batch {i}: {dt:.3f}s", file=sys.stderr, flush=True)
            if i >= args.warmup:
                times.append(dt)
                cpu_times.append(time.process_time() - c0)
                if args.seconds and time.perf_counter() - t_start >= args.seconds:
                    break
    assert fake.shape == (bs, 1, S, S), fake.shape
    med = statistics.median(times)
    flop = generator_flop_per_glyph(torch, netG, S)
    out.update(infer_batch=bs, seconds_per_batch=med, ms_per_glyph=1000.0 * med / bs,
               glyphs_per_s=bs / med, batch_times=times, warmup_batches=args.warmup,
               timed_batches=len(times), cpu_ms_per_glyph=1000.0 * sum(cpu_times) / (bs * len(cpu_times)),
               gflop_per_glyph=flop / 1e9, gflops_per_s=flop * bs / med / 1e9)


def generator_flop_per_glyph(torch, netG, size: int) -> int:
    """Forward FLOPs of one glyph as torch's FlopCounterMode counts them (2 per multiply-accumulate)."""
    from torch.utils.flop_counter import FlopCounterMode

    counter = FlopCounterMode(display=False)
    with torch.no_grad(), counter:
        netG(torch.zeros(1, 1, size, size), torch.zeros(1, dtype=torch.long))
    return counter.get_total_flops()


def heldout_l1(torch, netG, src, tgt, sty, batch: int):
    """Mean |G(src) - tgt| over all pixels, on the 0..1 scale (and on the model's -1..1 scale)."""
    tot, n = 0.0, 0
    with torch.no_grad():
        for i in range(0, len(src), batch):
            A = to_ref_range(torch, src[i:i + batch])
            B = to_ref_range(torch, tgt[i:i + batch])
            fake, _ = netG(A, torch.from_numpy(sty[i:i + batch]))
            tot += float((fake - B).abs().sum())
            n += B.numel()
    l1_pm1 = tot / n
    return l1_pm1 / 2.0, l1_pm1


def run_timed_training(args, torch, ref_model_mod, out):
    import numpy as np

    if not args.eval_npz:
        raise SystemExit("--train-seconds needs --eval-npz")
    src, tgt, sty = load_npz(args.data_npz, args.image_size)
    esrc, etgt, esty = load_npz(args.eval_npz, args.image_size)
    tmp = tempfile.mkdtemp(prefix="zi2zi_ref_")
    m, dinfo = build_model(ref_model_mod, args.image_size, True, tmp)
    out["discriminator_width"] = dinfo
    out["params_G"], out["params_D"] = n_params(m.netG), n_params(m.netD)
    rng = random.Random(args.seed)
    bs, N = args.batch_size, len(src)
    steps = epochs = seen = 0
    step_times = []
    budget = args.train_seconds
    clock = time.process_time if args.budget_clock == "cpu" else time.perf_counter
    t_start, cpu_start, wall_start = clock(), time.process_time(), time.perf_counter()
    done = False
    while not done:
        order = list(range(N))
        rng.shuffle(order)  # DataLoader(shuffle=True), last partial batch kept as the reference does
        for b0 in range(0, N, bs):
            if clock() - t_start >= budget:
                done = True
                break
            ids = order[b0:b0 + bs]
            if args.no_augment:
                a_u8, b_u8 = src[ids], tgt[ids]
            else:
                pairs = [augment_pair(src[j], tgt[j], rng) for j in ids]
                a_u8 = np.stack([p[0] for p in pairs])
                b_u8 = np.stack([p[1] for p in pairs])
            m.set_input(torch.from_numpy(sty[ids]), to_ref_range(torch, a_u8), to_ref_range(torch, b_u8))
            t0 = time.perf_counter()
            m.optimize_parameters()
            step_times.append(time.perf_counter() - t0)
            steps += 1
            seen += len(ids)
            if steps % 10 == 0:
                print(f"step {steps} t={clock() - t_start:.1f}s d={m.d_loss.item():.4f} "
                      f"g={m.g_loss.item():.4f}", file=sys.stderr, flush=True)
        else:
            epochs += 1
            if epochs % args.schedule == 0:  # train.py: update_lr every --schedule (20) epochs
                with contextlib.redirect_stdout(sys.stderr):
                    m.update_lr()
    train_wall = time.perf_counter() - wall_start
    train_cpu = time.process_time() - cpu_start
    t_eval = time.perf_counter()
    l1_eval01, l1_evalpm1 = heldout_l1(torch, m.netG.eval(), esrc, etgt, esty, args.infer_batch)
    # the reference's sample() runs G in train mode (batch statistics, dropout on)
    l1_train01, _ = heldout_l1(torch, m.netG.train(), esrc, etgt, esty, args.infer_batch)
    copy01 = float(np.abs(esrc.astype(np.float32) - etgt.astype(np.float32)).mean() / 255.0)
    if args.save_glyphs:  # the held-out glyphs, G in eval mode, uint8 with paper 255, for a judge outside
        with torch.no_grad():
            fakes = [m.netG.eval()(to_ref_range(torch, esrc[i:i + args.infer_batch]),
                                   torch.from_numpy(esty[i:i + args.infer_batch]))[0]
                     for i in range(0, len(esrc), args.infer_batch)]
        glyphs = ((torch.cat(fakes).clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)[:, 0].numpy()
        np.savez(args.save_glyphs, glyphs=glyphs)
    out.update(data=args.data_npz, eval_data=args.eval_npz, n_train=N, n_eval=len(esrc),
               train_seconds_budget=budget, budget_clock=args.budget_clock, train_seconds_actual=train_wall,
               train_cpu_seconds=train_cpu, steps=steps,
               completed_epochs=epochs, images_seen=seen, median_seconds_per_step=statistics.median(step_times) if step_times else None,
               augment=not args.no_augment,
               heldout_l1=l1_eval01, heldout_l1_scale="mean |G(src)-tgt| on 0..1 (paper=1), G.eval()",
               heldout_l1_pm1=l1_evalpm1, heldout_l1_trainmode_bn=l1_train01,
               heldout_l1_copy_source=copy01, eval_seconds=time.perf_counter() - t_eval)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reference-dir", required=True)
    p.add_argument("--image-size", type=int, choices=(128, 256), default=256)
    p.add_argument("--batch-size", type=int, default=16)
    p.add_argument("--steps", type=int, default=3, help="timed steps (train) or batches (infer)")
    p.add_argument("--warmup", type=int, default=1, help="untimed warm-up steps/batches (1-2)")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--mode", choices=("train", "infer"), default="train")
    p.add_argument("--infer-batch", type=int, default=64)
    p.add_argument("--seconds", type=float, default=None,
                   help="stop the timed loop once this many seconds have passed (>= 1 timed step)")
    p.add_argument("--seed", type=int, default=777, help="train.py's default random_seed")
    p.add_argument("--data-npz", default=None)
    p.add_argument("--eval-npz", default=None)
    p.add_argument("--train-seconds", type=float, default=None)
    p.add_argument("--save-glyphs", default=None, help="after --train-seconds, write the held-out glyphs (npz)")
    p.add_argument("--budget-clock", choices=("wall", "cpu"), default="wall",
                   help="--train-seconds counts wall-clock or this process's CPU seconds (fair on a busy machine)")
    p.add_argument("--no-augment", action="store_true",
                   help="timed training: skip the reference-equivalent augmentation")
    p.add_argument("--schedule", type=int, default=20, help="epochs between lr halvings (train.py default 20)")
    args = p.parse_args(argv)

    stub = _install_torchvision_stub()
    import torch

    torch.set_num_threads(args.threads)
    try:
        torch.set_num_interop_threads(args.threads)
    except RuntimeError:
        pass
    random.seed(args.seed)
    torch.manual_seed(args.seed)

    ref_model_mod = _import_reference(args.reference_dir)
    num_downs = _patch_generator_depth(ref_model_mod, args.image_size)

    out = {
        "reference": "EuphoriaYan/zi2zi-pytorch",
        "reference_dir": os.path.abspath(args.reference_dir),
        "mode": "train_seconds" if args.train_seconds else args.mode,
        "image_size": args.image_size, "batch_size": args.batch_size, "threads": torch.get_num_threads(),
        "torch": torch.__version__, "input_nc": 1, "num_downs": num_downs,
        "torchvision_stub": stub,
    }
    try:
        import subprocess
        out["reference_commit"] = subprocess.run(
            ["git", "-C", args.reference_dir, "rev-parse", "HEAD"], capture_output=True, text=True,
            timeout=5).stdout.strip() or None
        marker = os.path.join(args.reference_dir, "REFERENCE_COMMIT")  # written when exported
        if not out["reference_commit"] and os.path.isfile(marker):
            out["reference_commit"] = open(marker).read().strip() or None
    except Exception:
        out["reference_commit"] = None

    snap0 = _cpu_snapshot()
    if args.train_seconds:
        if not args.data_npz:
            raise SystemExit("--train-seconds needs --data-npz")
        run_timed_training(args, torch, ref_model_mod, out)
    elif args.mode == "train":
        run_train_bench(args, torch, ref_model_mod, out)
    else:
        run_infer_bench(args, torch, ref_model_mod, out)
    out["machine_load"] = contention(snap0, _cpu_snapshot())
    out["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
