"""The fine-tune's style judge: kept in the project so a resume does not fit it again, fitted again when the
glyphs it learns from change or its file is damaged, and bounded to the hand and a few base fonts."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
from PIL import Image

from core.dataset import PairData, load_pairs
from core.fonts import demo_font_paths, open_face
from core.model import classifier
from core.project import Style
from core.project.layout import style_judge_file
from core.render import render_glyphs
from core.reports import EvalReport
from core.training import style_judge
from core.training.loop import train
from core.training.style_judge import StyleJudge
from tests.core.training_fixtures import tiny_project


def _counting_fits(monkeypatch) -> list[int]:
    """Wraps classifier.fit so a test can count the judge's fits."""
    fits, real_fit = [], classifier.fit

    def counted(*args, **kwargs):
        fits.append(1)
        return real_fit(*args, **kwargs)

    monkeypatch.setattr(classifier, "fit", counted)
    return fits


def _hand_project(tmp_path: Path, shift: int = 6):
    """A tiny demo project (two fonts, 32 px) plus a written style: LXGW WenKai shrunk and moved by `shift`."""
    project = tiny_project(tmp_path / "hand", steps=20)
    project.config.train.judge_style = True
    folder = tmp_path / "hand-glyphs"
    folder.mkdir()
    rendered = render_glyphs(open_face(demo_font_paths()["wenkai"]), project.charset()[:80], 32)
    for cp, bitmap in zip(rendered.codepoints, rendered.bitmaps):
        page = Image.new("L", (32, 32), 255)
        page.paste(Image.fromarray(bitmap).resize((24, 24)), (shift, shift))
        page.save(folder / f"{cp:04X}.png")
    project.styles.append(Style(name="My hand", kind="handwriting", folder=str(folder)))
    project.save()
    return project, folder


def test_a_resumed_run_reads_the_style_judge_instead_of_fitting_it_again(tmp_path, monkeypatch):
    project, _ = _hand_project(tmp_path)
    fits = _counting_fits(monkeypatch)
    list(train(project))
    assert len(fits) == 1 and style_judge_file(project.root, 32).is_file()
    project.config.train.steps = 40                       # the designer resumes for more steps
    reports = list(train(project))
    judged = [r.style_accuracy for r in reports if isinstance(r, EvalReport)]
    assert len(fits) == 1 and judged and all(a is not None for a in judged)


def test_a_changed_hand_fits_a_new_judge(tmp_path, monkeypatch):
    project, folder = _hand_project(tmp_path)
    cache = style_judge_file(project.root, 32)
    fits = _counting_fits(monkeypatch)
    StyleJudge.fit(load_pairs(project, 32), cache=cache)
    StyleJudge.fit(load_pairs(project, 32), cache=cache)
    assert len(fits) == 1
    for png in sorted(folder.glob("*.png"))[:10]:         # the writer redoes some characters
        Image.open(png).transpose(Image.Transpose.TRANSPOSE).save(png)
    StyleJudge.fit(load_pairs(project, 32), cache=cache)
    assert len(fits) == 2


def test_a_damaged_judge_file_is_fitted_again_with_a_log_line(tmp_path, monkeypatch, caplog):
    project, _ = _hand_project(tmp_path)
    cache = style_judge_file(project.root, 32)
    data = load_pairs(project, 32)
    StyleJudge.fit(data, cache=cache)
    cache.write_bytes(b"not a judge")
    fits = _counting_fits(monkeypatch)
    with caplog.at_level(logging.WARNING, logger="core.training.style_judge"):
        judge = StyleJudge.fit(data, cache=cache)
    assert len(fits) == 1 and "damaged" in caplog.text
    assert judge.accuracy(data.targets[:4], data.pair_style[:4]) >= 0  # a working judge
    StyleJudge.fit(data, cache=cache)                     # and the refitted one was kept
    assert len(fits) == 1


def _boxes(widths: list[int], chars: int = 12) -> PairData:
    """Synthetic 32 px data: style s draws each character as a black box of widths[s] px."""
    sources = np.full((chars, 32, 32), 255, np.uint8)
    targets, pair_char, pair_style = [], [], []
    for style, width in enumerate(widths):
        for char in range(chars):
            glyph = np.full((32, 32), 255, np.uint8)
            glyph[4:4 + width, 8:8 + width // 2 + char % 3] = 0
            targets.append(glyph)
            pair_char.append(char)
            pair_style.append(style)
    return PairData(32, sources, np.arange(chars), np.stack(targets), np.array(pair_char), np.array(pair_style),
                    np.zeros(len(targets), bool))


def test_the_judge_learns_the_hand_its_nearest_fonts_and_a_few_others():
    widths = [2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 13]  # twelve fonts; the hand (12) is 13 px wide
    data = _boxes(widths)
    judged = style_judge.judged_styles(data, [12])
    assert len(judged) == 1 + style_judge.NEAREST + style_judge.SPREAD and 12 in judged
    assert {5, 6} <= set(judged)                            # 12 and 14 px: the fonts nearest the hand
    assert style_judge.judged_styles(data, None) == list(range(13))          # no fine-tune: every style
    assert style_judge.judged_styles(_boxes(widths[:5] + [13]), [5]) == list(range(6))  # few fonts: all


def test_edge_texture_varies_the_edges_not_the_shapes():
    """A style judge fits on glyphs as rendered, thresholded (no anti-aliasing) and softened, one third each."""
    import torch

    glyphs = render_glyphs(open_face(demo_font_paths()["wenkai"]), list(map(ord, "永和九年岁在癸丑")), 32).bitmaps
    x = torch.from_numpy(np.repeat(glyphs, 64, axis=0)).float()[:, None] / 127.5 - 1
    out = classifier._edge_texture(x, torch.Generator().manual_seed(0))
    assert out.shape == x.shape and out.min() >= -1 and out.max() <= 1
    same = (out == x).flatten(1).all(1)
    binary = ((out == -1) | (out == 1)).flatten(1).all(1) & ~same
    assert 0.2 < same.float().mean() < 0.45 and 0.2 < binary.float().mean() < 0.45
    ink = lambda t: (t < 0).flatten(1).float().mean(1)   # noqa: E731
    assert torch.allclose(ink(out), ink(x), atol=0.08)   # the strokes stay where they were
