"""Consistent size, baseline and weight: the writer's metrics from the written set, applied to every glyph."""

from __future__ import annotations

import numpy as np
from PIL import Image

from core.capture.normalize import (
    WriterMetrics,
    _along,
    adjust_weight,
    estimate,
    follower,
    ink_box,
    normalize_folder,
    normalize_glyphs,
    place,
    reference_glyphs,
    stroke_width,
)
from core.fonts import demo_font_paths, open_face
from core.project.layout import writer_metrics_file

SIZE = 128


def _jittered(seed: int = 0, count: int = 60):
    """WenKai glyphs as an uneven hand writes them: scaled 0.7-1.05, moved up to ~8% of the em, pressure +-1 px."""
    import cv2

    from core.charsets import charset_codepoints
    from core.fonts import RESOURCES_DIR

    chars = [cp for cp in charset_codepoints(str(RESOURCES_DIR / "charsets" / "demo-hanzi.txt")) if cp >= 0x4E00]
    clean = reference_glyphs(open_face(demo_font_paths()["wenkai"]), chars[:count], SIZE)
    rng = np.random.default_rng(seed)
    out = {}
    for cp, g in clean.items():
        k, (dx, dy) = rng.uniform(0.7, 1.05), rng.normal(0, 0.04, 2) * SIZE
        m = np.float32([[k, 0, SIZE / 2 * (1 - k) + dx], [0, k, SIZE / 2 * (1 - k) + dy]])
        ink = cv2.warpAffine(255.0 - g, m, (SIZE, SIZE), borderValue=0)
        out[cp] = adjust_weight(np.clip(255 - ink, 0, 255).astype(np.uint8), rng.uniform(-1, 1))
    return out


def _spread(glyphs, reference, metrics):
    sizes = [np.divide(*_along(ink_box(g), ink_box(reference[cp]))) for cp, g in glyphs.items()]
    bottoms = [ink_box(g).bottom - metrics.target(ink_box(reference[cp])).bottom for cp, g in glyphs.items()]
    return np.std(sizes) / np.median(sizes), np.std(bottoms) * SIZE


def test_normalising_a_hand_evens_its_sizes_and_baselines_and_keeps_its_scale():
    source = open_face(demo_font_paths()["microhei"])
    written = _jittered()
    reference = reference_glyphs(source, list(written), SIZE)
    placed, metrics = normalize_glyphs(written, source)
    assert metrics.characters == len(written) and 0.75 < metrics.scale < 0.95   # a small hand stays small
    size_before, base_before = _spread(written, reference, metrics)
    size_after, base_after = _spread(placed, reference, metrics)
    assert size_after < 0.5 * size_before and base_after < 0.5 * base_before
    weights = [stroke_width(g) for g in placed.values()]
    assert np.std(weights) / np.median(weights) < np.std([stroke_width(g) for g in written.values()]) / np.median(
        [stroke_width(g) for g in written.values()])
    assert abs(estimate(placed, reference).scale - metrics.scale) < 0.03


def test_generated_glyphs_follow_the_hand_s_metrics(tmp_path):
    source = open_face(demo_font_paths()["microhei"])
    written = _jittered()
    for cp, g in written.items():
        Image.fromarray(g).save(tmp_path / f"{cp:04X}.png")
    metrics = normalize_folder(tmp_path, tmp_path / "norm", source)
    assert writer_metrics_file(tmp_path / "norm").is_file() and len(list((tmp_path / "norm").glob("*.png"))) == len(written)
    assert WriterMetrics.load(writer_metrics_file(tmp_path / "norm")) == metrics
    follow = follower(tmp_path / "norm", source)
    # "generated": the reference font itself at full size, a model that ignored the hand's scale
    generated = reference_glyphs(source, list(written), SIZE)
    followed = {cp: follow(cp, g) for cp, g in generated.items()}
    after = estimate(followed, generated)
    assert abs(after.scale - metrics.scale) < 0.03 and abs(after.baseline - metrics.baseline) < 0.01
    assert follower(tmp_path, source) is None                 # no metrics written there: nothing to follow


def test_blank_glyphs_and_stroke_weight_changes():
    blank = np.full((SIZE, SIZE), 255, np.uint8)
    ref = reference_glyphs(open_face(demo_font_paths()["microhei"]), [ord("口")], SIZE)[ord("口")]
    assert np.array_equal(place(blank, ref, WriterMetrics(scale=0.9, characters=50)), blank)
    bar = blank.copy()
    bar[40:50, 20:100] = 0                                      # a 10 px stroke
    heavier, lighter = adjust_weight(bar, 4), adjust_weight(bar, -4)
    assert (heavier[:, 60] < 128).sum() == 14 and (lighter[:, 60] < 128).sum() == 6   # 2 px each side
    assert np.array_equal(adjust_weight(bar, 0.2), bar)         # below half a pixel: left alone


