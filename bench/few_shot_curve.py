"""Issue 13's few-shot curve: a base model's figures on the faces it trained on, then each held-out face fine-tuned from N glyphs.

1. Seen faces. For every face the base model trained on, its EMA generator (core.inference.GlyphGenerator,
   the product's inference path, fp32 as evaluation is) draws the base project's held-out characters (never
   trained for any style); SSIM, RMSE, L1 and ink IoU against the real glyph (core.quality.metrics), beside
   copying the source, and content and style accuracy from the judges (bench/few_shot_judges.py).
2. Few-shot curve. For each held-out face and each N in --shots: the N characters the handwriting template
   would ask for (core.capture.planner.plan_characters over the frequency order, restricted to characters
   of the base charset that the source and the face draw and that are not base held-out characters), drawn
   from the face as `zi2zi extract` leaves written glyphs (a folder of 256 px PNGs named by code point);
   a handwriting project made from the base exactly as `zi2zi handwriting-project` makes it
   (core.recipes.handwriting.handwriting_from_base); fine-tuned by `zi2zi train PROJECT --minutes M
   --threads T` in a subprocess (the product's fine-tune preset, early stopping included; its measured
   step budget); then judged on the base project's held-out characters of that face, as in 1. The
   "0 shots" row is the base generator with the new row's starting point (the mean of the trained rows).

Written glyphs are taken --as-written (normalize=False), not through the writer-metrics normalisation:
a font's glyphs already share one size, baseline and weight, so normalising adds nothing a hand needs; it
would re-place each glyph against the source font (size within 4 %, place within 1 % of the em) and make
generated glyphs follow those metrics, so the figures would measure the normaliser's moves against the
face's real glyphs (the targets, drawn like the base project's pairs) instead of the model.

Judges: see bench/few_shot_judges.py (content: the evaluation characters from every face and the source,
real target glyphs included since a judge is a metric; style: every face plus the source as class 0, fitted
on non-evaluation characters). Calibration (printed and in results.json): real glyphs moved 1 px must
score high on both judges; the copied source must score low on style.

    nice -n 10 .venv/bin/python bench/few_shot_curve.py --base BASE_PROJECT --out DIR \
        [--checkpoint CKPT] [--shots 100,200,300] [--face NAME ...] [--minutes 30] [--threads 2] \
        [--seen-only | --few-shot-only]

Writes DIR/results.json, DIR/results.md, DIR/strips/*.png, DIR/judges-<size>.pt and DIR/runs/<face>-<N>/
(the written glyphs and the fine-tuned project; its pairs cache is deleted afterwards, being large).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np  # noqa: E402
import torch  # noqa: E402
from few_shot_judges import Judges, build_judges, calibrate, write_strip  # noqa: E402

from core.atomic_io import write_png_atomic  # noqa: E402
from core.capture.extract import GLYPH_SIZE  # noqa: E402
from core.capture.planner import frequency_order, plan_characters  # noqa: E402
from core.inference import GlyphGenerator  # noqa: E402
from core.project import Project, layout  # noqa: E402
from core.quality.metrics import compare  # noqa: E402
from core.recipes.handwriting import handwriting_from_base  # noqa: E402
from core.render import render_glyphs  # noqa: E402
from core.training.checkpoint import CheckpointStore, load_checkpoint  # noqa: E402

STRIP_CHARS = 12
TARGETS = {"content": 0.90, "style": 0.60, "ssim_gain": 0.15}   # issue 13's done-when


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-").lower()


class Bench:
    """What every part shares: the base project, its checkpoint, the evaluation characters and the judges."""

    def __init__(self, args):
        self.args = args
        self.base = Project.open(args.base)
        self.ckpt = Path(args.checkpoint) if args.checkpoint else CheckpointStore(self.base.checkpoints_dir).best()
        if self.ckpt is None or not self.ckpt.is_file():
            raise SystemExit(f"base project {args.base} has no checkpoint to evaluate; name one with --checkpoint")
        self.size = self.base.config.data.image_size
        source = self.base.source_face().codepoints
        self.eval_chars = [cp for cp in self.base.held_out if cp in source]
        self.out = Path(args.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self.source = dict(zip(*_drawn(self.base.source_face(), self.eval_chars, self.size)))
        self.results: dict = {"base": str(Path(args.base).resolve()), "checkpoint": str(self.ckpt),
                              "image_size": self.size, "eval_characters": len(self.eval_chars),
                              "threads": args.threads, "load_at_start": load()}
        state = load_checkpoint(self.ckpt)
        self.results["checkpoint_step"] = int(state.get("step", 0) or 0)
        self.trained_rows = [n for n in state.get("style_names") or [] if n not in self.base.held_out_styles]
        del state
        self.judges: Judges | None = None

    def face(self, name: str):
        return self.base.style_face(self.base.style_id(name))

    def ensure_judges(self) -> Judges:
        if self.judges is None:
            t0 = time.perf_counter()
            self.judges = build_judges(self.base, self.eval_chars, self.size,
                                       self.out / f"judges-{self.size}.pt", epochs=self.args.judge_epochs,
                                       style_count=self.args.style_chars, log=log)
            cal = calibrate(self.judges, self.base, self.size)
            cal["seconds"] = round(time.perf_counter() - t0, 1)
            cal["load"] = load()
            self.results["judges"] = cal
            m = cal["mean"]
            log(f"judges: real glyphs moved 1 px read as their character {m['real_shifted_content']:.3f} and as "
                f"their face {m['real_shifted_style']:.3f}; copying the source reads as the face "
                f"{m['copy_source_style']:.3f} (content {cal['copy_source_content']:.3f})")
        return self.judges

    def score(self, face: str, generated: np.ndarray, cps: list[int], strip: Path | None, title: str) -> dict:
        """Pixel metrics against the face's real glyphs, beside the copied source, and both judges."""
        real = dict(zip(*_drawn(self.face(face), cps, self.size)))
        drawn = [cp in real for cp in cps]   # a face may map a character to an empty glyph
        generated, cps = generated[np.array(drawn, bool)], [cp for cp, ok in zip(cps, drawn) if ok]
        target = np.stack([real[cp] for cp in cps])
        source = np.stack([self.source[cp] for cp in cps])
        model_row, copy_row = compare(generated, source, target)
        judges = self.ensure_judges()
        row = {"face": face, "count": len(cps),
               "model": _metrics(model_row), "copy_source": _metrics(copy_row),
               "ssim_gain": model_row.ssim - copy_row.ssim,
               "content": judges.content_accuracy(generated, cps), "style": judges.style_accuracy(generated, face),
               "copy_content": judges.content_accuracy(source, cps), "copy_style": judges.style_accuracy(source, face),
               # what the style judge gives the face's own glyphs moved 1 px: the most its style figure can mean
               "style_ceiling": self.results["judges"]["faces"][face]["real_shifted_style"]}
        if strip is not None:
            pick = np.linspace(0, len(cps) - 1, min(STRIP_CHARS, len(cps))).round().astype(int)
            write_strip(strip, title, [("source", source[pick]), ("generated", generated[pick]),
                                       ("target", target[pick])])
            row["strip"] = str(strip.relative_to(self.out))
        return row


