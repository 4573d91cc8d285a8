"""Accept / reject decisions on generated glyphs, kept per style in the project folder as JSON (atomic writes)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from core.atomic_io import write_json_atomic

log = logging.getLogger(__name__)

FILE_NAME = "review.json"
ACCEPTED, REJECTED, UNREVIEWED = "accepted", "rejected", ""


class ReviewStore:
    """{"version": 1, "styles": {style: {"accepted": ["4E00", ...], "rejected": [...]}}} in <project>/review.json."""

    def __init__(self, project_root: Path) -> None:
        self.path = Path(project_root) / FILE_NAME
        self._marks: dict[str, dict[int, str]] = {}
        if self.path.exists():
            try:
                raw = json.loads(self.path.read_text(encoding="utf-8"))
                for style, lists in raw.get("styles", {}).items():
                    marks = self._marks.setdefault(style, {})
                    for status in (ACCEPTED, REJECTED):
                        for hexcode in lists.get(status, []):
                            marks[int(hexcode, 16)] = status
            except (OSError, ValueError, AttributeError) as exc:
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
        styles = {style: {status: [f"{cp:04X}" for cp in sorted(cp for cp, s in marks.items() if s == status)]
                          for status in (ACCEPTED, REJECTED)}
                  for style, marks in self._marks.items()}
        write_json_atomic(self.path, {"version": 1, "styles": styles})
