"""Glyph metrics on known cases: identical images, a one-pixel shift, empty glyphs."""

import numpy as np

from core.quality.metrics import compare, ink_iou, l1, rmse, ssim


def _square(size=32, offset=0):
    img = np.full((1, size, size), 255, np.uint8)
    img[0, 8:24, 8 + offset:24 + offset] = 0
    return img


def test_identical_glyphs_score_perfectly():
    a = _square()
    assert l1(a, a)[0] == 0 and rmse(a, a)[0] == 0
    assert abs(ssim(a, a)[0] - 1) < 1e-9 and ink_iou(a, a)[0] == 1


def test_a_one_pixel_shift_costs_a_little():
    a, b = _square(), _square(offset=1)
    assert 0 < l1(a, b)[0] < 0.05
    assert abs(ink_iou(a, b)[0] - 15 / 17) < 1e-9   # 16x16 square moved by one column
    assert 0.5 < ssim(a, b)[0] < 1


def test_empty_glyphs():
    empty = np.full((1, 32, 32), 255, np.uint8)
    assert ink_iou(empty, empty)[0] == 1
    assert ink_iou(empty, _square())[0] == 0
    assert l1(empty, _square())[0] == 256 / 1024


def test_compare_always_carries_the_copy_source_row():
    rows = compare(_square(offset=1), _square(offset=3), _square())
    assert [r.name for r in rows] == ["model", "copy source"]
    assert rows[0].l1 < rows[1].l1
