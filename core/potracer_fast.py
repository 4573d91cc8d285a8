"""Faster drop-ins for the pure-Python potrace port's hottest functions (potracer 0.0.4).

potracer spends most of its time in _calc_lon, _bestpolygon and the path decomposition
(bm_to_pathlist), mostly calling tiny helpers (sign, xprod, cyclic, mod, penalty3) millions of times
and indexing numpy rows one pixel at a time. These are the same algorithms (potrace's calc_lon,
bestpolygon and bm_to_pathlist, GPL-2.0-or-later, as ported by potracer) with the helpers written
inline over plain lists and the same arithmetic in the same order, so the traced outlines are exactly
the same (tests/core/test_vectorize.py traces with and without them). install() swaps them in only for
the potracer version they were written against; any other version keeps its own.
"""

from __future__ import annotations

import logging
import math

import numpy as np

log = logging.getLogger(__name__)

SUPPORTED_VERSION = "0.0.4"
ORIGINALS: dict = {}        # potracer's own functions, kept by install() (tests compare against them)
_installed = False


def install() -> bool:
    """Swap calc_lon into potracer when its version matches; returns whether it is in use."""
    global _installed
    if _installed:
        return True
    from importlib.metadata import PackageNotFoundError, version

    import potrace.potrace as module

    try:
        found = version("potracer")
    except PackageNotFoundError:
        found = None
    replacements = {"_calc_lon": calc_lon, "_bestpolygon": bestpolygon, "bm_to_pathlist": bm_to_pathlist}
    if found != SUPPORTED_VERSION or not all(hasattr(module, f) for f in replacements):
        log.info("potracer %s: keeping its own code (the fast functions match %s)", found, SUPPORTED_VERSION)
        return False
    for name, function in replacements.items():
        ORIGINALS[name] = getattr(module, name)
        setattr(module, name, function)
    _installed = True
    return True


