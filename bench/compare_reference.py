"""Side-by-side speed and quality against EuphoriaYan/zi2zi-pytorch on this machine, printed as JSON.

Speed: for each image size, our `zi2zi bench` and the reference harness (bench/reference_zi2zi.py) run
one after the other in the same invocation, so both see the same machine; the ratios are what count.
Quality: both train for the same wall-clock budget on the same real glyph pairs (the demo fonts at
128 px) and are scored by held-out L1 in eval mode.

    .venv/bin/python bench/compare_reference.py --reference-dir /work/reference/zi2zi-pytorch
    .venv/bin/python bench/compare_reference.py --reference-dir ... --quality-seconds 600
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))


def _json_run(cmd: list[str]) -> dict:
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT).stdout
    return json.loads(out[out.index("{"):])


def speed(reference_dir: str, size: int, threads: int, steps: int) -> dict:
    ours = _json_run([sys.executable, "-m", "core.cli", "bench", "--image-size", str(size), "--batch-size", "16",
                      "--steps", str(steps), "--threads", str(threads), "--infer-batch", "64",
                      "--infer-glyphs", "256", "--device", "cpu"])
    ref_train = _json_run([sys.executable, str(HERE / "reference_zi2zi.py"), "--reference-dir", reference_dir,
                           "--image-size", str(size), "--batch-size", "16", "--steps", str(steps),
                           "--warmup", "1", "--threads", str(threads), "--mode", "train"])
    ref_infer = _json_run([sys.executable, str(HERE / "reference_zi2zi.py"), "--reference-dir", reference_dir,
                           "--image-size", str(size), "--mode", "infer", "--infer-batch", "64", "--steps", "4",
                           "--threads", str(threads)])
    return {
        "image_size": size, "threads": threads,
        "ours": {k: ours[k] for k in ("train_seconds_per_step", "train_images_per_second",
                                      "infer_ms_per_glyph", "peak_rss_mb", "generator_params",
                                      "discriminator_params")},
        "reference": {"train_seconds_per_step": ref_train["seconds_per_step"],
                      "train_images_per_second": ref_train["images_per_s"],
                      "infer_ms_per_glyph": ref_infer["ms_per_glyph"], "peak_rss_mb": ref_train["peak_rss_mb"],
                      "machine_load": ref_train.get("machine_load")},
        "train_speedup": ours["train_images_per_second"] / ref_train["images_per_s"],
        "infer_speedup": ref_infer["ms_per_glyph"] / ours["infer_ms_per_glyph"],
    }


def demo_pairs_npz(folder: Path, size: int) -> tuple[Path, Path]:
    """Train / held-out pairs from the bundled demo fonts, in the harness's npz format."""
    from core.dataset import load_pairs
    from core.project import demo_project

    project = demo_project(folder / "project", image_size=size)
    data = load_pairs(project, size)
    paths = []
    for name, idx in (("train", data.train_indices), ("eval", data.held_out_indices)):
        source, target, style = data.batch(idx)
        path = folder / f"{name}.npz"
        np.savez(path, source=source, target=target, style=style.astype(np.int64))
        paths.append(path)
    return paths[0], paths[1]


def ours_for_seconds(train_npz: Path, eval_npz: Path, size: int, seconds: float, threads: int) -> dict:
    import torch

    from core.config import Config
    from core.dataset import PairData
    from core.training.device import apply_thread_cap
    from core.training.engine import Trainer

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
    styles = int(data.pair_style.max()) + 1
    trainer = Trainer(config, data, [f"style {i}" for i in range(styles)], torch.device("cpu"))
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        trainer.train_step()
    l1, copy_l1 = trainer.held_out_l1()
    return {"steps": trainer.step, "held_out_l1": l1, "copy_source_l1": copy_l1}


def quality(reference_dir: str, size: int, seconds: float) -> dict:
    """Both trainers at once, one thread each, so machine load hits them alike; same pairs, same budget."""
    with tempfile.TemporaryDirectory() as tmp:
        train_npz, eval_npz = demo_pairs_npz(Path(tmp), size)
        ours_cmd = [sys.executable, __file__, "--ours-quality", str(train_npz), str(eval_npz), str(size),
                    str(seconds)]
        ref_cmd = [sys.executable, str(HERE / "reference_zi2zi.py"), "--reference-dir", reference_dir,
                   "--image-size", str(size), "--batch-size", "16", "--threads", "1",
                   "--train-seconds", str(seconds), "--data-npz", str(train_npz), "--eval-npz", str(eval_npz)]
        procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
                 for cmd in (ours_cmd, ref_cmd)]
        results = [proc.communicate() for proc in procs]
    for (out, err), name in zip(results, ("ours", "reference")):
        if "{" not in out:
            raise SystemExit(f"the {name} run printed no result:\n{err[-3000:]}")
    ours, ref = (json.loads(out[out.index("{"):]) for out, _ in results)
    return {"image_size": size, "seconds": seconds, "threads_each": 1, "ours": ours, "reference": ref}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference-dir", help="a checkout of EuphoriaYan/zi2zi-pytorch (see bench/README.md)")
    p.add_argument("--sizes", type=int, nargs="*", default=[128, 256])
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--steps", type=int, default=3, help="timed training steps per size (0 skips the speed part)")
    p.add_argument("--quality-seconds", type=float, default=0, help="also compare held-out L1 after this budget")
    p.add_argument("--ours-quality", nargs=4, metavar=("TRAIN", "EVAL", "SIZE", "SECONDS"), help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.ours_quality:
        train_npz, eval_npz, size, seconds = args.ours_quality
        print(json.dumps(ours_for_seconds(Path(train_npz), Path(eval_npz), int(size), float(seconds), 1)))
        return
    if not args.reference_dir:
        p.error("--reference-dir is required")
    result = {"speed": [speed(args.reference_dir, s, args.threads, args.steps) for s in args.sizes if args.steps]}
    if args.quality_seconds > 0:
        result["quality"] = quality(args.reference_dir, 128, args.quality_seconds)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
