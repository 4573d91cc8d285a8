"""bench/bench_hand_project_export.py's own logic: the mixed specimen line, the follow check and the specimen image."""

import sys
from pathlib import Path

import numpy as np
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

from bench_hand_project_export import follows, mixed_line, specimen  # noqa: E402


def test_the_specimen_line_alternates_written_and_generated_characters():
    assert mixed_line([1, 3, 5, 7], [2, 4, 6], count=5) == [1, 2, 3, 4, 5]


def test_follows_counts_generated_glyphs_that_are_exactly_the_raw_glyph_placed():
    raw = {1: np.zeros((4, 4), np.uint8), 2: np.full((4, 4), 9, np.uint8)}
    placed = {cp: g + 1 for cp, g in raw.items()}
    assert follows(raw, placed, lambda cp, g: g + 1) == 1.0
    assert follows(raw, {1: placed[1], 2: raw[2]}, lambda cp, g: g + 1) == 0.5


def test_the_specimen_draws_written_characters_in_red_on_a_grey_baseline(tmp_path):
    font = ROOT / "resources" / "fonts" / "microhei-demo.ttf"
    line = [ord(c) for c in "的一是不了人我在有他这为之大来以个中上们"]
    image = np.asarray(Image.open(specimen(font, {line[0]}, line, tmp_path / "s.png", size=24)).convert("RGB"))
    red = (image[..., 0] > 150) & (image[..., 1] < 80)
    grey = (image == 170).all(axis=-1)
    assert red[:, :12 + 24].any() and not red[:, 12 + 24:].any()   # only the first character is written
    assert grey.sum(axis=1).max() >= 20 * 24 * 0.5                  # a baseline across the line
