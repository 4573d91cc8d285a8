"""Synthetic phone photos of written handwriting templates: bulged or lifted paper, barrel lenses, uneven light.

The sheet is the real template page with every box written in a font (by default one the project never
trains on, AR PL KaitiM GB from Debian's fonts-arphic-gkai00mp), a few boxes left empty. A photo is made
by one inverse map, photo pixel -> point of the paper, composed of

- the paper's own shape: a bulge (a smooth bump of the paper seen in perspective from a camera above the
  page centre, scaled so that the paper moves by up to N mm in the photo) or a lifted corner (the same,
  rising towards one corner, so that the corner marker moves too);
- the camera: tilt, perspective and, for the barrel case, the lens's barrel distortion;

then light (a gradient towards one corner always; for the uneven-light case vignetting and a hand's soft
shadow band as well), blur, sensor noise, JPEG. Pages for 150 dpi are made at 300 dpi and area-averaged.
The ground truth is the font's ink in template coordinates, so a glyph cut from the photo is compared
with what was written in that box, before any distortion.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.capture.template import TemplateSpec, page_layout
from core.fonts import demo_font_paths

UNTRAINED_FONT = Path("/usr/share/fonts/truetype/arphic-gkai00mp/gkai00mp.ttf")
EMPTY_EVERY = 13   # box i is left empty when i % EMPTY_EVERY == 5
DESK = 110         # grey of the desk around the page


@dataclass(frozen=True)
class Case:
    name: str
    dpi: int = 300
    bulge_mm: float = 0.0        # largest move of the paper in the photo caused by a bulge
    lift_mm: float = 0.0         # how far the lifted corner moves in the photo
    barrel: float = 0.0          # barrel distortion at the photo's corners (0.02: 2 % of the half diagonal)
    uneven_light: bool = False


def bench_cases() -> list[Case]:
    shapes = [Case("flat"), Case("bulge-1mm", bulge_mm=1.0), Case("bulge-2mm", bulge_mm=2.0),
              Case("bulge-3mm", bulge_mm=3.0), Case("barrel", barrel=0.02), Case("lifted-corner", lift_mm=4.0),
              Case("uneven-light", uneven_light=True)]
    return [Case(f"{c.name}@{dpi}", dpi, c.bulge_mm, c.lift_mm, c.barrel, c.uneven_light)
            for dpi in (300, 150) for c in shapes]


def font_path() -> tuple[Path, str]:
    """The writing font and how to describe it: the untrained Kai if installed, else the bundled wenkai."""
    if UNTRAINED_FONT.is_file():
        return UNTRAINED_FONT, "AR PL KaitiM GB (gkai00mp, not a training font)"
    return demo_font_paths()["wenkai"], "LXGW WenKai (bundled; install fonts-arphic-gkai00mp for an untrained font)"


def is_empty(index: int) -> bool:
    return index % EMPTY_EVERY == 5


SUPERSAMPLE = 4    # each box is written at 4x the template's resolution, then area-averaged


def write_sheet(spec: TemplateSpec, page_img: Image.Image, page: int, seed: int, font: Path):
    """(written page, ink layer 255 = ink, {written box index: (code point, font px, centre x, centre y)}).

    Font px and centre are at 4x the template's resolution, relative to the box's top-left corner; the page
    gets the box's ink area-averaged from that drawing, and `expected_glyph` draws the same again.
    """
    lay = page_layout(spec)
    rng = np.random.default_rng(seed)
    ink = np.zeros((page_img.height, page_img.width), np.float32)
    written = {}
    for i, (cp, (x0, y0, x1, y1)) in enumerate(zip(spec.page_characters(page), lay.boxes)):
        if is_empty(i):
            continue
        side = x1 - x0
        big = SUPERSAMPLE * side
        mark = (cp, int(big * rng.uniform(0.70, 0.80)), big / 2 + rng.uniform(-0.03, 0.03) * big,
                big / 2 + rng.uniform(-0.03, 0.03) * big)
        ink[y0:y1, x0:x1] = _box_ink(font, mark, big, side)
        written[i] = mark
    base = np.asarray(page_img.convert("L")).astype(np.float32)
    filled = np.minimum(base, 255 - ink * 235)  # pen ink ~20, not pure black
    return filled.astype(np.uint8), (ink * 255).astype(np.uint8), written


def _box_ink(font: Path, mark: tuple, big: int, size: int) -> np.ndarray:
    """Ink coverage 0..1 of one written box at `size` px, from its drawing at `big` px."""
    cp, px, cx, cy = mark
    canvas = Image.new("L", (big, big), 0)
    ImageDraw.Draw(canvas).text((cx, cy), chr(cp), font=_face(font, px), fill=255, anchor="mm")
    return cv2.resize(np.asarray(canvas, np.float32) / 255, (size, size), interpolation=cv2.INTER_AREA)


_FACES: dict[tuple[str, int], ImageFont.FreeTypeFont] = {}


def _face(font: Path, px: int) -> ImageFont.FreeTypeFont:
    key = (str(font), px)
    if key not in _FACES:
        _FACES[key] = ImageFont.truetype(str(font), px)
    return _FACES[key]


def _paper_field(w: int, h: int, dpi: int, case: Case, rng) -> tuple[np.ndarray, np.ndarray] | None:
    """Displacement (px) of the paper in the photo, on the page's own grid, or None for flat paper."""
    if not case.bulge_mm and not case.lift_mm:
        return None
    mm = dpi / 25.4
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = w / 2, h / 2                    # the camera sits above the page centre
    if case.bulge_mm:
        bx = cx + rng.uniform(-40, 40) * mm
        by = cy + rng.uniform(-60, 60) * mm
        sigma = 45 * mm
        height = np.exp(-((xx - bx) ** 2 + (yy - by) ** 2) / (2 * sigma ** 2))
        wanted = case.bulge_mm
    else:
        corner = [(0, 0), (w, 0), (w, h), (0, h)][int(rng.integers(4))]
        reach = 90 * mm
        d = np.hypot(xx - corner[0], yy - corner[1])
        height = np.clip(1 - d / reach, 0, 1) ** 2
        wanted = case.lift_mm
    # Parallax: a raised point moves away from the camera's axis in proportion to its height.
    ux, uy = height * (xx - cx), height * (yy - cy)
    scale = wanted * mm / float(np.hypot(ux, uy).max())
    return ux * scale, uy * scale


