"""Score a trained generator on a project's held-out characters with the whole suite, per style and overall."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np

from core.dataset import PairData, load_pairs
from core.quality.classifiers import Classifiers, ensure_classifiers
from core.quality.legibility import SUSPECT_BELOW, legibility
from core.quality.strokes import complete_strokes
from core.quality.suite import Labels, format_table, quality_rows, rows_to_json

log = logging.getLogger(__name__)

RESIZE_POLICY = ("none for pixel and contour metrics (compared at the model's image size); "
                 "the classifiers area-average glyphs above 64 px to 64 px")


def evaluate_model(model, data: PairData, style_names: list[str], classifiers: Classifiers) -> dict:
    """`model` is a core.inference.GlyphGenerator; figures for the held-out characters of seen styles."""
    held = data.held_out_indices
    source, target, style = data.batch(held)
    labels = Labels(content=data.pair_char[held], style=style + 1)
    generated = np.zeros_like(target)
    per_style = {}
    for style_id, name in enumerate(style_names):
        mask = style == style_id
        if not mask.any():
            continue
        generated[mask] = model.generate_from_sources(source[mask], name)
        sub = Labels(labels.content[mask], labels.style[mask])
        per_style[name] = rows_to_json(quality_rows(generated[mask], source[mask], target[mask], sub, classifiers))
    overall = quality_rows(generated, source, target, labels, classifiers)
    legible = legibility(classifiers, generated, labels.content)
    per_glyph = [{"codepoint": int(data.char_codepoints[c]), "char": chr(int(data.char_codepoints[c])),
                  "style": style_names[s] if s < len(style_names) else str(s), "legibility": round(float(p), 4)}
                 for c, s, p in zip(labels.content, style, legible)]
    return {"split": "held-out characters of seen styles", "image_size": int(data.image_size),
            "held_out_pairs": int(len(held)), "resize_policy": RESIZE_POLICY,
            "classifier_accuracy": dict(classifiers.accuracy),
            "overall": rows_to_json(overall), "per_style": per_style, "table": format_table(overall),
            "per_glyph": per_glyph,
            # Share of held-out glyphs missing no stroke of the target (core.quality.strokes).
            "complete_strokes": {"model": float(complete_strokes(generated, target).mean()) if len(held) else None,
                                 "copy source": float(complete_strokes(source, target).mean()) if len(held) else None},
            "suspect_glyphs": int((legible < SUSPECT_BELOW).sum()), "suspect_below": SUSPECT_BELOW}


def evaluate_project(project, checkpoint: str | Path | None = None, device: str = "auto",
                     classifiers: Classifiers | None = None, classifier_epochs: int = 30,
                     shots: int | None = None, fit_steps: int | None = None) -> dict:
    """The project's model (best checkpoint unless one is named) on its held-out characters, and on its
    held-out styles (key "held_out_styles", core.quality.unseen_styles) when it has any."""
    from core.inference import GlyphGenerator
    from core.quality import unseen_styles

    model = GlyphGenerator.from_project(project, checkpoint, device)
    data = load_pairs(project, model.image_size)
    classifiers = classifiers or ensure_classifiers(project.cache_dir, data, epochs=classifier_epochs)
    result = evaluate_model(model, data, [s.name for s in project.styles], classifiers)
    result["checkpoint"] = str(checkpoint or "best")
    if project.held_out_styles:
        result["held_out_styles"] = unseen_styles.evaluate_unseen_styles(
            model, data, [s.name for s in project.styles], project.held_out_styles, classifiers,
            shots=shots or unseen_styles.SHOTS, steps=fit_steps or unseen_styles.FIT_STEPS)
    return result
