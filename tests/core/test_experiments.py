"""The discriminator comparison: config variants, stability figures, and a two-cell grid end to end."""

import json

from torch.nn.utils import parametrize

from core.cli import main
from core.config import Config
from core.experiments.grid import DEFAULT_CELLS, GridSpec, run_config
from core.experiments.stability import run_stability, saturated
from core.model.factory import build_discriminator


def _cell(name):
    return next(c for c in DEFAULT_CELLS if c.name == name)


def test_zi2zi_batchnorm_discriminator_has_no_spectral_norm():
    spec = GridSpec(image_size=32, tiny=True)
    default = build_discriminator(run_config(Config(), spec, _cell("sn"), 0))
    original = build_discriminator(run_config(Config(), spec, _cell("bn"), 0))
    assert parametrize.is_parametrized(default.real_fake, "weight")
    assert not any(parametrize.is_parametrized(m) for m in original.modules())
    assert any(type(m).__name__ == "BatchNorm2d" for m in original.modules())


def test_saturation_means_scores_pinned_at_the_ends():
    assert saturated("bce", 0.99, 0.01) and not saturated("bce", 0.8, 0.2)
    assert saturated("hinge", 1.5, -1.2) and not saturated("hinge", 0.5, -1.2)
    assert saturated("wgan-gp", 50.0, -50.0) is None
    losses = {"step": [1, 2, 3, 4], "d_adversarial": [1.0, 0.5, 0.1, 0.0], "g_adversarial": [0.7, 0.9, 1.0, 1.1],
              "d_real": [0.5, 0.9, 0.97, 0.99], "d_fake": [0.5, 0.1, 0.03, 0.01]}
    curve = {"held_out_l1": [0.30, 0.20, 0.25]}
    figures = run_stability("bce", losses, curve)
    assert figures["saturated_fraction"] == 0.5 and figures["first_saturated_step"] == 3
    assert abs(figures["held_out_l1_rise"] - 0.05) < 1e-12   # collapse shows as a rise after the best


def test_two_cell_grid_completes_and_resumes(tmp_path, capsys):
    out = tmp_path / "grid"
    args = ["compare-discriminators", "--out", str(out), "--size", "32", "--steps", "4", "--seconds", "600",
            "--seeds", "1", "--cells", "sn,bn", "--tiny", "--workers", "1"]
    assert main(args) == 0
    runs = sorted((out / "runs").glob("*.json"))
    assert [p.name for p in runs] == ["bn--seed0.json", "sn--seed0.json"]
    result = json.loads(runs[1].read_text())
    assert result["steps_done"] == 4 and result["stopped_by"] == "steps"
    assert [row["name"] for row in result["quality"]] == ["model", "copy source", "target shifted 1px"]
    report = (out / "report.md").read_text()
    assert "SN, no BN, hinge" in report and "BN, no SN" in report and "## Stability" in report
    # Each SN cell is set against the BatchNorm D with the same loss and schedule.
    assert "SN, no BN, hinge (first default) against BN, no SN (zi2zi's D), per quality figure" in report
    assert (out / "held-out-l1.png").is_file()
    # A killed grid continues: only the missing run is trained again.
    kept = runs[1].stat().st_mtime_ns
    runs[0].unlink()
    capsys.readouterr()
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "bn seed 0" in printed and "sn seed 0" not in printed
    assert runs[0].is_file() and runs[1].stat().st_mtime_ns == kept


def test_grid_with_two_workers_splits_the_runs(tmp_path, capsys):
    out = tmp_path / "grid"
    args = ["compare-discriminators", "--out", str(out), "--size", "32", "--steps", "3", "--seconds", "600",
            "--seeds", "2", "--cells", "sn", "--tiny", "--workers", "2"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in (out / "runs").glob("*.json")) == ["sn--seed0.json", "sn--seed1.json"]
    assert not list((out / "runs").glob("*.lock"))
    assert (out / "report.md").is_file() and (out / "worker-2.log").is_file()
    helper_log = (out / "worker-2.log").read_text()
    # Both processes claim runs from the same plan; between them every run is done exactly once.
    ran_here = printed.count(": 3 steps in")
    ran_by_helper = helper_log.count(": 3 steps in")
    assert ran_here + ran_by_helper == 2, (printed, helper_log)


def test_the_grid_always_holds_todays_default_and_pairs_sn_cells_with_their_batchnorm_twin():
    from core.experiments.grid import BASE_FACTORS
    from core.experiments.report import _batchnorm_twin, default_cell

    summary = {"cells": {c.name: {"label": c.label, "factors": {**BASE_FACTORS, **c.overrides}}
                         for c in DEFAULT_CELLS}}
    name = default_cell(summary)
    assert name is not None, "the defaults moved to a configuration the comparison grid does not run"
    config = Config()
    factors = summary["cells"][name]["factors"]
    assert factors["train.adversarial_loss"] == config.train.adversarial_loss
    assert factors["model.discriminator_norm"] == config.model.discriminator_norm
    assert {n: _batchnorm_twin(summary, n) for n in ("sn", "sn-bce", "sn-bce-1d2g", "bn")} == {
        "sn": "bn", "sn-bce": "bn-bce", "sn-bce-1d2g": "zi2zi", "bn": None}


def test_grid_on_a_second_pair_learns_the_named_target_from_the_demo_source(tmp_path):
    from core.project import Project

    out = tmp_path / "grid"
    args = ["compare-discriminators", "--out", str(out), "--size", "32", "--steps", "2", "--seconds", "600",
            "--seeds", "1", "--cells", "sn-recipe", "--tiny", "--workers", "1", "--target", "demo:uming"]
    assert main(args) == 0
    data = Project.open(out / "data")
    assert len(data.styles) == 1 and "UMing" in data.styles[0].name
    assert len(data.charset()) > 100   # the demo charset, as the demo pair uses
    assert json.loads((out / "runs" / "sn-recipe--seed0.json").read_text())["steps_done"] == 2
