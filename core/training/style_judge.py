"""A cheap style judge for fine-tuning: does a generated held-out glyph look like the new hand, not a font?

Held-out L1 alone rewards blur and copying the base styles' average; the judge tells whether the
model writes in the hand. It is the quality report's small style classifier (core.model.classifier),
fitted on real glyphs the fine-tune trains on: at most PER_CLASS training glyphs of each judged style,
plus source glyphs as class 0 (so a model that copies the source scores nothing), for EPOCHS epochs on
glyphs area-averaged to 64 px first. It never sees the held-out characters, so the accuracy it gives on
them is honest.

Cost (issue 13: a fine-tune of at most 30 minutes on two CPU cores, paused and resumed often). Fitted on
every style of a 20-font 128 px base model (22 classes, 3,040 glyphs jittered at 128 px) it took minutes at
each start and resume. So (1) the fitted judge is cached in the project (layout.style_judge_file), keyed by
a fingerprint of exactly the glyphs and labels it learns from: a resume reuses it, a changed hand or font set
fits a new one, a damaged file is fitted again. (2) When fine-tuning, the judge learns the new styles, the
source and only a bounded set of the replayed base fonts: the NEAREST fonts to the hand (by pixel distance
on shared characters: the ones a fine-tune that loses the hand drifts to) and SPREAD more evenly spread over
the model's style order (faces.txt groups families, so they cover kai, song and hei: a blurred average of the
fonts lands near one of them). The accuracy still means "reads as the hand, not as a font or the source":
on a 128 px stand-in hand beside 17 trained fonts, the 8-font judge, like the 17-font one, named the hand's
held-out glyphs the hand (32/32) and none of the glyphs of the fonts it left out, of the three never-trained
faces, of the source or of a pixel average of the fonts. (3) Glyphs are pooled to 64 px before jittering
(the network sees 64 px anyway), and the fit runs on one thread (_one_thread). Together: 786 s -> 62 s at
the start on two busy cores, about 2 s on a resume.
"""

from __future__ import annotations

import hashlib
import logging
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from core.atomic_io import atomic_path
from core.dataset import PairData
from core.model import classifier

log = logging.getLogger(__name__)

PER_CLASS = 128   # training glyphs per style: enough to tell a hand from a few fonts
EPOCHS = 8
NEAREST = 4       # base fonts judged beside the hand: the nearest to it ...
SPREAD = 4        # ... and this many more, evenly spread over the others
JUDGE_VERSION = 3  # part of the cache key: a judge fitted by other rules is fitted again (3: edge texture)


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
    def fit(cls, data: PairData, seed: int = 0, new_styles: list[int] | None = None,
            cache: Path | None = None, save: bool = True) -> StyleJudge:
        """The judge of `data`'s styles; new_styles (project style ids) are the ones a fine-tune learns
        (None: every style is judged). With `cache`, a judge fitted on the same glyphs is read from it,
        and a freshly fitted one is written there when `save`."""
        with _one_thread():
            images, labels = _training_glyphs(data, seed, new_styles)
        classes = int(labels.max()) + 1
        key = _fingerprint(images, labels, seed)
        judge = _load(cache, key, classes) if cache is not None else None
        if judge is not None:
            log.info("style judge read from %s", cache)
            return judge
        with _one_thread():
            model, accuracy = classifier.fit(images, labels, classes, EPOCHS, seed, edge_texture=True)
        log.info("style judge fitted on %d glyphs of %d classes (%.2f on jittered copies)",
                 len(images), len(np.unique(labels)), accuracy)
        if cache is not None and save:
            _save(cache, key, model, accuracy)
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


def _training_glyphs(data: PairData, seed: int, new_styles: list[int] | None) -> tuple[np.ndarray, np.ndarray]:
    """At most PER_CLASS training targets per judged style and as many sources (class 0), drawn by `seed`,
    pooled to the judge's input size. Labels are project style + 1 whichever styles are judged."""
    rng = np.random.default_rng(seed)
    train = data.train_indices
    images, labels = [], []
    for style in judged_styles(data, new_styles):
        picked = train[data.pair_style[train] == style]
        picked = rng.choice(picked, min(PER_CLASS, len(picked)), replace=False)
        images.append(data.targets[picked])
        labels.append(np.full(len(picked), int(style) + 1))
    chars = np.unique(data.pair_char[train])
    chars = rng.choice(chars, min(PER_CLASS, len(chars)), replace=False)
    images.append(data.sources[chars])
    labels.append(np.zeros(len(chars), np.int64))
    return _pooled(np.concatenate(images), classifier.INPUT_MAX), np.concatenate(labels).astype(np.int64)


