"""Which bitmap each character of a project exports: edited > accepted handwriting > generated."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np

from core.export.pipeline import load_glyph_dir
from core.project import Project

log = logging.getLogger(__name__)

REVIEW_FILE = "review.json"  # written by the app's review grid: {"styles": {name: {"rejected": ["4E00"]}}}


def glyph_sources(project: Project, style_id: int) -> list[tuple[str, Path]]:
    """(kind, folder) in rising precedence: a later folder's glyph replaces an earlier one's."""
    style = project.styles[style_id]
    folders = [("generated", project.glyphs_dir / "generated" / style.name)]
    if style.kind == "handwriting":
        folders.append(("handwriting", project.style_folder(style_id)))
    folders.append(("edited", project.glyphs_dir / "edited" / style.name))
    return folders


def rejected_codepoints(project: Project, style_name: str) -> set[int]:
    path = project.root / REVIEW_FILE
    if not path.is_file():
        return set()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {int(h, 16) for h in raw.get("styles", {}).get(style_name, {}).get("rejected", [])}
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return set()


def project_glyphs(project: Project, style_id: int, skip_rejected: bool = True) -> tuple[dict[int, np.ndarray], dict[str, int]]:
    """The glyphs to export for one style, and how many came from each kind of folder."""
    glyphs: dict[int, np.ndarray] = {}
    origin: dict[int, str] = {}
    for kind, folder in glyph_sources(project, style_id):
        if folder.is_dir():
            for cp, bitmap in load_glyph_dir(folder).items():
                glyphs[cp], origin[cp] = bitmap, kind
    rejected = rejected_codepoints(project, project.styles[style_id].name) if skip_rejected else set()
    for cp in rejected:
        # A rejected generated glyph is left out; an edit or a handwritten sample overrides the rejection.
        if origin.get(cp) == "generated":
            glyphs.pop(cp)
            origin.pop(cp)
    counts: dict[str, int] = {}
    for kind in origin.values():
        counts[kind] = counts.get(kind, 0) + 1
    return glyphs, counts