def photograph(filled: np.ndarray, case: Case, seed: int, jpeg_quality: int = 80) -> np.ndarray:
    """A grey JPEG-decoded photo of a written 300-dpi template page, distorted as `case` says."""
    rng = np.random.default_rng(seed)
    h, w = filled.shape
    pad = int(0.04 * w)
    H, W = h + 2 * pad, w + 2 * pad
    # Camera: tilt and perspective, as a homography of the padded page (photo -> paper through its inverse).
    src = np.float32([[0, 0], [W, 0], [W, H], [0, H]])
    dst = src + (rng.uniform(-0.015, 0.015, (4, 2)) * np.float32([W, H])).astype(np.float32)
    angle = rng.uniform(-2.0, 2.0)
    R = np.vstack([cv2.getRotationMatrix2D((W / 2, H / 2), angle, 1.0), [0, 0, 1]])
    inv = np.linalg.inv(R @ cv2.getPerspectiveTransform(src, dst))
    yy, xx = np.mgrid[0:H, 0:W].astype(np.float32)
    if case.barrel:                          # the lens: a photo point sits further out on the undistorted image
        cx, cy, half = W / 2, H / 2, np.hypot(W, H) / 2
        r2 = ((xx - cx) ** 2 + (yy - cy) ** 2) / half ** 2
        k = 1 + case.barrel * r2
        xx, yy = cx + (xx - cx) * k, cy + (yy - cy) * k
    den = inv[2, 0] * xx + inv[2, 1] * yy + inv[2, 2]
    px = (inv[0, 0] * xx + inv[0, 1] * yy + inv[0, 2]) / den - pad
    py = (inv[1, 0] * xx + inv[1, 1] * yy + inv[1, 2]) / den - pad
    px, py = px.astype(np.float32), py.astype(np.float32)
    field = _paper_field(w, h, 300, case, rng)
    if field is not None:                    # the paper's shape: the point seen here came from u(p) nearer
        ux = cv2.remap(field[0].astype(np.float32), px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        uy = cv2.remap(field[1].astype(np.float32), px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        px, py = px - ux, py - uy
    img = cv2.remap(filled, px, py, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=DESK)
    img = img.astype(np.float32)
    gx, gy = np.mgrid[0:H, 0:W][::-1].astype(np.float32)
    light = 0.62 + 0.38 * np.clip((gx / W) * 0.6 + (gy / H) * 0.6, 0, 1)
    if case.uneven_light:
        r2 = ((gx - W / 2) ** 2 + (gy - H / 2) ** 2) / ((W / 2) ** 2 + (H / 2) ** 2)
        light *= 1 - 0.3 * r2                                     # vignetting
        across = (gx * 0.8 + gy * 0.6) / np.hypot(W, H)
        light *= 1 - 0.35 * np.exp(-((across - rng.uniform(0.35, 0.6)) / 0.06) ** 2)   # a hand's shadow
    img = cv2.GaussianBlur(img * light, (0, 0), 0.9)
    img += rng.normal(0, 5, img.shape).astype(np.float32)
    img = np.clip(img, 0, 255).astype(np.uint8)
    if case.dpi != 300:
        f = case.dpi / 300
        img = cv2.resize(img, None, fx=f, fy=f, interpolation=cv2.INTER_AREA)
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, jpeg_quality])
    assert ok
    return cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE)


def expected_glyph(spec: TemplateSpec, font: Path, mark: tuple, index: int, size: int) -> np.ndarray:
    """What was written in box `index` at `size` px, area-averaged from the same 4x drawing the page got:
    the clean content a glyph cut at that size is judged against (box = em square)."""
    x0, _, x1, _ = page_layout(spec).boxes[index]
    cover = _box_ink(font, mark, SUPERSAMPLE * (x1 - x0), size)
    return (255 - 255 * cover + 0.5).clip(0, 255).astype(np.uint8)


def iou(a: np.ndarray, b: np.ndarray) -> float:
    """Plain ink IoU of two glyphs, both thresholded at half coverage (no tolerance)."""
    ia, ib = a < 128, b < 128
    union = (ia | ib).sum()
    return float((ia & ib).sum() / union) if union else 1.0


def border_remnant(glyph: np.ndarray, wanted: np.ndarray | None) -> bool:
    """Ink along one of the glyph's edges that was not written there: a piece of the printed border.

    Looks at strips 5 % of the glyph wide along each edge; extracted ink more than 2 px from written ink
    that spans 10 % of an edge's length counts.
    """
    n = glyph.shape[0]
    ink = glyph < 128
    if wanted is not None:
        near = cv2.dilate((wanted < 128).astype(np.uint8), np.ones((5, 5), np.uint8)) > 0
        ink &= ~near
    w = max(2, int(np.ceil(0.05 * n)))
    spans = [ink[:, :w].any(axis=1), ink[:, n - w:].any(axis=1), ink[:w].any(axis=0), ink[n - w:].any(axis=0)]
    return any(s.sum() >= 0.1 * n for s in spans)
