"""Every precedence case: the preview, the glyph editor, training data and export pick the same glyph.

One handwriting style, one character per case, each origin drawn as its own mark (generated: a square
top left, handwriting: bottom right, edit: a bar across), so a picked glyph says where it came from by
its pixels. Training differs from the font on purpose in two places (core.project.glyphs): it never
learns an unreviewed generated glyph, and prefer-generated is an export choice that leaves the hand's
glyph the training target.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from core.atomic_io import write_png_atomic
from core.config import Config
from core.dataset import load_pairs
from core.editing import EditSession
from core.export.project_glyphs import project_glyph_origins
from core.fonts import demo_font_paths
from core.project import FontRef, Project, Style
from core.project.glyphs import choose_glyph
from core.project.layout import ORIGIN_EDITED, ORIGIN_GENERATED, ORIGIN_HANDWRITING, generated_dir, glyph_path
from core.project.review_marks import ACCEPTED, REJECTED, ReviewStore

SIZE = 32
G, H, E = ORIGIN_GENERATED, ORIGIN_HANDWRITING, ORIGIN_EDITED
# case: (layers present, review mark, font's pick with prefer-generated off, on, training's target)
CASES = {
    "generated only":            ({G}, None, G, G, None),
    "handwriting only":          ({H}, None, H, H, H),
    "handwriting and generated": ({H, G}, None, H, G, H),
    "edited over both":          ({H, G, E}, None, E, E, E),
    "rejected, handwriting":     ({H, G}, REJECTED, H, H, H),
    "rejected, nothing else":    ({G}, REJECTED, None, None, None),
    "accepted generated":        ({G}, ACCEPTED, G, G, G),
    "accepted beside the hand":  ({H, G}, ACCEPTED, H, G, H),
}
TEXT = "的一国在人了有中"   # all in the source font (its demo subset), so training can pair them


def _mark(origin: str) -> np.ndarray:
    glyph = np.full((SIZE, SIZE), 255, np.uint8)
    if origin == G:
        glyph[4:14, 4:14] = 0
    elif origin == H:
        glyph[18:28, 18:28] = 0
    else:
        glyph[14:18, 2:30] = 0
    return glyph


def _origin_of(bitmap) -> str | None:
    if bitmap is None:
        return None
    bitmap = np.asarray(bitmap)
    for origin in (G, H, E):
        if np.array_equal(bitmap, _mark(origin)):
            return origin
    return "something else"


@pytest.fixture(params=[False, True], ids=["hand-first", "prefer-generated"])
def project(tmp_path, request):
    fonts = demo_font_paths()
    config = Config()
    config.data.image_size = SIZE
    config.data.charset = "text:" + TEXT
    config.train.use_designer_glyphs = True
    config.export.prefer_generated_for_handwriting = request.param
    project = Project(tmp_path / "p", "p", config, FontRef(str(fonts["microhei"]), 0), [Style("Hand", "handwriting")],
                      [], dt.datetime.now().isoformat())
    project.save()
    review = ReviewStore(project.root)
    for ch, (layers, mark, *_rest) in zip(TEXT, CASES.values()):
        cp = ord(ch)
        if G in layers:
            write_png_atomic(glyph_path(generated_dir(project.root, "Hand"), cp), _mark(G))
        if H in layers:
            write_png_atomic(glyph_path(project.style_folder(0), cp), _mark(H))
        if mark:
            review.mark("Hand", [cp], mark)
    session = EditSession(project)
    for ch, (layers, *_rest) in zip(TEXT, CASES.values()):
        if E in layers:
            history = session.history(ord(ch))
            history.apply(history.state.changed(bitmap=_mark(E)), "Draw")
    return project


def _expected(project, case) -> str | None:
    _layers, _mark_, off, on, _training = CASES[case]
    return on if project.config.export.prefer_generated_for_handwriting else off


@pytest.mark.parametrize("case", list(CASES))
def test_preview_editor_and_export_pick_the_same_glyph(project, case):
    cp = ord(TEXT[list(CASES).index(case)])
    expected = _expected(project, case)

    choice = choose_glyph(project, 0, cp)                         # what the preview shows
    assert (choice.origin if choice else None) == expected
    glyphs, origins = project_glyph_origins(project, 0)           # what the font gets
    assert origins.get(cp) == expected and _origin_of(glyphs.get(cp)) == expected

    session = EditSession(project)                                # what the editor opens
    state = session.history(cp).state
    if expected == E:
        assert state.edited and _origin_of(state.bitmap) == E
    else:
        bitmap, origin = session.unedited_bitmap(cp)
        assert not state.edited
        assert (origin if origin != "empty" else None) == expected
        assert _origin_of(bitmap) == (expected or "something else")   # nothing to start from: a blank


@pytest.mark.parametrize("case", list(CASES))
def test_training_learns_the_human_glyph(project, case):
    cp = ord(TEXT[list(CASES).index(case)])
    training = CASES[case][4]
    data = load_pairs(project, SIZE)
    rows = [i for i in range(len(data.pair_char)) if int(data.char_codepoints[data.pair_char[i]]) == cp]
    if training is None:
        assert rows == []
        return
    assert len(rows) == 1 and _origin_of(data.targets[rows[0]]) == training
    layers, mark, *_rest = CASES[case]
    font_pick = _expected(project, case)
    if font_pick in (E, H) or (mark == ACCEPTED and H not in layers):
        assert training == font_pick   # a glyph people made or vouched for: the same one the font gets


def test_export_can_keep_only_accepted_generated_glyphs(project):
    _, origins = project_glyph_origins(project, 0, only_accepted=True)
    for ch, (layers, mark, off, on, _t) in zip(TEXT, CASES.values()):
        expected = on if project.config.export.prefer_generated_for_handwriting else off
        if expected == G and mark != ACCEPTED:
            expected = H if H in layers else None   # an unaccepted generated glyph gives way
        assert origins.get(ord(ch)) == expected, ch
