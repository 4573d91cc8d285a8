"""The quality suite on known cases, and the self-trained classifiers on the demo fonts."""

import numpy as np
import pytest

from core.dataset import load_pairs
from core.quality.classifiers import cache_path, ensure_classifiers
from core.quality.contours import contour_distances
from core.quality.frechet import frechet_distance
from core.quality.suite import COPY_ROW, MODEL_ROW, SHIFT_ROW, Labels, format_table, quality_rows, shift_right
from tests.core.training_fixtures import tiny_project

CLASSIFIER_EPOCHS = 10   # at 32 px this reached content 0.93 and style 0.99 validation accuracy when written


def _square(size=32, offset=0):
    img = np.full((1, size, size), 255, np.uint8)
    img[0, 8:24, 8 + offset:24 + offset] = 0
    return img


def test_identical_glyphs_have_zero_contour_distance():
    chamfer, hausdorff = contour_distances(_square(), _square())
    assert chamfer[0] == 0 and hausdorff[0] == 0


def test_a_one_pixel_shift_moves_the_outline_by_one_pixel_at_most():
    chamfer, hausdorff = contour_distances(_square(offset=1), _square())
    assert 0 < chamfer[0] < 1 / 32
    assert hausdorff[0] == pytest.approx(1 / 32)   # scaled by the image size
    far_chamfer, _ = contour_distances(_square(offset=5), _square())
    assert far_chamfer[0] > chamfer[0]


def test_empty_glyphs():
    empty = np.full((1, 32, 32), 255, np.uint8)
    assert contour_distances(empty, empty)[0][0] == 0
    assert contour_distances(empty, _square())[1][0] == 1.0


def test_shift_right_moves_ink_and_fills_paper():
    shifted = shift_right(_square())
    assert np.array_equal(shifted, _square(offset=1))


def test_frechet_distance_of_known_sets():
    features = np.random.default_rng(0).normal(size=(400, 8))
    assert frechet_distance(features, features) == pytest.approx(0, abs=1e-9)
    assert frechet_distance(features, features + 1) == pytest.approx(8, rel=1e-6)   # |mean shift|^2


@pytest.fixture(scope="module")
def judged(tmp_path_factory):
    project = tiny_project(tmp_path_factory.mktemp("quality") / "p")
    data = load_pairs(project)
    return project, data, ensure_classifiers(project.cache_dir, data, epochs=CLASSIFIER_EPOCHS)


def test_classifiers_learn_the_demo_fonts(judged):
    _, _, classifiers = judged
    assert classifiers.accuracy["content"] >= 0.8
    assert classifiers.accuracy["style"] >= 0.95


def test_classifiers_are_cached_per_charset_and_size(judged):
    project, data, classifiers = judged
    assert cache_path(project.cache_dir, data).is_file()
    again = ensure_classifiers(project.cache_dir, data, epochs=CLASSIFIER_EPOCHS)
    assert again.accuracy == classifiers.accuracy and again.fingerprint == classifiers.fingerprint


def test_reference_rows_bracket_the_model(judged):
    _, data, classifiers = judged
    held = data.held_out_indices
    source, target, style = data.batch(held)
    labels = Labels(data.pair_char[held], style + 1)
    rows = {r.name: r for r in quality_rows(target, source, target, labels, classifiers)}
    assert list(rows) == [MODEL_ROW, COPY_ROW, SHIFT_ROW]
    perfect, floor, ceiling = rows[MODEL_ROW], rows[COPY_ROW], rows[SHIFT_ROW]
    assert perfect.l1 == 0 and perfect.ssim == pytest.approx(1) and perfect.chamfer == 0
    assert perfect.l1 < ceiling.l1 < floor.l1 and floor.ssim < ceiling.ssim
    # The style judge tells the source font from the targets: copying the source is not the style.
    assert floor.style_accuracy < 0.2 < perfect.style_accuracy
    assert perfect.content_accuracy > 0.5
    assert "content" in format_table(list(rows.values())).splitlines()[0]


def test_legibility_is_high_for_the_real_glyph_and_low_for_a_blank_or_wrong_one(judged):
    from core.quality.legibility import legibility, suspect

    _, data, classifiers = judged
    held = data.held_out_indices
    _, target, _ = data.batch(held)
    chars = data.pair_char[held]
    real = legibility(classifiers, target, chars)
    blank = legibility(classifiers, np.full_like(target, 255), chars)
    wrong = legibility(classifiers, target, np.roll(chars, 1))   # every glyph asked to be its neighbour
    assert real.shape == (len(held),) and ((0 <= real) & (real <= 1)).all()
    assert np.median(real) > 0.5 > np.median(blank)
    assert np.median(wrong) < 0.5
    scores = {0x4E00: 0.9, 0x4E01: 0.1, 0x4E02: 0.3}
    assert suspect(scores) == [0x4E01, 0x4E02]   # doubted glyphs, least legible first


def test_generated_glyphs_carry_their_legibility_and_eval_lists_it_per_glyph(judged, tmp_path):
    from core.generation import generate_to_project
    from core.quality.evaluate import evaluate_project
    from core.quality.legibility import read_scores
    from core.training.loop import train

    project, data, _ = judged
    project.config.train.steps = 2
    project.save()
    list(train(project))
    codepoints = [int(cp) for cp in data.char_codepoints[:12]]
    list(generate_to_project(project, codepoints, device="cpu"))
    folder = project.glyphs_dir / "generated" / project.styles[0].name
    scores = read_scores(folder)
    assert set(scores) == set(codepoints) and all(0 <= p <= 1 for p in scores.values())
    result = evaluate_project(project, device="cpu", classifier_epochs=CLASSIFIER_EPOCHS)
    assert len(result["per_glyph"]) == result["held_out_pairs"]
    assert {"codepoint", "char", "style", "legibility"} <= set(result["per_glyph"][0])
    assert 0 <= result["suspect_glyphs"] <= result["held_out_pairs"]
