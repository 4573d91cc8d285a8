"""Capture on paper that does not lie flat: boxes found by their own borders, borders removed by geometry."""

from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from core.capture import extract  # noqa: E402
from core.capture.extract import extract_page, glyph_at_size  # noqa: E402
from core.capture.planner import frequency_order  # noqa: E402
from core.capture.register import BoxFit  # noqa: E402
from core.capture.template import default_characters, make_template, page_layout, render_pages  # noqa: E402
from tests.core.test_capture import _is_empty, expected_glyph, iou, write_page  # noqa: E402

SIZE = 64


def bulge(page: np.ndarray, dpi: int, centre: tuple[float, float], peak_mm: float) -> np.ndarray:
    """The page photographed bulging: a smooth bump seen from above the page centre moves the paper by up
    to peak_mm, away from the centre, while the corners (and their markers) stay put."""
    h, w = page.shape
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    height = np.exp(-((xx - centre[0]) ** 2 + (yy - centre[1]) ** 2) / (2 * (45 / 25.4 * dpi) ** 2))
    ux, uy = height * (xx - w / 2), height * (yy - h / 2)
    scale = peak_mm / 25.4 * dpi / float(np.hypot(ux, uy).max())
    out = cv2.remap(page, xx - ux * scale, yy - uy * scale, cv2.INTER_LINEAR, borderValue=255)
    return cv2.GaussianBlur(out, (0, 0), 0.7)


@pytest.fixture(scope="module")
def bulged():
    """A 150-dpi template page, its first three rows written, photographed with a 2.5 mm bulge among them."""
    spec = make_template(frequency_order()[:30], dpi=150)  # common characters, as before the planner
    filled, ink, written = write_page(spec, render_pages(spec)[0], 0, seed=5)
    lay = page_layout(spec)
    x0, y0 = lay.boxes[12][:2]  # the bump sits under the second row, left of centre
    return spec, bulge(filled, spec.dpi, (x0, y0), 2.5), ink, written


def test_bulged_page_extracts_every_box_cleanly(bulged):
    spec, photo, ink, written = bulged
    res = extract_page(photo, spec, size=SIZE)
    assert res.registration["largest_shift_mm"] >= 1.5  # the boxes really sat off the page homography
    for box in res.boxes:
        if _is_empty(box.index):
            assert box.status == "missing" and (box.glyph == 255).all()
            continue
        assert box.status == "ok", (box.index, box.status)
        assert iou(box.glyph, expected_glyph(spec, ink, box.index, SIZE)) >= 0.9, box.index


def test_without_local_registration_the_bulge_spoils_the_glyphs(bulged, monkeypatch):
    """The same page with the page homography alone: what the registration is for."""
    spec, photo, ink, written = bulged
    monkeypatch.setattr(extract, "register_boxes",
                        lambda flat, boxes, *a, **k: [BoxFit(np.eye(3), (0.0, 0.0), "lines") for _ in boxes])
    res = extract_page(photo, spec, size=SIZE)
    scores = [iou(b.glyph, expected_glyph(spec, ink, b.index, SIZE)) for b in res.boxes if b.index in written]
    assert np.mean(scores) < 0.8


def test_box_with_its_border_hidden_is_placed_from_its_neighbours(bulged):
    """A border covered (correction fluid, a smudge) on a bulged page: the box follows its neighbours."""
    spec, _, ink, written = bulged
    filled, _, _ = write_page(spec, render_pages(spec)[0], 0, seed=5)
    lay = page_layout(spec)
    hidden = 13
    x0, y0, x1, y1 = lay.boxes[hidden]
    b = lay.border
    inside = filled[y0 + b:y1 - b, x0 + b:x1 - b].copy()
    filled[y0 - 2:y1 + 2, x0 - 2:x1 + 2] = 255
    filled[y0 + b:y1 - b, x0 + b:x1 - b] = inside
    res = extract_page(bulge(filled, spec.dpi, lay.boxes[12][:2], 2.5), spec, size=SIZE)
    assert res.registration["neighbours"] >= 1
    box = res.boxes[hidden]
    assert box.status == "ok"
    assert iou(box.glyph, expected_glyph(spec, ink, hidden, SIZE)) >= 0.9


def _small_page(n: int = 4, dpi: int = 300):
    spec = make_template(frequency_order()[:n], dpi=dpi)
    return spec, np.asarray(render_pages(spec)[0]).copy(), page_layout(spec)


