"""Held-out glyphs of a comparison grid's final models side by side, to look at what the figures score.

    .venv/bin/python bench/grid_samples.py --grid GRID_DIR --cells sn-bce-1d2g,zi2zi --seed 0 --out samples.png

Rows: the source glyph, the target font's glyph, then one row per cell (its seed's last checkpoint), for
the same held-out characters, taken evenly from every style. Writes one greyscale PNG.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from core.dataset import load_pairs  # noqa: E402
from core.inference import GlyphGenerator  # noqa: E402
from core.project import Project  # noqa: E402
from core.training.checkpoint import CheckpointStore  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grid", type=Path, required=True, help="the --out folder of compare-discriminators")
    parser.add_argument("--cells", required=True, help="comma-separated cell names, one row each")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--count", type=int, default=16, help="held-out characters per row")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)

    data_project = Project.open(args.grid / "data")
    grid_size = int(__import__("json").loads((args.grid / "grid.json").read_text())["image_size"])
    data = load_pairs(data_project, grid_size)
    held = data.held_out_indices
    picks = held[np.linspace(0, len(held) - 1, args.count).round().astype(int)]
    source, target, style = data.batch(picks)
    rows, labels = [source, target], ["source", "target"]
    for cell in [c.strip() for c in args.cells.split(",")]:
        run = Project.open(args.grid / "projects" / f"{cell}--seed{args.seed}")
        model = GlyphGenerator.from_checkpoint(CheckpointStore(run.checkpoints_dir).latest(), "cpu")
        names = [s.name for s in run.styles]
        generated = np.zeros_like(target)
        for style_id in np.unique(style):
            mask = style == style_id
            generated[mask] = model.generate_from_sources(source[mask], names[int(style_id)])
        rows.append(generated)
        labels.append(cell)

    size, label_width, gap = data.image_size, 120, 2
    sheet = Image.new("L", (label_width + args.count * (size + gap), len(rows) * (size + gap)), 255)
    draw = ImageDraw.Draw(sheet)
    for r, (row, label) in enumerate(zip(rows, labels)):
        y = r * (size + gap)
        draw.text((4, y + size // 2 - 6), label, fill=0)
        for c, glyph in enumerate(row):
            sheet.paste(Image.fromarray(glyph), (label_width + c * (size + gap), y))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(args.out)
    print(f"written {args.out}: {len(rows)} rows x {args.count} held-out glyphs at {size} px")
    return 0


if __name__ == "__main__":
    sys.exit(main())
