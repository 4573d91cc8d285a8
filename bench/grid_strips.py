"""Held-out strips along each grid run, and the share of held-out glyphs that keep every stroke, as JSON.

    .venv/bin/python bench/grid_strips.py --grid GRID_DIR --cells sn-recipe,zi2zi --out strips/

For every finished (cell, seed) run: one PNG with the run's fixed held-out sample characters (the same in
every run of a grid): the source row, the target row, then the generated row at each sample grid the run
wrote and for its final checkpoint. Prints per run the share of all held-out glyphs whose final glyph
misses no stroke of the target (core.quality.strokes: a piece of the target's centre line at least
3/32 of the glyph long with no generated ink within size/32 is a missing or broken stroke), overall and
per style, and the copy-source row; beside it the ink ratio (generated ink over the target's: a bolder model
completes more strokes without drawing them better) and the share of stray ink (farther than size/32 from
the target's ink: speckle, smears), and a control: the strokes kept when the same glyphs are made bolder
by a lighter ink threshold (224), to compare a bolder model against.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.dataset import load_pairs  # noqa: E402
from core.inference import GlyphGenerator  # noqa: E402
from core.project import Project  # noqa: E402
from core.quality.strokes import complete_strokes, ink_balance  # noqa: E402
from core.training.checkpoint import CheckpointStore  # noqa: E402
from core.training.samples import GAP, sample_pairs  # noqa: E402

BOLDER_INK = 224   # a lighter ink threshold than core.quality.strokes.INK (128): about 10 % more ink


def _generate(model: GlyphGenerator, names: list[str], source: np.ndarray, style: np.ndarray) -> np.ndarray:
    out = np.zeros_like(source)
    for style_id in np.unique(style):
        mask = style == style_id
        out[mask] = model.generate_from_sources(source[mask], names[int(style_id)])
    return out


def _sample_rows(run: Project, count: int, size: int) -> list[tuple[str, np.ndarray]]:
    """The generated column of every sample grid the run wrote: [(label, (count, S, S))]."""
    rows = []
    for path in sorted(run.samples_dir.glob("step-*.png")):
        grid = np.asarray(Image.open(path).convert("L"))
        step = size + GAP
        glyphs = np.stack([grid[r * step:r * step + size, step:step + size] for r in range(count)])
        step_number = int(re.findall(r"\d+", path.stem)[0])
        rows.append((f"step {step_number}", glyphs))
    return rows


def _sheet(rows: list[tuple[str, np.ndarray]], size: int, path: Path) -> None:
    label_width, gap, count = 110, 2, len(rows[0][1])
    sheet = Image.new("L", (label_width + count * (size + gap), len(rows) * (size + gap)), 255)
    draw = ImageDraw.Draw(sheet)
    for r, (label, glyphs) in enumerate(rows):
        y = r * (size + gap)
        draw.text((4, y + size // 2 - 6), label, fill=0)
        for c, glyph in enumerate(glyphs):
            sheet.paste(Image.fromarray(glyph), (label_width + c * (size + gap), y))
    path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=Path, required=True, help="the --out folder of compare-discriminators")
    parser.add_argument("--cells", required=True, help="comma-separated cell names")
    parser.add_argument("--out", type=Path, required=True, help="folder for the strip PNGs")
    args = parser.parse_args(argv)

    size = int(json.loads((args.grid / "grid.json").read_text())["image_size"])
    data = load_pairs(Project.open(args.grid / "data"), size)
    held = data.held_out_indices
    source_all, target_all, style_all = data.batch(held)
    copy_ratio, copy_stray = ink_balance(source_all, target_all)
    results = {"copy source": float(complete_strokes(source_all, target_all).mean()),
               "copy source ink": {"ink_ratio": copy_ratio, "stray_ink": copy_stray}, "runs": {}}
    for cell in [c.strip() for c in args.cells.split(",")]:
        for result in sorted((args.grid / "runs").glob(f"{cell}--seed*.json")):
            run = Project.open(args.grid / "projects" / result.stem)
            names = [s.name for s in run.styles]
            model = GlyphGenerator.from_checkpoint(CheckpointStore(run.checkpoints_dir).latest(), "cpu")
            final = _generate(model, names, source_all, style_all)
            complete = complete_strokes(final, target_all)
            picks = sample_pairs(data, run.config.train.sample_count)
            source, target, style = data.batch(picks)
            rows = [("source", source), ("target", target)] + _sample_rows(run, len(picks), size)
            rows.append((f"final {json.loads(result.read_text())['steps_done']}", _generate(model, names, source, style)))
            _sheet(rows, size, args.out / f"{result.stem}.png")
            # per style too: a face with hair-thin strokes (a kai brush) breaks far more often than the others
            by_style = {names[int(s)]: float(complete[style_all == s].mean()) for s in np.unique(style_all)}
            ink_ratio, stray_ink = ink_balance(final, target_all)
            # The control for boldness: the same glyphs made bolder by calling every pixel darker than 224 ink.
            bolder = np.where(final < BOLDER_INK, 0, 255).astype(np.uint8)
            results["runs"][result.stem] = {"complete_strokes": float(complete.mean()), "held_out": int(len(held)),
                                            "complete_strokes_by_style": by_style,
                                            "ink_ratio": ink_ratio, "stray_ink": stray_ink,
                                            "bolder_control": {"ink_ratio": ink_balance(bolder, target_all)[0],
                                                               "complete_strokes":
                                                                   float(complete_strokes(bolder, target_all).mean())},
                                            "strip": str(args.out / f"{result.stem}.png")}
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
