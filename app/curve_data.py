"""Curve data for the loss plots: growing buffers, incremental smoothing and min/max block summaries.

The summaries make a redraw O(view width): a view of a million points draws one (min, max) pair per
block at the level where blocks are about a pixel wide, so every spike stays visible. Qt-free.
"""

from __future__ import annotations

import numpy as np

BLOCK = 4           # points per summary block at the first level; each next level is 4x coarser
LEVELS = 7          # blocks of 4 ... 16384 points: a million points still draw as a few hundred blocks


class CurveBuffer:
    """x/y float64 arrays that double when full: amortised O(1) append, a zero-copy view for drawing."""

    def __init__(self, capacity: int = 1024) -> None:
        self._x = np.empty(capacity)
        self._y = np.empty(capacity)
        self.size = 0

    def append(self, x: float, y: float) -> None:
        if self.size == len(self._x):
            self._grow(self.size + 1)
        self._x[self.size] = x
        self._y[self.size] = y
        self.size += 1

    def extend(self, xs: np.ndarray, ys: np.ndarray) -> None:
        n = len(xs)
        if self.size + n > len(self._x):
            self._grow(self.size + n)
        self._x[self.size:self.size + n] = xs
        self._y[self.size:self.size + n] = ys
        self.size += n

    def truncate(self, size: int) -> None:
        self.size = min(self.size, max(0, size))

    def _grow(self, needed: int) -> None:
        # Headroom over what is needed: a reopened project's history is loaded in one extend, and a
        # buffer filled exactly would copy all of it (every curve at once) at the next training step.
        capacity = max(len(self._x) * 2, needed * 2)
        for name in ("_x", "_y"):
            old = getattr(self, name)
            new = np.empty(capacity)
            new[:self.size] = old[:self.size]
            setattr(self, name, new)

    @property
    def x(self) -> np.ndarray:
        return self._x[:self.size]

    @property
    def y(self) -> np.ndarray:
        return self._y[:self.size]


