"""Drawing glyphs fast: bf16 on CPUs that have it natively, regenerable glyph files without fsync."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core import atomic_io
from core.atomic_io import write_png_atomic
from core.inference import GlyphGenerator
from core.training.checkpoint import CheckpointStore
from core.training.device import inference_autocast_dtype, native_cpu_bf16
from core.training.loop import train
from tests.core.training_fixtures import tiny_project


def test_cpu_bf16_is_only_for_drawing_and_can_be_turned_off(monkeypatch):
    cpu = torch.device("cpu")
    assert inference_autocast_dtype(cpu, True, bf16_on_cpu=False) is None          # evaluation: fp32
    assert inference_autocast_dtype(cpu, False, bf16_on_cpu=True) is None          # mixed precision off
    native_cpu_bf16.cache_clear()
    monkeypatch.setenv("ZI2ZI_CPU_BF16", "0")
    try:
        assert not native_cpu_bf16()
        assert inference_autocast_dtype(cpu, True, bf16_on_cpu=True) is None
    finally:
        native_cpu_bf16.cache_clear()


def test_bf16_glyphs_match_fp32_glyphs_where_the_cpu_has_bf16(tmp_path):
    if not native_cpu_bf16():
        pytest.skip("this CPU has no native bf16: glyphs are drawn in fp32 here")
    project = tiny_project(tmp_path / "p", steps=4)
    for _ in train(project):
        pass
    checkpoint = CheckpointStore(project.checkpoints_dir).latest()
    exact = GlyphGenerator.from_checkpoint(checkpoint, "cpu")
    fast = GlyphGenerator.from_checkpoint(checkpoint, "cpu", bf16_on_cpu=True)
    assert exact._autocast is None and fast._autocast is torch.bfloat16
    source = project.source_face()
    cps = project.charset()[:8]
    a, made, _ = exact.generate(source, cps, 0)
    b, _, _ = fast.generate(source, cps, 0)
    assert made and a.shape == b.shape
    difference = np.abs(a.astype(int) - b.astype(int))
    assert difference.mean() < 2.0                      # out of 255: the same glyphs, a few grey levels apart
    assert ((a < 128) == (b < 128)).mean() > 0.99       # ink where fp32 has ink


def test_a_regenerable_png_is_written_whole_without_fsync(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(atomic_io.os, "fsync", lambda fd: calls.append(fd))
    glyph = np.full((16, 16), 255, np.uint8)
    glyph[4:12, 4:12] = 0
    write_png_atomic(tmp_path / "4E00.png", glyph, durable=False)
    write_png_atomic(tmp_path / "4E01.png", glyph)
    from PIL import Image
    with Image.open(tmp_path / "4E00.png") as image:
        assert np.array_equal(np.asarray(image), glyph)
    assert len(calls) == 1                                # only the durable write synced
    assert sorted(p.name for p in tmp_path.iterdir()) == ["4E00.png", "4E01.png"]   # no temporary files left