def _drawn(face, cps: list[int], size: int) -> tuple[list[int], np.ndarray]:
    rendered = render_glyphs(face, cps, size)
    return list(rendered.codepoints), list(rendered.bitmaps)


def _metrics(row) -> dict:
    return {"ssim": row.ssim, "rmse": row.rmse, "l1": row.l1, "ink_iou": row.ink_iou}


# ----- 1. seen faces ------------------------------------------------------------------------------------
def seen_faces(bench: Bench) -> list[dict]:
    model = GlyphGenerator.from_checkpoint(bench.ckpt, device="cpu")
    rows = []
    for name in bench.trained_rows:
        t0 = time.perf_counter()
        cps = [cp for cp in bench.eval_chars if cp in bench.face(name).codepoints]
        glyphs = model.generate_from_sources(np.stack([bench.source[cp] for cp in cps]), name)
        row = bench.score(name, glyphs, cps, bench.out / "strips" / f"seen-{slug(name)}.png",
                          f"{name}: base model (step {bench.results['checkpoint_step']}), held-out characters")
        row["seconds"] = round(time.perf_counter() - t0, 1)
        log(_line(row))
        rows.append(row)
    return rows


def _line(row: dict) -> str:
    m, c = row["model"], row["copy_source"]
    shots = f" {row['shots']} shots" if "shots" in row else ""
    return (f"{row['face']}{shots}: SSIM {m['ssim']:.3f} (copy {c['ssim']:.3f}, gain {row['ssim_gain']:+.3f}), "
            f"RMSE {m['rmse']:.3f} (copy {c['rmse']:.3f}), L1 {m['l1']:.3f}, content {row['content']:.3f}, "
            f"style {row['style']:.3f} (copy {row['copy_style']:.3f}, real+1px {row['style_ceiling']:.3f}) "
            f"on {row['count']} characters")


