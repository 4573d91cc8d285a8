"""Handwriting review model: flags on known bitmaps, every operation with undo/redo, files kept in step, resume."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("cv2")

from core.capture import CaptureError  # noqa: E402
from core.capture.review import EDGE, EMPTY, FAINT, PIECES, UNUSABLE, HandwritingReview, glyph_flags  # noqa: E402
from core.capture.template import TemplateSpec  # noqa: E402
from core.handwriting import STEPS, WizardState, import_scans, new_handwriting_project, prepare_training  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "scans"
A, B = ord("永"), ord("和")


def paper(n: int = 64) -> np.ndarray:
    return np.full((n, n), 255, np.uint8)


def block(img, r0, r1, c0, c1, grey=0):
    n = img.shape[0]
    img[int(r0 * n):int(r1 * n), int(c0 * n):int(c1 * n)] = grey
    return img


def test_flags_on_known_bitmaps():
    assert glyph_flags(paper()) == [EMPTY]
    assert glyph_flags(block(paper(), 0.3, 0.7, 0.3, 0.7)) == []
    assert glyph_flags(block(paper(), 0.3, 0.7, 0.3, 0.7, grey=150)) == [FAINT]
    assert glyph_flags(block(paper(), 0.45, 0.55, 0.0, 0.7)) == [EDGE]
    corners = block(block(paper(), 0.15, 0.3, 0.15, 0.3), 0.7, 0.85, 0.7, 0.85)
    assert glyph_flags(corners) == [PIECES]
    three = paper()
    for r in (0.25, 0.5, 0.75):  # 三: three strokes apart, but sharing one x span: one character
        block(three, r, r + 0.06, 0.2, 0.8)
    assert glyph_flags(three) == []


def _review(tmp_path, size=64) -> HandwritingReview:
    return HandwritingReview(tmp_path / "capture", tmp_path / "glyphs", size, "hand")


def _png(review, cp) -> Path:
    return review.glyph_folder / f"{cp:04X}.png"


def _read(path) -> np.ndarray:
    from PIL import Image
    with Image.open(path) as img:
        return np.asarray(img.convert("L"))


def test_samples_choose_unusable_undo_redo(tmp_path):
    review = _review(tmp_path)
    first = review.add_sample(A, block(paper(128), 0.3, 0.7, 0.3, 0.7))
    second = review.add_sample(A, block(paper(128), 0.2, 0.5, 0.2, 0.8))
    assert review.chosen(A).id == first            # the first sample is used until the writer picks another
    assert np.array_equal(_read(_png(review, A)), review.glyph(first))
    review.choose(second)
    assert review.chosen(A).id == second and np.array_equal(_read(_png(review, A)), review.glyph(second))
    review.set_usable([second], False)
    assert review.samples[second].status == UNUSABLE and review.chosen(A).id == first
    review.set_usable([first], False)
    assert review.chosen(A) is None and not _png(review, A).exists()  # nothing usable: nothing exported
    assert review.undo_text() == "mark unusable"
    review.undo()
    assert review.chosen(A).id == first and _png(review, A).exists()
    review.undo()
    assert review.chosen(A).id == second
    review.redo()
    review.redo()
    assert not _png(review, A).exists() and not review.can_redo()
    review.undo()
    review.choose(second)                           # a new edit drops what could be redone
    assert not review.can_redo() and review.chosen(A).id == second


def test_reassign_moves_the_glyph_file(tmp_path):
    review = _review(tmp_path)
    a = review.add_sample(A, block(paper(), 0.3, 0.7, 0.3, 0.7))
    b = review.add_sample(B, block(paper(), 0.2, 0.6, 0.4, 0.6))
    review.reassign([a], B)
    assert review.samples[a].codepoint == B and not _png(review, A).exists()
    assert review.chosen(B).id == b               # B keeps its own sample; the moved one is a second sample
    review.undo()
    assert review.samples[a].codepoint == A and _png(review, A).exists()


def test_recrop_and_erase_specks(tmp_path):
    review = _review(tmp_path)
    img = block(paper(128), 0.1, 0.9, 0.45, 0.55)   # a tall stroke
    img[10:12, 10:12] = 0                           # and a 4-px speck at this size, 1 px at 64
    sid = review.add_sample(A, img)
    original = review.glyph(sid).copy()
    review.erase_specks([sid], 3)
    erased = review.glyph(sid)
    assert (original[4:7, 4:7] < 192).any() and (erased[4:7, 4:7] == 255).all()
    assert (erased[32, 30:34] < 128).all()         # the stroke stays
    review.recrop(sid, (32, 0, 96, 64))              # the top half of the box becomes the em box
    top = review.glyph(sid)
    assert (top[:, 30:34] < 128).sum() > (erased[:32, 30:34] < 128).sum()  # enlarged twice
    assert EDGE in review.samples[sid].flags        # the stroke now runs off the bottom
    assert review.samples[sid].crop == (32, 0, 96, 64)
    review.undo()
    assert np.array_equal(review.glyph(sid), erased)
    review.undo()
    assert np.array_equal(review.glyph(sid), original) and np.array_equal(_read(_png(review, A)), original)
    with pytest.raises(CaptureError, match="too small"):
        review.recrop(sid, (0, 0, 2, 2))


def test_decisions_survive_reopening(tmp_path):
    review = _review(tmp_path)
    a = review.add_sample(A, block(paper(), 0.3, 0.7, 0.3, 0.7))
    review.add_sample(A, block(paper(), 0.2, 0.4, 0.2, 0.8))
    b = review.add_sample(B, block(paper(), 0.45, 0.55, 0.0, 0.7))
    review.set_usable([a], False)
    review.erase_specks([b], 2)
    again = HandwritingReview.load(review.folder, review.glyph_folder, 64, "hand")
    assert [s.to_dict() for s in again.samples.values()] == [s.to_dict() for s in review.samples.values()]
    assert again.ordered_ids()[0] == b             # the edge-touching glyph first, the unusable one last
    assert again.ordered_ids()[-1] == a
    raw = json.loads(review.path.read_text(encoding="utf-8"))
    assert raw["samples"][0]["char"] == "永" and raw["samples"][0]["status"] == "unusable"
    bigger = HandwritingReview.load(review.folder, review.glyph_folder, 128, "hand")  # the glyph size changed
    assert _read(_png(bigger, B)).shape == (128, 128)
    review.path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CaptureError, match="damaged.*import the scans again"):
        HandwritingReview.load(review.folder, review.glyph_folder, 64)


def test_wizard_project_imports_fixture_scans(tmp_path):
    """The wizard's journey in core: project, scans, review, the dataset sees the decisions, resume state."""
    from core.dataset import build_pairs
    from core.project import Project
    from core.recipes.held_out import choose_held_out

    project = new_handwriting_project(tmp_path / "hand", name="Hand", image_size=32)
    assert WizardState.load(project.root).step == STEPS[0]
    spec = TemplateSpec.load(FIXTURES / "spec.json")
    hand = project.style_id("My handwriting")                       # after the bundled fonts
    assert [s.kind for s in project.styles] == ["font", "font", "handwriting"]
    review = HandwritingReview.for_style(project, hand)
    found = import_scans(review, project.root, sorted(FIXTURES.glob("*.jpg")), spec)
    assert not found.failed and len(found.scans) == 2
    assert (project.root / found.scans[0]).is_file()                  # the project keeps the scans
    written = len(review.samples)
    assert written == len(spec.characters) - found.empty_boxes > 100
    ids = review.ordered_ids()
    ranks = [bool(review.samples[i].problems) for i in ids]
    assert ranks == sorted(ranks, reverse=True)                       # problem glyphs first
    assert len(list(project.style_folder(hand).glob("*.png"))) == len(review.usable_codepoints())
    assert prepare_training(project) > 100
    reopened = Project.open(project.root)
    written_held = set(reopened.held_out) & set(review.usable_codepoints())   # some written ones are unseen,
    assert len(written_held) >= 4 and reopened.held_out == choose_held_out(reopened)   # by the one policy
    pairs = build_pairs(reopened, 32)
    victim = review.chosen(reopened.charset()[0]) or review.samples[ids[-1]]
    review.set_usable([victim.id], False)
    assert len(build_pairs(reopened, 32).pair_char) == len(pairs.pair_char) - 1  # training reads the decision
    import_scans(review, project.root, [sorted(FIXTURES.glob("*.jpg"))[0]], spec)  # the same page again
    assert len(review.samples) > written
    seconds = [s for i, s in review.samples.items() if i.count("-") == 2]
    assert seconds and all(not s.chosen for s in seconds if s.codepoint != victim.codepoint)  # they wait
    assert review.chosen(victim.codepoint).id.endswith("-2")          # unless the first one was unusable
    state = WizardState.load(project.root)
    state.step = "review"
    state.save(project.root)
    assert WizardState.load(project.root).step == "review"


def test_bad_scan_is_reported_and_the_rest_imported(tmp_path):
    project = new_handwriting_project(tmp_path / "hand", name="Hand", image_size=32)
    spec = TemplateSpec.load(FIXTURES / "spec.json")
    bad = tmp_path / "blank.png"
    from PIL import Image
    Image.new("L", (900, 1200), 255).save(bad)
    review = HandwritingReview.for_style(project, project.style_id("My handwriting"))
    found = import_scans(review, project.root, [bad, sorted(FIXTURES.glob("*.jpg"))[0]], spec)
    assert len(found.failed) == 1 and "blank.png" in found.failed[0] and "corner" in found.failed[0]
    assert len(found.scans) == 1 and review.samples
    with pytest.raises(CaptureError, match="at least"):
        prepare_training(new_handwriting_project(tmp_path / "empty", name="E", image_size=32))
