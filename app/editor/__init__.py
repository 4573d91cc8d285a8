"""The glyph editor (issue 6): a canvas with select, pen, brush and eraser tools over core.editing's model."""

from app.editor.window import GlyphEditor

__all__ = ["GlyphEditor"]
