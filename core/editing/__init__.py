"""The glyph editor's data model (no Qt): edit states, outline and bitmap operations, undo, project files."""

from core.editing.model import BITMAP, CURVE, LINE, OFF, OUTLINE, EditContour, EditPoint, GlyphEdit
from core.editing.session import EditSession, GlyphHistory

__all__ = ["BITMAP", "CURVE", "LINE", "OFF", "OUTLINE", "EditContour", "EditPoint", "EditSession",
           "GlyphEdit", "GlyphHistory"]
