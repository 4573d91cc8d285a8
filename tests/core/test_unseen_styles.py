"""Held-out styles: a base model never trains on them, and eval scores them after a K-shot embedding fit."""

import json
import math

import numpy as np
import pytest
import torch

from core.cli import main
from core.dataset import load_pairs
from core.errors import ProjectError
from core.fonts import RESOURCES_DIR, demo_font_paths
from core.project import RESOURCE_PREFIX, FontRef, Project, Style
from core.recipes.held_out import check_fonts_share
from core.reports import CheckpointReport
from core.training.checkpoint import load_checkpoint
from core.training.loop import train
from tests.core.training_fixtures import tiny_config

HELD = "AR PL UMing"


def _ref(name: str) -> FontRef:
    return FontRef(RESOURCE_PREFIX + str(demo_font_paths()[name].relative_to(RESOURCES_DIR)))


def _three_style_project(root) -> Project:
    styles = [Style("AR PL UKai", font=_ref("ukai")), Style(HELD, font=_ref("uming")),
              Style("LXGW WenKai", font=_ref("wenkai"))]
    project = Project.create(root, source=_ref("microhei"), styles=styles, name="base", held_out=check_fonts_share)
    project.config.data.charset = RESOURCE_PREFIX + "charsets/demo-hanzi.txt"
    tiny_config(project.config, steps=20)
    project.hold_out_styles([HELD])
    return project


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    torch.set_num_threads(1)
    project = _three_style_project(tmp_path_factory.mktemp("unseen") / "p")
    checkpoints = [r.path for r in train(project) if isinstance(r, CheckpointReport)]
    return Project.open(project.root), checkpoints


def test_held_out_styles_persist_and_never_reach_training(trained):
    project, checkpoints = trained
    assert project.held_out_styles == [HELD]                 # read back from project.json
    held_id = project.style_id(HELD)
    data = load_pairs(project)
    assert held_id not in set(data.pair_style[data.train_indices])
    assert held_id not in set(data.pair_style[data.held_out_indices])
    assert len(data.unseen_style_indices(held_id, held_out=True)) > 0   # kept for the unseen-style split
    # Adam leaves a row with no gradient exactly where it started; trained rows move.
    first, last = (load_checkpoint(p)["generator"]["embedding.weight"] for p in (checkpoints[0], checkpoints[-1]))
    assert torch.equal(first[held_id], last[held_id])
    assert not torch.equal(first[0], last[0])


def test_eval_reports_the_held_out_styles_section(trained, capsys):
    project, _ = trained
    assert main(["eval", str(project.root), "--classifier-epochs", "2", "--shots", "24", "--fit-steps", "40",
                 "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result["per_style"]) == {"AR PL UKai", "LXGW WenKai"}    # seen styles only
    section = result["held_out_styles"]
    assert section["split"] == "held-out styles (K-shot embedding fit)" and section["styles"] == [HELD]
    rows = section["per_style"][HELD]
    assert [r["name"] for r in rows] == ["model", "copy source", "target shifted 1px"]
    assert all(math.isfinite(r[k]) for r in rows for k in ("l1", "ssim", "chamfer", "frechet"))
    fit = section["embedding_fit"][HELD]
    assert fit["shots"] == 24
    assert fit["l1_before"] > fit["l1_after"]                # fitting the row learns the unseen style
    saved = json.loads((project.root / "evaluation.json").read_text(encoding="utf-8"))
    assert saved["held_out_styles"]["per_style"][HELD][0]["count"] == rows[0]["count"]


def test_hold_out_by_count_is_repeatable_and_keeps_a_style_to_train(tmp_path):
    a = _three_style_project(tmp_path / "a")
    assert a.hold_out_styles(1) == a.hold_out_styles("1") and len(a.held_out_styles) == 1
    with pytest.raises(ProjectError, match="no font style named"):
        a.hold_out_styles("Comic Sans")
    with pytest.raises(ProjectError, match="leaves none to train on"):
        a.hold_out_styles(3)


def test_base_model_command_holds_out_styles(tmp_path, capsys):
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in ("ukai", "uming", "wenkai"):
        (fonts / demo_font_paths()[name].name).symlink_to(demo_font_paths()[name])
    charset = str(RESOURCES_DIR / "charsets" / "demo-hanzi.txt")
    assert main(["base-model", str(tmp_path / "base"), "--fonts", str(fonts), "--source", "demo:microhei",
                 "--charset", charset, "--hold-out-styles", "1"]) == 0
    project = Project.open(tmp_path / "base")
    assert len(project.styles) == 3 and len(project.held_out_styles) == 1
    assert "styles held out: " + project.held_out_styles[0] in capsys.readouterr().out
    assert np.isin(project.held_out_styles, [s.name for s in project.styles]).all()


def test_base_model_from_a_list_of_faces(tmp_path, capsys):
    """--faces: exactly the listed faces, in order, relative paths from the list's folder, comments skipped."""
    listing = tmp_path / "faces.txt"
    wenkai = demo_font_paths()["wenkai"]
    (tmp_path / wenkai.name).symlink_to(wenkai)
    listing.write_text(f"# the faces\n{demo_font_paths()['ukai']}#0   # AR PL UKai\n\n{wenkai.name}\n", encoding="utf-8")
    charset = str(RESOURCES_DIR / "charsets" / "demo-hanzi.txt")
    assert main(["base-model", str(tmp_path / "base"), "--faces", str(listing), "--source", "demo:microhei",
                 "--charset", charset]) == 0
    project = Project.open(tmp_path / "base")
    assert [s.font.path for s in project.styles] == [str(demo_font_paths()["ukai"].resolve()),
                                                      str((tmp_path / wenkai.name).resolve())]


def test_base_model_list_naming_a_missing_font_says_which_line(tmp_path, capsys):
    listing = tmp_path / "faces.txt"
    listing.write_text(f"{demo_font_paths()['ukai']}\n/nowhere/gone.ttf  # not installed\n", encoding="utf-8")
    assert main(["base-model", str(tmp_path / "base"), "--faces", str(listing), "--source", "demo:microhei"]) != 0
    err = capsys.readouterr().err
    assert "faces.txt, line 2" in err and "gone.ttf" in err and "Traceback" not in err
    assert not (tmp_path / "base").exists()
