"""Export benchmark: trace + build a full GB2312 font (6,763 glyphs at 256 px) to TTF + WOFF2; prints JSON.

    .venv/bin/python bench/bench_export.py [--font /usr/share/fonts/truetype/arphic/ukai.ttc] [--workers 2]
        [--tracer potracecffi|potracer] [--sample N]

Glyphs are rendered into memory first (not timed). --sample N exports only the first N characters;
the JSON then carries the measured time and, separately labelled, the time scaled to 6,763 glyphs.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.charsets import charset_codepoints  # noqa: E402
from core.export.options import ExportOptions  # noqa: E402
from core.export.pipeline import export_font_sync  # noqa: E402
from core.fonts import open_face  # noqa: E402
from core.render import render_glyphs  # noqa: E402

GB2312 = 6763


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--font", default="/usr/share/fonts/truetype/arphic/ukai.ttc")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--tracer", default="potracecffi", choices=["potracecffi", "potracer"])
    p.add_argument("--sample", type=int, default=0, help="export only this many characters")
    p.add_argument("--formats", nargs="*", default=["ttf", "woff2"])
    args = p.parse_args()
    codepoints = charset_codepoints("gb2312")
    if args.sample:
        codepoints = codepoints[:args.sample]
    started = time.perf_counter()
    rendered = render_glyphs(open_face(args.font), codepoints, args.size)
    render_s = time.perf_counter() - started
    glyphs = dict(zip(rendered.codepoints, rendered.bitmaps))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "gb2312.ttf"
        options = ExportOptions(family="Bench", formats=args.formats, workers=args.workers, tracer=args.tracer,
                                edge_policy="keep")
        started = time.perf_counter()
        result = export_font_sync(glyphs, out, options)
        seconds = time.perf_counter() - started
        sizes = {fmt: Path(path).stat().st_size for fmt, path in result.outputs.items() if fmt != "report"}
    figures = {
        "font": args.font, "glyphs": len(glyphs), "size_px": args.size, "tracer": args.tracer,
        "workers": args.workers, "formats": args.formats, "render_seconds_untimed": round(render_s, 2),
        "export_seconds": round(seconds, 2), "mean_round_trip_iou": result.report.mean_iou if result.report else None,
        "file_bytes": sizes,
        "peak_rss_mb_main": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_rss_mb_largest_worker": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }
    if args.sample and len(glyphs) < GB2312:
        figures["export_seconds_scaled_to_6763_glyphs"] = round(seconds * GB2312 / len(glyphs), 1)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
