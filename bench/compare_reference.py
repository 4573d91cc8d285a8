"""Side-by-side speed and quality against EuphoriaYan/zi2zi-pytorch on this machine, printed as JSON.

Speed: for each image size, our `zi2zi bench` and the reference harness (bench/reference_zi2zi.py) run
one after the other in the same invocation, so both see the same machine; the ratios are what count.
Quality: both train for the same budget (wall or CPU seconds) on the same real glyph pairs (the demo fonts
at 128 px); their held-out glyphs (eval mode; ours from the EMA generator) are scored by held-out L1 and by
the project's quality suite: SSIM, RMSE, content and style accuracy, stroke completeness (`judged`).

    .venv/bin/python bench/compare_reference.py --reference-dir /work/reference/zi2zi-pytorch
    .venv/bin/python bench/compare_reference.py --reference-dir ... --quality-seconds 600
    .venv/bin/python bench/compare_reference.py --reference-dir ... --infer-only --repeat 3
    .venv/bin/python bench/compare_reference.py --reference-dir ... --steps 0 --quality-seconds 420 \
        --budget-clock cpu --generator-channels 32 64     # fair on a shared machine; one of ours per width
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def _busy_seconds() -> float:
    """CPU-seconds the whole machine has spent busy (all but idle and iowait), from /proc/stat."""
    with open("/proc/stat") as f:
        ticks = [int(x) for x in f.readline().split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def _json_run(cmd: list[str]) -> dict:
    """Run one benchmark process; its JSON plus `machine_load`: its own cores and everyone else's."""
    wall, busy, kids = time.perf_counter(), _busy_seconds(), os.times()
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    result = json.loads(out[out.index("{"):])
    seconds = time.perf_counter() - wall
    own = (os.times().children_user - kids.children_user) + (os.times().children_system - kids.children_system)
    result["machine_load"] = {"wall_s": seconds, "own_cpu_cores": own / seconds,
                              "other_processes_cpu_cores": max(0.0, (_busy_seconds() - busy - own) / seconds)}
    return result


def speed(reference_dir: str, size: int, threads: int, steps: int, generator_channels: int | None = None) -> dict:
    """Ours, then the reference, at one size; `steps=0` compares inference alone."""
    ours = _json_run([sys.executable, "-m", "core.cli", "bench", "--image-size", str(size), "--batch-size", "16",
                      "--steps", str(steps), "--threads", str(threads), "--infer-batch", "64",
                      "--infer-glyphs", "256", "--device", "cpu"]
                     + (["--generator-channels", str(generator_channels)] if generator_channels else []))
    ref = [sys.executable, str(HERE / "reference_zi2zi.py"), "--reference-dir", reference_dir,
           "--image-size", str(size), "--threads", str(threads)]
    ref_infer = _json_run(ref + ["--mode", "infer", "--infer-batch", "64", "--steps", "4"])
    keys = ("infer_ms_per_glyph", "infer_cpu_ms_per_glyph", "infer_gflops_per_second", "generator_gflops_per_image", "peak_rss_mb",
            "generator_params", "discriminator_params", "generator_channels", "machine_load")
    result = {
        "image_size": size, "threads": threads, "sgemm_gflops_per_s": sgemm_gflops(threads),
        "ours": {k: ours[k] for k in keys},
        "reference": {"infer_ms_per_glyph": ref_infer["ms_per_glyph"],
                      "infer_cpu_ms_per_glyph": ref_infer["cpu_ms_per_glyph"],
                      "infer_gflops_per_second": ref_infer["gflops_per_s"],
                      "generator_gflops_per_image": ref_infer["gflop_per_glyph"],
                      "infer_peak_rss_mb": ref_infer["peak_rss_mb"], "infer_machine_load": ref_infer["machine_load"]},
        "infer_speedup": ref_infer["ms_per_glyph"] / ours["infer_ms_per_glyph"],
        "infer_cpu_time_ratio": ref_infer["cpu_ms_per_glyph"] / ours["infer_cpu_ms_per_glyph"],
    }
    if steps > 0:
        ref_train = _json_run(ref + ["--mode", "train", "--batch-size", "16", "--steps", str(steps), "--warmup", "1"])
        result["ours"].update({k: ours[k] for k in ("train_seconds_per_step", "train_images_per_second",
                                                    "train_cpu_seconds_per_step")})
        result["reference"].update({"train_seconds_per_step": ref_train["seconds_per_step"],
                                    "train_cpu_seconds_per_step": ref_train["cpu_seconds_per_step"],
                                    "train_images_per_second": ref_train["images_per_s"],
                                    "peak_rss_mb": ref_train["peak_rss_mb"],
                                    "train_machine_load": ref_train["machine_load"]})
        result["train_speedup"] = ours["train_images_per_second"] / ref_train["images_per_s"]
        result["train_cpu_time_ratio"] = ref_train["cpu_seconds_per_step"] / ours["train_cpu_seconds_per_step"]
    return result


