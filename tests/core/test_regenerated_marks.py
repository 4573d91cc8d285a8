"""Regenerating a reviewed glyph: a mark belongs to the glyph it was given to."""

from __future__ import annotations

from core.training.loop import train
from tests.core.training_fixtures import tiny_project


def test_a_glyph_that_comes_out_different_is_unreviewed_again_the_same_glyph_keeps_its_mark(tmp_path):
    """Reject, train on, regenerate: the new glyph must reach the font (it used to stay out for good,
    leaving the character neither written nor generated); regenerating the very same glyph keeps the mark."""
    from core.generation import generate_to_project
    from core.project.glyphs import choose_glyph
    from core.project.review_marks import REJECTED, UNREVIEWED, ReviewStore

    project = tiny_project(tmp_path / "p", steps=2)
    for _ in train(project):
        pass
    style = project.styles[0].name
    cps = project.charset()[:3]
    list(generate_to_project(project, cps, 0, device="cpu"))
    ReviewStore(project.root).mark(style, cps[:2], REJECTED)
    assert choose_glyph(project, 0, cps[0]) is None or choose_glyph(project, 0, cps[0]).origin != "generated"

    list(generate_to_project(project, cps, 0, device="cpu"))          # the same model: the same glyphs
    assert ReviewStore(project.root).status(style, cps[0]) == REJECTED

    project.config.train.steps = 6                                    # train on: a different model
    project.save()
    for _ in train(project):
        pass
    reports = list(generate_to_project(project, cps[:1], 0, device="cpu"))
    marks = ReviewStore(project.root)
    assert marks.status(style, cps[0]) == UNREVIEWED                  # its new glyph is back in the font
    assert choose_glyph(project, 0, cps[0]).origin == "generated"
    assert marks.status(style, cps[1]) == REJECTED                    # not regenerated: still rejected
    assert any("unreviewed again" in getattr(r, "message", "") for r in reports)
