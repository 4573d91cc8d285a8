"""Edited glyphs on disk: glyphs/edited/<style>/XXXX.json (edit state) + XXXX.png (what the glyph looks like).

The PNG is what preview and the bitmap export path read; the JSON keeps the contours, metrics and
which layer is the glyph. Both are written atomically, PNG first, so a JSON always finds its PNG.
A PNG without a JSON (an edit made outside the app) is a bitmap edit."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from core.atomic_io import write_png_atomic, write_text_atomic
from core.editing.bitmap_ops import rasterize, trace
from core.editing.model import BITMAP, OUTLINE, POINT_KINDS, EditContour, EditPoint, GlyphEdit
from core.errors import ProjectError
from core.project.layout import ORIGIN_GENERATED, codepoint_key, codepoint_of, edited_dir, glyph_file_name, glyph_path
from core.vectorize import describe_codepoint

log = logging.getLogger(__name__)
FORMAT = 1


def edit_paths(project, style_name: str, codepoint: int) -> tuple[Path, Path]:
    folder = edited_dir(project.root, style_name)
    return glyph_path(folder, codepoint, ".json"), glyph_path(folder, codepoint)


def display_bitmap(edit: GlyphEdit) -> np.ndarray:
    """The bitmap the glyph looks like: the bitmap layer, or the outline's raster when the outline is the glyph."""
    if edit.source == OUTLINE:
        return rasterize(edit.contours, edit.size, edit.upm, edit.bitmap_shift)
    return edit.bitmap


def save_edit(project, style_name: str, edit: GlyphEdit) -> None:
    """Write an edit; a state that is not edited (reverted to the generated glyph) removes the files."""
    json_path, png_path = edit_paths(project, style_name, edit.codepoint)
    if not edit.edited:
        delete_edit(project, style_name, edit.codepoint)
        return
    write_png_atomic(png_path, np.ascontiguousarray(display_bitmap(edit)))
    write_text_atomic(json_path, edit_to_json(edit))


def delete_edit(project, style_name: str, codepoint: int) -> None:
    for path in edit_paths(project, style_name, codepoint):
        path.unlink(missing_ok=True)


def load_edit(project, style_name: str, codepoint: int, upm: int = 1000) -> GlyphEdit | None:
    """The stored edit, or None when the glyph was never edited; damaged files raise ProjectError."""
    json_path, png_path = edit_paths(project, style_name, codepoint)
    if not json_path.exists() and not png_path.exists():
        return None
    bitmap = read_png(png_path) if png_path.exists() else None
    if not json_path.exists():
        return GlyphEdit(codepoint, bitmap, trace(bitmap, upm), advance=upm, upm=upm, edited=True)
    try:
        data = json.loads(json_path.read_text(encoding="utf-8"))
        return edit_from_dict(data, bitmap)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ProjectError(f"the edit of {describe_codepoint(codepoint)} in {json_path} is damaged",
                           hint="delete the file to start that glyph again from the generated one") from exc


def read_png(path: Path) -> np.ndarray:
    from PIL import Image

    try:
        with Image.open(path) as image:
            return np.asarray(image.convert("L"), dtype=np.uint8).copy()
    except OSError as exc:
        raise ProjectError(f"cannot read the edited glyph image {path}") from exc


# --- JSON -----------------------------------------------------------------------------------------

def edit_to_json(edit: GlyphEdit) -> str:
    """Indented JSON with one point per line, so a designer (or a diff) can read a contour."""
    head = {"format": FORMAT, "codepoint": codepoint_key(edit.codepoint), "char": chr(edit.codepoint),
            "source": edit.source, "origin": edit.origin, "upm": edit.upm, "advance": edit.advance,
            "bitmap": glyph_file_name(edit.codepoint), "bitmap_size": edit.size, "bitmap_shift": edit.bitmap_shift}
    lines = ["{"] + [f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('  "contours": [')
    for ci, contour in enumerate(edit.contours):
        points = ",\n".join(f"      [{p.x}, {p.y}, \"{p.kind}\"]" for p in contour.points)
        tail = "," if ci < len(edit.contours) - 1 else ""
        lines.append(f'    {{"closed": {json.dumps(contour.closed)}, "points": [\n{points}\n    ]}}{tail}')
    lines += ["  ]", "}", ""]
    return "\n".join(lines)


def edit_from_dict(data: dict, bitmap: np.ndarray | None) -> GlyphEdit:
    codepoint = codepoint_of(str(data["codepoint"]))
    if codepoint is None:
        raise ValueError(f"{data['codepoint']!r} is not a code point")
    upm = int(data.get("upm", 1000))
    contours = []
    for raw in data.get("contours", []):
        points = []
        for x, y, kind in raw["points"]:
            if kind not in POINT_KINDS:
                raise ValueError(f"unknown point kind {kind!r}")
            points.append(EditPoint(int(x), int(y), kind))
        contours.append(EditContour(tuple(points), bool(raw.get("closed", True))))
    size = int(data.get("bitmap_size", 0)) or (bitmap.shape[0] if bitmap is not None else 64)
    if bitmap is None:
        bitmap = np.full((size, size), 255, np.uint8)
    source = data.get("source", BITMAP)
    if source not in (BITMAP, OUTLINE):
        raise ValueError(f"unknown source {source!r}")
    return GlyphEdit(codepoint, bitmap, tuple(contours), advance=int(data.get("advance", upm)), upm=upm,
                     bitmap_shift=int(data.get("bitmap_shift", 0)), source=source, edited=True,
                     origin=str(data.get("origin", ORIGIN_GENERATED)))
