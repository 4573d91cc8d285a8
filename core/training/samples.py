"""Sample grids shown while training: fixed held-out characters, columns source | generated | target."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from core.atomic_io import write_png_atomic
from core.dataset import PairData

GAP = 2  # px of paper between cells, so neighbouring glyphs never touch


def sample_pairs(data: PairData, count: int) -> np.ndarray:
    """A fixed, evenly spread choice of held-out pairs (training pairs if nothing is held out)."""
    pool = data.held_out_indices if len(data.held_out_indices) else data.train_indices
    if len(pool) <= count:
        return np.asarray(pool)
    return np.asarray(pool)[np.linspace(0, len(pool) - 1, count).round().astype(int)]


def sample_grid(source: np.ndarray, generated: np.ndarray, target: np.ndarray) -> np.ndarray:
    """(N, S, S) x 3 -> (N*(S+GAP)-GAP, 3*(S+GAP)-GAP) uint8 with a light rule between columns."""
    n, size = source.shape[0], source.shape[1]
    step = size + GAP
    grid = np.full((max(n * step - GAP, 0), 3 * step - GAP), 255, np.uint8)
    for row, columns in enumerate(zip(source, generated, target)):
        for col, glyph in enumerate(columns):
            grid[row * step:row * step + size, col * step:col * step + size] = glyph
    for col in (1, 2):  # a faint vertical rule so the three columns read apart at a glance
        grid[:, col * step - GAP:col * step] = 200
    return grid


def save_grid_png(grid: np.ndarray, path: Path) -> Path:
    write_png_atomic(path, grid)
    return path
