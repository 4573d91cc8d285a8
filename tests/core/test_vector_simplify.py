"""Traced outlines a type designer would accept: points at extrema, clockwise ink, no specks, no overlaps,
and no more points than the target font's own outlines at the same ink."""

from __future__ import annotations

import math

import numpy as np
from fontTools.misc.bezierTools import splitCubicAtT
from fontTools.ttLib import TTFont

from core.export.outline_ops import area, rasterize, remove_overlaps
from core.export.simplify import EXTREMUM_MARGIN, _extrema, finish_outline
from core.export.ttglyph import compile_outlines
from core.export.validate import ink_iou
from core.fonts import demo_font_paths, open_face
from core.render import render_glyphs
from core.vectorize import Contour, Outline, TraceOptions, trace_bitmap

CHARS = "天下大事必作于国家中心"


def _glyphs(size: int) -> dict[int, np.ndarray]:
    rendered = render_glyphs(open_face(demo_font_paths()["ukai"]), [ord(c) for c in CHARS], size)
    return dict(zip(rendered.codepoints, rendered.bitmaps))


def _finished(bitmap: np.ndarray) -> Outline:
    return finish_outline(trace_bitmap(bitmap, 1000, "auto", TraceOptions("smooth", 4, opttolerance=0.6)))


def test_every_curve_has_its_extrema_as_on_curve_points():
    for bitmap in _glyphs(64).values():
        outline = _finished(bitmap)
        for contour in outline.contours:
            previous = contour.start
            for segment in contour.segments:
                if len(segment) == 3:
                    for t in _extrema(previous, *segment):      # only right beside an end, if at all
                        point = splitCubicAtT(previous, *segment, t)[0][-1]
                        assert min(math.dist(point, previous), math.dist(point, segment[-1])) < 4, t
                previous = segment[-1]


def test_ink_is_clockwise_and_counters_are_not():
    outline = _finished(_glyphs(64)[ord("国")])
    areas = sorted(c.signed_area() for c in outline.contours)
    assert areas[0] < 0 and area(outline) < 0          # the outer contour: clockwise (TrueType)
    assert any(a > 0 for a in areas)                   # 国 has counters, counter-clockwise


def test_specks_are_dropped_and_overlaps_merged():
    bitmap = np.full((64, 64), 255, np.uint8)
    bitmap[10:50, 20:28] = 0
    bitmap[40, 50] = 0                                 # a one-pixel speck
    assert len(_finished(bitmap).contours) == 1
    square = [(0, 0), (0, 100), (100, 100), (100, 0)]
    shifted = [(x + 50, y) for x, y in square]
    both = Outline([Contour(p[0], [(q,) for q in p[1:]] + [(p[0],)]) for p in (square, shifted)], 1000)
    merged = remove_overlaps(both)
    assert len(merged.contours) == 1 and abs(area(merged)) == 150 * 100


def test_points_stay_under_twice_the_target_font_at_under_one_percent_ink_loss():
    font = TTFont(demo_font_paths()["ukai"])
    glyf, cmap = font["glyf"], font.getBestCmap()
    for size in (64, 128):
        glyphs = _glyphs(size)
        plain = [trace_bitmap(b, 1000, "auto", TraceOptions("smooth", 4)) for b in glyphs.values()]
        finished = [_finished(b) for b in glyphs.values()]
        ours = sum(g.n_points for g in compile_outlines(finished, 2.0))
        theirs = sum(len(glyf[cmap[cp]].getCoordinates(glyf)[0]) for cp in glyphs)
        assert ours <= 2 * theirs, (size, ours, theirs)
        truth = dict(zip(glyphs, render_glyphs(open_face(demo_font_paths()["ukai"]), list(glyphs), 256).bitmaps))
        before = np.mean([ink_iou(rasterize(o, 256), truth[cp]) for o, cp in zip(plain, glyphs)])
        after = np.mean([ink_iou(rasterize(o, 256), truth[cp]) for o, cp in zip(finished, glyphs)])
        assert after > before - 0.01, (size, before, after)


def test_smooth_upscale_comes_closer_to_the_design_than_bilinear():
    glyphs = _glyphs(64)
    truth = dict(zip(glyphs, render_glyphs(open_face(demo_font_paths()["ukai"]), list(glyphs), 256).bitmaps))

    def score(options):
        return np.mean([ink_iou(rasterize(trace_bitmap(b, 1000, "auto", options), 256), truth[cp])
                        for cp, b in glyphs.items()])
    assert score(TraceOptions("smooth", 4)) > score(TraceOptions("bilinear", 2)) + 0.01
    assert EXTREMUM_MARGIN < 0.5


def test_no_segment_collapses_to_a_point_after_rounding():
    import cv2

    bitmaps = [cv2.erode(b, np.ones((3, 3), np.uint8)) for b in _glyphs(128).values()] + list(_glyphs(64).values())
    for glyph in compile_outlines([_finished(b) for b in bitmaps], 2.0):
        coords, ends, flags = glyph.coordinates, glyph.endPtsOfContours, glyph.flags
        start = 0
        for end in ends:
            points = [(tuple(coords[i]), flags[i] & 1) for i in range(start, end + 1)]
            on = [i for i, (_, is_on) in enumerate(points) if is_on]
            for a, b in zip(on, on[1:] + on[:1]):     # each segment: on-curve to on-curve with its off-curves
                span = [points[k % len(points)][0] for k in range(a, b + (len(points) if b <= a else 0) + 1)]
                assert len(set(span)) > 1, f"a segment collapses to {span[0]} (fontbakery: overlapping segments)"
            start = end + 1