def sgemm_gflops(threads: int) -> float:
    """The machine's practical FP32 peak right now: best of five 2048^2 matrix products."""
    import torch

    torch.set_num_threads(threads)
    a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - start)
    return 2 * 2048**3 / best / 1e9


def demo_pairs_npz(folder: Path, size: int) -> tuple[Path, Path]:
    """Train / held-out pairs from the bundled demo fonts, in the harness's npz format."""
    from core.dataset import load_pairs
    from core.recipes.demo import demo_project

    project = demo_project(folder / "project", image_size=size)
    data = load_pairs(project, size)
    paths = []
    for name, idx in (("train", data.train_indices), ("eval", data.held_out_indices)):
        source, target, style = data.batch(idx)
        path = folder / f"{name}.npz"
        np.savez(path, source=source, target=target, style=style.astype(np.int64))
        paths.append(path)
    return paths[0], paths[1]


def ours_for_seconds(train_npz: Path, eval_npz: Path, size: int, seconds: float, threads: int,
                     generator_channels: int | None = None, clock: str = "wall", save_glyphs: str | None = None,
                     seed: int = 0, batch_size: int | None = None) -> dict:
    import torch

    from core.config import Config
    from core.dataset import PairData
    from core.training.device import apply_thread_cap
    from core.training.trainer import Trainer

    apply_thread_cap(threads)
    tr, ev = np.load(train_npz), np.load(eval_npz)
    source = np.concatenate([tr["source"], ev["source"]])
    target = np.concatenate([tr["target"], ev["target"]])
    n_train = len(tr["source"])
    data = PairData(image_size=size, sources=source, char_codepoints=np.arange(len(source)), targets=target,
                    pair_char=np.arange(len(source)), pair_style=np.concatenate([tr["style"], ev["style"]]),
                    pair_held_out=np.arange(len(source)) >= n_train)
    config = Config()
    config.data.image_size = size
    config.train.steps = 10**9  # no decay inside the budget, like the reference's step-halving schedule
    config.train.seed = seed
    if generator_channels:
        config.model.generator_channels = generator_channels
    if batch_size:
        config.train.batch_size = batch_size
    styles = int(data.pair_style.max()) + 1
    trainer = Trainer(config, data, [f"style {i}" for i in range(styles)], torch.device("cpu"))
    timer = time.process_time if clock == "cpu" else time.perf_counter
    start, wall_start, cpu_start = timer(), time.perf_counter(), time.process_time()
    while timer() - start < seconds:
        trainer.train_step()
    train_wall = time.perf_counter() - wall_start
    l1, copy_l1 = trainer.held_out_l1()
    if save_glyphs:  # what export would use (the EMA generator), for the judges in the parent
        np.savez(save_glyphs, glyphs=trainer.generate(ev["source"], ev["style"]))
    return {"steps": trainer.step, "held_out_l1": l1, "copy_source_l1": copy_l1, "budget_clock": clock,
            "train_seconds_actual": train_wall, "train_cpu_seconds": time.process_time() - cpu_start,
            "generator_channels": config.model.generator_channels,
            "discriminator_channels": config.model.discriminator_channels, "batch_size": config.train.batch_size,
            "generator_params": sum(p.numel() for p in trainer.generator.parameters())}


