"""Glyph extraction from scanned or photographed template pages: locate, flatten, binarise, cut, clean.

Binarisation only decides which strokes are kept; the glyph itself is the grey-level ink coverage of
those strokes averaged down to the glyph size (see `_coverage`), which keeps the stroke weight and the
sub-pixel edge positions a threshold would round away.

Each writing box maps onto the em square exactly as core.render places font glyphs (the box top is em
top 0.88, the box bottom em bottom -0.12, box left/right are x = 0 / upm), so the writer's relative size,
position and baseline survive; nothing is cropped to the ink bbox or stretched.
"""

from __future__ import annotations

import json
import logging
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from core.capture import CaptureError
from core.capture.pages import as_gray, load_pages, sharpness
from core.capture.register import register_boxes
from core.capture.template import ARUCO_DICT, MARKER_IDS, TemplateSpec, page_layout

log = logging.getLogger(__name__)
load_image = load_pages  # the name earlier callers used

BLURRED_BELOW = 0.1  # core.capture.pages.sharpness: ~0.23 for a sharp 150 dpi scan; markers fail near 0.09
GLYPH_SIZE = 256     # glyph px by default: what an exported font needs, whatever the model's size
STATUSES = ("ok", "missing", "faint", "touches edge", "several pieces")


@dataclass
class BoxResult:
    codepoint: int
    index: int                 # box index within the page (row-major)
    glyph: np.ndarray          # (size, size) uint8, 255 = paper; all paper when missing
    status: str
    ink_fraction: float = 0.0  # share of the box area that is ink

    def at_size(self, size: int) -> np.ndarray:
        """The glyph at a model's size, from the full-resolution one."""
        return glyph_at_size(self.glyph, size)


@dataclass
class PageResult:
    page: int                  # 0-based page index from the QR code
    template_id: str
    boxes: list[BoxResult] = field(default_factory=list)
    source: str | None = None
    seconds: float = 0.0
    threshold: float = 0.0     # grey level (0-255, flattened page) separating ink from paper
    registration: dict = field(default_factory=dict)  # how many boxes were placed by their own lines etc.

    def counts(self) -> dict[str, int]:
        out = {s: 0 for s in STATUSES}
        for b in self.boxes:
            out[b.status] += 1
        return out


# ----------------------------------------------------------------------------------------- locate

