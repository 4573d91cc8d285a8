"""The glyph renderer: bitmaps as the designer sees them, em-box placement, missing glyphs, pixel <-> font units."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from core.errors import FontError
from core.fonts import demo_font_paths, open_face
from core.render import (
    EM_TOP,
    font_units_to_pixel,
    font_units_transform,
    pixel_to_font_units,
    render_glyph,
    render_glyphs,
)

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.fixture(scope="module")
def faces():
    return {name: open_face(path) for name, path in demo_font_paths().items()}


@pytest.fixture(scope="module")
def dejavu():
    if not DEJAVU.is_file():
        pytest.skip("DejaVu Sans is not installed")
    return open_face(DEJAVU)


def ink_bbox(bitmap: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of every touched pixel, right/bottom exclusive."""
    rows = np.flatnonzero((bitmap < 255).any(axis=1))
    cols = np.flatnonzero((bitmap < 255).any(axis=0))
    assert len(rows) and len(cols), "glyph has no ink"
    return int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1


def outline_pixel_bbox(path: Path, char: str, size: int) -> tuple[float, float, float, float]:
    """The outline bbox from fontTools, advance-centred and mapped onto a size-px canvas."""
    font = TTFont(str(path), lazy=True)
    try:
        upm = font["head"].unitsPerEm
        name = font.getBestCmap()[ord(char)]
        glyph_set = font.getGlyphSet()
        pen = BoundsPen(glyph_set)
        glyph_set[name].draw(pen)
        x_min, y_min, x_max, y_max = pen.bounds
        shift = (upm - font["hmtx"][name][0]) / 2
    finally:
        font.close()
    left, top = font_units_to_pixel(x_min + shift, y_max, size, upm)
    right, bottom = font_units_to_pixel(x_max + shift, y_min, size, upm)
    return left, top, right, bottom


def assert_bbox_close(ink, outline, size, tol=1.0):
    """Within tol px; ink outside the em box is clipped (DejaVu's 'g' descends below -0.12 em)."""
    left, top, right, bottom = outline
    expected = np.clip((np.floor(left), np.floor(top), np.ceil(right), np.ceil(bottom)), 0, size)
    assert np.allclose(ink, expected, atol=tol), f"ink bbox {ink} vs outline bbox {outline}"


def test_render_glyph_is_uint8_square_on_white_paper(faces):
    bitmap = render_glyph(faces["ukai"], ord("国"), 64)
    assert bitmap.dtype == np.uint8 and bitmap.shape == (64, 64)
    assert bitmap[0, 0] == bitmap[-1, -1] == 255          # paper is white
    assert bitmap.min() == 0                              # solid ink is black
    assert 0.05 < (bitmap < 128).mean() < 0.6             # a real glyph, not a blank or a filled square


def test_different_fonts_draw_differently(faces):
    a = render_glyph(faces["ukai"], ord("国"), 64).astype(int)
    b = render_glyph(faces["microhei"], ord("国"), 64).astype(int)
    assert np.abs(a - b).mean() > 5


def test_missing_codepoints_are_skipped_and_counted(faces):
    face = faces["wenkai"]
    asked = [ord("一"), ord("가"), ord("A"), 0xE000, ord("国")]
    result = render_glyphs(face, asked, 32)
    assert result.codepoints == [ord("一"), ord("A"), ord("国")]
    assert result.missing == [ord("가"), 0xE000]
    assert result.bitmaps.shape == (3, 32, 32) and result.bitmaps.dtype == np.uint8
    for bitmap, cp in zip(result.bitmaps, result.codepoints):  # no tofu or blank among the kept ones
        assert np.array_equal(bitmap, render_glyph(face, cp, 32))
        assert (bitmap < 128).any()


def test_space_is_kept_blank_not_missing(faces):
    result = render_glyphs(faces["microhei"], [ord(" ")], 32)
    assert result.codepoints == [ord(" ")] and result.missing == []
    assert (result.bitmaps == 255).all()