def quality(reference_dir: str, size: int, seconds: float, widths: list[int | None], clock: str,
            seed: int = 0, judge_cache: str | None = None, batch_size: int | None = None,
            with_reference: bool = True) -> dict:
    """All trainers at once, one thread each, so machine load hits them alike; same pairs, same budget.

    `clock="cpu"` gives each process the same CPU seconds instead of wall seconds: on an idle machine the
    two are equal for a one-thread process, on a shared machine only the CPU budget stays fair.
    `with_reference=False` trains ours alone (a variant of ours set beside a reference run already made).
    """
    with tempfile.TemporaryDirectory() as tmp:
        train_npz, eval_npz = demo_pairs_npz(Path(tmp), size)
        glyphs = [Path(tmp) / f"glyphs-{i}.npz" for i in range(len(widths) + with_reference)]
        ours_cmds = [[sys.executable, __file__, "--ours-quality", str(train_npz), str(eval_npz), str(size),
                      str(seconds), "--budget-clock", clock, "--save-glyphs", str(glyphs[i]), "--seed", str(seed)]
                     + (["--generator-channels", str(w)] if w else [])
                     + (["--batch-size", str(batch_size)] if batch_size else [])
                     for i, w in enumerate(widths)]
        ref_cmd = [sys.executable, str(HERE / "reference_zi2zi.py"), "--reference-dir", reference_dir,
                   "--image-size", str(size), "--batch-size", "16", "--threads", "1", "--budget-clock", clock,
                   "--train-seconds", str(seconds), "--data-npz", str(train_npz), "--eval-npz", str(eval_npz),
                   "--save-glyphs", str(glyphs[-1]), "--seed", str(777 + seed)]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                 for cmd in (*ours_cmds, *([ref_cmd] if with_reference else []))]
        results = [proc.communicate() for proc in procs]
        names = [f"ours (generator width {w or 'default'})" for w in widths] + ["reference"] * with_reference
        for (out, err), name in zip(results, names):
            if "{" not in out:
                raise SystemExit(f"the {name} run printed no result:\n{err[-3000:]}")
        printed = [json.loads(out[out.index("{"):]) for out, _ in results]
        ours, ref = printed[:len(widths)], (printed[-1] if with_reference else None)
        judged = judge_glyphs(Path(tmp), size, [np.load(g)["glyphs"] for g in glyphs], names, judge_cache)
    return {"image_size": size, "seconds": seconds, "budget_clock": clock, "threads_each": 1, "seed": seed,
            "ours": ours[0], "ours_more_widths": ours[1:], "reference": ref, "judged": judged}


def judge_glyphs(folder: Path, size: int, outputs: list[np.ndarray], names: list[str],
                 judge_cache: str | None) -> list[dict]:
    """Each trainer's held-out glyphs scored by the project's own quality suite (SSIM, RMSE, content and
    style accuracy; core.quality), beside the copy-source row, on the demo project's held-out pairs."""
    from core.dataset import load_pairs
    from core.project import Project
    from core.quality.classifiers import ensure_classifiers
    from core.quality.strokes import complete_strokes
    from core.quality.suite import Labels, quality_rows, rows_to_json

    data = load_pairs(Project.open(folder / "project"), size)
    classifiers = ensure_classifiers(Path(judge_cache) if judge_cache else folder / "project" / "cache", data,
                                     epochs=14)
    held = data.held_out_indices
    source, target, style = data.batch(held)
    labels = Labels(data.pair_char[held], style + 1)
    judged = []
    for name, generated in zip(names, outputs):
        rows = rows_to_json(quality_rows(generated, source, target, labels, classifiers))
        judged.append({"name": name, "model": rows[0], "copy source": rows[1],
                       "complete_strokes": float(complete_strokes(generated, target).mean())})
    return judged


def _summary(runs: list[dict]) -> dict:
    """Median speed-ups per image size over the repetitions."""
    summary = {}
    for size in sorted({r["image_size"] for r in runs}):
        mine = [r for r in runs if r["image_size"] == size]
        summary[str(size)] = {key: statistics.median(r[key] for r in mine)
                              for key in ("infer_speedup", "infer_cpu_time_ratio", "train_speedup", "train_cpu_time_ratio")
                              if key in mine[0]}
    return summary


SUMMARY_FIGURES = ("content_accuracy", "style_accuracy", "ssim", "rmse", "l1", "complete_strokes")


