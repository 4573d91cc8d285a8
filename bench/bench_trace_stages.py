"""CPU-seconds of each tracing-path stage of the export on a folder of glyph PNGs (no profiler); prints JSON.

    .venv/bin/python bench/bench_trace_stages.py GLYPH_DIR [--count 1000]

Stages as the export's tracing workers run them, with the export's measured defaults (smooth 4x upscale,
curve merging 0.6): trace_bitmap (upscale + potrace), finish_outline (overlaps, specks, extrema),
Outline.bounds, builder._bounds, compile_outlines (cu2qu, glyf and WOFF2 glyph bytes, 50 glyphs a batch).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.export import builder  # noqa: E402
from core.export.simplify import finish_outline  # noqa: E402
from core.export.ttglyph import compile_outlines  # noqa: E402
from core.vectorize import TraceOptions, trace_bitmap  # noqa: E402


def _clock(work):
    start = time.process_time()
    result = work()
    return result, round(time.process_time() - start, 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("glyph_dir", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    files = sorted(f for f in args.glyph_dir.glob("*.png") if f.stem != "contact-sheet")[:args.count]
    bitmaps = [np.asarray(Image.open(f).convert("L"), np.uint8).copy() for f in files]
    options = TraceOptions("smooth", 4, opttolerance=0.6)
    figures = {"glyphs": len(bitmaps), "loadavg_before": open("/proc/loadavg").read().split()[:3]}
    traced, figures["trace_bitmap"] = _clock(lambda: [trace_bitmap(b, 1000, "auto", options) for b in bitmaps])
    finished, figures["finish_outline"] = _clock(lambda: [finish_outline(o) for o in traced])
    _, figures["outline_bounds"] = _clock(lambda: [o.bounds() for o in finished])
    _, figures["builder_bounds"] = _clock(lambda: [builder._bounds(o) for o in finished])
    _, figures["compile_outlines"] = _clock(
        lambda: [compile_outlines(finished[i:i + 50], 2.0) for i in range(0, len(finished), 50)])
    figures["loadavg_after"] = open("/proc/loadavg").read().split()[:3]
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
