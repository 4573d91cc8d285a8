"""Two small CNN judges the project trains on its own fonts: which character (content) and which font (style).

Pixel metrics reward blur; a classifier does not recognise a smear. Content classes are the charset's
characters, learned from every font the project holds (source and targets), held-out characters included:
the judges never train the generator, so seeing those glyphs is no leak. Style classes are the source font
(class 0, so copying the source scores zero style accuracy) and each font style. Training renders get a
small random shift and scale so the judges learn shapes, not exact pixels. Inputs larger than 64 px are
area-averaged to 64 px inside the network (core.model.classifier; the classifiers' one resize policy). No
downloaded weights.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch

from core.atomic_io import atomic_path
from core.dataset import PairData, to_tensor
from core.errors import CoreError
from core.model.classifier import FEATURE_DIM, GlyphClassifier, fit_epochs

log = logging.getLogger(__name__)

CLASSIFIER_VERSION = 1


@dataclass
class Judged:
    """Per-glyph predictions and features of one classifier."""
    predicted: np.ndarray   # (N,) int64 class ids
    features: np.ndarray    # (N, FEATURE_DIM) float32


class Classifiers:
    """The content and style judges of one project, charset and size."""

    def __init__(self, content: GlyphClassifier, style: GlyphClassifier, fingerprint: str,
                 accuracy: dict[str, float]):
        self.content = content.eval()
        self.style = style.eval()
        self.fingerprint = fingerprint
        self.accuracy = accuracy   # validation accuracy on freshly jittered renders, as trained

    @torch.no_grad()
    def judge(self, model: GlyphClassifier, images: np.ndarray, batch_size: int = 256) -> Judged:
        preds, feats = [], []
        for start in range(0, len(images), batch_size):
            batch = to_tensor(images[start:start + batch_size]).contiguous(memory_format=torch.channels_last)
            features, logits = model(batch)
            preds.append(logits.argmax(1).numpy())
            feats.append(features.numpy())
        if not preds:
            return Judged(np.zeros(0, np.int64), np.zeros((0, FEATURE_DIM), np.float32))
        return Judged(np.concatenate(preds), np.concatenate(feats))

    def state_dict(self) -> dict:
        return {"version": CLASSIFIER_VERSION, "fingerprint": self.fingerprint,
                "content_classes": self.content.classes, "style_classes": self.style.classes,
                "content": self.content.state_dict(), "style": self.style.state_dict(),
                "accuracy": dict(self.accuracy)}


def data_fingerprint(data: PairData) -> str:
    """Changes whenever the glyphs, characters or styles the judges learn from change."""
    digest = hashlib.sha256()
    for array in (data.sources, data.targets, data.char_codepoints, data.pair_char, data.pair_style):
        digest.update(np.ascontiguousarray(array).tobytes())
    return f"v{CLASSIFIER_VERSION}-{data.image_size}-{digest.hexdigest()[:24]}"


def training_set(data: PairData) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every glyph the project has: images (N, S, S), content labels (N,), style labels (N,), source = style 0."""
    images = np.concatenate([data.sources, data.targets])
    content = np.concatenate([np.arange(len(data.sources)), data.pair_char])
    style = np.concatenate([np.zeros(len(data.sources), np.int64), data.pair_style + 1])
    return images, content.astype(np.int64), style.astype(np.int64)


def train_classifiers(data: PairData, epochs: int = 30, seed: int = 0) -> Classifiers:
    """Train both judges on the project's glyphs; a few minutes on one CPU core at 64 px."""
    steps = train_classifiers_steps(data, epochs, seed)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def train_classifiers_steps(data: PairData, epochs: int = 30, seed: int = 0):
    """train_classifiers as a generator: yields (epochs done, epochs in all) for both judges, returns them."""
    images, content, style = training_set(data)
    if len(images) == 0:
        raise CoreError("the project has no glyphs to train the quality classifiers on")
    total, done = 2 * epochs, 0
    content_fit = fit_epochs(images, content, len(data.sources), epochs, seed)
    style_fit = fit_epochs(images, style, int(data.pair_style.max(initial=-1)) + 2, epochs, seed + 1)
    fitted = []
    for fitting in (content_fit, style_fit):
        while True:
            try:
                next(fitting)
            except StopIteration as finished:
                fitted.append(finished.value)
                break
            done += 1
            yield done, total
    (content_model, content_acc), (style_model, style_acc) = fitted
    log.info("classifiers trained: content %.3f, style %.3f validation accuracy", content_acc, style_acc)
    return Classifiers(content_model, style_model, data_fingerprint(data),
                       {"content": content_acc, "style": style_acc})


def cache_path(cache_dir: Path, data: PairData) -> Path:
    return Path(cache_dir) / f"classifiers-{data.image_size}.pt"


def load_classifiers(path: Path, data: PairData) -> Classifiers | None:
    """The cached judges when they were trained on exactly these glyphs, else None."""
    if not path.is_file():
        return None
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
        if not isinstance(state, dict) or state.get("fingerprint") != data_fingerprint(data):
            return None
        content, style = GlyphClassifier(state["content_classes"]), GlyphClassifier(state["style_classes"])
        content.load_state_dict(state["content"])
        style.load_state_dict(state["style"])
    except Exception as exc:  # any damage (torch raises many types): the designed answer is to retrain
        # The exception's own text is left out: torch's advice to turn weights_only off is wrong here.
        log.warning("classifier cache %s is damaged (%s); retraining it", path, type(exc).__name__)
        return None
    return Classifiers(content, style, state["fingerprint"], dict(state.get("accuracy", {})))


def save_classifiers(path: Path, classifiers: Classifiers) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp:
        torch.save(classifiers.state_dict(), tmp)


def ensure_classifiers(cache_dir: Path, data: PairData, *, retrain: bool = False, epochs: int = 30) -> Classifiers:
    """Cached judges for these glyphs, training (and caching) them when missing, stale or asked to."""
    steps = ensure_classifiers_steps(cache_dir, data, retrain=retrain, epochs=epochs)
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def ensure_classifiers_steps(cache_dir: Path, data: PairData, *, retrain: bool = False, epochs: int = 30):
    """ensure_classifiers as a generator: yields (epochs done, in all) while training, returns the judges."""
    path = cache_path(cache_dir, data)
    cached = None if retrain else load_classifiers(path, data)
    if cached is not None:
        return cached
    classifiers = yield from train_classifiers_steps(data, epochs=epochs)
    save_classifiers(path, classifiers)
    return classifiers