# ----- 2. few-shot curve --------------------------------------------------------------------------------
def planned_characters(bench: Bench, face: str, count: int) -> list[int]:
    """The template's choice of `count` characters among those this face could write for this base."""
    held = set(bench.base.held_out)
    usable = set(bench.base.charset()) & bench.base.source_face().codepoints & bench.face(face).codepoints
    candidates = [cp for cp in frequency_order() if cp in usable and cp not in held]
    candidates += sorted(usable - held - set(candidates))   # charset characters outside the frequency list
    return plan_characters(count, candidates)


def write_glyphs(face, cps: list[int], folder: Path) -> int:
    """The face's glyphs as `zi2zi extract` leaves written ones: GLYPH_SIZE px PNGs named by code point."""
    folder.mkdir(parents=True, exist_ok=True)
    drawn = render_glyphs(face, cps, GLYPH_SIZE)
    for cp, glyph in zip(drawn.codepoints, drawn.bitmaps):
        write_png_atomic(layout.glyph_path(folder, cp), glyph, durable=False)
    return len(drawn.codepoints)


def zero_shot(bench: Bench, model: GlyphGenerator, face: str) -> dict:
    """The base generator with the row a fine-tune starts from (the mean of the trained rows)."""
    rows = torch.stack([model.style_embedding(n) for n in bench.trained_rows])
    cps = [cp for cp in bench.eval_chars if cp in bench.face(face).codepoints]
    glyphs = model.generate_from_sources(np.stack([bench.source[cp] for cp in cps]), embedding=rows.mean(0)[None])
    row = bench.score(face, glyphs, cps, bench.out / "strips" / f"fewshot-{slug(face)}-0.png",
                      f"{face}: 0 shots (base model, mean style row)")
    row["shots"] = 0
    return row


def few_shot(bench: Bench, face: str, shots: int) -> dict:
    args = bench.args
    run = bench.out / "runs" / f"{slug(face)}-{shots}"
    if run.exists():
        shutil.rmtree(run)
    cps = planned_characters(bench, face, shots)
    written = write_glyphs(bench.face(face), cps, run / "written")
    project = handwriting_from_base(run / "project", base_root=bench.base.root, glyphs_dir=run / "written",
                                    style_name=f"{face} (written)", checkpoint=bench.ckpt, normalize=False)
    hand = len(project.styles) - 1
    held_hand = len(set(cps) & set(project.held_out))
    t = project.config.train
    log(f"{face}, {shots} shots: {written} glyphs written, {held_hand} of them held out by the hand's policy; "
        f"preset {t.steps} steps, evaluation every {t.eval_every}, patience {t.early_stopping_patience}")
    finetune = train(project.root, args.minutes, args.threads, run / "train.log")
    finetune.update({"preset_steps": t.steps, "written": written, "hand_held_out": held_hand,
                     "trained_on": written - held_hand})
    project = Project.open(project.root)
    model = GlyphGenerator.from_project(project, device="cpu")
    best = CheckpointStore(project.checkpoints_dir).best()
    finetune["evaluated_checkpoint"] = str(best)
    finetune["evaluated_step"] = int(load_checkpoint(best).get("step", 0) or 0)
    ev = [cp for cp in bench.eval_chars if cp in bench.face(face).codepoints]
    glyphs = model.generate_from_sources(np.stack([bench.source[cp] for cp in ev]), project.styles[hand].name)
    row = bench.score(face, glyphs, ev, bench.out / "strips" / f"fewshot-{slug(face)}-{shots}.png",
                      f"{face}: {shots} shots, fine-tuned {finetune['minutes']} min budget, "
                      f"{finetune.get('last_step', '?')} steps")
    row.update({"shots": shots, "finetune": finetune, "characters": "".join(map(chr, cps))})
    row["passes"] = {"content": row["content"] >= TARGETS["content"], "style": row["style"] >= TARGETS["style"],
                     "ssim_gain": row["ssim_gain"] >= TARGETS["ssim_gain"]}
    for npz in project.cache_dir.glob("*.npz"):   # a 20-face pairs cache at 128 px is over a gigabyte
        npz.unlink()
    log(_line(row))
    return row


