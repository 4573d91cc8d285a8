"""One size, baseline and weight for a hand: the writer's metrics, estimated from the written set, applied to every glyph.

People write each box a little larger or smaller, higher or lower, with more or less pressure; traced as
they are, the font's characters jump in size and baseline from one to the next. Characters also differ
by design (一 is flat, 口 small), so a glyph is measured against the same character in a reference font
(the project's source font, which the model reads): its ink box relative to the reference's says how
large and where this writer put it. Over the whole written set the medians give the writer's metrics:

* scale: written / reference size along the reference's longer side (a flat 一 is judged by its width);
* dx, baseline: where the ink box's centre and bottom sit against the reference's, scaled about the
  em centre (fractions of the em);
* weight: the median stroke width (2 x ink area / ink perimeter, a fraction of the em).

`place` moves and scales each written glyph (uniformly, so its proportions stay the writer's) so that its
box is the reference's box at the writer's scale and offset, then thickens or thins its strokes back to
the writer's weight (a glyph enlarged by 1.3 would otherwise have 1.3 times heavier strokes). A glyph
drawn narrower (or flatter) than the reference is sized so that its other side stays within 10 % of its
place too: sized by its width alone it would overshoot the line. Generated
glyphs go through the same `place` (core.inference), so the two kinds share size and baseline.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path

import cv2
import numpy as np

from core.atomic_io import write_json_atomic
from core.errors import CoreError
from core.project.layout import glyph_files, glyph_path, writer_metrics_file

log = logging.getLogger(__name__)

INK = 128                 # a pixel darker than this is ink
MAX_SCALE = 1.6           # a glyph is never scaled by more than this (or less than its inverse)
MIN_WEIGHT_CHANGE = 0.5   # px: smaller stroke-width corrections are left alone
MIN_CHARACTERS = 8        # fewer pairs than this give no reliable median
MIN_REFERENCE = 0.05      # a reference ink box smaller than this (of the em) is a dot: it moves a glyph, never scales it
SIZE_TOLERANCE = 0.04     # a glyph within 4% of the writer's size for it keeps its size (log ratio)
PLACE_TOLERANCE = 0.01    # and within 1% of the em of its place keeps its place
SPECK_PX = 2              # ink components this small are specks (as core.vectorize.TURDSIZE): they set no ink box
OTHER_SIDE_SLACK = 0.10   # a glyph sized along one side may overshoot the other side's place by this much
SQUARE_ENOUGH = 0.5       # ... when the reference's short side is at least this share of its long one
EDGE_MARGIN_PX = 2        # a placed glyph's ink stays this far in from the canvas edge (export skips edge ink)


@dataclass(frozen=True)
class Box:
    """An ink box in fractions of the canvas (y down): rows top..bottom, columns left..right."""
    top: float
    bottom: float
    left: float
    right: float

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def cx(self) -> float:
        return (self.left + self.right) / 2


def ink_box(glyph: np.ndarray) -> Box | None:
    """The box of the ink of a uint8 glyph (255 = paper), or None when it has no ink.

    Specks (components of SPECK_PX pixels or fewer) set no box unless there is nothing else: the export
    drops them, so a speck below a generated character would otherwise leave the character off its line."""
    ink = (glyph < INK).astype(np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    if count < 2:
        return None
    parts = stats[1:]
    big = parts[parts[:, cv2.CC_STAT_AREA] > SPECK_PX]
    parts = big if len(big) else parts
    left, top = parts[:, cv2.CC_STAT_LEFT], parts[:, cv2.CC_STAT_TOP]
    right, bottom = left + parts[:, cv2.CC_STAT_WIDTH], top + parts[:, cv2.CC_STAT_HEIGHT]
    h, w = glyph.shape
    return Box(top.min() / h, bottom.max() / h, left.min() / w, right.max() / w)


def _without_specks(glyph: np.ndarray) -> np.ndarray:
    """The glyph with its specks (ink components of SPECK_PX pixels or fewer) made paper, unless that is all it has."""
    count, labels, stats, _ = cv2.connectedComponentsWithStats((glyph < INK).astype(np.uint8), connectivity=8)
    specks = 1 + np.flatnonzero(stats[1:, cv2.CC_STAT_AREA] <= SPECK_PX)
    if not len(specks) or len(specks) == count - 1:
        return glyph
    out = glyph.copy()
    out[np.isin(labels, specks)] = 255
    return out


def stroke_width(glyph: np.ndarray) -> float | None:
    """Mean stroke width as a fraction of the canvas: 2 x area / perimeter (a stroke of length L and width
    w has area Lw and perimeter about 2L). None when there is no ink."""
    ink = (glyph < INK).astype(np.uint8)
    area = float(ink.sum())
    if area == 0:
        return None
    contours, _ = cv2.findContours(ink, cv2.RETR_LIST, cv2.CHAIN_APPROX_NONE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    return 2 * area / max(perimeter, 1.0) / glyph.shape[0]


def _along(box: Box, ref: Box) -> tuple[float, float]:
    """(written, reference) size along the reference's longer side."""
    return (box.height, ref.height) if ref.height >= ref.width else (box.width, ref.width)


