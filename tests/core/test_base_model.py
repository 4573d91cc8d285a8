"""The bundled base model: a packed model names its styles' fonts, fine-tuning finds them, the wizard takes its size."""

from __future__ import annotations

import logging
import shutil

import pytest
import torch

import core.recipes.base_model as base_model
from core.fonts import RESOURCES_DIR, demo_font_paths
from core.recipes.base_model import bundled_base_model, bundled_model_size, read_base_model
from core.training.checkpoint import is_generator_only, load_checkpoint, packed_fonts
from tests.core.base_model_fixtures import HELD_OUT, packed_base_model

SHIPPED = RESOURCES_DIR / "base-model" / "base-generator.pt"   # the real one; conftest hides it from other tests


def test_a_packed_model_names_each_style_font_and_the_unseen_styles(tmp_path, monkeypatch):
    project, packed = packed_base_model(tmp_path, monkeypatch)
    state = torch.load(packed, map_location="cpu", weights_only=True)   # plain values only
    assert is_generator_only(state) and "discriminator" not in state
    fonts = packed_fonts(load_checkpoint(packed))
    names = [s.name for s in project.styles]
    assert sorted(fonts["style_fonts"]) == sorted(names) and fonts["held_out_styles"] == [HELD_OUT]
    ukai = fonts["style_fonts"]["AR PL UKai CN Book"]
    assert ukai == {"path": str((tmp_path / "fonts" / "my-ukai.ttf").resolve()), "index": 0,
                    "family": "AR PL UKai CN", "style": "Book", "package": "fonts-test-my-ukai"}
    assert fonts["source_font"]["path"] == "resource:fonts/microhei-demo.ttf"


def test_old_packed_files_without_fonts_still_load_and_the_demo_model_stays_the_fallback(tmp_path, monkeypatch):
    from core.recipes.demo import DEMO_MODEL  # the tests' stand-in (conftest), packed without font references
    assert packed_fonts(load_checkpoint(DEMO_MODEL)) == {"source_font": None, "style_fonts": {}, "held_out_styles": []}
    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", tmp_path / "absent.pt")
    assert bundled_base_model() == DEMO_MODEL and bundled_model_size() == 64
    model = read_base_model()
    assert model.bundled and model.stored == "resource:demo-model/demo-generator.pt"
    assert [f.name for f in model.fonts] == ["AR PL UKai", "LXGW WenKai"]


def test_the_bundled_base_model_replays_the_fonts_its_file_names(tmp_path, monkeypatch):
    _, packed = packed_base_model(tmp_path, monkeypatch)
    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", packed)
    assert bundled_base_model() == packed and bundled_model_size() == 32
    model = read_base_model()      # no home project: only the file's own font references find the fonts
    assert [f.name for f in model.fonts] == model.style_names and len(model.fonts) == 3
    assert model.fonts[0].font.path == str((tmp_path / "fonts" / "my-ukai.ttf").resolve())
    assert model.held_out_styles == [HELD_OUT] and model.image_size == 32


def test_a_missing_or_different_font_is_not_replayed_and_the_log_names_its_package(tmp_path, monkeypatch, caplog):
    _, packed = packed_base_model(tmp_path, monkeypatch)
    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", packed)
    fonts = tmp_path / "fonts"
    (fonts / "my-uming.ttf").unlink()                                   # not on this machine
    shutil.copy(demo_font_paths()["wenkai"], fonts / "my-ukai.ttf")     # another family at that path
    # The bundled demo subsets of the same faces stand in when the file's fonts are not here...
    model = read_base_model()
    assert [f.font.path for f in model.fonts][:2] == ["resource:fonts/ukai-demo.ttf", "resource:fonts/uming-demo.ttf"]
    # ... and without them, those rows are not replayed: one log line, no error.
    monkeypatch.setattr(base_model, "_bundled_subsets", lambda: {})
    with caplog.at_level(logging.INFO, logger="core.recipes.base_model"):
        model = read_base_model()
    assert [f.name for f in model.fonts] == [HELD_OUT] and len(model.style_names) == 3
    line = [r.getMessage() for r in caplog.records if "replayed in fine-tuning" in r.getMessage()]
    assert len(line) == 1 and line[0].startswith("1 of 3 styles")
    assert "fonts-test-my-ukai" in line[0] and "fonts-test-my-uming" in line[0]
    assert all(r.levelno < logging.WARNING for r in caplog.records)