def quality_summary(seeds: list[dict]) -> dict:
    """Mean, population std and the per-seed values of each judged figure, per trainer, over the seeds.

    `gap_over_spread` (ours minus the reference, over the larger of the two stds) says whether a lead is
    larger than the seed spread; for RMSE and L1 lower is better, so a lead there is a negative gap.
    """
    by_name: dict[str, dict[str, list[float]]] = {}
    for seed in seeds:
        for judged in seed["judged"]:
            figures = dict(judged["model"], complete_strokes=judged["complete_strokes"])
            row = by_name.setdefault(judged["name"], {})
            for key in SUMMARY_FIGURES:
                row.setdefault(key, []).append(float(figures[key]))
        by_name.setdefault("steps ours", {}).setdefault("steps", []).append(float(seed["ours"]["steps"]))
        if seed.get("reference"):   # None: ours alone (--no-reference)
            by_name.setdefault("steps reference", {}).setdefault("steps", []).append(float(seed["reference"]["steps"]))
    summary = {name: {key: {"mean": statistics.fmean(values), "std": statistics.pstdev(values), "seeds": values}
                      for key, values in row.items()}
               for name, row in by_name.items()}
    ours = next((name for name in summary if name.startswith("ours")), None)
    if ours and "reference" in summary:
        summary["gap_over_spread"] = {
            key: (summary[ours][key]["mean"] - summary["reference"][key]["mean"])
            / max(summary[ours][key]["std"], summary["reference"][key]["std"], 1e-9)
            for key in SUMMARY_FIGURES}
    return summary


def _quality_seed(args: argparse.Namespace, widths: list[int | None], seed: int) -> dict:
    """One seed's side-by-side quality run, kept in --out as it finishes (a long comparison may be stopped)."""
    saved = Path(args.out) / f"seed-{seed}.json" if args.out else None
    if saved and saved.exists():
        return json.loads(saved.read_text())
    result = quality(args.reference_dir, 128, args.quality_seconds, widths, args.budget_clock, seed,
                     args.judge_cache, getattr(args, "batch_size", None), not getattr(args, "no_reference", False))
    if saved:
        from core.atomic_io import write_json_atomic

        saved.parent.mkdir(parents=True, exist_ok=True)
        write_json_atomic(saved, result)
    return result


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference-dir", help="a checkout of EuphoriaYan/zi2zi-pytorch (see bench/README.md)")
    p.add_argument("--sizes", type=int, nargs="*", default=[128, 256])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=3, help="timed training steps per size (0 skips the speed part)")
    p.add_argument("--infer-only", action="store_true", help="the speed part compares inference alone")
    p.add_argument("--repeat", type=int, default=1, help="interleaved repetitions of the speed part")
    p.add_argument("--quality-seconds", type=float, default=0, help="also compare held-out L1 after this budget")
    p.add_argument("--generator-channels", type=int, nargs="*", default=None,
                   help="our generator width(s); the speed part uses the first, the quality part trains one "
                        "model per width beside the reference (default: the model's default)")
    p.add_argument("--budget-clock", choices=("wall", "cpu"), default="wall",
                   help="the quality budget counts wall seconds or each process's CPU seconds")
    p.add_argument("--batch-size", type=int, help="our batch size in the quality part (default: the product's)")
    p.add_argument("--no-reference", action="store_true",
                   help="the quality part trains ours alone (to set a variant beside reference runs already made)")
    p.add_argument("--seeds", type=int, default=1, help="quality runs (ours and the reference) per seed")
    p.add_argument("--judge-cache", help="a folder with the demo project's cached quality classifiers at 128 px "
                                         "(e.g. a 128 px grid's data/cache), instead of training them again")
    p.add_argument("--out", help="a folder for each seed's quality result (seed-N.json) as it finishes; seeds "
                                 "already there are read back, not run again, so a stopped comparison resumes")
    p.add_argument("--ours-quality", nargs=4, metavar=("TRAIN", "EVAL", "SIZE", "SECONDS"), help=argparse.SUPPRESS)
    p.add_argument("--save-glyphs", help=argparse.SUPPRESS)
    p.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.ours_quality:
        train_npz, eval_npz, size, seconds = args.ours_quality
        width = args.generator_channels[0] if args.generator_channels else None
        print(json.dumps(ours_for_seconds(Path(train_npz), Path(eval_npz), int(size), float(seconds), 1,
                                          width, args.budget_clock, args.save_glyphs, args.seed,
                                          args.batch_size)))
        return
    if not args.reference_dir:
        p.error("--reference-dir is required")
    widths = args.generator_channels or [None]
    steps = 0 if args.infer_only else args.steps
    runs = [speed(args.reference_dir, s, args.threads, steps, widths[0])
            for _ in range(args.repeat) for s in args.sizes if steps or args.infer_only]
    result = {"speed": runs, "speed_summary": _summary(runs)}
    if args.quality_seconds > 0:
        result["quality"] = [_quality_seed(args, widths, seed) for seed in range(args.seeds)]
        result["quality_summary"] = quality_summary(result["quality"])
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