def test_render_glyph_missing_raises_font_error_naming_codepoint(faces):
    with pytest.raises(FontError) as info:
        render_glyph(faces["ukai"], ord("가"), 32)
    message = str(info.value)
    assert "U+AC00" in message and "ukai-demo.ttf" in message and "\n" not in message


def test_render_size_must_be_positive(faces):
    with pytest.raises(ValueError):
        render_glyphs(faces["ukai"], [ord("一")], 0)


@pytest.mark.parametrize("size", [64, 128])
@pytest.mark.parametrize("name, char", [("ukai", "国"), ("microhei", "的"), ("wenkai", "一"), ("uming", "A")])
def test_ink_bbox_matches_outline_bbox(faces, name, char, size):
    bitmap = render_glyph(faces[name], ord(char), size)
    assert_bbox_close(ink_bbox(bitmap), outline_pixel_bbox(demo_font_paths()[name], char, size), size)


@pytest.mark.parametrize("size", [64, 128])
@pytest.mark.parametrize("char", ["x", "g", "W"])
def test_latin_ink_bbox_matches_outline_bbox(dejavu, char, size):
    bitmap = render_glyph(dejavu, ord(char), size)
    assert_bbox_close(ink_bbox(bitmap), outline_pixel_bbox(DEJAVU, char, size), size)


def test_latin_x_sits_on_baseline_and_g_descends(dejavu):
    size = 128
    baseline = EM_TOP * size  # 112.64
    _, x_top, _, x_bottom = ink_bbox(render_glyph(dejavu, ord("x"), size))
    assert abs(x_bottom - baseline) <= 1
    assert x_top > size * 0.3                             # x-height, well below the top of the em
    _, g_top, _, g_bottom = ink_bbox(render_glyph(dejavu, ord("g"), size))
    assert g_bottom > baseline + 0.1 * size               # the descender goes below the baseline
    assert abs(g_top - x_top) <= 2                        # same x-height


def test_narrow_latin_glyph_is_centred_in_the_em(dejavu):
    size = 128
    left, _, right, _ = ink_bbox(render_glyph(dejavu, ord("x"), size))
    assert abs((left + right) / 2 - size / 2) <= 2
    assert right - left < size * 0.6                      # not stretched to the canvas


@pytest.mark.parametrize("name", ["ukai", "microhei"])
def test_small_glyph_stays_small(faces, name):
    size = 64
    dot = render_glyph(faces[name], ord("."), size)
    left, top, right, bottom = ink_bbox(dot)
    assert right - left < size / 5 and bottom - top < size / 5
    assert bottom >= 0.8 * size                           # near the baseline, not in the middle
    assert (dot < 128).mean() < 0.02
    big = render_glyph(faces[name], ord("国"), size)
    assert (big < 128).sum() > 10 * (dot < 128).sum()


def test_pixel_to_font_units_inverts_font_units_to_pixel():
    for size, upm in [(64, 1000), (128, 1024), (256, 2048)]:
        for px, py in [(0, 0), (size, size), (12.5, 40.25), (size / 2, EM_TOP * size)]:
            x, y = pixel_to_font_units(px, py, size, upm)
            assert font_units_to_pixel(x, y, size, upm) == pytest.approx((px, py))
    assert pixel_to_font_units(0, EM_TOP * 128, 128, 1000) == pytest.approx((0, 0))  # the baseline row
    assert font_units_to_pixel(1000, -120, 64, 1000) == pytest.approx((64, 64))


def test_font_units_transform_maps_canvas_corners():
    a, b, c, d, e, f = font_units_transform(128, 1000)

    def apply(x, y):
        return a * x + c * y + e, b * x + d * y + f

    assert apply(0, 0) == pytest.approx((0, 880))
    assert apply(128, 128) == pytest.approx((1000, -120))
    assert apply(33, 77) == pytest.approx(pixel_to_font_units(33, 77, 128, 1000))
