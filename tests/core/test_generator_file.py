"""Generator-only model files: small fp16 files that generate glyphs and that training starts from."""

from __future__ import annotations

import pickle
import shutil

import numpy as np
import pytest
import torch

from core.control import JobControl
from core.errors import CheckpointError
from core.generation import generate_to_project
from core.inference import GlyphGenerator
from core.reports import FinishedReport, NoticeReport
from core.training.checkpoint import BASE_NAME, CheckpointStore, is_generator_only, load_checkpoint, pack_generator
from core.training.loop import train
from tests.core.training_fixtures import tiny_project


def _trained(tmp_path, steps=10):
    project = tiny_project(tmp_path / "base", steps=steps)
    reports = list(train(project, control=JobControl()))
    assert isinstance(reports[-1], FinishedReport)
    return project


def test_a_packed_generator_is_fp16_smaller_and_generates_like_the_checkpoint(tmp_path):
    project = _trained(tmp_path)
    checkpoint = CheckpointStore(project.checkpoints_dir).latest()
    packed = pack_generator(checkpoint, tmp_path / "model.pt")
    assert packed.stat().st_size < checkpoint.stat().st_size / 4
    state = load_checkpoint(packed)  # weights_only=True, same loader as checkpoints
    assert is_generator_only(state) and "discriminator" not in state and "g_optimizer" not in state
    assert all(t.dtype == torch.float16 for t in state["generator"].values() if t.is_floating_point())
    assert state["style_names"] == [s.name for s in project.styles]

    sources = np.full((4, 32, 32), 255, np.uint8)
    sources[:, 8:24, 14:18] = 0  # a vertical stroke
    full = GlyphGenerator.from_checkpoint(checkpoint, device="cpu").generate_from_sources(sources, 1)
    small = GlyphGenerator.from_checkpoint(packed, device="cpu").generate_from_sources(sources, 1)
    # fp16 weights round; the glyphs may differ by a grey level here and there, never by a stroke.
    assert np.abs(full.astype(int) - small.astype(int)).mean() < 2.0


def test_a_base_model_in_checkpoints_previews_at_once_and_training_continues_from_it(tmp_path):
    base = _trained(tmp_path)
    packed = pack_generator(CheckpointStore(base.checkpoints_dir).latest(), tmp_path / "model.pt")
    project = tiny_project(tmp_path / "fresh", steps=3)
    shutil.copyfile(packed, project.checkpoints_dir / BASE_NAME)

    assert CheckpointStore(project.checkpoints_dir).best().name == BASE_NAME
    cps = project.held_out[:5]
    reports = list(generate_to_project(project, cps, project.styles[0].name, device="cpu"))
    assert reports[-1].outputs["count"] == "5"

    reports = list(train(project, control=JobControl()))
    assert any(isinstance(r, NoticeReport) and "base model" in r.message for r in reports)
    state = load_checkpoint(CheckpointStore(project.checkpoints_dir).latest())
    base_embedding = load_checkpoint(packed)["generator"]["embedding.weight"].float()
    # Three steps move the weights a little from the base model, nowhere near a fresh initialisation.
    assert torch.allclose(state["generator"]["embedding.weight"], base_embedding, atol=0.05)
    assert CheckpointStore(project.checkpoints_dir).best().name != BASE_NAME


def test_a_generator_file_that_is_not_ours_is_refused_readably(tmp_path):
    path = tmp_path / "other.pt"
    torch.save({"format": "something-else", "generator": {}}, path)
    with pytest.raises(CheckpointError, match="not a zi2zi Studio checkpoint"):
        load_checkpoint(path)
    evil = tmp_path / "evil.pt"
    evil.write_bytes(pickle.dumps(shutil.rmtree, protocol=2))
    with pytest.raises(CheckpointError, match="damaged"):
        load_checkpoint(evil)


def test_packed_weights_unpack_bit_for_bit_and_damage_is_refused(tmp_path):
    """The fp16 weights are stored as compressed byte planes: loading gives back exactly the fp16 weights."""
    from core.training.checkpoint import PACKED_WEIGHTS_KEY, _save_payload, inference_weights

    project = _trained(tmp_path, steps=2)
    full = load_checkpoint(CheckpointStore(project.checkpoints_dir).latest())
    out = pack_generator(CheckpointStore(project.checkpoints_dir).latest(), tmp_path / "model.pt")
    raw = torch.load(out, weights_only=True)
    assert PACKED_WEIGHTS_KEY in raw and "generator" not in raw
    packed = load_checkpoint(out)
    for name, tensor in inference_weights(full).items():
        expected = tensor.half() if tensor.is_floating_point() else tensor
        assert packed["generator"][name].dtype == expected.dtype
        assert torch.equal(packed["generator"][name], expected), name
    raw[PACKED_WEIGHTS_KEY]["planes"][0] = raw[PACKED_WEIGHTS_KEY]["planes"][0][:-10]
    raw.pop("digest")
    _save_payload(tmp_path / "cut.pt", raw)   # a consistent digest over planes that no longer unpack
    with pytest.raises(CheckpointError, match="packed weights do not unpack"):
        load_checkpoint(tmp_path / "cut.pt")