def train(root: Path, minutes: float, threads: int, log_path: Path) -> dict:
    """`zi2zi train ROOT --minutes M --threads T --json` in a subprocess: its steps, wall, CPU time and load."""
    cmd = [sys.executable, "-m", "core.cli", "train", str(root), "--minutes", str(minutes),
           "--threads", str(threads), "--json"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    first_step_at, reports, loads = None, [], []
    limit = minutes * 60 * 1.5 + 600   # the measured budget plus setup; beyond it the run is stopped cleanly
    with open(log_path, "w") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=out, text=True)
        stopped = False
        for line in proc.stdout:
            out.write(line)
            out.flush()   # the log is read while the fine-tune runs
            if line.startswith("{"):
                report = json.loads(line)
                reports.append(report)
                if report["type"] == "TrainStepReport" and first_step_at is None:
                    first_step_at = time.monotonic()
            if len(loads) < (time.monotonic() - t0) / 30:
                loads.append(os.getloadavg()[0])
            if not stopped and time.monotonic() - t0 > limit:
                proc.send_signal(signal.SIGINT)   # Ctrl+C: training saves a checkpoint and stops
                stopped = True
        proc.wait()
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    steps = [r for r in reports if r["type"] == "TrainStepReport"]
    evals = [r for r in reports if r["type"] == "EvalReport"]
    finished = next((r for r in reports if r["type"] == "FinishedReport"), {})
    if proc.returncode != 0:
        raise SystemExit(f"fine-tuning {root} failed (exit {proc.returncode}); see {log_path}")
    return {"minutes": minutes, "threads": threads, "wall_s": round(wall, 1),
            "train_wall_s": round(time.monotonic() - first_step_at, 1) if first_step_at else None,
            "cpu_s": round(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime, 1),
            "last_step": finished.get("step", steps[-1]["step"] if steps else 0),
            "planned_steps": steps[-1]["total_steps"] if steps else None,
            "reason": finished.get("reason"), "stopped_by_bench": stopped,
            "evaluations": [{k: e[k] for k in ("step", "held_out_l1", "copy_source_l1", "style_accuracy")}
                            for e in evals],
            "load_mean": round(float(np.mean(loads)), 2) if loads else None, "load_at_end": load()}


def held_out_faces(bench: Bench) -> list[str]:
    faces = bench.args.face or list(bench.base.held_out_styles)
    for face in faces:
        if face not in bench.base.held_out_styles:
            raise SystemExit(f"{face!r} is not a held-out face of {bench.base.root} "
                             f"(those are: {', '.join(bench.base.held_out_styles) or 'none'})")
    return faces


