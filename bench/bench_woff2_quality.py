"""WOFF2 size and brotli CPU time at quality 9, 10 and 11 for a TTF; prints JSON.

    .venv/bin/python bench/bench_woff2_quality.py FONT.ttf

brotli compresses the font's tables with the WOFF2 glyf transform; this captures exactly those bytes
from fontTools' WOFF2 writer (what core/export/webfont.py hands brotli too) and times each quality on them.
"""

from __future__ import annotations

import io
import json
import sys
import time

import brotli
import fontTools.ttLib.woff2 as fonttools_woff2
from fontTools.ttLib import TTFont


class _Capture:
    """brotli as fontTools sees it, keeping the data it is asked to compress."""

    def __init__(self):
        self.data: list[bytes] = []

    def __getattr__(self, name):
        return getattr(brotli, name)

    def compress(self, data, **options):
        self.data.append(data)
        return brotli.compress(data, **options)


def main(path: str) -> None:
    capture = _Capture()
    fonttools_woff2.brotli = capture
    with TTFont(path) as font:
        font.flavor = "woff2"
        font.save(io.BytesIO())
        glyphs = len(font.getGlyphOrder())
    data = capture.data[0]
    figures = {"font": path, "glyphs": glyphs, "brotli_input_bytes": len(data),
               "loadavg_before": open("/proc/loadavg").read().split()[:3]}
    for quality in (9, 10, 11):
        start = time.process_time()
        size = len(brotli.compress(data, mode=brotli.MODE_FONT, quality=quality))
        figures[f"q{quality}"] = {"bytes": size, "cpu_s": round(time.process_time() - start, 2)}
    figures["loadavg_after"] = open("/proc/loadavg").read().split()[:3]
    print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
