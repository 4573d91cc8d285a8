"""Accept / reject marks on generated glyphs, per style, in <project>/review.json (the only reader and writer)."""

from __future__ import annotations

import json
import logging
import os

from core.atomic_io import write_json_atomic
from core.project.layout import codepoint_key, codepoint_of, review_marks_file

log = logging.getLogger(__name__)

ACCEPTED, REJECTED, UNREVIEWED = "accepted", "rejected", ""


class ReviewStore:
    """{"version": 1, "styles": {style: {"accepted": ["4E00", ...], "rejected": [...]}}} in <project>/review.json.

    Written by the preview's glyph grid; read by the precedence rule (core.project.glyphs: rejected
    generated glyphs drop out, export can keep only accepted ones) and by training (accepted glyphs)."""

    def __init__(self, project_root: str | os.PathLike) -> None:
        self.path = review_marks_file(project_root)
        self._marks: dict[str, dict[int, str]] = {}
        if self.path.exists():
            try:
                self._marks = _parse(json.loads(self.path.read_text(encoding="utf-8")))
            except (OSError, ValueError, AttributeError, TypeError) as exc:
                # A damaged review file must not block opening the project; the decisions restart.
                log.warning("ignoring unreadable %s: %s", self.path, exc)

    def status(self, style: str, codepoint: int) -> str:
        return self._marks.get(style, {}).get(codepoint, UNREVIEWED)

    def codepoints(self, style: str, status: str) -> list[int]:
        return sorted(cp for cp, s in self._marks.get(style, {}).items() if s == status)

    def mark(self, style: str, codepoints, status: str) -> None:
        marks = self._marks.setdefault(style, {})
        for cp in codepoints:
            if status == UNREVIEWED:
                marks.pop(int(cp), None)
            else:
                marks[int(cp)] = status
        self.save()

    def save(self) -> None:
        styles = {style: {status: [codepoint_key(cp) for cp in sorted(cp for cp, s in marks.items() if s == status)]
                          for status in (ACCEPTED, REJECTED)}
                  for style, marks in self._marks.items()}
        write_json_atomic(self.path, {"version": 1, "styles": styles})


def _parse(raw) -> dict[str, dict[int, str]]:
    marks: dict[str, dict[int, str]] = {}
    for style, lists in raw.get("styles", {}).items():
        style_marks = marks.setdefault(style, {})
        for status in (ACCEPTED, REJECTED):
            for key in lists.get(status, []):
                codepoint = codepoint_of(str(key))
                if codepoint is not None:
                    style_marks[codepoint] = status
    return marks