@dataclass
class WriterMetrics:
    """A hand's size, placement and weight against the reference font (see the module docstring)."""
    scale: float = 1.0
    dx: float = 0.0
    baseline: float = 0.0
    weight: float | None = None
    characters: int = 0

    def target(self, ref: Box) -> Box:
        """Where this writer puts the ink of a character whose reference ink box is `ref`."""
        s = self.scale

        def about_centre(v: float) -> float:
            return 0.5 + s * (v - 0.5)
        return Box(about_centre(ref.top) + self.baseline, about_centre(ref.bottom) + self.baseline,
                   about_centre(ref.left) + self.dx, about_centre(ref.right) + self.dx)

    def save(self, path: str | Path) -> None:
        write_json_atomic(path, asdict(self))

    @classmethod
    def load(cls, path: str | Path) -> WriterMetrics | None:
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
            return cls(**{k: raw[k] for k in cls.__dataclass_fields__ if k in raw})
        except FileNotFoundError:
            return None
        except (OSError, ValueError, TypeError) as exc:
            log.warning("ignoring unreadable writer metrics %s: %s", path, exc)
            return None


def estimate(written: dict[int, np.ndarray], reference: dict[int, np.ndarray]) -> WriterMetrics:
    """The writer's metrics from glyphs written for characters the reference also has (medians)."""
    scales, dxs, bottoms, weights = [], [], [], []
    pairs = []
    for cp, glyph in written.items():
        box, ref = ink_box(glyph), ink_box(reference[cp]) if cp in reference else None
        if box is None or ref is None:
            continue
        w, r = _along(box, ref)
        if r <= MIN_REFERENCE:  # a dot-sized reference says nothing about size
            continue
        pairs.append((box, ref))
        scales.append(w / r)
        width = stroke_width(glyph)
        if width is not None:
            weights.append(width)
    if len(pairs) < MIN_CHARACTERS:
        return WriterMetrics(characters=len(pairs))
    scale = float(np.median(scales))
    metrics = WriterMetrics(scale=scale, characters=len(pairs))
    for box, ref in pairs:
        t = metrics.target(ref)
        dxs.append(box.cx - t.cx)
        bottoms.append(box.bottom - t.bottom)
    metrics.dx, metrics.baseline = float(np.median(dxs)), float(np.median(bottoms))
    metrics.weight = float(np.median(weights)) if weights else None
    return metrics


