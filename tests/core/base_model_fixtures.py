"""A tiny packed multi-style base model (32 px, untrained narrow net) whose fonts live in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.fonts import RESOURCES_DIR, demo_font_paths
from core.model import build_generator
from core.project import Project
from core.recipes.fonts import base_model_project, parse_font_spec
from core.training.checkpoint import save_checkpoint
from tests.core.training_fixtures import tiny_config

HELD_OUT = "LXGW WenKai Regular"
DEMO_HANZI = str(RESOURCES_DIR / "charsets" / "demo-hanzi.txt")


def tiny_base_project(tmp_path: Path) -> Project:
    """A base-model project of three fonts copied into tmp_path/fonts (one held out), with one 32 px
    checkpoint of an untrained narrow generator: enough to pack, read and fine-tune from, in a second."""
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in ("ukai", "uming", "wenkai"):
        shutil.copy(demo_font_paths()[name], fonts / f"my-{name}.ttf")
    project = base_model_project(tmp_path / "base", fonts_dir=fonts, source=parse_font_spec("demo:microhei"),
                                 charset=DEMO_HANZI, image_size=32, hold_out_styles=HELD_OUT)
    config = tiny_config(project.config)
    config.model.num_styles = len(project.styles)
    project.save()
    state = {"config": config.to_dict(), "step": 1, "style_names": [s.name for s in project.styles],
             "generator": build_generator(config).state_dict()}
    save_checkpoint(project.checkpoints_dir / "step-00000001.pt", state)
    return project


def packed_base_model(tmp_path: Path, monkeypatch) -> tuple[Project, Path]:
    """tiny_base_project packed with `zi2zi pack-model` (each font's package: fonts-test-<file stem>)."""
    import core.recipes.base_model as base_model
    from core.cli import main

    project = tiny_base_project(tmp_path)
    monkeypatch.setattr(base_model, "debian_package", lambda path: f"fonts-test-{Path(path).stem}")
    packed = tmp_path / "packed" / "base-generator.pt"
    packed.parent.mkdir()
    assert main(["pack-model", str(project.root), "--out", str(packed)]) == 0
    return project, packed


TINY_DEMO_SIZE = 64   # the tests' stand-in demo model: the size the demo tests were written for, narrow and fast


def tiny_demo_model(folder: Path, image_size: int = TINY_DEMO_SIZE) -> Path:
    """A stand-in for resources/demo-model/demo-generator.pt: the demo's two styles, an untrained narrow 64 px
    generator, packed as the real one is (generator-only fp16). Tests never load the shipped 128 px file."""
    from core.config import Config
    from core.recipes.demo import demo_font_styles
    from core.training.checkpoint import save_generator_file

    config = Config()   # the real file's training settings are the defaults too; only the net is tiny
    config.data.image_size = image_size
    config.model.generator_channels, config.model.discriminator_channels, config.model.embedding_dim = 8, 8, 16
    names = [s.name for s in demo_font_styles()]
    config.model.num_styles = len(names)
    path = folder / "demo-model" / "demo-generator.pt"
    path.parent.mkdir(parents=True, exist_ok=True)
    state = {"config": config.to_dict(), "step": 1, "style_names": names,
             "generator": build_generator(config).state_dict()}
    return save_generator_file(path, state)


def use_tiny_demo_model(monkeypatch, model: Path) -> None:
    """Point the demo recipe and the base-model fallback at `model`, remembered as the bundled file is."""
    import core.recipes.base_model as base_model
    import core.recipes.demo as demo

    stored = base_model._stored_name
    monkeypatch.setattr(demo, "DEMO_MODEL", model)
    monkeypatch.setattr(base_model, "DEMO_MODEL", model)
    monkeypatch.setattr(base_model, "_stored_name", lambda path: "resource:demo-model/demo-generator.pt"
                        if Path(path).resolve() == model.resolve() else stored(path))
