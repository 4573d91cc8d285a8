"""EditSession: per-glyph undo/redo histories for one style, kept for the whole session, saved on every step."""

from __future__ import annotations

import logging
from collections.abc import Callable

import numpy as np

from core.editing.model import GlyphEdit, outline_to_contours
from core.editing.store import load_edit, read_png, save_edit
from core.project.glyphs import choose_glyph
from core.project.layout import ORIGIN_GENERATED
from core.vectorize import trace_bitmap

log = logging.getLogger(__name__)
MAX_STEPS = 200             # undo depth per glyph; a state is a few tens of KB, so this stays small


class GlyphHistory:
    """Undo and redo for one glyph. A drag is one step: begin(), update() per mouse move, commit()."""

    def __init__(self, state: GlyphEdit, on_commit: Callable[[GlyphEdit], None]):
        self._state = state
        self._on_commit = on_commit
        self._undo: list[tuple[str, GlyphEdit]] = []
        self._redo: list[tuple[str, GlyphEdit]] = []
        self._before: GlyphEdit | None = None

    @property
    def state(self) -> GlyphEdit:
        return self._state

    def begin(self) -> GlyphEdit:
        """Start a step; returns the state it started from (a drag recomputes from it on every move)."""
        if self._before is None:
            self._before = self._state
        return self._before

    def update(self, state: GlyphEdit) -> None:
        """The live state during a step (shown, not saved, not yet undoable)."""
        if self._before is None:
            self._before = self._state
        self._state = state

    def commit(self, label: str) -> bool:
        """End the step: one undo entry if anything changed. True when it did."""
        before, self._before = self._before, None
        if before is None or self._state.same_as(before):
            return False
        self._undo.append((label, before))
        del self._undo[:-MAX_STEPS]
        self._redo.clear()
        self._on_commit(self._state)
        return True

    def cancel(self) -> None:
        if self._before is not None:
            self._state, self._before = self._before, None

    def apply(self, state: GlyphEdit, label: str) -> bool:
        """A one-shot change (a button, a key): begin, update and commit in one."""
        self.begin()
        self.update(state)
        return self.commit(label)

    def undo(self) -> bool:
        return self._step(self._undo, self._redo)

    def redo(self) -> bool:
        return self._step(self._redo, self._undo)

    def _step(self, source: list, target: list) -> bool:
        self.commit("edit")      # a step still open (a drag when the shortcut came) is finished first
        if not source:
            return False
        label, state = source.pop()
        target.append((label, self._state))
        self._state = state
        self._on_commit(state)
        return True

    def undo_label(self) -> str | None:
        return self._undo[-1][0] if self._undo else None

    def redo_label(self) -> str | None:
        return self._redo[-1][0] if self._redo else None


class EditSession:
    """The edits of one style of a project. Histories live as long as the session, so switching glyphs
    (previous / next) and coming back keeps undo. Every committed step is written to the project."""

    def __init__(self, project, style_id: int = 0):
        self.project = project
        self.style_id = style_id
        self.style_name = project.styles[style_id].name
        self.upm = int(project.config.export.units_per_em)
        self.side_bearing = float(project.config.export.side_bearing)   # as this project's export places glyphs
        self.size = int(project.config.data.image_size)
        self._histories: dict[int, GlyphHistory] = {}
        self.listeners: list[Callable[[int], None]] = []   # called with the code point after each save

    def history(self, codepoint: int) -> GlyphHistory:
        history = self._histories.get(codepoint)
        if history is None:
            state = load_edit(self.project, self.style_name, codepoint, self.upm) or self.baseline(codepoint)
            history = GlyphHistory(state, self._save)
            self._histories[codepoint] = history
        return history

    def baseline(self, codepoint: int) -> GlyphEdit:
        """The glyph as it would export without an edit (handwriting, else generated), traced and placed."""
        bitmap, origin = self.unedited_bitmap(codepoint)
        return placed_edit(codepoint, bitmap, self.upm, origin, self.side_bearing)

    def revert(self, codepoint: int) -> bool:
        """Back to the generated glyph, as one undoable step (the edit files go when it is saved)."""
        return self.history(codepoint).apply(self.baseline(codepoint), "Revert to generated")

    def is_edited(self, codepoint: int) -> bool:
        return self.history(codepoint).state.edited

    def _save(self, state: GlyphEdit) -> None:
        save_edit(self.project, self.style_name, state)
        for listener in list(self.listeners):
            listener(state.codepoint)

    def unedited_bitmap(self, codepoint: int) -> tuple[np.ndarray, str]:
        """The glyph the edit starts from and its origin: what would export without an edit
        (core.project.glyphs: handwriting or generated, a rejected one left out), else a blank ("empty")."""
        choice = choose_glyph(self.project, self.style_id, codepoint, with_edits=False)
        if choice is not None and choice.path.is_file():
            return read_png(choice.path), choice.origin
        return np.full((self.size, self.size), 255, np.uint8), "empty"


def placed_edit(codepoint: int, bitmap: np.ndarray, upm: int, origin: str = ORIGIN_GENERATED,
                side_bearing: float | None = None) -> GlyphEdit:
    """An unedited state: the bitmap traced, with the advance and side bearings export would give it
    (`side_bearing`: the project's export setting; None: its default)."""
    from core.config import ExportConfig
    from core.render import horizontal_placement

    outline = trace_bitmap(np.ascontiguousarray(bitmap, dtype=np.uint8), upm)
    bearing = ExportConfig().side_bearing if side_bearing is None else side_bearing
    place = horizontal_placement(codepoint, outline.bounds(), upm, bearing)
    return GlyphEdit(codepoint, bitmap, outline_to_contours(outline, dx=place.shift_x), advance=place.advance,
                     upm=upm, bitmap_shift=place.shift_x, edited=False, origin=origin)