def judged_styles(data: PairData, new_styles: list[int] | None) -> list[int]:
    """The styles the judge learns: all, or the new ones, the NEAREST base fonts and SPREAD others."""
    styles = [int(s) for s in np.unique(data.pair_style[data.train_indices])]
    new = [s for s in styles if new_styles is not None and s in new_styles]
    base = [s for s in styles if s not in new]
    if not new or len(base) <= NEAREST + SPREAD:
        return styles
    distance = _distances(data, new, base)
    near = sorted(base, key=distance.__getitem__)[:NEAREST]
    rest = [s for s in base if s not in near]
    spread = [rest[i] for i in np.linspace(0, len(rest) - 1, SPREAD).round().astype(int)]
    return sorted(new + near + spread)


def _distances(data: PairData, new: list[int], base: list[int]) -> dict[int, float]:
    """Mean pixel distance (at 32 px) between the new styles' training glyphs and each base style's glyphs
    of the same characters."""
    train = data.train_indices
    ours = train[np.isin(data.pair_style[train], new)]
    ours_small, ours_chars = _pooled(data.targets[ours], 32).astype(np.float32), data.pair_char[ours].tolist()
    distances = {}
    for style in base:
        theirs = train[data.pair_style[train] == style]
        by_char = dict(zip(data.pair_char[theirs].tolist(), theirs.tolist()))
        shared = np.array([c in by_char for c in ours_chars], bool)
        matched = np.array([by_char[c] for c in ours_chars if c in by_char], np.int64)
        distances[style] = float(np.abs(ours_small[shared] - _pooled(data.targets[matched], 32)).mean()) \
            if len(matched) else float("inf")
    return distances


def _pooled(images: np.ndarray, size: int) -> np.ndarray:
    """uint8 glyphs (N, S, S) area-averaged to at most `size` px (the classifier's own resize policy)."""
    if images.shape[-1] <= size:
        return images
    out = []
    for start in range(0, len(images), 512):
        x = torch.from_numpy(images[start:start + 512]).float()[:, None]
        out.append(F.adaptive_avg_pool2d(x, size)[:, 0].round().clamp(0, 255).to(torch.uint8).numpy())
    return np.concatenate(out)


@contextmanager
def _one_thread():
    """The fit runs on one thread: its convolutions are too small to share out, and on two busy cores
    (the training's own threads, another job) a second thread waiting at each sync made one epoch 3-4x slower."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(threads)


def _fingerprint(images: np.ndarray, labels: np.ndarray, seed: int) -> str:
    """Changes with the glyphs and labels the judge learns from and the rules it is fitted by."""
    digest = hashlib.sha256(f"v{JUDGE_VERSION}-{EPOCHS}-{seed}-{images.shape}".encode())
    digest.update(np.ascontiguousarray(images).tobytes())
    digest.update(np.ascontiguousarray(labels).tobytes())
    return digest.hexdigest()[:32]


def _load(path: Path, key: str, classes: int) -> StyleJudge | None:
    """The cached judge when it was fitted on exactly these glyphs; None (fit again) when absent, stale or damaged."""
    if not path.is_file():
        return None
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(state, dict) or state.get("fingerprint") != key:
            log.info("style judge in %s was fitted on other glyphs; fitting it again", path)
            return None
        model = classifier.GlyphClassifier(classes)
        model.load_state_dict(state["weights"])
        return StyleJudge(model.to(memory_format=torch.channels_last), float(state["accuracy"]))
    except Exception as exc:  # any damage (torch raises many types): the designed answer is to fit again
        log.warning("style judge cache %s is damaged (%s); fitting it again", path, type(exc).__name__)
        return None


def _save(path: Path, key: str, model, accuracy: float) -> None:
    """Writes the judge for the next start or resume; a cache that cannot be written costs only a refit."""
    try:
        with atomic_path(path) as tmp:
            torch.save({"version": JUDGE_VERSION, "fingerprint": key, "accuracy": accuracy,
                        "weights": model.state_dict()}, tmp)
    except OSError as exc:
        log.warning("could not keep the style judge in %s (%s); it will be fitted again next time", path, exc)
