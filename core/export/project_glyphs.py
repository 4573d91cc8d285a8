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
    glyphs, origin = project_glyph_origins(project, style_id, skip_rejected, prefer_generated, only_accepted)
    counts: dict[str, int] = {}
    for kind in origin.values():
        counts[kind] = counts.get(kind, 0) + 1
    return glyphs, counts


def project_glyph_origins(project: Project, style_id: int, skip_rejected: bool = True,
                          prefer_generated: bool | None = None,
                          only_accepted: bool = False) -> tuple[dict[int, np.ndarray], dict[int, str]]:
    """project_glyphs, with the kind of folder each glyph came from ("edited", "handwriting", "generated")."""
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
    return glyphs, origin


QUALITY_FILES = ("legibility.json", "scores.json", "metadata.json", "glyphs.json")


EVALUATION_FILE = "evaluation.json"     # core.quality.progress writes it (zi2zi eval)
HELD_OUT_FIGURES = ("content_accuracy", "style_accuracy")


def glyph_quality(project: Project, style_id: int):
    """Legibility scores beside the style's generated glyphs and the model's held-out figures, or None."""
    from core.export.validate import GlyphQuality

    quality = _legibility(project, style_id)
    figures = held_out_figures(project)
    if figures:
        quality = quality or GlyphQuality()
        quality.held_out = figures
    return quality


def held_out_figures(project: Project) -> dict[str, float]:
    """The model's figures on unseen characters from the last `zi2zi eval` ({} when never evaluated)."""
    path = project.root / EVALUATION_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        model = next(r for r in raw.get("overall", []) if r.get("name") == "model")
        return {k: float(model[k]) for k in HELD_OUT_FIGURES if isinstance(model.get(k), (int, float))}
    except (OSError, ValueError, StopIteration, AttributeError, TypeError):
        return {}


def _legibility(project: Project, style_id: int):
    """The legibility scores the model wrote beside a style's generated glyphs, or None.

    Read from the first of QUALITY_FILES in glyphs/generated/<style>/ holding code-point keys (hex, as
    the PNGs are named) with a number or an object with "legibility" (or "score") and maybe "suspect";
    at the top level or under "scores" / "glyphs", with an optional "threshold"."""
    from core.export.validate import GlyphQuality

    folder = project.glyphs_dir / "generated" / project.styles[style_id].name
    for name in QUALITY_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            log.warning("ignoring unreadable %s: %s", path, exc)
            continue
        quality = _parse_quality(raw, str(path), GlyphQuality)
        if quality is not None:
            return quality
    return None


def _parse_quality(raw, source: str, factory):
    if not isinstance(raw, dict):
        return None
    table = raw.get("scores", raw.get("glyphs", raw))
    quality = factory(source=source)   # threshold 0.5: core.quality.legibility.SUSPECT_BELOW
    if isinstance(raw.get("threshold"), (int, float)):
        quality.threshold = float(raw["threshold"])
    for key, value in (table.items() if isinstance(table, dict) else ()):
        cp = _codepoint(key)
        if cp is None:
            continue
        if isinstance(value, dict):
            score = value.get("legibility", value.get("score"))
            if value.get("suspect"):
                quality.flagged.add(cp)
        else:
            score = value
        if isinstance(score, (int, float)) and not isinstance(score, bool):
            quality.scores[cp] = float(score)
    return quality if quality.scores or quality.flagged else None


def _codepoint(key: str) -> int | None:
    """'4E00', 'U+4E00', 'uni4E00' or the character itself."""
    key = str(key)
    if len(key) == 1:
        return ord(key)
    text = key.upper().removeprefix("U+").removeprefix("UNI")
    try:
        return int(text, 16) if 4 <= len(text) <= 6 else None
    except ValueError:
        return None
