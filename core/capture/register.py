"""Local registration: each writing box found by its own printed border after the page homography.

The corner markers give one homography for the page, exact only for flat paper photographed through a
perfect lens. A bulge, a curl, a lifted corner or barrel distortion moves the boxes by millimetres from
where that homography puts them, smoothly across the page. Every box border is a known square of known
line width, so each box is found again in the warped page:

1. coarse: the whole square (its four line responses summed) is slid over a window of +-`reach` around
   the homography's position; a square is unambiguous there because the next box is a whole pitch away;
2. consistency: each box's shift is compared with an affine fit of its neighbours' shifts (the paper
   moves smoothly); boxes whose border is hidden by ink, or whose peak disagrees, are searched again
   near the neighbours' prediction, or take it;
3. fine: each of the four lines is located in short segments along it, fitted robustly as a straight
   line (segments under ink are dropped), and the four intersections give the box its own homography;
4. bend: a weighted quadratic displacement fitted to the line points of the box and its neighbours
   follows the paper's curvature inside the box, and stands in for a line hidden by ink.

Coordinates are those of the warped page (the template's pixel grid, pixel centres at integers).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import cv2
import numpy as np

log = logging.getLogger(__name__)

SEGMENTS = 10            # pieces each border line is measured in
MIN_SEGMENTS = 4         # fewer usable pieces than this: the line is taken from the coarse shift
WEAK = 0.45              # a coarse peak under this share of the page's typical peak is "hidden"
STRONG = 0.8             # a peak over this share is a plainly visible border


@dataclass
class BoxFit:
    """Where one box's border was found: a map from template to warped-page pixels near the box."""

    homography: np.ndarray   # 3x3, template pixel coordinates -> warped page pixel coordinates
    shift: tuple[float, float]
    method: str              # "lines" (own four lines), "shift" (coarse square) or "neighbours"
    bend: tuple | None = None  # (origin, unit, x coefficients, y coefficients) of a quadratic displacement
    at_reach: bool = False   # placed near the search's edge: the box may be further off than it reaches
    lines_found: int = 4     # of its own four border lines

    def to_page(self, x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Warped-page coordinates of template points (arrays of any shape)."""
        if self.bend is not None:
            (ox, oy), unit, cx, cy = self.bend
            terms = _quadratic_terms((x - ox) / unit, (y - oy) / unit)
            return x + np.tensordot(cx, terms, 1), y + np.tensordot(cy, terms, 1)
        h = self.homography
        w = h[2, 0] * x + h[2, 1] * y + h[2, 2]
        return (h[0, 0] * x + h[0, 1] * y + h[0, 2]) / w, (h[1, 0] * x + h[1, 1] * y + h[1, 2]) / w


def _quadratic_terms(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    x, y = np.asarray(x, np.float64), np.asarray(y, np.float64)
    return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y])


def line_responses(flat: np.ndarray, border: int) -> tuple[np.ndarray, np.ndarray]:
    """Thin-dark-line responses (vertical lines, horizontal lines): positive only on lines about `border` wide.

    A pixel responds when it is darker than the paper `k` pixels to both sides, so thick strokes and the
    edges of blobs give ~0 while a printed border line gives its full darkness.
    """
    dark = 255.0 - flat.astype(np.float32)
    k = border + 2
    along = 2 * border + 1
    v = cv2.blur(dark, (1, along))        # smoothed along vertical lines
    h = cv2.blur(dark, (along, 1))
    rv = np.minimum(v - _shift(v, k, 1), v - _shift(v, -k, 1))
    rh = np.minimum(h - _shift(h, k, 0), h - _shift(h, -k, 0))
    return np.maximum(rv, 0), np.maximum(rh, 0)


def _shift(a: np.ndarray, k: int, axis: int) -> np.ndarray:
    out = np.empty_like(a)
    if axis == 1:
        if k > 0:
            out[:, k:], out[:, :k] = a[:, :-k], a[:, :1]
        else:
            out[:, :k], out[:, k:] = a[:, -k:], a[:, -1:]
    else:
        if k > 0:
            out[k:], out[:k] = a[:-k], a[:1]
        else:
            out[:k], out[k:] = a[-k:], a[-1:]
    return out


def _centre_lines(box, border: int) -> tuple[float, float, float, float]:
    """Template coordinates of the centres of the box's left, right, top and bottom border lines."""
    x0, y0, x1, y1 = box
    half = (border - 1) / 2
    return x0 + half, x1 - 1 - half, y0 + half, y1 - 1 - half


def _coarse(rv1, rh1, box, border: int, centre: tuple[float, float], reach: int):
    """Best whole-square shift (dx, dy) within +-reach of `centre`, and its summed line response."""
    left, right, top, bottom = (int(round(c)) for c in _centre_lines(box, border))
    cx, cy = int(round(centre[0])), int(round(centre[1]))
    h, w = rv1.shape
    xs = np.arange(-reach, reach + 1) + cx
    ys = np.arange(-reach, reach + 1) + cy
    xs = xs[(xs + right < w) & (xs + left >= 0)]
    ys = ys[(ys + bottom < h) & (ys + top >= 0)]
    if xs.size == 0 or ys.size == 0:
        return (0.0, 0.0), 0.0
    pad = 2 * border + 2  # skip the corners, where the other two lines cross
    # Vertical lines: sum of rv1 over rows top+pad..bottom-pad, for every shift; cumulative sums make it O(shifts).
    y_lo, y_hi = top + pad + ys.min(), bottom - pad + ys.max() + 1
    cols = np.concatenate([left + xs, right + xs])
    cv = np.cumsum(rv1[y_lo:y_hi, cols], axis=0)
    cv = np.vstack([np.zeros((1, cols.size), np.float32), cv])
    a = (top + pad + ys - y_lo)[:, None]
    b = (bottom - pad + ys - y_lo + 1)[:, None]
    vsum = cv[b, np.arange(cols.size)[None, :]] - cv[a, np.arange(cols.size)[None, :]]
    vert = vsum[:, :xs.size] + vsum[:, xs.size:]                      # (len ys, len xs)
    x_lo, x_hi = left + pad + xs.min(), right - pad + xs.max() + 1
    rows = np.concatenate([top + ys, bottom + ys])
    ch = np.cumsum(rh1[rows, x_lo:x_hi], axis=1)
    ch = np.hstack([np.zeros((rows.size, 1), np.float32), ch])
    a = (left + pad + xs - x_lo)[None, :]
    b = (right - pad + xs - x_lo + 1)[None, :]
    hsum = ch[np.arange(rows.size)[:, None], b] - ch[np.arange(rows.size)[:, None], a]
    horiz = hsum[:ys.size] + hsum[ys.size:]                           # (len ys, len xs)
    score = vert + horiz
    iy, ix = np.unravel_index(int(np.argmax(score)), score.shape)
    return (float(xs[ix]), float(ys[iy])), float(score[iy, ix])


def _predict(centres: np.ndarray, shifts: np.ndarray, good: np.ndarray, i: int, radius: float):
    """Box i's shift as an affine fit of its good neighbours' shifts (None when too few neighbours)."""
    d = centres - centres[i]
    near = good & (np.hypot(d[:, 0], d[:, 1]) <= radius)
    near[i] = False
    idx = np.flatnonzero(near)
    if idx.size == 0:
        return None
    if idx.size < 4:
        return np.median(shifts[idx], axis=0)
    a = np.hstack([np.ones((idx.size, 1)), d[idx]])
    coef, *_ = np.linalg.lstsq(a, shifts[idx], rcond=None)
    return coef[0]


def _line_fit(resp: np.ndarray, centre: float, span: tuple[float, float], vertical: bool,
              window: int, floor: float, tolerance: float):
    """A border line found in segments: (a, b, t, p) with position = a + b * t along it, or None.

    t, p: the segments' places along the line and their measured positions (the fit's inliers).

    resp: the line response; centre: the expected line position (x for a vertical line); span: its
    extent along the line (y for a vertical line). Segments whose peak is weak (ink over the line,
    or paper torn) or at the window's edge are dropped; then a straight line is fitted and refitted
    without points off by more than `tolerance` px.
    """
    h, w = resp.shape
    lo, hi = span
    edges = np.linspace(lo, hi, SEGMENTS + 1)
    c = int(round(centre))
    if c - window - 1 < 0 or c + window + 2 > (w if vertical else h):
        return None
    ts, ps = [], []
    for s0, s1 in zip(edges[:-1], edges[1:]):
        a, b = int(round(s0)), int(round(s1))
        if a < 0 or b > (h if vertical else w) or b - a < 2:
            continue
        if vertical:
            profile = resp[a:b, c - window:c + window + 1].mean(axis=0)
        else:
            profile = resp[c - window:c + window + 1, a:b].mean(axis=1)
        k = int(np.argmax(profile))
        if k == 0 or k == profile.size - 1 or profile[k] < floor:
            continue
        left, m, r = profile[k - 1], profile[k], profile[k + 1]
        den = left - 2 * m + r
        off = 0.5 * (left - r) / den if den < 0 else 0.0
        ts.append((s0 + s1) / 2)
        ps.append(c - window + k + float(np.clip(off, -0.5, 0.5)))
    if len(ts) < MIN_SEGMENTS:
        return None
    t, p = np.array(ts), np.array(ps)
    keep = np.ones(t.size, bool)
    for _ in range(3):
        if keep.sum() < MIN_SEGMENTS:
            return None
        if keep.sum() >= 2 * MIN_SEGMENTS:
            coef = np.polyfit(t[keep], p[keep], 1)
        else:  # few points: a robust shift only, the slope from the coarse square
            coef = np.array([0.0, float(np.median(p[keep]))])
        resid = np.abs(np.polyval(coef, t) - p)
        new = resid <= tolerance
        if (new == keep).all():
            break
        keep = new
    if keep.sum() < MIN_SEGMENTS:
        return None
    return float(coef[1]), float(coef[0]), t[keep], p[keep]


def _intersect(vline, hline):
    """Point where x = av + bv * y meets y = ah + bh * x."""
    av, bv = vline[:2]
    ah, bh = hline[:2]
    y = (ah + bh * av) / (1 - bh * bv)
    return av + bv * y, y


def register_boxes(flat: np.ndarray, boxes, border: int, dpi: int, reach_mm: float = 6.0) -> list[BoxFit]:
    """Each box's own homography (template -> warped page), found from its printed border.

    reach_mm: how far (mm) a box may sit from where the page homography puts it; less than half the box
    pitch, so a neighbour's border cannot be taken for the box's own.
    """
    n = len(boxes)
    mm = dpi / 25.4
    if n == 0:
        return []
    rv, rh = line_responses(flat, border)
    widen = np.ones((1, 4 * border + 1), np.uint8)
    rv1 = cv2.dilate(rv, widen)              # tolerant of a box a few px wider or narrower than printed
    rh1 = cv2.dilate(rh, widen.T)
    reach = int(round(reach_mm * mm))
    centres = np.array([((x0 + x1) / 2, (y0 + y1) / 2) for x0, y0, x1, y1 in boxes], np.float64)
    shifts = np.zeros((n, 2))
    scores = np.zeros(n)
    for i, box in enumerate(boxes):
        shifts[i], scores[i] = _coarse(rv1, rh1, box, border, (0.0, 0.0), reach)
    typical = float(np.median(scores)) if n else 0.0
    if typical <= 0:
        log.warning("no box borders found; using the page homography alone")
        return [BoxFit(np.eye(3), (0.0, 0.0), "neighbours") for _ in boxes]
    good = scores >= WEAK * typical
    pitch = float(np.median(np.diff(sorted(set(np.round(centres[:, 0])))))) if n > 1 else boxes[0][2] - boxes[0][0]
    radius = 1.5 * max(pitch, 1.0)           # the 8 neighbours: the paper bends too much for a wider fit
    agree = 1.0 * mm                         # neighbours' shifts predict a box's to under 1 mm
    methods = ["shift"] * n
    clear = scores >= STRONG * typical       # a whole square this visible is the box, whatever its neighbours say
    for _ in range(2):                       # drop shifts that disagree with their neighbours, twice
        for i in range(n):
            guess = _predict(centres, shifts, good, i, radius)
            limit = 3 * agree if clear[i] else agree
            if guess is not None and np.hypot(*(shifts[i] - guess)) > limit:
                good[i] = False
    for i in np.flatnonzero(~good):          # hidden or disagreeing: search near the prediction, else take it
        guess = _predict(centres, shifts, good, i, radius)
        if guess is None:
            guess = np.median(shifts[good], axis=0) if good.any() else np.zeros(2)
        found, score = _coarse(rv1, rh1, boxes[i], border, tuple(guess), max(2, int(round(agree))))
        if score >= WEAK * typical and np.hypot(*(np.array(found) - guess)) <= agree:
            shifts[i] = found
        else:
            shifts[i], methods[i] = guess, "neighbours"
    # A box placed within a millimetre of the search's edge may well sit beyond it, and so may its neighbours.
    at_reach = np.abs(shifts).max(axis=1) >= reach - mm
    line_len = np.mean([(x1 - x0) for x0, y0, x1, y1 in boxes])
    floor = 0.3 * typical / (4 * line_len)    # under a third of a visible line's mean response: hidden
    window = max(3, int(round(0.8 * mm)))
    tolerance = max(1.0, 0.12 * mm)
    fits, marks = [], []
    for i, box in enumerate(boxes):
        fit, points = _fine(rv, rh, box, border, shifts[i], methods[i], window, floor, tolerance, 3 * window)
        fits.append(fit)
        marks.append(points)
    _bend(fits, marks, boxes, centres, pitch, tolerance)
    for fit, edge in zip(fits, at_reach):
        fit.at_reach = bool(edge)
    counts = {m: sum(f.method == m for f in fits) for m in ("lines", "shift", "neighbours")}
    log.debug("box registration: %s, largest shift %.2f mm", counts, float(np.abs(shifts).max() / mm))
    return fits


def _fine(rv, rh, box, border, shift, method, window, floor, tolerance, slack) -> BoxFit:
    """The box's homography from its four lines (three, and the coarse shift for the fourth), and the
    measured line points; a corner further than `slack` px from the shifted square means a wrong line."""
    left, right, top, bottom = _centre_lines(box, border)
    dx, dy = float(shift[0]), float(shift[1])
    canon = np.float32([[left, top], [right, top], [right, bottom], [left, bottom]])
    moved = canon + np.float32([dx, dy])
    pad = 3 * border + 2
    vspan = (top + dy + pad, bottom + dy - pad)
    hspan = (left + dx + pad, right + dx - pad)
    fitted = [_line_fit(rv, left + dx, vspan, True, window, floor, tolerance),
              _line_fit(rv, right + dx, vspan, True, window, floor, tolerance),
              _line_fit(rh, top + dy, hspan, False, window, floor, tolerance),
              _line_fit(rh, bottom + dy, hspan, False, window, floor, tolerance)]
    points = _line_points(fitted, (left, right, top, bottom), dx, dy)
    if sum(f is not None for f in fitted) < 3:
        return BoxFit(_translation(dx, dy), (dx, dy), method, lines_found=0), points
    found = sum(f is not None for f in fitted)
    lines = [f if f is not None else (c + d, 0.0)
             for f, c, d in zip(fitted, (left, right, top, bottom), (dx, dx, dy, dy))]
    left, r, t, b = lines
    corners = np.float32([_intersect(left, t), _intersect(r, t), _intersect(r, b), _intersect(left, b)])
    if not np.isfinite(corners).all() or np.abs(corners - moved).max() > slack:
        return BoxFit(_translation(dx, dy), (dx, dy), method, lines_found=0), points
    return BoxFit(cv2.getPerspectiveTransform(canon, corners).astype(np.float64), (dx, dy), "lines",
                  lines_found=found), points


def _line_points(fitted, centres, dx: float, dy: float):
    """The measured border points as template places and displacements: (x, y, d, vertical?) rows."""
    rows = []
    for k, (f, c) in enumerate(zip(fitted, centres)):
        if f is None:
            continue
        t, p = f[2], f[3]
        vertical = k < 2
        if vertical:   # x displacement, measured along the line at template y = t - dy
            rows.append(np.stack([np.full(t.size, c), t - dy, p - c, np.ones(t.size)], 1))
        else:
            rows.append(np.stack([t - dx, np.full(t.size, c), p - c, np.zeros(t.size)], 1))
    return np.concatenate(rows) if rows else np.zeros((0, 4))


def _bend(fits, marks, boxes, centres, pitch: float, tolerance: float) -> None:
    """Give each box a quadratic displacement field fitted to its own and its neighbours' border points.

    A box's homography from its four lines is exact only where the paper is flat across the box; a bulge
    bends the lines and the paper between them (a few tenths of a pixel, which costs a stroke's edge).
    A weighted quadratic fit over the neighbourhood follows that bend, and interpolates a box whose own
    border is hidden. Kept only when it agrees with the box's own points within `tolerance` px.
    """
    allpts = np.concatenate([m for m in marks if len(m)]) if any(len(m) for m in marks) else np.zeros((0, 4))
    if len(allpts) < 40:
        return
    radius = 1.6 * pitch
    for i, fit in enumerate(fits):
        cx, cy = centres[i]
        d2 = (allpts[:, 0] - cx) ** 2 + (allpts[:, 1] - cy) ** 2
        near = d2 <= radius ** 2
        coefs = []
        for vertical in (1.0, 0.0):
            sel = near & (allpts[:, 3] == vertical)
            pts = allpts[sel]
            across = pts[:, 0] if vertical else pts[:, 1]   # lines at distinct places across the box
            if len(pts) < 24 or np.unique(np.round(across)).size < 4:
                coefs = None
                break
            terms = _quadratic_terms((pts[:, 0] - cx) / pitch, (pts[:, 1] - cy) / pitch).T
            w = np.sqrt(np.exp(-d2[sel] / (2 * (0.8 * pitch) ** 2)))
            c, *_ = np.linalg.lstsq(terms * w[:, None], pts[:, 2] * w, rcond=None)
            coefs.append(c)
        if coefs is None:
            continue
        bend = ((cx, cy), pitch, coefs[0], coefs[1])
        own = marks[i]
        # A line of its own missing was taken from the coarse shift; the neighbours know it better.
        if len(own) and fit.lines_found == 4:
            probe = BoxFit(fit.homography, fit.shift, fit.method, bend)
            px, py = probe.to_page(own[:, 0], own[:, 1])
            got = np.where(own[:, 3] == 1, px - own[:, 0], py - own[:, 1])
            if np.median(np.abs(got - own[:, 2])) > 0.5 * tolerance:
                continue
        fit.bend = bend
        if fit.method != "lines":
            fit.method = "neighbours"


def _translation(dx: float, dy: float) -> np.ndarray:
    return np.array([[1.0, 0.0, dx], [0.0, 1.0, dy], [0.0, 0.0, 1.0]])
