"""WOFF2 from a compiled TTF file, using the glyf transform precomputed from compiled glyphs.

fontTools' WOFF2 writer decodes every glyph again and re-encodes it point by point in Python;
with the streams from core.export.ttglyph it only has to copy the tables and run brotli. The output
is byte-identical to TTFont.save with flavor "woff2" (tests/core/test_export.py checks it).
"""

from __future__ import annotations

from fontTools.ttLib import TTFont
from fontTools.ttLib.sfnt import SFNTReader
from fontTools.ttLib.woff2 import WOFF2Writer

from core.export.ttglyph import GlyfStreams


class _PretransformedWriter(WOFF2Writer):
    """fontTools' WOFF2 writer, except that the glyf transform is handed in, not computed."""

    glyf_streams: GlyfStreams | None = None

    def transformTable(self, tag):
        if tag == "glyf" and self.glyf_streams is not None:
            self._decompileTable("head")     # the loca format after fontTools' 4-byte glyph padding
            return self.glyf_streams.pack(self.ttFont["head"].indexToLocFormat)
        return super().transformTable(tag)


def write_woff2(ttf_path: str, out_path: str, glyf_streams: GlyfStreams | None) -> None:
    """out_path = ttf_path as WOFF2; without glyf_streams, fontTools transforms glyf itself."""
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
