"""Outline bench: points per glyph and ink IoU of traced outlines against the target font's own outlines.

    .venv/bin/python bench/bench_outlines.py [--font resources/fonts/ukai-demo.ttf] [--sizes 64 128]
        [--count 150] [--configs base,smooth2,...]

For each character the target font's glyph is rendered at the model's size (what a perfect generator
would output), traced with each tracing configuration and compiled to TrueType exactly as the export
does (cu2qu, same rounding). Reported per configuration and size:
  points      mean TrueType points per glyph (on- and off-curve), and the ratio to the target font's
              own glyf points for the same characters (the issue's target: at most 2x)
  iou_input   round-trip ink IoU: the outline rendered back at the input size against the input bitmap
              (what the export's validation measures)
  iou_truth   the outline rendered at 512 px against the target font rendered at 512 px: how close the
              trace comes to the real design (the fair judge of an upscaler)
Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from fontTools.ttLib import TTFont  # noqa: E402

from core.config import ExportConfig  # noqa: E402
from core.export.outline_ops import rasterize  # noqa: E402
from core.export.simplify import finish_outline  # noqa: E402
from core.export.ttglyph import compile_outlines  # noqa: E402
from core.export.validate import ink_iou  # noqa: E402
from core.fonts import open_face  # noqa: E402
from core.render import render_glyphs  # noqa: E402
from core.vectorize import TraceOptions, remove_specks, trace_bitmap  # noqa: E402

TRUTH = 512
_DEFAULT = ExportConfig()
CONFIGS = {
    "default": (TraceOptions(_DEFAULT.upscale, _DEFAULT.upscale_factor, opttolerance=_DEFAULT.opttolerance),
                _DEFAULT.cu2qu_max_err, _DEFAULT.simplify),                 # what the export does now
    "base": (TraceOptions(), 1.0, False),                                  # before issue 14
    "smooth2": (TraceOptions("smooth", 2), 1.0, False),
    "smooth4": (TraceOptions("smooth", 4), 1.0, False),
    "bilinear4": (TraceOptions("bilinear", 4), 1.0, False),
    "tol0.6": (TraceOptions(opttolerance=0.6), 1.0, False),
    "smooth2_tol0.6": (TraceOptions("smooth", 2, opttolerance=0.6), 1.0, False),
    "smooth2_tol0.6_err2": (TraceOptions("smooth", 2, opttolerance=0.6), 2.0, False),
    "smooth2_tol0.6_err2_finish": (TraceOptions("smooth", 2, opttolerance=0.6), 2.0, True),
    "smooth4_tol0.6_err2_finish": (TraceOptions("smooth", 4, opttolerance=0.6), 2.0, True),
    "smooth4_tol1_err2_finish": (TraceOptions("smooth", 4, opttolerance=1.0), 2.0, True),
    "smooth4_tol1_a1.2_err2_finish": (TraceOptions("smooth", 4, alphamax=1.2, opttolerance=1.0), 2.0, True),
    "smooth3_tol1_err2_finish": (TraceOptions("smooth", 3, opttolerance=1.0), 2.0, True),
}


def target_points(font: TTFont, codepoints: list[int]) -> dict[int, int]:
    glyf, cmap = font["glyf"], font.getBestCmap()
    counts = {}
    for cp in codepoints:
        coords, _, _ = glyf[cmap[cp]].getCoordinates(glyf)
        counts[cp] = len(coords)
    return counts


def measure(glyphs: dict[int, np.ndarray], truth: dict[int, np.ndarray], theirs: dict[int, int],
            options: TraceOptions, max_err: float, finish: bool) -> dict:
    started = time.perf_counter()
    outlines = []
    for bitmap in glyphs.values():
        outline = trace_bitmap(remove_specks(bitmap), 1000, "auto", options)
        outlines.append(finish_outline(outline) if finish else outline)
    compiled = compile_outlines(outlines, max_err)
    seconds = time.perf_counter() - started
    points = [g.n_points if hasattr(g, "n_points") else 0 for g in compiled]
    size = next(iter(glyphs.values())).shape[0]
    iou_in = [ink_iou(rasterize(o, size), b) for o, b in zip(outlines, glyphs.values())]
    iou_truth = [ink_iou(rasterize(o, TRUTH), truth[cp]) for o, cp in zip(outlines, glyphs)]
    ratios = [p / max(1, theirs[cp]) for p, cp in zip(points, glyphs)]
    return {"points": round(float(np.mean(points)), 1), "points_ratio_to_target": round(float(np.mean(ratios)), 3),
            "iou_input": round(float(np.mean(iou_in)), 4), "iou_truth": round(float(np.mean(iou_truth)), 4),
            "ms_per_glyph": round(1000 * seconds / len(glyphs), 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--font", default="resources/fonts/ukai-demo.ttf")
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 128])
    parser.add_argument("--count", type=int, default=150)
    parser.add_argument("--configs", default=",".join(CONFIGS))
    args = parser.parse_args()
    face = open_face(Path(args.font))
    codepoints = sorted(cp for cp in face.codepoints if 0x4E00 <= cp <= 0x9FFF)
    codepoints = codepoints[:: max(1, len(codepoints) // args.count)][:args.count]
    theirs = target_points(TTFont(args.font), codepoints)
    rendered = render_glyphs(face, codepoints, TRUTH)
    truth = dict(zip(rendered.codepoints, rendered.bitmaps))
    result = {"font": args.font, "glyphs": len(codepoints),
              "target_points": round(float(np.mean(list(theirs.values()))), 1), "sizes": {}}
    for size in args.sizes:
        small = render_glyphs(face, codepoints, size)
        glyphs = dict(zip(small.codepoints, small.bitmaps))
        result["sizes"][size] = {name: measure(glyphs, truth, theirs, *CONFIGS[name])
                                 for name in args.configs.split(",")}
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
