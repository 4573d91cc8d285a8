"""Consistent size and baseline of a hand: spread of ink-box heights and baselines before/after core.capture.normalize.

A synthetic written set: a font (the "writer", default the bundled LXGW WenKai subset) rendered at
--size px, each glyph scaled by a random factor (a hand that writes some boxes larger), shifted up/down
and sideways, and its strokes made heavier or lighter (pen pressure). The reference is the project's
source font (WenQuanYi Micro Hei). Figures, each over the written characters:

* height spread: std of the ink box's size (along the reference's longer side) / the reference's, as a
  % of its median -- the same character-for-character comparison the font reader makes;
* baseline spread: std (px at --size) of the ink box's bottom minus where the writer's metrics put it;
* raw: std of the plain ink-box heights and bottoms in px (characters differ by design too, so the
  clean font's figure is the floor);
* weight spread: std of the stroke width / its median, %.

With --generated, also the bundled demo model's glyphs for the same characters (its LXGW WenKai row),
before and after `place` with the written set's metrics: the gap between their median scale / baseline
and the hand's is what "generated glyphs follow the same metrics" closes.

    .venv/bin/python bench/bench_writer_metrics.py --count 300 --size 256 --generated
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.capture.normalize import (  # noqa: E402
    WriterMetrics,
    _along,
    adjust_weight,
    estimate,
    ink_box,
    normalize_glyphs,
    place,
    reference_glyphs,
    stroke_width,
)
from core.capture.planner import plan_characters  # noqa: E402
from core.charsets import charset_codepoints  # noqa: E402
from core.fonts import RESOURCES_DIR, demo_font_paths, open_face  # noqa: E402


def jitter(glyphs: dict[int, np.ndarray], seed: int, scale_range: tuple[float, float], shift: float,
           weight_px: float) -> dict[int, np.ndarray]:
    """Each glyph scaled about its centre by U(scale_range), moved by N(0, shift) em each way, strokes +-weight_px."""
    import cv2
    rng = np.random.default_rng(seed)
    out = {}
    for cp, g in glyphs.items():
        size = g.shape[0]
        k = rng.uniform(*scale_range)
        dx, dy = rng.normal(0, shift, 2) * size
        c = size / 2
        m = np.float32([[k, 0, c - k * c + dx], [0, k, c - k * c + dy]])
        ink = cv2.warpAffine(255.0 - g.astype(np.float32), m, (size, size), flags=cv2.INTER_LINEAR, borderValue=0)
        moved = np.clip(255 - ink, 0, 255).astype(np.uint8)
        out[cp] = adjust_weight(moved, rng.uniform(-weight_px, weight_px))
    return out


def spreads(glyphs: dict[int, np.ndarray], reference: dict[int, np.ndarray], metrics: WriterMetrics) -> dict:
    size = next(iter(glyphs.values())).shape[0]
    ratios, bottoms, heights, raw_bottoms, widths = [], [], [], [], []
    for cp, g in glyphs.items():
        box, ref = ink_box(g), ink_box(reference[cp])
        if box is None or ref is None:
            continue
        w, r = _along(box, ref)
        ratios.append(w / r)
        bottoms.append((box.bottom - metrics.target(ref).bottom) * size)
        heights.append(box.height * size)
        raw_bottoms.append(box.bottom * size)
        widths.append(stroke_width(g))
    ratios, widths = np.array(ratios), np.array(widths)
    return {"height_spread_pct": round(100 * float(ratios.std() / np.median(ratios)), 2),
            "baseline_spread_px": round(float(np.std(bottoms)), 2),
            "raw_height_std_px": round(float(np.std(heights)), 2),
            "raw_bottom_std_px": round(float(np.std(raw_bottoms)), 2),
            "weight_spread_pct": round(100 * float(widths.std() / np.median(widths)), 2),
            "median_scale": round(float(np.median(ratios)), 3)}


def generated_glyphs(codepoints: list[int], size: int) -> dict[int, np.ndarray]:
    """The bundled demo model's WenKai glyphs (at the model's own size: 128 px since the demo model was
    fine-tuned from the base model, 64 px before), enlarged to `size`."""
    import cv2

    from core.inference import GlyphGenerator
    from core.recipes.demo import DEMO_MODEL
    model = GlyphGenerator.from_checkpoint(DEMO_MODEL, "cpu")
    source = open_face(demo_font_paths()["microhei"])
    glyphs, made, _ = model.generate(source, codepoints, model.style_row("LXGW WenKai"), batch_size=64)
    return {cp: cv2.resize(g, (size, size), interpolation=cv2.INTER_CUBIC) for cp, g in zip(made, glyphs)}


def write_strip(path: Path, rows: list[dict[int, np.ndarray]], chars: list[int], size: int) -> None:
    """One row per set, glyphs side by side at half size, with a grey line at the render baseline (0.88 em)."""
    import cv2
    half = size // 2
    lines = []
    for row in rows:
        tiles = [cv2.resize(row.get(cp, np.full((size, size), 255, np.uint8)), (half, half),
                            interpolation=cv2.INTER_AREA) for cp in chars]
        line = np.concatenate(tiles, axis=1)
        line[int(0.88 * half), :] = np.minimum(line[int(0.88 * half), :], 170)
        lines.append(np.pad(line, ((2, 2), (0, 0)), constant_values=120))
    cv2.imwrite(str(path), np.concatenate(lines, axis=0))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--size", type=int, default=256)
    parser.add_argument("--writer", default="wenkai", help="bundled demo font standing in for the hand")
    parser.add_argument("--scale", type=float, nargs=2, default=(0.72, 1.08), help="per-glyph scale range")
    parser.add_argument("--shift", type=float, default=0.035, help="per-glyph offset std, fraction of the em")
    parser.add_argument("--weight", type=float, default=2.0, help="per-glyph stroke change, +- px at --size")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--generated", action="store_true", help="also the demo model's glyphs, before/after")
    parser.add_argument("--out", type=Path, help="write the figures as JSON here")
    parser.add_argument("--strip", type=Path, help="write a PNG: rows clean / written / normalised (/ generated /"
                                                  " following), the first 16 characters, on a baseline grid")
    args = parser.parse_args()

    started = time.perf_counter()
    demo = [cp for cp in charset_codepoints(str(RESOURCES_DIR / "charsets" / "demo-hanzi.txt")) if cp >= 0x4E00]
    chars = plan_characters(args.count, demo)
    writer, source = open_face(demo_font_paths()[args.writer]), open_face(demo_font_paths()["microhei"])
    clean = reference_glyphs(writer, chars, args.size)
    reference = reference_glyphs(source, chars, args.size)
    written = jitter(clean, args.seed, tuple(args.scale), args.shift, args.weight)
    placed, metrics = normalize_glyphs(written, source)
    figures = {"characters": len(written), "size": args.size, "metrics": metrics.__dict__,
               "clean font": spreads(clean, reference, estimate(clean, reference)),
               "written (jittered)": spreads(written, reference, metrics),
               "written, normalised": spreads(placed, reference, metrics)}
    if args.generated:
        generated = generated_glyphs(chars, args.size)
        followed = {cp: place(g, reference[cp], metrics, leeway=False) for cp, g in generated.items()}
        figures["generated (demo model)"] = spreads(generated, reference, metrics)
        figures["generated, following the hand"] = spreads(followed, reference, metrics)
        figures["generated metrics before/after"] = {
            "before": estimate(generated, reference).__dict__, "after": estimate(followed, reference).__dict__}
    if args.strip:
        rows = [clean, written, placed] + ([generated, followed] if args.generated else [])
        write_strip(args.strip, rows, chars[:16], args.size)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["load"] = os.getloadavg()
    print(json.dumps(figures, indent=1))
    if args.out:
        args.out.write_text(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