def place(glyph: np.ndarray, reference: np.ndarray, metrics: WriterMetrics, leeway: bool = True) -> np.ndarray:
    """The glyph scaled and moved so its ink box is where the writer's metrics put this character, with
    the writer's stroke weight; unchanged when either glyph has no ink.

    leeway: a written glyph keeps its own size and place within SIZE_TOLERANCE / PLACE_TOLERANCE; a
    generated one (leeway False) goes exactly to the writer's metrics, since its deviations are the
    model's, not the hand's."""
    box, ref = ink_box(glyph), ink_box(reference)
    if box is None or ref is None or metrics.characters < MIN_CHARACTERS:
        return glyph
    glyph = _without_specks(glyph)   # outside the box they could land on the canvas edge (and grow with weight)
    target = metrics.target(ref)
    written, _ = _along(box, ref)
    target_size, _ = _along(target, ref)
    # Within the tolerances a glyph keeps the writer's own size and place (a hand is not type); beyond
    # them it is brought back to the edge of the band.
    size_tol, place_tol = (SIZE_TOLERANCE, PLACE_TOLERANCE) if leeway else (0.0, 0.0)
    k = float(np.exp(_beyond(float(np.log(target_size / max(written, 1e-6))), size_tol)))
    k = float(np.clip(k, 1 / MAX_SCALE, MAX_SCALE)) if _along(box, ref)[1] > MIN_REFERENCE else 1.0
    k = min(k, _other_side_cap(box, ref, target))
    size, width = glyph.shape[0], stroke_width(glyph)
    # Keep the moved box on the canvas, a margin in from its edge (export skips a glyph with ink on the
    # edge): a glyph drawn narrower than the reference, scaled up along its width, is shrunk to fit, and a
    # tall glyph low on a low baseline is moved up rather than losing its foot.
    grow = (metrics.weight - k * width) * size if metrics.weight is not None and width is not None else 0.0
    margin = (EDGE_MARGIN_PX + max(0.0, grow) / 2) / size
    k = min(k, (1 - 2 * margin) / max(box.height, box.width))
    tx = target.cx + float(np.clip(box.cx - target.cx, -place_tol, place_tol)) - k * box.cx
    ty = target.bottom + float(np.clip(box.bottom - target.bottom, -place_tol, place_tol)) - k * box.bottom
    tx += _inside(k * box.left + tx, k * box.right + tx, margin)
    ty += _inside(k * box.top + ty, k * box.bottom + ty, margin)
    matrix = np.float32([[k, 0, tx * size], [0, k, ty * size]])
    ink = 255.0 - glyph.astype(np.float32)
    moved = cv2.warpAffine(ink, matrix, (glyph.shape[1], size), flags=cv2.INTER_LINEAR,
                           borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    out = np.clip(255.0 - moved, 0, 255).astype(np.uint8)
    if metrics.weight is not None and width is not None:
        out = adjust_weight(out, (metrics.weight - k * width) * size)
    return out


def _other_side_cap(box: Box, ref: Box, target: Box) -> float:
    """The largest scale that keeps a glyph's other side (across the reference's longer one) within
    OTHER_SIDE_SLACK of where the writer's metrics put it.

    A 大 drawn narrower than the reference, scaled up to the writer's width, would come out taller than
    any of the writer's characters: taller than the canvas allows, shrunk to fit and sitting below the
    line. Flat or thin references (一, 丨) are exempt: their short side is a stroke's thickness."""
    if ref.height >= ref.width:
        drawn, wanted, ref_short, ref_long = box.width, target.width, ref.width, ref.height
    else:
        drawn, wanted, ref_short, ref_long = box.height, target.height, ref.height, ref.width
    if ref_short < SQUARE_ENOUGH * ref_long or drawn <= 0:
        return float("inf")
    return wanted * (1 + OTHER_SIDE_SLACK) / drawn


def _beyond(value: float, tolerance: float) -> float:
    """The part of `value` outside [-tolerance, tolerance]."""
    return value - float(np.clip(value, -tolerance, tolerance))


def _inside(low: float, high: float, margin: float = 0.0) -> float:
    """The shift that brings [low, high] inside [margin, 1 - margin] (centred when it is wider)."""
    if high - low >= 1 - 2 * margin:
        return 0.5 - (low + high) / 2
    return margin - low if low < margin else (1 - margin - high if high > 1 - margin else 0.0)


def adjust_weight(glyph: np.ndarray, delta_px: float) -> np.ndarray:
    """Strokes made `delta_px` wider (negative: thinner), each edge moving half of it, anti-aliased.

    Uses the signed distance to the ink's edge, so the change is sub-pixel and even all round."""
    if abs(delta_px) < MIN_WEIGHT_CHANGE:
        return glyph
    ink = (glyph < INK).astype(np.uint8)
    if not ink.any():
        return glyph
    inside = cv2.distanceTransform(ink, cv2.DIST_L2, 5)
    outside = cv2.distanceTransform(1 - ink, cv2.DIST_L2, 5)
    signed = np.where(ink > 0, inside - 0.5, 0.5 - outside)    # + inside the ink, 0 on its edge
    coverage = np.clip(signed + delta_px / 2 + 0.5, 0, 1)
    return np.round(255 * (1 - coverage)).astype(np.uint8)


# ----- folders ------------------------------------------------------------------------------------------
def reference_glyphs(face, codepoints, size: int) -> dict[int, np.ndarray]:
    """The reference font's glyphs at `size` (characters it lacks are left out)."""
    from core.render import render_glyphs
    rendered = render_glyphs(face, list(codepoints), size)
    return dict(zip(rendered.codepoints, rendered.bitmaps))


def normalize_glyphs(written: dict[int, np.ndarray], face) -> tuple[dict[int, np.ndarray], WriterMetrics]:
    """Every written glyph placed by the writer's metrics, estimated from them against `face`.

    Glyphs may be any size (each is measured at its own); the reference is rendered at that size."""
    by_size: dict[int, list[int]] = {}
    for cp, glyph in written.items():
        by_size.setdefault(glyph.shape[0], []).append(cp)
    reference: dict[int, np.ndarray] = {}
    for size, cps in by_size.items():
        reference.update(reference_glyphs(face, cps, size))
    metrics = estimate(written, reference)
    placed = {cp: place(g, reference[cp], metrics) if cp in reference else g for cp, g in written.items()}
    log.info("writer metrics from %d characters: scale %.3f, dx %+.3f, baseline %+.3f em, weight %s",
             metrics.characters, metrics.scale, metrics.dx, metrics.baseline,
             f"{metrics.weight:.4f}" if metrics.weight else "-")
    return placed, metrics


def normalize_folder(src: str | Path, dst: str | Path, face) -> WriterMetrics:
    """Written glyph PNGs of `src` (named by code point) normalised into `dst`, with writer-metrics.json."""
    from core.atomic_io import write_png_atomic
    from core.dataset import read_glyph_image
    src, dst = Path(src), Path(dst)
    written = {cp: read_glyph_image(png) for cp, png in glyph_files(src).items()}
    placed, metrics = normalize_glyphs(written, face)
    dst.mkdir(parents=True, exist_ok=True)
    for cp, glyph in placed.items():
        write_png_atomic(glyph_path(dst, cp), glyph)
    metrics.save(writer_metrics_file(dst))
    return metrics


def follower(folder: str | Path, face):
    """For generated glyphs of a hand whose written folder holds writer-metrics.json: a function
    (code point, glyph) -> glyph placed by those metrics against `face`; None when there are none."""
    metrics = WriterMetrics.load(writer_metrics_file(folder))
    if metrics is None or metrics.characters < MIN_CHARACTERS:
        return None
    from core.render import render_glyph

    def follow(codepoint: int, glyph: np.ndarray) -> np.ndarray:
        try:
            reference = np.asarray(render_glyph(face, codepoint, glyph.shape[0]))
        except CoreError:  # a character the reference cannot draw stays as generated
            return glyph
        return place(glyph, reference, metrics, leeway=False)
    return follow


# ----- the wizard: the review's glyphs, written at full resolution and placed by the writer's metrics -----
def written_size(project) -> int:
    """Written glyph PNGs are kept at full resolution (at least the capture's box size, 256 px), never at a
    model's 64 px: training scales them down, export traces them as written."""
    from core.capture.review import SOURCE_SIZE
    return max(int(project.config.data.image_size), SOURCE_SIZE)


def normalize_review(project, review) -> WriterMetrics:
    """The glyphs a review exports (its chosen usable samples, re-cut from the box images every time, so
    placing never compounds), placed by the writer's metrics into its glyph folder with writer-metrics.json."""
    from core.capture.review import EMPTY

    written = {}
    for cp in review.codepoints():
        sample = review.chosen(cp)
        if sample is not None and EMPTY not in sample.flags:
            written[cp] = review.glyph(sample.id)
    placed, metrics = normalize_glyphs(written, project.source_face())
    review.glyph_folder.mkdir(parents=True, exist_ok=True)
    for cp, glyph in placed.items():
        _write_if_changed(glyph_path(review.glyph_folder, cp), glyph)
    if WriterMetrics.load(writer_metrics_file(review.glyph_folder)) != metrics:
        metrics.save(writer_metrics_file(review.glyph_folder))
    return metrics


def _write_if_changed(path: Path, glyph: np.ndarray) -> None:
    """Atomic writes fsync; the wizard places the hand each time a step opens, so unchanged glyphs are
    compared, not rewritten (3 s of the 3.6 s for 139 glyphs on a busy machine were fsync)."""
    from PIL import Image

    from core.atomic_io import write_png_atomic
    try:
        with Image.open(path) as old:
            if np.array_equal(np.asarray(old.convert("L")), glyph):
                return
    except (OSError, ValueError):
        pass  # missing or unreadable: written below
    write_png_atomic(path, glyph)
