"""What edited glyphs hand to export: outlines as drawn, never re-traced (training reads edits through core.project.glyphs)."""

from __future__ import annotations

import logging

import numpy as np

from core.editing.model import OUTLINE
from core.editing.store import display_bitmap, load_edit
from core.project.glyphs import edited_codepoints
from core.vectorize import Contour, Outline

log = logging.getLogger(__name__)


class OutlinedBitmap(np.ndarray):
    """A glyph bitmap that carries its edited outline and advance.

    It travels through core.export.pipeline wherever a bitmap does (checks, the round-trip raster
    comparison, process pools), and the tracing step uses `outline` instead of tracing the pixels.
    The bitmap is the outline's own raster, so the export's IoU check compares like with like."""

    def __new__(cls, bitmap: np.ndarray, outline, advance: int, shift_x: int = 0):
        obj = np.asarray(bitmap, dtype=np.uint8).view(cls)
        obj.outline, obj.advance, obj.shift_x = outline, int(advance), int(shift_x)
        return obj

    def __array_finalize__(self, obj):
        self.outline = getattr(obj, "outline", None)
        self.advance = getattr(obj, "advance", 0)
        self.shift_x = getattr(obj, "shift_x", 0)

    def __reduce__(self):  # pickling (process pools) keeps the outline
        rebuild, args, state = super().__reduce__()
        return rebuild, args, (state, self.outline, self.advance, self.shift_x)

    def __setstate__(self, state):
        base, self.outline, self.advance, self.shift_x = state
        super().__setstate__(base)

    def for_upm(self, upm: int):
        """(outline, advance, shift_x) at another units-per-em (merging into a 2048-unit font, say)."""
        if upm == self.outline.upm:
            return self.outline, self.advance, self.shift_x
        k = upm / self.outline.upm
        contours = [Contour((c.start[0] * k, c.start[1] * k), [tuple((x * k, y * k) for x, y in s) for s in c.segments])
                    for c in self.outline.contours]
        return Outline(contours, upm), round(self.advance * k), round(self.shift_x * k)


def edited_outline_glyphs(project, style_name: str) -> dict[int, OutlinedBitmap]:
    """Every edit whose outline is the glyph, ready for export_font (bitmap edits export as PNGs)."""
    upm = int(project.config.export.units_per_em)
    glyphs = {}
    for cp in sorted(edited_codepoints(project, style_name)):
        edit = load_edit(project, style_name, cp, upm)
        if edit is not None and edit.source == OUTLINE:
            glyphs[cp] = OutlinedBitmap(display_bitmap(edit), edit.outline(), edit.advance, edit.bitmap_shift)
    return glyphs
