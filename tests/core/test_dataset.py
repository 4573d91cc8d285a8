"""Training pairs: alignment, the held-out split, the cache, batch sampling, tensors, handwriting targets."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

import core.dataset
from core.config import Config
from core.dataset import BatchSampler, PairData, build_pairs, load_pairs, to_tensor, to_uint8
from core.errors import ProjectError
from core.fonts import demo_font_paths
from core.project import FontRef, Project, Style
from core.recipes.held_out import choose_held_out
from core.render import render_glyph

CHARS = "的一国在人了有中是年和大业不为发会工经上地市要个产这出行作生"
SIZE = 32


def font_ref(name: str) -> FontRef:
    return FontRef(str(demo_font_paths()[name]), 0)


def make_project(root, charset=f"text:{CHARS}", styles=None, held_out_fraction=0.2) -> Project:
    config = Config()
    config.data.image_size = SIZE
    config.data.charset = charset
    config.data.held_out_fraction = held_out_fraction
    styles = styles or [Style(name="UKai", font=font_ref("ukai")), Style(name="WenKai", font=font_ref("wenkai"))]
    return Project.create(root, source=font_ref("microhei"), styles=styles, config=config, held_out=choose_held_out)


def write_png(path, size, box, mode="L"):
    pixels = np.full((size, size), 255, np.uint8)
    x0, y0, x1, y1 = box
    pixels[y0:y1, x0:x1] = 0
    Image.fromarray(pixels).convert(mode).save(path)


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("ds") / "proj")


@pytest.fixture(scope="module")
def data(project):
    return load_pairs(project)


def test_pairs_are_aligned(project, data):
    n_chars, n_styles = len(CHARS), len(project.styles)
    assert data.image_size == SIZE
    assert data.sources.shape == (n_chars, SIZE, SIZE) and data.sources.dtype == np.uint8
    assert data.targets.shape == (n_chars * n_styles, SIZE, SIZE) and data.targets.dtype == np.uint8
    assert len(data.pair_char) == len(data.pair_style) == len(data.pair_held_out) == len(data.targets)
    assert set(data.pair_style.tolist()) == set(range(n_styles)) and data.num_styles == n_styles
    assert [chr(c) for c in data.char_codepoints] == list(CHARS)
    source_face = project.source_face()
    style_faces = [project.style_face(i) for i in range(n_styles)]
    for i in range(len(data.targets)):
        cp = int(data.char_codepoints[data.pair_char[i]])
        assert np.array_equal(data.sources[data.pair_char[i]], render_glyph(source_face, cp, SIZE))
        assert np.array_equal(data.targets[i], render_glyph(style_faces[data.pair_style[i]], cp, SIZE))
    src, tgt, style = data.batch([0, len(data.targets) - 1])
    assert src.shape == tgt.shape == (2, SIZE, SIZE) and style.tolist() == [0, n_styles - 1]
    assert data.codepoints_of([0]) == [ord(CHARS[0])]


def test_held_out_characters_never_reach_training(project, data):
    held = set(project.held_out)
    assert len(held) == round(0.2 * len(CHARS))
    train_cps = set(data.codepoints_of(data.train_indices))
    assert not train_cps & held
    assert set(data.codepoints_of(data.held_out_indices)) == held
    assert len(data.train_indices) + len(data.held_out_indices) == len(data.targets)
    sampler = BatchSampler(data, data.train_indices, batch_size=8, seed=3)
    for _ in range(20):
        assert not set(data.codepoints_of(sampler.next())) & held


def test_characters_a_font_lacks_are_skipped(tmp_path):
    project = make_project(tmp_path / "p", charset="text:一国가나中")
    data = load_pairs(project)
    assert [chr(c) for c in data.char_codepoints] == list("一国中")
    assert len(data.targets) == 3 * len(project.styles)


def test_cache_is_reused_and_rebuilt_when_charset_changes(tmp_path, monkeypatch):
    project = make_project(tmp_path / "p")
    first = load_pairs(project)
    assert (project.cache_dir / f"pairs-{SIZE}.npz").is_file()

    def must_not_render(*args, **kwargs):
        raise AssertionError("the pair cache should have been used")

    with monkeypatch.context() as patch:
        patch.setattr(core.dataset, "render_glyphs", must_not_render)
        again = load_pairs(Project.open(project.root))          # a fresh session reads the cache
    for name in ("sources", "char_codepoints", "targets", "pair_char", "pair_style", "pair_held_out"):
        assert np.array_equal(getattr(first, name), getattr(again, name)), name

    calls = []
    real = core.dataset.render_glyphs
    monkeypatch.setattr(core.dataset, "render_glyphs", lambda *a, **k: calls.append(1) or real(*a, **k))
    project.config.data.charset = f"text:{CHARS[:10]}"
    project.save()
    changed = load_pairs(project)
    assert calls, "a changed charset must rebuild the pairs"
    assert [chr(c) for c in changed.char_codepoints] == list(CHARS[:10])
    calls.clear()
    load_pairs(project)
    assert not calls


def test_damaged_cache_is_rebuilt(tmp_path):
    project = make_project(tmp_path / "p")
    good = load_pairs(project)
    cache = project.cache_dir / f"pairs-{SIZE}.npz"
    blob = cache.read_bytes()
    for damaged in (b"\x00garbage" * 50, blob[: len(blob) // 2]):
        cache.write_bytes(damaged)
        rebuilt = load_pairs(project)
        assert np.array_equal(rebuilt.targets, good.targets)


def test_batch_sampler_is_deterministic_by_seed(data):
    def batches(seed, n=12):
        sampler = BatchSampler(data, data.train_indices, batch_size=5, seed=seed)
        return [sampler.next().tolist() for _ in range(n)]

    assert batches(1) == batches(1)
    assert batches(1) != batches(2)
    for batch in batches(1):
        assert len(batch) == 5 and set(batch) <= set(data.train_indices.tolist())
    sampler = BatchSampler(data, data.train_indices, batch_size=4, seed=0)
    per_epoch = len(data.train_indices) // 4
    epoch = np.concatenate([sampler.next() for _ in range(per_epoch)])
    assert len(set(epoch.tolist())) == len(epoch)      # no repeats within an epoch


def test_batch_sampler_state_round_trip_resumes_exactly(data):
    sampler = BatchSampler(data, data.train_indices, batch_size=7, seed=11)
    for _ in range(9):  # several epochs in
        sampler.next()
    state = sampler.state_dict()
    expected = [sampler.next().tolist() for _ in range(10)]
    resumed = BatchSampler(data, data.train_indices, batch_size=7, seed=0)
    resumed.load_state_dict(state)
    assert [resumed.next().tolist() for _ in range(10)] == expected


def test_batch_sampler_smaller_than_batch_and_empty(data):
    few = data.train_indices[:3]
    sampler = BatchSampler(data, few, batch_size=8, seed=0)
    batch = sampler.next()
    assert len(batch) == 8 and set(batch.tolist()) == set(few.tolist())
    with pytest.raises(ProjectError):
        BatchSampler(data, np.array([], dtype=np.int64), batch_size=4)


def test_to_tensor_to_uint8_round_trip():
    images = np.arange(256, dtype=np.uint8).reshape(1, 16, 16).repeat(2, axis=0)
    tensor = to_tensor(images)
    assert tensor.shape == (2, 1, 16, 16) and tensor.dtype == torch.float32
    assert tensor[0, 0, -1, -1].item() == 1.0 and tensor[0, 0, 0, 0].item() == -1.0  # paper +1, ink -1
    assert np.array_equal(to_uint8(tensor), images)
    wild = torch.tensor([[[[-3.0, 5.0]]]])
    assert to_uint8(wild).tolist() == [[[0, 255]]]


def test_handwriting_pngs_become_targets(tmp_path):
    hand = tmp_path / "hand"
    hand.mkdir()
    write_png(hand / "4E00.png", SIZE, (4, 14, 28, 18))              # 一 at the training size
    write_png(hand / "U+4E2D.png", 64, (16, 0, 48, 64), mode="RGB")   # 中 scanned at 64 px, colour
    write_png(hand / "uni56FD.png", 96, (0, 0, 48, 96))               # 国 at 96 px: left half inked
    project = make_project(tmp_path / "p", charset="text:一中国大",
                           styles=[Style(name="Hand", kind="handwriting", folder=str(hand)),
                                   Style(name="UKai", font=font_ref("ukai"))], held_out_fraction=0.3)
    data = load_pairs(project)
    hand_pairs = np.flatnonzero(data.pair_style == 0)
    assert sorted(data.codepoints_of(hand_pairs)) == sorted(map(ord, "一中国"))   # 大 has no PNG
    assert len(np.flatnonzero(data.pair_style == 1)) == 4
    targets = {cp: data.targets[i] for cp, i in zip(data.codepoints_of(hand_pairs), hand_pairs)}
    assert targets[ord("一")].shape == (SIZE, SIZE)
    expected = np.full((SIZE, SIZE), 255, np.uint8)
    expected[14:18, 4:28] = 0
    assert np.array_equal(targets[ord("一")], expected)               # same size: copied exactly
    zhong = targets[ord("中")]                                        # resized 64 -> 32
    assert zhong[:, 10:22].mean() < 20 and zhong[:, :6].min() > 235 and zhong[:, 26:].min() > 235
    guo = targets[ord("国")]                                          # resized 96 -> 32
    assert guo[:, :14].mean() < 20 and guo[:, 18:].min() > 235
    for i in hand_pairs:                                              # paired with the source glyph
        cp = data.codepoints_of([i])[0]
        assert np.array_equal(data.sources[data.pair_char[i]], render_glyph(project.source_face(), cp, SIZE))


def test_handwriting_file_names_in_any_case_are_read(tmp_path):
    hand = tmp_path / "hand"
    hand.mkdir()
    write_png(hand / "4e00.png", SIZE, (4, 14, 28, 18))      # lower-case hex
    write_png(hand / "u+4e2d.png", SIZE, (14, 2, 18, 30))
    write_png(hand / "u56FD.png", SIZE, (2, 2, 30, 30))
    project = make_project(tmp_path / "p", charset="text:一中国",
                           styles=[Style(name="Hand", kind="handwriting", folder=str(hand))])
    data = load_pairs(project)
    assert sorted(data.codepoints_of(range(len(data.targets)))) == sorted(map(ord, "一中国"))
    assert all((t < 128).any() for t in data.targets)


def test_unreadable_handwriting_png_names_the_file(tmp_path):
    hand = tmp_path / "hand"
    hand.mkdir()
    write_png(hand / "4E00.png", SIZE, (4, 14, 28, 18))
    (hand / "4E2D.png").write_bytes(b"not a png at all")
    project = make_project(tmp_path / "p", charset="text:一中",
                           styles=[Style(name="Hand", kind="handwriting", folder=str(hand))])
    with pytest.raises(ProjectError) as info:
        build_pairs(project, SIZE)
    assert "4E2D.png" in str(info.value) and "\n" not in str(info.value)


def test_pair_data_is_plain_arrays(data):
    assert isinstance(data, PairData)
    assert data.pair_held_out.dtype == bool and data.pair_char.dtype == np.int64
