"""Size and baseline of a 300-character hand in the font a handwriting project exports, made as the wizard makes it.

What a user does, through the product's CLI:

1. a hand: 300 characters the template planner picks (core.capture.planner) from GB 2312 level 1 (the base
   model's charset), "written" by a stand-in writer -- LXGW WenKai (one of the base model's held-out faces)
   at 256 px, each glyph jittered in scale, position and weight (bench_writer_metrics.jitter, the parameters
   of bench_hand_export) so its sizes and baselines jump as a real writer's do;
2. `zi2zi handwriting-project` from those PNGs (the bundled 128 px base model, the writer's metrics on, as
   the wizard), `zi2zi train --minutes M --threads 1`, `zi2zi generate` of the whole charset in the hand's
   style and `zi2zi export` (TTF) -- the "after" font;
3. "before": the same written glyphs as captured (not normalised) beside the same model's glyphs as it draws
   them, without following the writer's metrics (core.capture.normalize.follower, which core.generation
   applies), exported by core.export.pipeline.export_font;
4. both fonts rendered back and measured per kind (written, generated, whole font) by bench_hand_export.measure:
   ink-box size / the source font's glyph (spread, % of the median) and the bottom's offset from where the
   writer's metrics put it (spread, px at 256 px); and a specimen PNG of each (2 lines of 20 characters,
   written ones in red, a grey baseline).

Every step is skipped when its output is already there, so a rerun measures again without training again.

    nice -n 5 .venv/bin/python bench/bench_hand_project_export.py --out /work/scratch/handexport --minutes 10
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_hand_export import export, measure  # noqa: E402
from bench_writer_metrics import jitter  # noqa: E402

from core.atomic_io import write_png_atomic  # noqa: E402
from core.capture.normalize import WriterMetrics, follower, reference_glyphs  # noqa: E402
from core.capture.planner import frequency_order, plan_characters  # noqa: E402
from core.charsets import charset_codepoints  # noqa: E402
from core.fonts import open_face  # noqa: E402
from core.project import Project, handwriting_codepoints, layout  # noqa: E402

WRITER = "/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf"
CHARSET = "gb2312-level1"
STYLE = "My handwriting"
ZI2ZI = [str(Path(sys.executable).parent / "zi2zi")]
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def write_hand(folder: Path, count: int, size: int, seed: int) -> list[int]:
    """The stand-in writer's jittered glyphs as PNGs named by code point; the planner's characters."""
    writer = open_face(WRITER)
    charset = set(charset_codepoints(CHARSET))
    # The planner wants its candidates commonest first (GB 2312 lists them by pinyin).
    chosen = plan_characters(count, [cp for cp in frequency_order() if cp in charset and cp in writer.codepoints])
    clean = reference_glyphs(writer, chosen, size)
    for cp, glyph in jitter(clean, seed, (0.72, 1.08), 0.035, 2.0).items():
        write_png_atomic(layout.glyph_path(folder, cp), glyph)
    return chosen


def zi2zi(*args: str) -> float:
    """One CLI command as a user runs it (niced, one thread); its wall seconds."""
    started = time.perf_counter()
    print("$ zi2zi", " ".join(args), "| load", open("/proc/loadavg").read().split()[:3], flush=True)
    subprocess.run(["nice", "-n", "5", *ZI2ZI, *args], check=True, cwd=ROOT, env={**os.environ, **ONE_THREAD})
    return round(time.perf_counter() - started, 1)


def raw_generated(project: Project, codepoints: list[int]) -> dict[int, np.ndarray]:
    """The model's glyphs in the hand's style as core.generation draws them, before the writer's metrics."""
    import torch

    from core.inference import GlyphGenerator

    torch.set_num_threads(1)
    model = GlyphGenerator.from_project(project, bf16_on_cpu=True)
    glyphs, made, _ = model.generate(project.source_face(), codepoints, model.style_row(STYLE), 64)
    return dict(zip(made, glyphs))


def read_folder(folder: Path) -> dict[int, np.ndarray]:
    from core.export.pipeline import read_glyph
    return {cp: read_glyph(path) for cp, path in layout.glyph_files(folder).items()}


def follows(raw: dict[int, np.ndarray], product: dict[int, np.ndarray], follow) -> float:
    """Share of the product's generated glyphs that are exactly the raw glyph placed by the writer's metrics."""
    same = [np.array_equal(follow(cp, raw[cp]), product[cp]) for cp in product if cp in raw]
    return round(float(np.mean(same)), 4) if same else 0.0


