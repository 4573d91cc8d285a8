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


def glyph_sources(project: Project, style_id: int, prefer_generated: bool | None = None) -> list[tuple[str, Path]]:
    """(kind, folder) in rising precedence: a later folder's glyph replaces an earlier one's.

    The writer's own glyphs win over generated ones unless prefer_generated (default: the project's
    export.prefer_generated_for_handwriting) asks for generated ones everywhere, for consistency; the
    handwritten glyphs then only fill characters the model did not generate.
    """
    style = project.styles[style_id]
    if prefer_generated is None:
        prefer_generated = project.config.export.prefer_generated_for_handwriting
    folders = [("generated", project.glyphs_dir / "generated" / style.name)]
    if style.kind == "handwriting":
        hand = ("handwriting", project.style_folder(style_id))
        folders.insert(0 if prefer_generated else 1, hand)
    folders.append(("edited", project.glyphs_dir / "edited" / style.name))
    return folders


def reviewed_codepoints(project: Project, style_name: str, status: str = "rejected") -> set[int]:
    """Code points the designer marked `status` ("accepted" or "rejected") in the review grid."""
    path = project.root / REVIEW_FILE
    if not path.is_file():
        return set()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return {int(h, 16) for h in raw.get("styles", {}).get(style_name, {}).get(status, [])}
    except (OSError, ValueError, AttributeError) as exc:
        log.warning("ignoring unreadable %s: %s", path, exc)
        return set()


def rejected_codepoints(project: Project, style_name: str) -> set[int]:
    return reviewed_codepoints(project, style_name, "rejected")


def project_glyphs(project: Project, style_id: int, skip_rejected: bool = True,
                   prefer_generated: bool | None = None,
                   only_accepted: bool = False) -> tuple[dict[int, np.ndarray], dict[str, int]]:
    """The glyphs to export for one style, and how many came from each kind of folder.

    only_accepted keeps just the generated glyphs the designer accepted; edits and handwriting stay."""
    glyphs: dict[int, np.ndarray] = {}
    origin: dict[int, str] = {}
    style_name = project.styles[style_id].name
    rejected = rejected_codepoints(project, style_name) if skip_rejected else set()
    accepted = reviewed_codepoints(project, style_name, "accepted") if only_accepted else None
    for kind, folder in glyph_sources(project, style_id, prefer_generated):
        if folder.is_dir():
            for cp, bitmap in load_glyph_dir(folder).items():
                if kind == "generated" and (cp in rejected or (accepted is not None and cp not in accepted)):
                    continue  # left out; an edit or a handwritten sample of it still counts
                glyphs[cp], origin[cp] = bitmap, kind
    from core.editing.exchange import edited_outline_glyphs
    for cp, glyph in edited_outline_glyphs(project, project.styles[style_id].name).items():
        glyphs[cp], origin[cp] = glyph, "edited"   # an edited outline goes into the font as drawn
    counts: dict[str, int] = {}
    for kind in origin.values():
        counts[kind] = counts.get(kind, 0) + 1
    return glyphs, counts