def test_a_wizard_hand_is_kept_at_full_resolution_and_placed_by_its_metrics(tmp_path):
    from pathlib import Path

    from core.capture.normalize import normalize_review, written_size
    from core.capture.review import HandwritingReview, review_folder
    from core.capture.template import TemplateSpec
    from core.handwriting import import_scans, new_handwriting_project
    from core.recipes.base_model import read_base_model

    fixtures = Path(__file__).parent / "fixtures" / "scans"
    project = new_handwriting_project(tmp_path / "hand", name="Hand", base_model=read_base_model(), style_name="Hand")
    assert project.config.data.image_size == 64 and written_size(project) == 256   # the bundled model is 64 px
    folder = project.style_folder(project.style_id("Hand"))
    review = HandwritingReview.load(review_folder(project.root, "Hand"), folder, written_size(project), "Hand")
    import_scans(review, project.root, sorted(fixtures.glob("*.jpg")), TemplateSpec.load(fixtures / "spec.json"))
    metrics = normalize_review(project, review)
    pngs = sorted(folder.glob("*.png"))
    assert len(pngs) > 100 and Image.open(pngs[0]).size == (256, 256)       # never a 64 px copy
    assert WriterMetrics.load(writer_metrics_file(folder)) == metrics and metrics.characters > 100
    again = normalize_review(project, review)                                 # from the box images: no drift
    assert again == metrics


def test_a_generated_glyph_narrower_than_the_reference_stays_on_its_line_and_off_the_canvas_edge():
    """Scaled up along the reference's longer side (its width), a tall narrow glyph would come out taller
    than the canvas: shrunk to fit, it sat below the line (a tenth of a hand's generated glyphs did). Its
    height is now held near the writer's height for the character, so its foot is on the line."""
    import cv2

    from core.vectorize import check_bitmap

    ref = reference_glyphs(open_face(demo_font_paths()["microhei"]), [ord("下")], SIZE)[ord("下")]
    ink = cv2.resize(255 - ref, (SIZE * 6 // 10, SIZE * 9 // 10))  # the same character, 60 % as wide
    narrow = np.full((SIZE, SIZE), 255, np.uint8)
    narrow[SIZE // 20:SIZE // 20 + ink.shape[0], SIZE // 5:SIZE // 5 + ink.shape[1]] = 255 - ink
    metrics = WriterMetrics(scale=0.92, baseline=-0.01, weight=0.05, characters=300)
    placed = place(narrow, ref, metrics, leeway=False)
    assert not check_bitmap(placed).touches_edge
    target = metrics.target(ink_box(ref))
    assert abs(ink_box(placed).bottom - target.bottom) < 1.5 / SIZE    # on the line
    assert ink_box(placed).height <= target.height * 1.1 + 1 / SIZE    # no taller than the hand writes it


def test_a_flat_character_is_sized_by_its_length_not_its_thickness():
    """一's short side is a stroke's thickness: a generated 一 drawn a little heavier keeps its length."""
    ref = reference_glyphs(open_face(demo_font_paths()["microhei"]), [ord("一")], SIZE)[ord("一")]
    box = ink_box(ref)
    heavy = np.full((SIZE, SIZE), 255, np.uint8)
    top, bottom = int(box.top * SIZE), int(box.bottom * SIZE)
    heavy[top - 3:bottom + 3, int(box.left * SIZE):int(box.right * SIZE)] = 0   # 6 px thicker
    metrics = WriterMetrics(scale=0.9, characters=300)
    placed = ink_box(place(heavy, ref, metrics, leeway=False))
    assert abs(placed.width - metrics.target(box).width) < 2 / SIZE


def test_a_speck_below_a_generated_character_does_not_move_it_off_its_line():
    """The export drops specks, so a speck must not set the ink box that places the character."""
    ref = reference_glyphs(open_face(demo_font_paths()["microhei"]), [ord("口")], SIZE)[ord("口")]
    specked = ref.copy()
    specked[SIZE - 4, SIZE // 2] = 0                               # one dark pixel near the bottom edge
    assert ink_box(specked) == ink_box(ref)
    metrics = WriterMetrics(scale=0.9, baseline=-0.02, characters=300)
    clean, placed = place(ref, ref, metrics, leeway=False), place(specked, ref, metrics, leeway=False)
    assert abs(ink_box(placed).bottom - ink_box(clean).bottom) < 1 / SIZE
    from core.vectorize import check_bitmap
    assert check_bitmap(placed).specks == 0                        # nor is it kept, to land on the edge or grow