def test_handwriting_projects_take_the_bundled_base_model_and_its_size(tmp_path, monkeypatch, capsys):
    from core.cli import main
    from core.handwriting import WizardState, new_handwriting_project, training_plan
    from tests.core.test_handwriting_training import _write_hand

    _, packed = packed_base_model(tmp_path, monkeypatch)
    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", packed)
    project = new_handwriting_project(tmp_path / "hand", name="Hand", image_size=128,
                                      base_model=read_base_model(), style_name="Hand")
    assert project.config.data.image_size == 32                        # the model's size, not the asked 128
    assert [s.name for s in project.styles][-1] == "Hand" and len(project.styles) == 4
    assert project.held_out_styles == [HELD_OUT]                       # unseen by the base stays unseen
    assert load_checkpoint(project.checkpoints_dir / "base.pt")["style_names"] == read_base_model().style_names
    plan = training_plan(project, WizardState.load(project.root))
    assert plan.base == packed.name and HELD_OUT not in plan.fonts and len(plan.fonts) == 2   # unseen: not trained

    glyphs = tmp_path / "written"
    _write_hand(glyphs, project.charset()[:60], 64)
    capsys.readouterr()
    assert main(["handwriting-project", str(tmp_path / "cli"), "--glyphs", str(glyphs), "--name", "Hand"]) == 0
    out = capsys.readouterr().out
    assert "32 px (the base model's size)" in out and "2 font styles of the base model trained beside" in out
    from core.project import Project
    cli = Project.open(tmp_path / "cli")
    assert cli.config.data.image_size == 32 and (cli.checkpoints_dir / "base.pt").is_file()
    assert [s.name for s in cli.styles] == [s.name for s in project.styles]


@pytest.mark.skipif(not SHIPPED.is_file(), reason="the base model is packed at the end of its training")
def test_the_shipped_base_model_is_small_fp16_128_px_and_names_its_fonts():
    assert SHIPPED.stat().st_size <= 30e6
    state = load_checkpoint(SHIPPED)
    assert is_generator_only(state) and state["config"]["data"]["image_size"] == 128
    assert all(t.dtype == torch.float16 for t in state["generator"].values() if t.is_floating_point())
    fonts = packed_fonts(state)
    assert set(fonts["style_fonts"]) == set(state["style_names"]) and len(fonts["held_out_styles"]) >= 3


def test_a_hand_fine_tuned_without_some_base_fonts_is_drawn_with_its_own_row(tmp_path, monkeypatch):
    from core.handwriting import new_handwriting_project
    from core.inference import GlyphGenerator
    from core.training.checkpoint import save_checkpoint

    _, packed = packed_base_model(tmp_path, monkeypatch)
    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", packed)
    monkeypatch.setattr(base_model, "_bundled_subsets", lambda: {})
    (tmp_path / "fonts" / "my-uming.ttf").unlink()
    project = new_handwriting_project(tmp_path / "hand", name="Hand", base_model=read_base_model(), style_name="Hand")
    assert [s.name for s in project.styles] == ["AR PL UKai CN Book", HELD_OUT, "Hand"]
    # Fine-tuning keeps every row of the base and appends the hand's (core.training.trainer): 4 rows, hand last.
    state = load_checkpoint(project.checkpoints_dir / "base.pt")
    rows = state["style_names"] + ["Hand"]
    save_checkpoint(project.checkpoints_dir / "step-00000002.pt", {**state, "style_names": rows, "step": 2})
    model = GlyphGenerator.from_project(project, device="cpu")
    assert [model.style_row(i) for i in range(3)] == [0, 2, 3]     # by name, not the project's index


def test_the_source_is_the_bundled_subset_unless_the_characters_need_the_model_s_own_source(tmp_path):
    import dataclasses

    from core.project import FontRef
    from core.recipes.demo import DEMO_CHARSET, demo_source
    from core.recipes.handwriting import default_source

    own = FontRef(str(tmp_path / "wqy-microhei.ttc"), 0)   # a packed model's source font found on this machine
    model = dataclasses.replace(read_base_model(), source=own)
    assert default_source(DEMO_CHARSET, model) == demo_source()          # the subset has the demo characters
    assert default_source("gb2312", model) == own                         # it lacks most of GB 2312
    assert default_source("gb2312", None) == demo_source()


SHIPPED_DEMO = RESOURCES_DIR / "demo-model" / "demo-generator.pt"   # the real one; conftest swaps in a tiny one


def test_the_shipped_demo_model_draws_the_demo_styles_at_its_size():
    """The file the demo opens with: generator-only fp16, under the 20 MB a tracked file may take, one row per
    demo style by name, and it draws a readable-sized glyph (ink, not a blank or a solid square)."""
    import numpy as np

    from core.inference import GlyphGenerator
    from core.recipes.demo import demo_font_styles

    assert SHIPPED_DEMO.stat().st_size <= 20e6
    state = load_checkpoint(SHIPPED_DEMO)
    assert is_generator_only(state) and state["config"]["data"]["image_size"] == 128
    assert all(t.dtype == torch.float16 for t in state["generator"].values() if t.is_floating_point())
    assert state["style_names"] == [s.name for s in demo_font_styles()]
    model = GlyphGenerator.from_checkpoint(SHIPPED_DEMO, device="cpu")
    source = np.full((1, 128, 128), 255, np.uint8)
    source[0, 60:68, 24:104] = 0                                   # 一
    glyph = model.generate_from_sources(source, "LXGW WenKai")[0]
    assert 0.01 < (glyph < 128).mean() < 0.3
