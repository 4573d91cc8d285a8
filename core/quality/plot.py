"""Line plots as PNG with Pillow alone: core stays free of Qt, and matplotlib is not a dependency."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from core.atomic_io import atomic_path

# Tableau 10 (olive moved last), then a darker second set: a full grid (ten cells) and more stay apart by colour.
PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
           "#bcbd22", "#393b79", "#637939", "#8c6d31", "#843c39", "#7b4173"]
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 230, 40, 50


@dataclass
class Series:
    label: str
    x: list[float]
    y: list[float]
    color: str
    thin: bool = False      # e.g. a second seed of the same cell


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    span = high - low if high > low else 1.0
    raw = span / count
    step = 10 ** math.floor(math.log10(raw))
    step *= next(m for m in (1, 2, 2.5, 5, 10) if m * step >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def _bounds(series: list[Series]) -> tuple[float, float, float, float]:
    xs = [v for s in series for v in s.x if math.isfinite(v)]
    ys = [v for s in series for v in s.y if math.isfinite(v)]
    if not xs or not ys:
        return 0.0, 1.0, 0.0, 1.0
    y_pad = (max(ys) - min(ys)) * 0.05 or 0.05
    return min(xs), max(xs) if max(xs) > min(xs) else min(xs) + 1, min(ys) - y_pad, max(ys) + y_pad


def line_plot(path: str | Path, series: list[Series], title: str, x_label: str, y_label: str,
              size: tuple[int, int] = (900, 480)) -> Path:
    """Draw the series on shared axes with a legend at the right; written atomically as PNG."""
    width, height = size
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=13)
    x0, x1, y0, y1 = _bounds(series)
    left, right, top, bottom = MARGIN_LEFT, width - MARGIN_RIGHT, MARGIN_TOP, height - MARGIN_BOTTOM

    def to_px(x: float, y: float) -> tuple[float, float]:
        return (left + (x - x0) / (x1 - x0) * (right - left), bottom - (y - y0) / (y1 - y0) * (bottom - top))

    draw.rectangle([left, top, right, bottom], outline="black")
    for tx in _ticks(x0, x1):
        px = to_px(tx, y0)[0]
        draw.line([px, bottom, px, bottom + 4], fill="black")
        draw.text((px, bottom + 6), f"{tx:g}", fill="black", font=font, anchor="mt")
    for ty in _ticks(y0, y1):
        py = to_px(x0, ty)[1]
        draw.line([left - 4, py, left, py], fill="black")
        draw.line([left, py, right, py], fill="#e6e6e6")
        draw.text((left - 6, py), f"{ty:.3g}", fill="black", font=font, anchor="rm")
    draw.text((width / 2, 12), title, fill="black", font=font, anchor="mt")
    draw.text(((left + right) / 2, height - 16), x_label, fill="black", font=font, anchor="mm")
    draw.text((8, top - 24), y_label, fill="black", font=font)
    for s in series:
        points = [to_px(x, y) for x, y in zip(s.x, s.y) if math.isfinite(x) and math.isfinite(y)]
        if len(points) > 1:
            draw.line(points, fill=s.color, width=1 if s.thin else 2)
    _legend(draw, font, series, right + 12, top)
    with atomic_path(path) as tmp:
        image.save(tmp, format="PNG")
    return Path(path)


def _legend(draw: ImageDraw.ImageDraw, font, series: list[Series], x: float, y: float) -> None:
    seen = set()
    for s in series:
        if s.label in seen:
            continue
        seen.add(s.label)
        draw.line([x, y + 7, x + 22, y + 7], fill=s.color, width=3)
        draw.text((x + 28, y), s.label, fill="black", font=font)
        y += 18
