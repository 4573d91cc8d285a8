"""The evaluation suite: every metric for a set of held-out glyphs, beside the floor and ceiling reference rows.

Resize policy: none for pixel and contour metrics (glyphs are compared at the model's size on a 0..1 scale,
SSIM as in core.quality.metrics); the classifiers area-average inputs above 64 px down to 64 px.
Reference rows: "copy source" (the source glyph unchanged, the floor a model must beat) and
"target shifted 1px" (the ground truth moved one pixel right, a ceiling for pixel metrics: a near-perfect
glyph still loses this much to one pixel of misplacement). Pixel metrics alone reward blur, so every row
also carries the classifiers' content and style accuracy and the Frechet distance of their features.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from core.quality.classifiers import Classifiers
from core.quality.contours import contour_distances
from core.quality.frechet import frechet_distance
from core.quality.metrics import ink_iou, l1, rmse, ssim

MODEL_ROW, COPY_ROW, SHIFT_ROW = "model", "copy source", "target shifted 1px"


@dataclass
class QualityRow:
    name: str
    l1: float
    rmse: float
    ssim: float
    ink_iou: float
    chamfer: float           # mean outline distance, fraction of the image size
    hausdorff95: float       # 95th-percentile outline distance, fraction of the image size
    content_accuracy: float  # the content judge names the intended character
    style_accuracy: float    # the style judge names the intended font
    frechet: float           # Frechet distance of the judges' features to the real glyphs'
    count: int


@dataclass
class Labels:
    """What each held-out glyph should be: content class (character index) and style class (style id + 1)."""
    content: np.ndarray   # (N,) int64
    style: np.ndarray     # (N,) int64


def shift_right(images: np.ndarray, pixels: int = 1) -> np.ndarray:
    """(N, S, S) glyphs moved right by `pixels`, paper entering at the left edge."""
    out = np.full_like(images, 255)
    out[:, :, pixels:] = images[:, :, :-pixels]
    return out


def _features(classifiers: Classifiers, images: np.ndarray):
    content, style = classifiers.judge(classifiers.content, images), classifiers.judge(classifiers.style, images)
    return content, style, np.concatenate([content.features, style.features], axis=1)


def quality_row(name: str, predicted: np.ndarray, target: np.ndarray, labels: Labels,
                classifiers: Classifiers, real_features: np.ndarray) -> QualityRow:
    chamfer, hausdorff = contour_distances(predicted, target)
    content, style, features = _features(classifiers, predicted)
    return QualityRow(
        name=name, l1=float(l1(predicted, target).mean()), rmse=float(rmse(predicted, target).mean()),
        ssim=float(ssim(predicted, target).mean()), ink_iou=float(ink_iou(predicted, target).mean()),
        chamfer=float(chamfer.mean()), hausdorff95=float(hausdorff.mean()),
        content_accuracy=float((content.predicted == labels.content).mean()),
        style_accuracy=float((style.predicted == labels.style).mean()),
        frechet=frechet_distance(features, real_features), count=int(len(target)))


def quality_rows(generated: np.ndarray, source: np.ndarray, target: np.ndarray, labels: Labels,
                 classifiers: Classifiers) -> list[QualityRow]:
    """The model's row and the two reference rows, all on the same held-out pairs."""
    real = _features(classifiers, target)[2]
    return [quality_row(MODEL_ROW, generated, target, labels, classifiers, real),
            quality_row(COPY_ROW, source, target, labels, classifiers, real),
            quality_row(SHIFT_ROW, shift_right(target), target, labels, classifiers, real)]


def rows_to_json(rows: list[QualityRow]) -> list[dict]:
    return [asdict(r) for r in rows]


COLUMNS = (("L1", "l1", ".4f"), ("RMSE", "rmse", ".4f"), ("SSIM", "ssim", ".4f"), ("IoU", "ink_iou", ".3f"),
           ("Chamfer", "chamfer", ".4f"), ("HD95", "hausdorff95", ".4f"), ("content", "content_accuracy", ".3f"),
           ("style", "style_accuracy", ".3f"), ("FD", "frechet", ".2f"))


def format_table(rows: list[QualityRow] | list[dict]) -> str:
    """A fixed-width text table; the classifier figures always sit beside the pixel ones."""
    dicts = [r if isinstance(r, dict) else asdict(r) for r in rows]
    head = f"{'':<20}" + "".join(f"{title:>9}" for title, _, _ in COLUMNS) + f"{'glyphs':>8}"
    lines = [head]
    for r in dicts:
        lines.append(f"{r['name']:<20}" + "".join(f"{r[key]:>9{fmt}}" for _, key, fmt in COLUMNS)
                     + f"{r['count']:>8d}")
    return "\n".join(lines)


def markdown_table(rows: list[dict]) -> str:
    head = "| row | " + " | ".join(t for t, _, _ in COLUMNS) + " | glyphs |"
    rule = "|---" * (len(COLUMNS) + 2) + "|"
    body = ["| " + r["name"] + " | " + " | ".join(format(r[k], f) for _, k, f in COLUMNS) + f" | {r['count']} |"
            for r in rows]
    return "\n".join([head, rule, *body])
