"""Stroke completeness on glyphs whose answer is known: the target itself, a blank, one erased stroke."""

import numpy as np

from core.quality.strokes import complete_strokes, ink_balance, missing_pieces


def _glyph(size=128):
    img = np.full((size, size), 255, np.uint8)
    img[30:38, 20:108] = 0        # a horizontal stroke
    img[20:110, 60:68] = 0        # a vertical stroke
    img[90:98, 30:100] = 0        # a second horizontal stroke
    return img


def test_the_target_itself_and_a_slightly_shifted_copy_miss_nothing():
    target = _glyph()
    assert missing_pieces(target, target) == 0
    assert missing_pieces(np.roll(target, 1, axis=1), target) == 0   # a pixel off is not a missing stroke


def test_a_blank_glyph_misses_its_strokes_and_an_erased_stroke_is_found():
    target = _glyph()
    assert missing_pieces(np.full_like(target, 255), target) >= 1
    erased = target.copy()
    erased[88:100, 28:102] = 255   # the bottom stroke vanished, except where the vertical crosses
    erased[88:100, 60:68] = 0
    assert missing_pieces(erased, target) == 2   # the stroke on both sides of the crossing
    broken = target.copy()
    broken[28:40, 84:108] = 255    # the end of the top stroke broke off
    assert missing_pieces(broken, target) == 1


def test_a_thinner_or_bolder_stroke_is_still_the_stroke():
    target = _glyph()
    thinner = np.full_like(target, 255)
    thinner[32:35, 20:108] = 0
    thinner[20:110, 62:65] = 0
    thinner[92:95, 30:100] = 0
    assert missing_pieces(thinner, target) == 0
    assert missing_pieces(target, thinner) == 0


def test_thinning_leaves_one_pixel_centre_lines():
    from core.quality.strokes import thin

    line = thin(_glyph() < 128)
    assert line[34, 40] or line[33, 40]              # the top stroke's centre survives
    assert line[25:45, 40].sum() == 1                # one pixel across an 8 px stroke


def test_speckle_is_not_a_missing_stroke_and_the_batch_form_agrees():
    target = _glyph()
    speckled = target.copy()
    speckled[5:7, 5:7] = 0
    blank = np.full_like(target, 255)
    assert list(complete_strokes(np.stack([speckled, blank]), np.stack([target, target]))) == [True, False]


def test_ink_balance_tells_a_bolder_glyph_and_speckle_from_the_target():
    target = _glyph()
    assert ink_balance(target[None], target[None]) == (1.0, 0.0)
    bolder = target.copy()
    bolder[26:42, 20:108] = 0            # the top stroke twice as thick, still on its line
    ratio, stray = ink_balance(bolder[None], target[None])
    assert ratio > 1.2 and stray == 0.0  # more ink, none of it far from the target's strokes
    speckled = target.copy()
    speckled[5:9, 110:114] = 0           # 16 px of ink far from every stroke
    ratio, stray = ink_balance(speckled[None], target[None])
    assert stray == 16 / (speckled < 128).sum()
    assert ink_balance(np.full_like(target, 255)[None], target[None]) == (0.0, 0.0)   # a blank: no ink at all


def test_evaluation_reports_the_share_of_complete_glyphs_beside_copying_the_source(tmp_path):
    from core.quality.evaluate import evaluate_project
    from core.training.loop import train
    from tests.core.training_fixtures import tiny_project

    project = tiny_project(tmp_path / "p", steps=2)
    list(train(project))
    result = evaluate_project(project, device="cpu", classifier_epochs=1)
    shares = result["complete_strokes"]
    assert set(shares) == {"model", "copy source"}
    assert all(0.0 <= v <= 1.0 for v in shares.values())
