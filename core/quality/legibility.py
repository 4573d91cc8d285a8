"""Per-glyph legibility: the content classifier's probability that a glyph is the character it should be.

It finds the bad glyphs for the designer: a glyph whose strokes broke or merged scores low even when
its pixels are close, and the preview grid can show the lowest first. Scores exist only for characters
the project's classifiers know (its charset); other glyphs are "not scored", never guessed. Scores are
written beside the generated glyphs as legibility.json: {"4E00": 0.97, ...}.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import torch

from core.atomic_io import write_json_atomic
from core.dataset import to_tensor
from core.project.layout import codepoint_key, codepoint_of, legibility_file
from core.quality.classifiers import Classifiers, cache_path, load_classifiers

log = logging.getLogger(__name__)

SUSPECT_BELOW = 0.5   # under this, the classifier thinks another character more likely than not


@torch.no_grad()
def legibility(classifiers: Classifiers, glyphs: np.ndarray, char_index: np.ndarray,
               batch_size: int = 256) -> np.ndarray:
    """uint8 glyphs (N, S, S) and their content class ids (N,) -> probability of that class (N,) float32."""
    out = []
    for start in range(0, len(glyphs), batch_size):
        batch = to_tensor(glyphs[start:start + batch_size]).contiguous(memory_format=torch.channels_last)
        _, logits = classifiers.content(batch)                                    # (B, classes)
        probs = logits.float().softmax(dim=1)
        index = torch.from_numpy(np.asarray(char_index[start:start + batch_size], dtype=np.int64))
        out.append(probs.gather(1, index[:, None])[:, 0].numpy())
    return np.concatenate(out).astype(np.float32) if out else np.zeros(0, np.float32)


class LegibilityScorer:
    """Scores glyphs of a project's charset with its cached classifiers (trained by `zi2zi eval`)."""

    def __init__(self, classifiers: Classifiers, char_codepoints: np.ndarray):
        self.classifiers = classifiers
        self.index = {int(cp): i for i, cp in enumerate(char_codepoints)}

    @classmethod
    def for_project(cls, project, image_size: int) -> LegibilityScorer | None:
        """The scorer when the project's classifiers for this size are cached and current, else None."""
        from core.dataset import load_pairs

        try:
            data = load_pairs(project, image_size)
        except Exception as exc:  # scoring is a help, never a reason for generation to fail
            log.info("legibility not scored: %s", exc)
            return None
        classifiers = load_classifiers(cache_path(project.cache_dir, data), data)
        return cls(classifiers, data.char_codepoints) if classifiers is not None else None

    def score(self, glyphs: np.ndarray, codepoints: list[int]) -> dict[int, float]:
        """{code point: probability} for the glyphs whose characters the classifier knows."""
        known = [i for i, cp in enumerate(codepoints) if cp in self.index]
        if not known:
            return {}
        probs = legibility(self.classifiers, glyphs[known], np.array([self.index[codepoints[i]] for i in known]))
        return {codepoints[i]: round(float(p), 4) for i, p in zip(known, probs)}


def read_scores(folder: Path) -> dict[int, float]:
    """The scores written beside a style's generated glyphs ({} when none or unreadable)."""
    try:
        raw = json.loads(legibility_file(folder).read_text(encoding="utf-8"))
        return {cp: float(v) for k, v in raw.items() if (cp := codepoint_of(k)) is not None}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def write_scores(folder: Path, scores: dict[int, float]) -> None:
    """Merge new scores into the folder's legibility.json (regenerating some glyphs keeps the others)."""
    merged = {**read_scores(folder), **scores}
    write_json_atomic(legibility_file(folder), {codepoint_key(cp): v for cp, v in sorted(merged.items())})


def suspect(scores: dict[int, float], threshold: float = SUSPECT_BELOW) -> list[int]:
    """Code points whose glyphs the classifier doubts, least legible first."""
    return sorted((cp for cp, p in scores.items() if p < threshold), key=lambda cp: scores[cp])
