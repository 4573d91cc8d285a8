"""potrace tracing: smooth outlines in font units, counters kept, problems reported by what they are."""

import numpy as np

from core.vectorize import check_bitmap, trace_bitmap, tracer_name


def _ring(size=256):
    img = np.full((size, size), 255, np.uint8)
    img[40:200, 40:200] = 0
    img[90:150, 90:150] = 255
    return img


def test_a_ring_traces_to_an_outer_contour_and_a_counter_in_font_units():
    outline = trace_bitmap(_ring(), upm=1000)
    assert len(outline.contours) == 2
    areas = sorted((c.signed_area() for c in outline.contours), key=abs)
    assert np.sign(areas[0]) != np.sign(areas[1])
    x_min, y_min, x_max, y_max = outline.bounds()
    # pixel 40 -> 156 units; row 40 -> 880 - 156 = 724; row 200 -> 880 - 781 = 99
    assert abs(x_min - 156) < 6 and abs(y_max - 724) < 6 and abs(y_min - 99) < 6


def test_small_bitmaps_trace_as_well_as_large_ones():
    big = trace_bitmap(_ring(256)).bounds()
    small = trace_bitmap(_ring(256)[::2, ::2]).bounds()
    assert all(abs(a - b) < 10 for a, b in zip(big, small))


def test_problems_are_named():
    empty = np.full((64, 64), 255, np.uint8)
    assert "empty" in " ".join(check_bitmap(empty).problems())
    edge = empty.copy()
    edge[0:20, 0:20] = 0
    assert any("edge" in p for p in check_bitmap(edge).problems())
    assert tracer_name() in ("potracecffi", "potracer")


def test_both_backends_give_identical_contours():
    bitmap = _ring(64)                      # small: upscaled 2x, and quick for pure Python
    fast, slow = trace_bitmap(bitmap, tracer="auto"), trace_bitmap(bitmap, tracer="potracer")
    assert [c.segments for c in fast.contours] == [c.segments for c in slow.contours]


def test_specks_are_counted_and_cleaned():
    from core.vectorize import remove_specks

    img = _ring(64)
    for i in range(6):
        img[5, 5 + 4 * i] = 0
    check = check_bitmap(img)
    assert check.speckled and check.specks == 6
    assert check_bitmap(remove_specks(img)).specks == 0


def test_an_outline_draws_integer_coordinates_when_asked():
    from fontTools.pens.recordingPen import RecordingPen

    pen = RecordingPen()
    trace_bitmap(_ring(64)).draw(pen, round_coordinates=True)
    points = [p for _, args in pen.value for p in args]
    assert points and all(isinstance(v, int) for p in points for v in p)


def test_specks_count_single_pixels_and_pairs_but_not_bigger_marks():
    img = np.full((64, 64), 255, np.uint8)
    img[5, 5] = 0                          # a single pixel
    img[20, 20] = img[21, 21] = 0          # a diagonal pair: one speck
    img[40, 40:43] = 0                     # three pixels: a real mark
    assert check_bitmap(img).specks == 2


def test_the_fast_potracer_functions_trace_exactly_what_potracer_traces(monkeypatch):
    import potrace.potrace as potracer

    from core import potracer_fast

    rng = np.random.default_rng(3)
    noise = np.where(rng.random((64, 64)) < 0.3, 0, 255).astype(np.uint8)   # many small paths
    bitmaps = [_ring(64), noise, np.where(np.add.outer(np.arange(48), np.arange(48)) % 7 < 3, 0, 255).astype(np.uint8)]
    assert potracer_fast.install(), "potracer's version changed: check core/potracer_fast.py against it"
    fast = [trace_bitmap(b, tracer="potracer").contours for b in bitmaps]
    for name, original in potracer_fast.ORIGINALS.items():
        monkeypatch.setattr(potracer, name, original)
    slow = [trace_bitmap(b, tracer="potracer").contours for b in bitmaps]
    assert [[(c.start, c.segments) for c in g] for g in fast] == [[(c.start, c.segments) for c in g] for g in slow]
