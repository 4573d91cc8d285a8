"""The bitmaps a project exports for a style (core.project.glyphs decides which glyph wins), and its quality figures."""

from __future__ import annotations

import json
import logging

import numpy as np

from core.export.pipeline import read_glyph
from core.project import Project
from core.project.glyphs import choose_glyphs
from core.project.layout import ORIGIN_EDITED, QUALITY_FILES, codepoint_of, evaluation_file, generated_dir

log = logging.getLogger(__name__)


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
    """project_glyphs, with where each glyph came from ("edited", "handwriting", "generated").

    Which glyph wins is core.project.glyphs.choose_glyphs; this reads them, and hands an edit whose
    outline is the glyph to the font as drawn (an OutlinedBitmap) instead of tracing its picture."""
    from core.editing.exchange import edited_outline_glyphs

    choices = choose_glyphs(project, style_id, skip_rejected=skip_rejected, only_accepted=only_accepted,
                            prefer_generated=prefer_generated)
    outlined = edited_outline_glyphs(project, project.styles[style_id].name)
    glyphs: dict[int, np.ndarray] = {}
    origin: dict[int, str] = {}
    for cp, choice in sorted(choices.items()):
        if choice.origin == ORIGIN_EDITED and cp in outlined:
            glyphs[cp] = outlined[cp]
        elif choice.path.is_file():
            glyphs[cp] = read_glyph(choice.path)
        else:
            continue  # an edit saved without its picture: nothing to draw
        origin[cp] = choice.origin
    return glyphs, origin


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
    path = evaluation_file(project.root)
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

    folder = generated_dir(project.root, project.styles[style_id].name)
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
    return ord(key) if len(key) == 1 else codepoint_of(key)