def smooth(y: np.ndarray, window: int) -> np.ndarray:
    """Trailing moving average over finite values (vectorised, O(n)); NaN points stay NaN (gaps)."""
    if window <= 1 or len(y) < 2:
        return y
    finite = np.isfinite(y)
    values = np.concatenate(([0.0], np.cumsum(np.where(finite, y, 0.0))))
    counts = np.concatenate(([0], np.cumsum(finite)))
    idx = np.arange(1, len(y) + 1)
    lo = np.maximum(idx - window, 0)
    n = counts[idx] - counts[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (values[idx] - values[lo]) / n
    out[~finite] = np.nan
    return out


def _block_minmax(y: np.ndarray, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-block nanmin / nanmax of complete blocks; an all-NaN block stays NaN (a gap)."""
    n = len(y) // block * block
    blocks = y[:n].reshape(-1, block)
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(blocks)
        lo = np.where(finite, blocks, np.inf).min(axis=1)
        hi = np.where(finite, blocks, -np.inf).max(axis=1)
    empty = ~finite.any(axis=1)
    lo[empty] = np.nan
    hi[empty] = np.nan
    return lo, hi


class Curve:
    """Raw points, their smoothed values (kept up to date per append) and min/max summaries of those."""

    def __init__(self, window: int = 1) -> None:
        self.raw = CurveBuffer()
        self.shown = CurveBuffer()           # smoothed y (or raw when the window is 1), same x
        self._sums = CurveBuffer()           # x: running sum of finite values, y: running count
        self.window = max(1, window)
        self.levels: list[tuple[CurveBuffer, CurveBuffer]] = [(CurveBuffer(64), CurveBuffer(64))
                                                              for _ in range(LEVELS)]
        self.item = None                     # the pyqtgraph item, made by the plot that shows it
        self.version = 0                     # bumps on every change; the panel skips unchanged curves
        self.drawn_key = None

    @property
    def size(self) -> int:
        return self.raw.size

    def extend(self, xs: np.ndarray, ys: np.ndarray) -> None:
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        if not len(xs):
            return
        if self.raw.size and xs[0] <= self.raw.x[-1]:
            # A rollback or a resumed run repeats steps: the new trajectory replaces the old from there.
            self._truncate(int(np.searchsorted(self.raw.x, xs[0], side="left")))
        start = self.raw.size
        self.raw.extend(xs, ys)
        finite = np.isfinite(ys)
        prev_sum = self._sums.x[-1] if self._sums.size else 0.0
        prev_count = self._sums.y[-1] if self._sums.size else 0.0
        self._sums.extend(prev_sum + np.cumsum(np.where(finite, ys, 0.0)), prev_count + np.cumsum(finite))
        self.shown.extend(xs, self._smoothed(start, self.raw.size))
        self._update_levels()
        self.version += 1

    def set_window(self, window: int) -> None:
        window = max(1, window)
        if window != self.window:
            self.window = window
            self.shown.truncate(0)
            self.shown.extend(self.raw.x, self._smoothed(0, self.raw.size))
            for level in self.levels:
                level[0].truncate(0)
                level[1].truncate(0)
            self._update_levels()
            self.version += 1

    def _smoothed(self, start: int, stop: int) -> np.ndarray:
        y = self.raw.y[start:stop]
        if self.window <= 1:
            return y
        sums, counts = self._sums.x, self._sums.y
        idx = np.arange(start, stop)
        lo = idx - self.window
        base_sum = np.where(lo >= 0, sums[np.maximum(lo, 0)], 0.0)
        base_count = np.where(lo >= 0, counts[np.maximum(lo, 0)], 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            out = (sums[idx] - base_sum) / (counts[idx] - base_count)
        out[~np.isfinite(y)] = np.nan
        return out

    def _truncate(self, size: int) -> None:
        for buffer in (self.raw, self.shown, self._sums):
            buffer.truncate(size)
        block = BLOCK
        for lo, hi in self.levels:
            lo.truncate(size // block)
            hi.truncate(size // block)
            block *= BLOCK

    def _update_levels(self) -> None:
        """Summarise the complete blocks not yet summarised; each level is built from the one below."""
        below_lo, below_hi = self.shown.y, self.shown.y
        for lo, hi in self.levels:
            done = lo.size
            if len(below_lo) // BLOCK == done:  # no new complete block here, so none above either
                break
            new_lo, _ = _block_minmax(below_lo[done * BLOCK:], BLOCK)
            _, new_hi = _block_minmax(below_hi[done * BLOCK:], BLOCK)
            idx = np.arange(done, done + len(new_lo), dtype=float)
            lo.extend(idx, new_lo)
            hi.extend(idx, new_hi)
            below_lo, below_hi = lo.y, hi.y

    def view(self, x0: float, x1: float, pixels: int) -> tuple[np.ndarray, np.ndarray]:
        """Points to draw for the x range [x0, x1] on `pixels` columns: raw, or min/max pairs per block."""
        x, y = self.shown.x, self.shown.y
        i0 = max(0, int(np.searchsorted(x, x0, side="left")) - 1)
        i1 = min(len(x), int(np.searchsorted(x, x1, side="right")) + 1)
        block, level = 1, -1
        while level + 1 < LEVELS and (i1 - i0) / (block * BLOCK) >= pixels:  # >= 1 block (2 points) per px
            block, level = block * BLOCK, level + 1
        if level < 0:
            return x[i0:i1], y[i0:i1]
        lo, hi = self.levels[level]
        b0, b1 = i0 // block, min(i1 // block, lo.size)
        starts = np.arange(b0, b1) * block
        bx = np.repeat(x[starts], 2)                                   # (2 * blocks,)
        by = np.column_stack((lo.y[b0:b1], hi.y[b0:b1])).ravel()       # min, max per block
        tail = slice(b1 * block, i1)                                   # the incomplete last block, raw
        return np.concatenate((bx, x[tail])), np.concatenate((by, y[tail]))
