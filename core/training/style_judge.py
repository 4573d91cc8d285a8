"""A cheap style judge for fine-tuning: does a generated held-out glyph look like the new hand, not a font?

Held-out L1 alone rewards blur and copying the base styles' average; the judge tells whether the
model writes in the hand. It is the quality report's small style classifier (core.quality.classifiers),
fitted once per run on real glyphs the fine-tune trains on: at most PER_CLASS training glyphs of each
style, plus source glyphs as class 0 (so a model that copies the source scores nothing), for EPOCHS
epochs at <= 64 px. On two busy CPU cores that is seconds to a minute, against a fine-tune of tens of
minutes. It never sees the held-out characters, so the accuracy it gives on them is honest.
"""

from __future__ import annotations

import logging

import numpy as np
import torch

from core.dataset import PairData
from core.model import classifier

log = logging.getLogger(__name__)

PER_CLASS = 160   # training glyphs per style: enough to tell a hand from a few fonts
EPOCHS = 8


def finetune_rank(l1: float, style_accuracy: float | None) -> float:
    """What early stopping and best.pt minimise: held-out L1, doubled when no glyph reads as the hand.

    L1 x (2 - style accuracy): at full style accuracy it is the plain L1; a model whose glyphs read as
    another style pays up to twice its L1. A 0.1 gain of style accuracy is worth about 5-7% of L1, the
    size of the L1 changes late in a fine-tune, so neither figure can be traded away for a trifle of the other.
    """
    if style_accuracy is None or not np.isfinite(style_accuracy):
        return l1
    return float(l1 * (2.0 - style_accuracy))


class StyleJudge:
    """Names the style of a glyph among the source (0) and the project's styles (style id + 1)."""

    def __init__(self, model, accuracy: float):
        self.model = model.eval()
        self.fit_accuracy = accuracy

    @classmethod
    def fit(cls, data: PairData, seed: int = 0) -> StyleJudge:
        images, labels = _training_glyphs(data, seed)
        model, accuracy = classifier.fit(images, labels, int(labels.max()) + 1, EPOCHS, seed)
        log.info("style judge fitted on %d glyphs of %d classes (%.2f on jittered copies)",
                 len(images), int(labels.max()) + 1, accuracy)
        return cls(model, accuracy)

    @torch.no_grad()
    def accuracy(self, glyphs: np.ndarray, styles: np.ndarray) -> float:
        """Share of glyphs (uint8 (N, S, S)) the judge names as their project style `styles` (N,)."""
        if len(glyphs) == 0:
            return float("nan")
        from core.dataset import to_tensor

        predicted = []
        for start in range(0, len(glyphs), 256):
            x = to_tensor(glyphs[start:start + 256]).contiguous(memory_format=torch.channels_last)
            predicted.append(self.model(x)[1].argmax(1).numpy())
        return float(np.mean(np.concatenate(predicted) == np.asarray(styles) + 1))


def _training_glyphs(data: PairData, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """At most PER_CLASS training targets per style and as many sources (class 0), drawn by `seed`."""
    rng = np.random.default_rng(seed)
    train = data.train_indices
    images, labels = [], []
    for style in np.unique(data.pair_style[train]):
        picked = train[data.pair_style[train] == style]
        picked = rng.choice(picked, min(PER_CLASS, len(picked)), replace=False)
        images.append(data.targets[picked])
        labels.append(np.full(len(picked), int(style) + 1))
    chars = np.unique(data.pair_char[train])
    chars = rng.choice(chars, min(PER_CLASS, len(chars)), replace=False)
    images.append(data.sources[chars])
    labels.append(np.zeros(len(chars), np.int64))
    return np.concatenate(images), np.concatenate(labels).astype(np.int64)
