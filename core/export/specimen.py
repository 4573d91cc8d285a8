"""A specimen PNG set in the exported font: the test sentence, ASCII, and the suspect glyphs boxed in red."""

from __future__ import annotations

import logging
from pathlib import Path

from core.atomic_io import atomic_path

log = logging.getLogger(__name__)

LINES = ("天下大事，必作于细。Hi 2024", "「一」『二』（三）《四》…—；：？！、",
         "The quick brown fox jumps over 13 lazy dogs.")
PIXELS = 48
SUSPECTS_SHOWN = 24


def missing_characters(font_path: str | Path, text: str) -> list[str]:
    """Characters of `text` (spaces aside) the font maps to no glyph: they would show as .notdef."""
    import freetype

    face = freetype.Face(str(font_path))
    return [c for c in dict.fromkeys(text) if not c.isspace() and face.get_char_index(ord(c)) == 0]


def write_specimen(font_path: str | Path, out_path: str | Path, suspects: list[int] = (),
                   lines: tuple[str, ...] = LINES) -> str:
    """Render the specimen with Pillow; characters the font lacks are left out and said in red."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(font_path), PIXELS)
    label = ImageFont.load_default()
    rows = list(lines)
    shown = "".join(chr(cp) for cp in list(suspects)[:SUSPECTS_SHOWN])
    width = max(900, max(int(font.getlength(row)) for row in rows) + 40)
    per_row = max(1, (width - 40) // (PIXELS + 12))
    suspect_rows = -(-len(shown) // per_row)
    height = (len(rows) + suspect_rows) * (PIXELS + 24) + (30 if shown else 0) + 20
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    y = 10
    for row in rows:
        lacking = missing_characters(font_path, row)
        draw.text((20, y), "".join(c for c in row if c not in lacking), font=font, fill="black")
        if lacking:
            # the label font has no CJK: name the characters by code point
            draw.text((20, y + PIXELS + 4), "missing: " + " ".join(f"U+{ord(c):04X}" for c in lacking),
                      font=label, fill="red")
        y += PIXELS + 24
    if shown:
        draw.text((20, y), "suspect glyphs (the legibility score flags them):", font=label, fill="red")
        y += 16
        for i, char in enumerate(shown):
            x = 20 + (i % per_row) * (PIXELS + 12)
            top = y + (i // per_row) * (PIXELS + 24)
            draw.text((x, top), char, font=font, fill="black")
            draw.rectangle((x - 2, top + 2, x + PIXELS + 2, top + PIXELS + 10), outline="red", width=2)
    with atomic_path(out_path) as tmp:
        image.save(tmp, format="PNG")
    return str(out_path)
