"""Project recipes: one held-out policy for every way a project is made, the CLI and the wizard alike, and
every recipe's project opens and trains."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from core.fonts import demo_font_paths
from core.project import FontRef, Project
from core.recipes.held_out import choose_held_out, font_characters, font_count, hand_count, written_characters
from core.reports import FinishedReport
from core.training.checkpoint import CheckpointStore
from core.training.loop import train
from tests.core.test_handwriting_training import _write_hand
from tests.core.training_fixtures import tiny_config, tiny_project


def _trains(root: Path) -> None:
    """The project opens from disk and trains two tiny steps."""
    project = Project.open(root)
    tiny_config(project.config, steps=2)
    project.config.train.eval_every = project.config.train.checkpoint_every = 2
    project.save()
    finished = list(train(project))[-1]
    assert isinstance(finished, FinishedReport) and finished.step == 2


def test_policy_counts():
    assert font_count(634, 0.1, 200) == 63 and font_count(5000, 0.1, 200) == 200
    assert font_count(2, 0.1, 200) == 1 and font_count(1, 0.1, 200) == 0   # one at least stays to train on
    assert hand_count(300, 0.1, 200) == 30 and hand_count(120, 0.1, 200) == 12
    assert hand_count(20, 0.1, 200) == 4 and hand_count(8, 0.1, 200) == 2   # a small sample keeps 3/4
    assert hand_count(0, 0.1, 200) == 0


def test_a_hand_holds_nothing_out_until_written_and_then_the_same_whatever_the_order(tmp_path):
    from core.handwriting import new_handwriting_project, prepare_training

    project = new_handwriting_project(tmp_path / "a", name="Hand", image_size=32)
    fonts_only = list(project.held_out)
    assert fonts_only and set(fonts_only) <= set(font_characters(project))   # the fonts' share, nothing of the hand
    chars = project.charset()[:120]
    folder = project.style_folder(project.style_id("My handwriting"))
    _write_hand(folder, chars[:60], 32)                 # a first batch of pages, then the rest
    prepare_training(project)
    _write_hand(folder, chars, 32)
    prepare_training(project)
    at_once = new_handwriting_project(tmp_path / "b", name="Hand", image_size=32)
    _write_hand(at_once.style_folder(at_once.style_id("My handwriting")), chars, 32)
    prepare_training(at_once)
    assert project.held_out == at_once.held_out == Project.open(project.root).held_out
    assert set(fonts_only) <= set(project.held_out)     # glyphs arriving never change the fonts' split
    hand = set(project.held_out) & set(written_characters(project, len(project.styles) - 1))
    assert len(hand) >= hand_count(120, 0.1, 200)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    """A tiny two-font project trained two steps: a base model to fine-tune, with a folder of written glyphs."""
    root = tmp_path_factory.mktemp("base")
    project = tiny_project(root / "base", steps=2)
    list(train(project))
    glyphs = root / "glyphs"
    _write_hand(glyphs, project.charset()[:40], 32)
    return project, glyphs


def test_cli_and_wizard_make_the_same_fine_tuning_project(base, tmp_path, capsys):
    from core.cli import main
    from core.handwriting import new_handwriting_project, prepare_training
    from core.recipes.base_model import read_base_model

    project, glyphs = base
    assert main(["handwriting-project", str(tmp_path / "cli"), "--base", str(project.root), "--glyphs",
                 str(glyphs), "--name", "Hand"]) == 0
    cli = Project.open(tmp_path / "cli")
    model = read_base_model(CheckpointStore(project.checkpoints_dir).best())
    wizard = new_handwriting_project(tmp_path / "wizard", name="Hand", style_name="Hand", base_model=model)
    shutil.copytree(cli.style_folder(2), wizard.style_folder(2), dirs_exist_ok=True)  # the same written glyphs
    prepare_training(wizard)
    assert [s.name for s in cli.styles] == [s.name for s in wizard.styles] == ["AR PL UKai", "LXGW WenKai", "Hand"]
    assert cli.held_out == wizard.held_out
    fonts = set(font_characters(cli))
    assert {c for c in cli.held_out if c in fonts} >= set(project.held_out)   # the base model never saw them
    assert set(cli.held_out) & set(written_characters(cli, 2))                # and some of the hand is unseen
    assert cli.config.to_dict() == wizard.config.to_dict()                    # the same fine-tuning settings
    _trains(cli.root)


def _font(name: str) -> FontRef:
    return FontRef(str(demo_font_paths()[name]), 0)


def _font_project(root: Path) -> None:
    from core.config import Config
    from core.recipes.fonts import font_project

    config = Config()
    config.data.charset = "text:永和九年岁在癸丑暮春之初会于会稽山阴之兰亭"
    font_project(root, source=_font("microhei"), targets=[_font("ukai"), _font("ukai")], config=config)
    assert [s.name for s in Project.open(root).styles] == ["AR PL UKai CN Book", "AR PL UKai CN Book 2"]


def _base_model_project(root: Path) -> None:
    from core.fonts import RESOURCES_DIR
    from core.recipes.fonts import base_model_project

    fonts = root.parent / "fonts"
    fonts.mkdir()
    for name in ("ukai", "wenkai"):
        shutil.copy(demo_font_paths()[name], fonts)
    base_model_project(root, fonts_dir=fonts, source=_font("microhei"), charset=str(RESOURCES_DIR / "charsets" / "demo-hanzi.txt"),
                       image_size=32)


def _demo_project(root: Path) -> None:
    from core.recipes.demo import demo_project

    demo_project(root, image_size=32)


def _handwriting_project(root: Path) -> None:
    from core.charsets import charset_codepoints
    from core.fonts import RESOURCES_DIR
    from core.recipes.handwriting import handwriting_project

    glyphs = root.parent / "glyphs"
    _write_hand(glyphs, charset_codepoints(str(RESOURCES_DIR / "charsets" / "demo-hanzi.txt"))[:20], 32)
    project = handwriting_project(root, name="Hand", image_size=32, glyphs=glyphs, normalize=False)
    assert set(project.held_out) & set(written_characters(project, len(project.styles) - 1))


@pytest.mark.parametrize("make", [_font_project, _base_model_project, _demo_project, _handwriting_project],
                         ids=["fonts", "base-model", "demo", "handwriting"])
def test_every_recipe_makes_a_project_that_opens_and_trains(make, tmp_path):
    make(tmp_path / "p")
    project = Project.open(tmp_path / "p")
    assert project.held_out == choose_held_out(project)     # the one policy
    _trains(tmp_path / "p")
