"""WOFF2 from a compiled TTF file, using the glyf transform precomputed from compiled glyphs.

fontTools' WOFF2 writer decodes every glyph again and re-encodes it point by point in Python;
with the streams from core.export.ttglyph it only has to copy the tables and run brotli. The output
is byte-identical to TTFont.save with flavor "woff2" (tests/core/test_export.py checks it).

brotli is most of a big font's WOFF2 time: quality 11 (fontTools' default) costs about 10x quality 9 for
a file 1% smaller than quality 10 and 5% smaller than 9 (bench/README.md, "WOFF2 compression"), so the
ExportConfig.woff2_compression setting picks the quality, by default from the size of the data.
"""

from __future__ import annotations

import threading

import fontTools.ttLib.woff2 as fonttools_woff2
from fontTools.ttLib import TTFont
from fontTools.ttLib.sfnt import SFNTReader
from fontTools.ttLib.woff2 import WOFF2Writer

from core.export.ttglyph import GlyfStreams

BROTLI_QUALITY = {"smallest": 11, "fast": 9}
AUTO_SMALLEST_BELOW = 2_000_000     # bytes brotli compresses: quality 11 takes a few CPU-seconds up to here
_compression = threading.local()    # the setting of the WOFF2 being written on this thread


def brotli_quality(compression: str, size: int) -> int:
    """brotli's quality for a WOFF2 setting ("auto", "smallest", "fast") and the bytes to compress."""
    if compression == "auto":
        compression = "smallest" if size < AUTO_SMALLEST_BELOW else "fast"
    return BROTLI_QUALITY[compression]


class _BrotliAtQuality:
    """The brotli module as fontTools' WOFF2 writer sees it, with compress at the quality of the setting
    being written on this thread (fontTools calls brotli.compress itself and offers no quality)."""

    def __init__(self, module):
        self._module = module

    def __getattr__(self, name):
        return getattr(self._module, name)

    def compress(self, data, **options):
        compression = getattr(_compression, "value", None)
        if compression is not None and "quality" not in options:
            options["quality"] = brotli_quality(compression, len(data))
        return self._module.compress(data, **options)


def _use_setting(compression: str | None) -> None:
    if not isinstance(fonttools_woff2.brotli, _BrotliAtQuality):
        fonttools_woff2.brotli = _BrotliAtQuality(fonttools_woff2.brotli)
    _compression.value = compression


class _PretransformedWriter(WOFF2Writer):
    """fontTools' WOFF2 writer, except that the glyf transform is handed in, not computed."""

    glyf_streams: GlyfStreams | None = None

    def transformTable(self, tag):
        if tag == "glyf" and self.glyf_streams is not None:
            self._decompileTable("head")     # the loca format after fontTools' 4-byte glyph padding
            return self.glyf_streams.pack(self.ttFont["head"].indexToLocFormat)
        return super().transformTable(tag)


def write_woff2(ttf_path: str, out_path: str, glyf_streams: GlyfStreams | None,
                compression: str | None = None) -> None:
    """out_path = ttf_path as WOFF2; without glyf_streams, fontTools transforms glyf itself.
    compression is ExportConfig.woff2_compression; None keeps fontTools' brotli quality (11)."""
    _use_setting(compression)
    try:
        _write_woff2(ttf_path, out_path, glyf_streams)
    finally:
        _compression.value = None


def _write_woff2(ttf_path: str, out_path: str, glyf_streams: GlyfStreams | None) -> None:
    if glyf_streams is None:
        with TTFont(ttf_path, lazy=True) as font:
            font.flavor = "woff2"
            font.save(out_path)
        return
    with open(ttf_path, "rb") as source, open(out_path, "wb") as target:
        reader = SFNTReader(source)
        tags = [tag for tag in reader.keys() if tag != "DSIG"]
        writer = _PretransformedWriter(target, len(tags), reader.sfntVersion)
        writer.glyf_streams = glyf_streams
        for tag in tags:
            writer[tag] = reader[tag]
        writer.close()