def calc_lon(pp) -> int:
    """For each point i, _lon[i]: the furthest point reachable from i by a straight subpath."""
    import potrace.potrace as module

    n = len(pp)
    xs = [p.x for p in pp.pt]
    ys = [p.y for p in pp.pt]
    nc = _next_corners(xs, ys, n)
    # the direction (one of four, as a bit) of each step k -> nc[k]: the inner loop only ORs them
    step_bit = [1 << ((3 + 3 * _sign(xs[nc[k]] - xs[k]) + _sign(ys[nc[k]] - ys[k])) // 2) for k in range(n)]
    pivk = [_pivot(xs, ys, nc, step_bit, n, i, module) for i in range(n - 1, -1, -1)][::-1]
    pp._lon = _longest(pivk, n)
    return 0


def _next_corners(xs: list, ys: list, n: int) -> list[int]:
    nc = [0] * n
    k = 0
    for i in range(n - 1, -1, -1):
        if xs[i] != xs[k] and ys[i] != ys[k]:
            k = i + 1
        nc[i] = k
    return nc


def _sign(x) -> int:
    return (x > 0) - (x < 0)


def _pivot(xs: list, ys: list, nc: list, step_bit: list, n: int, i: int, module) -> int:
    """pivk[i]: the furthest k such that all j with i < j < k lie on a line connecting i and k."""
    i1 = i + 1 if i + 1 < n else 0
    seen = 1 << int((3 + 3 * (xs[i1] - xs[i]) + (ys[i1] - ys[i])) // 2)
    xi, yi = xs[i], ys[i]
    c0x = c0y = c1x = c1y = 0
    k, k1 = nc[i], i
    while True:
        seen |= step_bit[k1]
        if seen == 15:
            return k1                       # all four directions occurred: cut the path here
        cur_x, cur_y = xs[k] - xi, ys[k] - yi
        if c0x * cur_y - c0y * cur_x < 0 or c1x * cur_y - c1y * cur_x > 0:
            break                           # the current constraint is violated
        if abs(cur_x) > 1 or abs(cur_y) > 1:
            off_x = cur_x + (1 if (cur_y >= 0 and (cur_y > 0 or cur_x < 0)) else -1)
            off_y = cur_y + (1 if (cur_x <= 0 and (cur_x < 0 or cur_y < 0)) else -1)
            if c0x * off_y - c0y * off_x >= 0:
                c0x, c0y = off_x, off_y
            off_x = cur_x + (1 if (cur_y <= 0 and (cur_y < 0 or cur_x < 0)) else -1)
            off_y = cur_y + (1 if (cur_x >= 0 and (cur_x > 0 or cur_y < 0)) else -1)
            if c1x * off_y - c1y * off_x <= 0:
                c1x, c1y = off_x, off_y
        k1, k = k, nc[k]
        if not ((k <= i < k1) if k <= k1 else (k <= i or i < k1)):
            break
    # k1 was the last corner satisfying the constraint, k the first violating it: find the last
    # point along k1..k that satisfied it (potracer's arithmetic, helpers included, unchanged).
    dk_x = module.sign(xs[k] - xs[k1])
    dk_y = module.sign(ys[k] - ys[k1])
    cur_x, cur_y = xs[k1] - xi, ys[k1] - yi
    a = c0x * cur_y - c0y * cur_x
    b = c0x * dk_y - c0y * dk_x
    c = c1x * cur_y - c1y * cur_x
    d = c1x * dk_y - c1y * dk_x
    j = module.INFTY
    if b < 0:
        j = module.floordiv(a, -b)
    if d > 0:
        j = min(j, module.floordiv(-c, d))
    return module.mod(k1 + j, n)


def _longest(pivk: list, n: int) -> list:
    """lon[i]: the largest k such that for all i' with i <= i' < k, i' < k <= pivk[i'] (cyclically)."""
    lon = [None] * n
    j = pivk[n - 1]
    lon[n - 1] = j
    for i in range(n - 2, -1, -1):
        p = pivk[i]
        if (i + 1 <= p < j) if i + 1 <= j else (i + 1 <= p or p < j):
            j = p
        lon[i] = j
    i = n - 1
    while True:
        a = (i + 1) % n                 # potracer's mod(i + 1, n), also for i < 0
        c = lon[i]
        if not ((a <= j < c) if a <= c else (a <= j or j < c)):
            break
        lon[i] = j
        i -= 1
    return lon


def bestpolygon(pp) -> int:
    """The optimal polygon (potrace's bestpolygon): fills pp._m and pp._po."""
    import potrace.potrace as module

    n = len(pp)
    clip0, clip1 = _clips(pp._lon, n, module.mod)
    seg0, seg1, m = _segment_bounds(clip0, clip1, n)
    prev = _shortest_path(pp, n, m, clip1, seg0, seg1)
    pp._m = m
    pp._po = [None] * m
    i, j = n, m - 1
    while i > 0:
        i = prev[i]
        pp._po[j] = i
        j -= 1
    return 0


def _clips(lon: list, n: int, mod) -> tuple[list, list]:
    clip0 = [None] * n
    for i in range(n):
        c = mod(lon[mod(i - 1, n)] - 1, n)
        if c == i:
            c = mod(i + 1, n)
        clip0[i] = n if c < i else c
    clip1 = [None] * (n + 1)
    j = 1
    for i in range(n):
        while j <= clip0[i]:
            clip1[j] = i
            j += 1
    return clip0, clip1


def _segment_bounds(clip0: list, clip1: list, n: int) -> tuple[list, list, int]:
    seg0 = [None] * (n + 1)
    seg1 = [None] * (n + 1)
    i = j = 0
    while i < n:
        seg0[j] = i
        i = clip0[i]
        j += 1
    seg0[j] = n
    m = j
    i = n
    for j in range(m, 0, -1):
        seg1[j] = i
        i = clip1[i]
    seg1[0] = 0
    return seg0, seg1, m


def _shortest_path(pp, n: int, m: int, clip1: list, seg0: list, seg1: list) -> list:
    """prev[i] on the cheapest path with m segments; penalty3 inlined, same arithmetic."""
    xs = [p.x for p in pp.pt]
    ys = [p.y for p in pp.pt]
    sums = pp._sums
    sx, sy = [s.x for s in sums], [s.y for s in sums]
    sx2, sxy, sy2 = [s.x2 for s in sums], [s.xy for s in sums], [s.y2 for s in sums]
    x0, y0 = xs[0], ys[0]
    pen = [None] * (n + 1)
    prev = [None] * (n + 1)
    pen[0] = 0
    for j in range(1, m + 1):
        for i in range(seg1[j], seg0[j] + 1):
            wrapped = i >= n                  # penalty3's r = 1: the edge wraps past point n
            e = i - n if wrapped else i
            xe, ye = xs[e], ys[e]
            ax, ay, ax2, axy, ay2 = sx[e + 1], sy[e + 1], sx2[e + 1], sxy[e + 1], sy2[e + 1]
            best = -1
            for k in range(seg0[j - 1], clip1[i] - 1, -1):
                if wrapped:
                    x = ax - sx[k] + sx[n]
                    y = ay - sy[k] + sy[n]
                    x2 = ax2 - sx2[k] + sx2[n]
                    xy = axy - sxy[k] + sxy[n]
                    y2 = ay2 - sy2[k] + sy2[n]
                    count = e + 1 - k + n
                else:
                    x = ax - sx[k]
                    y = ay - sy[k]
                    x2 = ax2 - sx2[k]
                    xy = axy - sxy[k]
                    y2 = ay2 - sy2[k]
                    count = e + 1 - k
                px = (xs[k] + xe) / 2.0 - x0
                py = (ys[k] + ye) / 2.0 - y0
                ey = xe - xs[k]
                ex = -(ye - ys[k])
                a = (x2 - 2 * x * px) / count + px * px
                b = (xy - x * py - y * px) / count + px * py
                c = (y2 - 2 * y * py) / count + py * py
                this_pen = math.sqrt(ex * ex * a + 2 * ex * ey * b + ey * ey * c) + pen[k]
                if best < 0 or this_pen < best:
                    prev[i] = k
                    best = this_pen
            pen[i] = best
    return prev


def bm_to_pathlist(bm, turdsize: int = 2, turnpolicy: int = 4) -> list:
    """Decompose the (padded, inverted) bitmap into paths, as potracer's bm_to_pathlist does."""
    import potrace.potrace as module

    plist = []
    original = bm.copy()
    while True:
        rows = np.flatnonzero(bm.any(axis=1))
        if not len(rows):
            break
        y = rows[-1]                             # the last row with ink, its first ink pixel
        x = int(np.argmax(bm[y]))
        path = _findpath(bm, x, int(y) + 1, original[y][x], turnpolicy, module)
        module.xor_path(bm, path)
        if path.area > turdsize:                 # smaller paths are specks (turdsize)
            plist.append(path)
    return plist


def _findpath(bm, x0: int, y0: int, sign, turnpolicy: int, module):
    """potracer's findpath, reading pixels with ndarray.item (same indexing, wrap-around included)."""
    pixel = bm.item
    point = module._Point
    x, y, dirx, diry = x0, y0, 0, -1
    pt = []
    area = 0
    while True:
        pt.append(point(x, y))
        x += dirx
        y += diry
        area += x * diry
        if x == x0 and y == y0:
            break
        try:
            c = pixel(y + (diry - dirx - 1) // 2, x + (dirx + diry - 1) // 2)
        except IndexError:
            c = 0
        try:
            d = pixel(y + (diry + dirx - 1) // 2, x + (dirx - diry - 1) // 2)
        except IndexError:
            d = 0
        if c and not d:                          # ambiguous turn: the turn policy decides
            right = _turns_right(turnpolicy, sign, bm, x, y, module)
        elif c:
            right = True
        elif not d:
            right = False
        else:
            continue
        dirx, diry = (diry, -dirx) if right else (-diry, dirx)
    return module._Path(pt, area, sign)


def _turns_right(turnpolicy: int, sign, bm, x: int, y: int, module) -> bool:
    return bool(turnpolicy == module.POTRACE_TURNPOLICY_RIGHT
                or (turnpolicy == module.POTRACE_TURNPOLICY_BLACK and sign)
                or (turnpolicy == module.POTRACE_TURNPOLICY_WHITE and not sign)
                or (turnpolicy == module.POTRACE_TURNPOLICY_RANDOM and module.detrand(x, y))
                or (turnpolicy == module.POTRACE_TURNPOLICY_MAJORITY and module.majority(bm, x, y))
                or (turnpolicy == module.POTRACE_TURNPOLICY_MINORITY and not module.majority(bm, x, y)))