def test_border_removed_by_geometry_and_strokes_through_it_kept():
    spec, page, lay = _small_page()
    b = lay.boxes
    side = b[0][2] - b[0][0]
    mm = spec.dpi / 25.4
    # Box 0: a bar written across the left border, out of the box.
    x0, y0 = b[0][:2]
    page[y0 + side // 2 - 6:y0 + side // 2 + 6, x0 - int(2 * mm):x0 + side // 2] = 20
    # Box 1: a bar that stops 1 mm inside the left border: not touching, and not cut.
    x0, y0 = b[1][:2]
    page[y0 + side // 2 - 6:y0 + side // 2 + 6, x0 + int(1 * mm):x0 + side // 2] = 20
    # Box 2: left empty, its whole printed box sitting 1.2 mm lower and right than printed (a local bulge).
    x0, y0, x1, y1 = b[2]
    d = int(1.2 * mm)
    region = page[y0 - 8:y1 + 8, x0 - 8:x1 + 8].copy()
    page[y0 - 8:y1 + 8, x0 - 8:x1 + 8] = 255
    page[y0 - 8 + d:y1 + 8 + d, x0 - 8 + d:x1 + 8 + d] = region
    res = extract_page(page, spec, size=SIZE)
    crossing, near, empty = res.boxes[:3]
    assert crossing.status == "touches edge"
    g = crossing.glyph < 128
    assert g[SIZE // 2, 0] and g[SIZE // 2, : SIZE // 2 - 2].all()       # the bar reaches the em edge
    assert not g[:SIZE // 3].any() and not g[-SIZE // 3:].any() and not g[:, -SIZE // 3:].any()  # no border
    assert near.status == "ok"
    g = near.glyph < 128
    start = int(np.argmax(g[SIZE // 2]))
    assert abs(start - round(1 * mm / side * SIZE)) <= 1                 # its end is where it was written
    assert not g[:SIZE // 3].any() and not g[-SIZE // 3:].any()
    assert empty.status == "missing" and (empty.glyph == 255).all()


def test_glyphs_come_at_export_size_and_scale_down_for_a_model():
    spec, page, lay = _small_page(2)
    x0, y0, x1, _ = lay.boxes[0]
    side = x1 - x0
    page[y0 + side // 4:y0 + side * 3 // 4, x0 + side // 3:x0 + side // 2] = 20
    big = extract_page(page, spec).boxes[0]  # default: what an exported font needs
    assert big.glyph.shape == (256, 256)
    small = extract_page(page, spec, size=SIZE).boxes[0]
    assert big.at_size(SIZE).shape == (SIZE, SIZE)
    assert iou(big.at_size(SIZE), small.glyph) >= 0.95
    assert np.array_equal(glyph_at_size(big.glyph, 256), big.glyph)


def test_page_without_findable_borders_fails_in_one_sentence():
    """Borders gone from most boxes (a faded print, a smeared photo): say what to do, cut nothing."""
    spec = make_template(default_characters("hanzi", 20), dpi=150)
    page = np.asarray(render_pages(spec)[0]).copy()
    lay = page_layout(spec)
    for x0, y0, x1, y1 in lay.boxes[:20]:
        inner = page[y0 + lay.border:y1 - lay.border, x0 + lay.border:x1 - lay.border].copy()
        page[y0 - 2:y1 + 2, x0 - 2:x1 + 2] = 255
        page[y0 + lay.border:y1 - lay.border, x0 + lay.border:x1 - lay.border] = inner
    with pytest.raises(extract.CaptureError, match="box borders cannot be found.*rescan") as info:
        extract_page(page, spec, size=SIZE)
    assert "\n" not in str(info.value)


def test_paper_bulging_past_what_registration_reaches_fails_in_one_sentence():
    """A bump moving boxes further than the search reaches: a rescan, never glyphs cut in the wrong place."""
    spec = make_template(default_characters("hanzi", 100), dpi=150)
    filled, _, _ = write_page(spec, render_pages(spec)[0], 0, seed=6)
    x0, y0 = page_layout(spec).boxes[64][:2]   # mid-page, far from the corner markers
    with pytest.raises(extract.CaptureError, match="bulges or curls too much.*flat") as info:
        extract_page(bulge(filled, spec.dpi, (x0, y0), 7.0), spec, size=SIZE)
    assert "\n" not in str(info.value)