def specimen(font: Path, written: set[int], codepoints: list[int], out: Path, size: int = 48) -> Path:
    """Lines of 20 characters of the font, written ones in red, each on a grey baseline."""
    from PIL import Image, ImageDraw, ImageFont

    face = ImageFont.truetype(str(font), size)
    ascent, descent = face.getmetrics()
    lines = [codepoints[i:i + 20] for i in range(0, len(codepoints), 20)]
    pad, line_h = size // 2, ascent + descent + size // 2
    image = Image.new("RGB", (2 * pad + 20 * size, 2 * pad + len(lines) * line_h), "white")
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        base = pad + row * line_h + ascent
        draw.line([(pad, base), (pad + 20 * size, base)], fill=(170, 170, 170), width=1)
        for col, cp in enumerate(line):
            colour = (190, 0, 0) if cp in written else (0, 0, 0)
            draw.text((pad + col * size, base), chr(cp), font=face, fill=colour, anchor="ls")
    image.save(out, optimize=True)
    return out


def mixed_line(written: list[int], generated: list[int], count: int = 40) -> list[int]:
    """count characters alternating written and generated, commonest first (both lists in frequency order)."""
    out: list[int] = []
    for w, g in zip(written, generated):
        out += [w, g]
    return out[:count]


def make_project(args, hand: Path, project_dir: Path, timings: dict) -> Project:
    if not project_dir.exists():
        timings["handwriting_project_s"] = zi2zi("handwriting-project", str(project_dir), "--glyphs", str(hand),
                                                 "--charset", CHARSET, "--name", STYLE)
    if not any((project_dir / "checkpoints").glob("step-*.pt")):   # base.pt alone: not fine-tuned yet
        timings["train_s"] = zi2zi("train", str(project_dir), "--minutes", str(args.minutes), "--threads", "1")
    if not layout.generated_dir(project_dir, STYLE).is_dir():
        # The whole charset, or (--generate N) the N commonest characters of it.
        text = ["--text", "".join(chr(cp) for cp in frequency_order()[:args.generate])] if args.generate else []
        timings["generate_s"] = zi2zi("generate", str(project_dir), "--style", STYLE, *text)
    return Project.open(project_dir)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="scratch folder: hand, project, fonts, figures")
    parser.add_argument("--written", type=int, default=300)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--generate", type=int, default=0, help="generate only the N commonest characters")
    parser.add_argument("--size", type=int, default=256, help="written glyph and measuring size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    timings: dict = {"load_at_start": open("/proc/loadavg").read().split()[:3]}
    hand, project_dir = args.out / "hand", args.out / "project"
    if not hand.is_dir():
        write_hand(hand, args.written, args.size, args.seed)
    project = make_project(args, hand, project_dir, timings)
    after = args.out / "hand-after.ttf"
    if not after.is_file():
        timings["export_s"] = zi2zi("export", str(project_dir), "--style-name", STYLE, "--format", "ttf",
                                    "--out", str(after), "--workers", "1")

    hand_id = project.style_id(STYLE)
    folder = project.style_folder(hand_id)
    written_cps = sorted(handwriting_codepoints(folder))
    product = read_folder(layout.generated_dir(project_dir, STYLE))
    generated_cps = [cp for cp in project.charset() if cp in product and cp not in set(written_cps)]
    started = time.perf_counter()
    raw = raw_generated(project, generated_cps)
    timings["raw_generate_s"] = round(time.perf_counter() - started, 1)
    source = project.source_face()
    before = export({**{cp: raw[cp] for cp in generated_cps}, **read_folder(hand)}, args.out / "hand-before.ttf")

    metrics = WriterMetrics.load(layout.writer_metrics_file(folder))
    kinds = {**{cp: "generated" for cp in generated_cps}, **{cp: "written" for cp in written_cps}}
    reference = reference_glyphs(source, list(kinds), args.size)
    figures = {"charset": CHARSET, "written": len(written_cps), "generated": len(generated_cps),
               "held_out_written": len(set(project.held_out) & set(written_cps)),
               "writer_metrics": metrics.__dict__,
               "product_follows_metrics": follows(raw, product, follower(folder, source))}
    for name, font in (("before", before), ("after", after)):
        figures[name] = measure(font, kinds, reference, metrics, args.size)
    order = [cp for cp in frequency_order() if cp in kinds]
    line = mixed_line([cp for cp in order if kinds[cp] == "written"], [cp for cp in order if kinds[cp] == "generated"])
    for name, font in (("before", before), ("after", after)):
        specimen(font, set(written_cps), line, args.out / f"hand-{name}.png")
    figures["timings"] = {**timings, "load_at_end": open("/proc/loadavg").read().split()[:3]}
    (args.out / "figures.json").write_text(json.dumps(figures, indent=1))
    (args.out / "figures.md").write_text(table(figures))
    print(json.dumps(figures, indent=1))
    print(table(figures))
    return 0


def table(figures: dict) -> str:
    rows = ["| font | kind | glyphs | median size | size spread | median baseline | baseline spread |",
            "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    for name in ("before", "after"):
        for kind, f in figures[name].items():
            rows.append(f"| {name} | {kind} | {f['glyphs']} | {f['median_scale']:.3f} | {f['height_spread_pct']:.1f} % "
                        f"| {f['median_baseline_px']:+.1f} px | {f['baseline_spread_px']:.1f} px |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    sys.exit(main())