def _detect_markers(gray: np.ndarray) -> dict[int, np.ndarray]:
    """Marker id -> its 4 corners (TL, TR, BR, BL of the printed marker) in image pixels."""
    params = cv2.aruco.DetectorParameters()
    params.cornerRefinementMethod = cv2.aruco.CORNER_REFINE_SUBPIX
    detector = cv2.aruco.ArucoDetector(cv2.aruco.getPredefinedDictionary(ARUCO_DICT), params)
    # Detect on a reduced copy (markers are ~5 % of the page width, so ~1,600 px is plenty and much
    # faster), then refine the corners on the full-resolution page.
    scale = min(1.0, 1600 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    corners, ids, _ = detector.detectMarkers(small)
    found: dict[int, np.ndarray] = {}
    if ids is None:
        return found
    for c, i in zip(corners, ids.ravel()):
        i = int(i)
        if i not in MARKER_IDS:
            continue
        pts = c.reshape(4, 2).astype(np.float32) / scale
        area = cv2.contourArea(pts)
        if i not in found or area > cv2.contourArea(found[i]):  # a stray duplicate: keep the biggest
            found[i] = pts
    if scale < 1 and found:
        pts = np.concatenate([found[i] for i in sorted(found)]).reshape(-1, 1, 2)
        win = max(3, int(round(1 / scale * 2)))
        cv2.cornerSubPix(gray, pts, (win, win), (-1, -1),
                         (cv2.TERM_CRITERIA_EPS + cv2.TERM_CRITERIA_MAX_ITER, 30, 0.01))
        for k, i in enumerate(sorted(found)):
            found[i] = pts[4 * k:4 * k + 4].reshape(4, 2)
    return found


def _canonical_corners(spec: TemplateSpec) -> dict[int, np.ndarray]:
    # OpenCV puts pixel centres at integer coordinates, so a marker filling pixels x .. x+s-1 has its
    # outer edges at x - 0.5 and x + s - 0.5; without the half pixel every page is resampled half a
    # pixel off, which blurs and shifts each glyph.
    lay = page_layout(spec)
    return {i: np.array([[x, y], [x + s, y], [x + s, y + s], [x, y + s]], np.float32) - 0.5
            for i, (x, y, s) in lay.markers.items()}


def _read_qr(crop: np.ndarray) -> str:
    """The QR text, or "" when no detector reads it; the detectors fail on different pages, so try several."""
    half = cv2.resize(crop, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    otsu = cv2.threshold(crop, 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[1]
    # The plain detector misses some perfectly sharp codes that it reads at half size, or that the
    # ArUco-based detector reads.
    for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
        for candidate in (crop, half, otsu):
            try:
                text, _, _ = detector.detectAndDecode(candidate)
            except cv2.error:
                text = ""
            if text:
                return text
    return ""


def _decode_qr(page: np.ndarray, spec: TemplateSpec, name: str) -> dict:
    qx, qy, qs = page_layout(spec).qr
    pad = qs // 4
    crop = page[max(0, qy - pad):qy + qs + pad, max(0, qx - pad):qx + qs + pad]
    text = _read_qr(crop)
    if not text:
        if spec.pages == 1:  # nothing to tell apart; the markers already matched the layout
            log.warning("%s: QR code unreadable; the template has one page, so assuming page 1", name)
            return {"t": spec.template_id, "p": 0, "n": 1}
        raise CaptureError(f"{name}: the page's QR code (top centre) cannot be read; rescan the page "
                           f"without glare or marks on the code")
    try:
        data = json.loads(text)
        return {"t": str(data["t"]), "p": int(data["p"]), "n": int(data["n"])}
    except (ValueError, KeyError, TypeError) as exc:
        raise CaptureError(f"{name}: the QR code does not come from a zi2zi template ({text[:40]!r})") from exc


# --------------------------------------------------------------------------------------- extract

def _flatten(page: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Divide by the paper's own brightness so shadows and uneven light become white paper.

    Returns the flattened page and the paper brightness itself (float32), which box extraction divides
    the photo by when it cuts each box straight from the photo.
    """
    f = 8
    small = cv2.resize(page, (page.shape[1] // f, page.shape[0] // f), interpolation=cv2.INTER_AREA)
    # Max filter wider than any pen stroke removes the ink and leaves the paper; the blur smooths it.
    bg = cv2.dilate(small, cv2.getStructuringElement(cv2.MORPH_RECT, (9, 9)))
    bg = cv2.GaussianBlur(bg.astype(np.float32), (0, 0), 3)
    bg = np.maximum(cv2.resize(bg, (page.shape[1], page.shape[0]), interpolation=cv2.INTER_LINEAR), 16.0)
    flat = page.astype(np.float32) * (255.0 / bg)
    return np.clip(flat, 0, 255).astype(np.uint8), bg


def _threshold(flat: np.ndarray, boxes, inset: int) -> float:
    """Otsu over the box interiors, clamped so that an empty page or light guide lines cannot move it far."""
    samples = np.concatenate([flat[max(0, y0 + inset):y1 - inset:2, max(0, x0 + inset):x1 - inset:2].ravel()
                              for x0, y0, x1, y1 in boxes])
    otsu, _ = cv2.threshold(samples.reshape(1, -1), 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)
    return float(np.clip(otsu, 100, 170))


def _clean(ink: np.ndarray, guide_band: np.ndarray, speck: int) -> np.ndarray:
    """Drop specks and thin remnants of the guide cross; keep every real stroke."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    if n <= 1:
        return ink
    eroded = cv2.erode(ink.astype(np.uint8), np.ones((3, 3), np.uint8))
    survives = np.bincount(labels[eroded > 0], minlength=n) > 0
    on_guide = np.bincount(labels[guide_band & ink], minlength=n)
    keep = np.ones(n, bool)
    keep[0] = False
    area = stats[:, cv2.CC_STAT_AREA]
    keep &= area >= speck
    # A component thinner than 3 px lying (mostly) on the guide cross is a guide remnant, not a stroke.
    keep &= ~((~survives) & (on_guide >= 0.6 * area))
    return keep[labels]


def _coverage(crop: np.ndarray, ink: np.ndarray, thr: float, scale: float = 1.0) -> np.ndarray:
    """Ink coverage 0..1 of each pixel of the kept strokes, from the grey level rather than the binary mask.

    Thresholding first and then averaging down moves every stroke edge by up to a pixel and makes
    blurred strokes fatter (blur lifts the threshold); a linear ramp from paper to this box's own ink
    keeps the edge where half the pixel is ink, as a font rasteriser puts it.
    """
    level = min(float(np.percentile(crop[ink], 3)), thr - 20.0)  # the pen's darkness in this box
    soft = np.clip((255.0 - crop.astype(np.float32)) / (255.0 - level), 0.0, 1.0)
    # Only the cleaned strokes and their antialiased rim count: specks and guide lines stay paper.
    k = 2 * max(2, int(round(2 * scale))) + 1
    near = cv2.dilate(ink.astype(np.uint8), np.ones((k, k), np.uint8)) > 0
    return soft * near


def count_pieces(ink: np.ndarray, side: int) -> int:
    """Groups of ink set apart from the main group: a stray mark, or a part far off in a corner.

    Ink is grown by ~6 % of the box so nearby strokes join; a sizeable group (>= 5 % of the ink) counts
    as a separate piece only when its bounding box overlaps the main group's in neither x nor y, because
    the separate strokes of one character (三, 八, 儿) always share one of the two spans.
    """
    r = max(1, int(side * 0.06))
    grown = cv2.dilate(ink.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1)))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(grown, connectivity=8)
    if n <= 2:
        return n - 1
    sizes = np.bincount(labels[ink], minlength=n)
    sizes[0] = 0
    main = int(np.argmax(sizes))
    mx, my, mw, mh = stats[main, :4]
    pieces = 1
    for k in range(1, n):
        if k == main or sizes[k] < 0.05 * sizes.sum():
            continue
        x, y, w, h = stats[k, :4]
        x_apart = x >= mx + mw or x + w <= mx
        y_apart = y >= my + mh or y + h <= my
        pieces += x_apart and y_apart
    return pieces


def glyph_at_size(glyph: np.ndarray, size: int) -> np.ndarray:
    """A glyph bitmap (255 = paper) resampled to (size, size): area-averaged down, linear up.

    Extraction keeps glyphs at the export's resolution (GLYPH_SIZE or more); a model of another size
    takes its bitmap from that one, never from a second cut of the scan.
    """
    if glyph.shape[0] == size:
        return glyph
    shrink = glyph.shape[0] > size
    return cv2.resize(glyph, (size, size), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)


def _locate(gray: np.ndarray, spec: TemplateSpec, name: str) -> np.ndarray:
    """The page homography from the four corner markers (scan pixels -> template pixels)."""
    found = _detect_markers(gray)
    if len(found) < 4:
        what = "no page markers found" if not found else f"only {len(found)} of 4 page markers found"
        if sharpness(gray) < BLURRED_BELOW:
            raise CaptureError(f"{name}: the page is blurred ({what}); hold the camera still and focus on "
                               f"the page, or scan it flat at 300 dpi")
        raise CaptureError(f"{name}: {what}; rescan the whole page with all four corner squares visible, "
                           f"flat and in focus")
    canon = _canonical_corners(spec)
    src = np.concatenate([found[i] for i in MARKER_IDS])
    dst = np.concatenate([canon[i] for i in MARKER_IDS])
    H, _ = cv2.findHomography(src, dst, 0)
    if H is None:
        raise CaptureError(f"{name}: the corner markers do not form a page; rescan the whole page flat")
    err = np.abs(cv2.perspectiveTransform(src.reshape(-1, 1, 2), H).reshape(-1, 2) - dst).max()
    if err > 0.03 * spec.dpi:  # ~0.8 mm: markers from another layout, or a badly curled page
        raise CaptureError(f"{name}: the corner markers do not match this template's layout (off by "
                           f"{err / spec.dpi * 25.4:.1f} mm); is it the right spec, paper size, page flat?")
    return H


def extract_page(image, spec: TemplateSpec, size: int = GLYPH_SIZE, name: str = "page") -> PageResult:
    """Glyphs of every box of one scanned page (any 90-degree rotation), placed in the em box.

    The page homography from the markers is refined per box from its own printed border
    (core.capture.register), and each box is then cut straight from the photo at `size` px (or at the
    template's box size when that is larger, then area-averaged to `size`).
    """
    t0 = time.perf_counter()
    if not 16 <= size <= 1024:
        raise CaptureError(f"glyph size {size} is out of range (16 to 1024)")
    gray = as_gray(image)
    H = _locate(gray, spec, name)
    lay = page_layout(spec)
    page = cv2.warpPerspective(gray, H, (lay.width, lay.height), flags=cv2.INTER_LINEAR,
                               borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    qr = _decode_qr(page, spec, name)
    if qr["t"] != spec.template_id:
        raise CaptureError(f"{name}: the page belongs to template {qr['t']}, not {spec.template_id}; "
                           f"use the spec JSON printed with it")
    if not 0 <= qr["p"] < spec.pages:
        raise CaptureError(f"{name}: page {qr['p'] + 1} is not in the template ({spec.pages} pages)")

    flat, paper = _flatten(page)
    chars = spec.page_characters(qr["p"])
    boxes = lay.boxes[:len(chars)]
    fits = register_boxes(flat, boxes, lay.border, spec.dpi)
    _check_registration(fits, name)
    moved = [(x0 + round(f.shift[0]), y0 + round(f.shift[1]), x1 + round(f.shift[0]), y1 + round(f.shift[1]))
             for (x0, y0, x1, y1), f in zip(boxes, fits)]
    thr = _threshold(flat, moved, lay.border + max(2, round(spec.dpi * 0.02)))
    result = PageResult(page=qr["p"], template_id=spec.template_id, threshold=thr)
    result.registration = {m: sum(f.method == m for f in fits) for m in ("lines", "shift", "neighbours")}
    result.registration["bent"] = sum(f.bend is not None for f in fits)
    result.registration["largest_shift_mm"] = round(max((math.hypot(*f.shift) for f in fits), default=0.0)
                                                    / spec.dpi * 25.4, 2)
    to_scan = np.linalg.inv(H)
    for index, (cp, box, fit) in enumerate(zip(chars, boxes, fits)):
        crop = _cut_box(gray, paper, to_scan, fit, box, max(size, box[2] - box[0]))
        glyph, status, fraction = _box_glyph(crop, thr, spec, lay, box[2] - box[0])
        result.boxes.append(BoxResult(cp, index, glyph_at_size(glyph, size), status, fraction))
    result.seconds = time.perf_counter() - t0
    log.info("%s: page %d, %s, boxes registered %s, %.2f s", name, qr["p"] + 1, result.counts(),
             result.registration, result.seconds)
    return result


COARSE_SCAN = 0.75  # scan px per template px below which (a photo under ~225 dpi) the cut box is sharpened
MAP_KNOTS = 17  # the box's maps are exact on a 17 x 17 grid and interpolated between (they are smooth)


def _check_registration(fits, name: str) -> None:
    """Refuse a page whose boxes could not all be placed: better a rescan than glyphs cut in the wrong place."""
    if len(fits) < 8:
        return
    lost = sum(f.method != "lines" for f in fits)
    if lost > 0.5 * len(fits):
        raise CaptureError(f"{name}: the box borders cannot be found on most of the page (curled, folded or "
                           f"blurred); lay the page flat and rescan it")
    if lost > 0.1 * len(fits) or any(f.at_reach for f in fits):
        raise CaptureError(f"{name}: the paper bulges or curls too much to place every box ({lost} of "
                           f"{len(fits)} not found by their borders); lay the page flat, or press it under "
                           f"glass, and photograph it again")


def _cut_box(gray, paper, to_scan, fit, box, work: int) -> np.ndarray:
    """The box's em square, work x work px, cut straight from the scan and divided by the paper brightness.

    `fit` maps template pixels to the warped page (the box's own registration), `to_scan` the warped page
    back to the scan; one resampling of the scan, whatever the output size.
    """
    x0, y0, x1, _ = box
    step = (x1 - x0) / work
    # Output pixel centre u sits at template x0 - 0.5 + (u + 0.5) * step (pixel-centre convention).
    knots = np.linspace(0.0, work - 1.0, MAP_KNOTS)
    grid = (knots + 0.5) * step - 0.5
    px, py = fit.to_page(*np.meshgrid(x0 + grid, y0 + grid))
    h = to_scan
    w = h[2, 0] * px + h[2, 1] * py + h[2, 2]
    sx = (h[0, 0] * px + h[0, 1] * py + h[0, 2]) / w
    sy = (h[1, 0] * px + h[1, 1] * py + h[1, 2]) / w
    bg = cv2.remap(paper, px.astype(np.float32), py.astype(np.float32), cv2.INTER_LINEAR,
                   borderMode=cv2.BORDER_REPLICATE)
    kx, ky = _knot_maps(work)  # bilinear between the knots (cv2.remap: no BLAS threads for tiny products)
    sx, sy, bg = (cv2.remap(m.astype(np.float32), kx, ky, cv2.INTER_LINEAR) for m in (sx, sy, bg))
    crop = cv2.remap(gray, sx, sy, cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=255)
    flat = crop.astype(np.float32) * (255.0 / bg)
    scan_px = float(np.hypot(sx[0, -1] - sx[0, 0], sy[0, -1] - sy[0, 0])) / (work - 1)  # per output px
    if scan_px * work / (x1 - x0) < COARSE_SCAN:
        # A coarse photo (a 150 dpi one: a box is ~80 px) blurs the narrow gaps of dense characters shut
        # and bilinear upsampling blurs again; an unsharp mask of one scan pixel reopens them.
        flat += flat - cv2.GaussianBlur(flat, (0, 0), 1.0 / scan_px)
    return np.clip(flat, 0, 255).astype(np.uint8)


_KNOT_MAPS: dict[int, tuple[np.ndarray, np.ndarray]] = {}


def _knot_maps(work: int) -> tuple[np.ndarray, np.ndarray]:
    """Where each of work x work output pixels falls on the MAP_KNOTS x MAP_KNOTS knot grid."""
    if work not in _KNOT_MAPS:
        pos = (np.arange(work) * (MAP_KNOTS - 1) / max(1, work - 1)).astype(np.float32)
        _KNOT_MAPS[work] = (np.ascontiguousarray(np.broadcast_to(pos[None, :], (work, work))),
                            np.ascontiguousarray(np.broadcast_to(pos[:, None], (work, work))))
    return _KNOT_MAPS[work]


def _box_glyph(crop: np.ndarray, thr: float, spec: TemplateSpec, lay, side: int):
    """(glyph, status, ink fraction) of one registered box crop (work x work px, the box's em square).

    The printed border is a band of known width along the crop's edges (registration puts it within a
    pixel or two), so it is removed by its geometry: the band is paper, except where a stroke reaches it
    from inside, which is continued straight to the box edge. "touches edge" means exactly that: writing
    reaches the border band.
    """
    work = crop.shape[0]
    f = work / side                                    # work px per template px
    band = int(math.ceil((lay.border + max(1.5, 0.15 * spec.dpi / 25.4)) * f))
    inner = np.zeros(crop.shape, bool)
    inner[band:work - band, band:work - band] = True
    ink = (crop <= thr) & inner  # Otsu puts its threshold value itself in the dark class
    guide = np.zeros(crop.shape, bool)
    c, g = work // 2, int(round((lay.guide + 3) * f))
    guide[c - g:c + g + 1, :] = True
    guide[:, c - g:c + g + 1] = True
    speck = max(4, int(12 * (spec.dpi / 300) ** 2 * f * f))
    ink = _clean(ink, guide, speck)
    count = int(ink.sum())
    fraction = count / float(work * work)
    if count < max(speck * 3, 0.002 * work * work):  # an empty box is reported, never invented
        return np.full((work, work), 255, np.uint8), "missing", fraction
    reach = band + max(1, int(round(1.5 * f)))
    ring = ~np.pad(np.ones((work - 2 * reach, work - 2 * reach), bool), reach)
    if ink[ring].sum() > 0.01 * count:
        status = "touches edge"
    elif count_pieces(ink, work) > 1:
        status = "several pieces"
    elif np.median(crop[ink]) > thr - 30:  # the ink barely clears the threshold: pencil or a dry pen
        status = "faint"
    else:
        status = "ok"
    cover = _coverage(crop, ink, thr, f) * inner
    _through_border(cover, ink, band)
    glyph = (255.0 - 255.0 * cover + 0.5).clip(0, 255).astype(np.uint8)
    return glyph, status, fraction


def _through_border(cover: np.ndarray, ink: np.ndarray, band: int) -> None:
    """Continue strokes that reach the border band straight out to the box edge (in place).

    The writer's stroke went on under the printed line; the glyph shows it reaching the em square's
    edge rather than stopping short where the border was taken away.
    """
    n = cover.shape[0]
    if band <= 0 or band >= n // 2:
        return
    for edge, inside in ((np.s_[:, :band], np.s_[:, band]), (np.s_[:, n - band:], np.s_[:, n - band - 1]),
                         (np.s_[:band, :], np.s_[band, :]), (np.s_[n - band:, :], np.s_[n - band - 1, :])):
        line = np.where(ink[inside], cover[inside], 0.0)
        if not line.any():
            continue
        if edge[0] == slice(None):                      # a left or right band: one value per row
            cover[edge] = np.maximum(cover[edge], line[:, None])
        else:
            cover[edge] = np.maximum(cover[edge], line[None, :])


def extract_pages(paths, spec: TemplateSpec, size: int = GLYPH_SIZE) -> list[PageResult]:
    """Extract every page of every scan file (any order, any 90-degree rotation), sorted by page."""
    results: dict[int, PageResult] = {}
    for path in paths:
        path = Path(path)
        frames = load_pages(path)
        for k, gray in enumerate(frames):
            name = path.name if len(frames) == 1 else f"{path.name} frame {k + 1}"
            res = extract_page(gray, spec, size=size, name=name)
            res.source = str(path)
            if res.page in results:
                log.warning("page %d scanned twice (%s and %s); keeping %s", res.page + 1,
                            results[res.page].source, name, name)
            results[res.page] = res
    return [results[p] for p in sorted(results)]