# ----- output -------------------------------------------------------------------------------------------
def write_markdown(results: dict, path: Path) -> None:
    lines = [f"# Few-shot curve: {results['base']}", "",
             f"Checkpoint {results['checkpoint']} (step {results['checkpoint_step']}), {results['image_size']} px, "
             f"{results['eval_characters']} evaluation characters (the base project's held-out characters), "
             f"threads {results['threads']}, load at start {results['load_at_start']}.", ""]
    cal = results.get("judges")
    if cal:
        m = cal["mean"]
        lines += ["## Judges", "",
                  f"Fit accuracy (fresh jitter of their own training glyphs): content {cal['fit_accuracy']['content']:.3f}, "
                  f"style {cal['fit_accuracy']['style']:.3f}; fitted or read in {cal['seconds']} s, load {cal['load']}.", "",
                  f"Calibration, mean over faces: real glyphs moved 1 px read as their character "
                  f"{m['real_shifted_content']:.3f} and as their face {m['real_shifted_style']:.3f}; the copied source "
                  f"reads as the face {m['copy_source_style']:.3f} and as its character {cal['copy_source_content']:.3f}.", "",
                  f"Real glyphs blurred (Gaussian, sigma {cal['blur_sigma_px']:.1f} px) read as their character "
                  f"{m['real_blurred_content']:.3f} and as their face {m['real_blurred_style']:.3f}; other faces' real "
                  f"glyphs read as a given face {m['others_read_as_face']:.3f} of the time.", "",
                  "| face | real+1px content | real+1px style | blurred content | blurred style | others read as it "
                  "| copy-source style | misread most as |", "|---|---|---|---|---|---|---|---|"]
        lines += [f"| {n} | {r['real_shifted_content']:.3f} | {r['real_shifted_style']:.3f} | "
                  f"{r['real_blurred_content']:.3f} | {r['real_blurred_style']:.3f} | {r['others_read_as_face']:.3f} | "
                  f"{r['copy_source_style']:.3f} | {r.get('misread_as', '-')} |" for n, r in cal["faces"].items()]
        lines.append("")
    header = ["| face | shots | chars | SSIM | copy SSIM | gain | RMSE | copy RMSE | L1 | content | style | copy style "
              "| real+1px style |", "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]

    def table_row(r: dict) -> str:
        m, c = r["model"], r["copy_source"]
        return (f"| {r['face']} | {r.get('shots', '-')} | {r['count']} | {m['ssim']:.3f} | {c['ssim']:.3f} | "
                f"{r['ssim_gain']:+.3f} | {m['rmse']:.3f} | {c['rmse']:.3f} | {m['l1']:.3f} | {r['content']:.3f} | "
                f"{r['style']:.3f} | {r['copy_style']:.3f} | {r['style_ceiling']:.3f} |")
    if results.get("seen"):
        lines += ["## Seen faces (base model, held-out characters)", ""] + header
        lines += [table_row(r) for r in results["seen"]]
        mean = {k: float(np.mean([r[k] for r in results["seen"]])) for k in ("ssim_gain", "content", "style")}
        lines += ["", f"Mean over seen faces: SSIM gain {mean['ssim_gain']:+.3f}, content {mean['content']:.3f}, "
                      f"style {mean['style']:.3f}.", ""]
    if results.get("few_shot"):
        lines += ["## Held-out faces: few-shot curve", "",
                  f"Targets (issue 13): content >= {TARGETS['content']}, style >= {TARGETS['style']}, "
                  f"SSIM >= copy + {TARGETS['ssim_gain']}.", ""] + header
        lines += [table_row(r) for r in results["few_shot"]]
        lines += ["", "| face | shots | trained on | steps (preset) | best step | stop | wall s | train wall s | CPU s "
                      "| load mean |", "|---|---|---|---|---|---|---|---|---|---|"]
        for r in results["few_shot"]:
            f = r.get("finetune")
            if f:
                lines.append(f"| {r['face']} | {r['shots']} | {f['trained_on']} | {f['last_step']} ({f['preset_steps']}) | "
                             f"{f['evaluated_step']} | "
                             f"{f['reason']} | {f['wall_s']} | {f['train_wall_s']} | {f['cpu_s']} | {f['load_mean']} |")
        lines.append("")
    strips = [r["strip"] for r in results.get("seen", []) + results.get("few_shot", []) if "strip" in r]
    lines += ["## Strips", ""] + [f"![{s}]({s})" for s in strips]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def save(bench: Bench) -> None:
    (bench.out / "results.json").write_text(json.dumps(bench.results, indent=1, ensure_ascii=False), encoding="utf-8")
    write_markdown(bench.results, bench.out / "results.md")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base", required=True, type=Path, help="the trained base project (zi2zi base-model)")
    p.add_argument("--checkpoint", type=Path, help="base checkpoint (default: the base project's best)")
    p.add_argument("--out", required=True, type=Path)
    p.add_argument("--shots", default="100,200,300", help="comma-separated glyph counts")
    p.add_argument("--face", action="append", help="held-out face to fine-tune (repeatable; default: all)")
    p.add_argument("--minutes", type=float, default=30.0, help="fine-tune wall budget per run")
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--judge-epochs", type=int, default=20, help="epochs of both judges' fitting")
    p.add_argument("--style-chars", type=int, default=1000, help="non-evaluation characters the style judge learns from")
    only = p.add_mutually_exclusive_group()
    only.add_argument("--seen-only", action="store_true")
    only.add_argument("--few-shot-only", action="store_true")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    torch.set_num_threads(max(1, args.threads))
    shots = [int(s) for s in args.shots.split(",") if s.strip()]
    bench = Bench(args)
    log(f"base {bench.base.root}, checkpoint {bench.ckpt} (step {bench.results['checkpoint_step']}), "
        f"{bench.size} px, {len(bench.eval_chars)} evaluation characters, load {load()}")
    bench.ensure_judges()
    save(bench)
    if not args.few_shot_only:
        bench.results["seen"] = seen_faces(bench)
        save(bench)
    if not args.seen_only:
        faces = held_out_faces(bench)
        base_model = GlyphGenerator.from_checkpoint(bench.ckpt, device="cpu")
        bench.results["few_shot"] = []
        for face in faces:
            row = zero_shot(bench, base_model, face)
            log(_line(row))
            bench.results["few_shot"].append(row)
            for n in shots:
                bench.results["few_shot"].append(few_shot(bench, face, n))
                save(bench)
    bench.results["load_at_end"] = load()
    save(bench)
    log(f"results: {bench.out / 'results.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
