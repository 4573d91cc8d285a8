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
    # A second start on the same folder appends to the helper's log instead of erasing it.
    assert main(args) == 0
    again = (out / "worker-2.log").read_text()
    assert again.startswith(helper_log) and again.count("--- worker 2 of process") == 2


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


def test_a_helper_worker_gets_the_same_targets():
    from core.cli import build_parser
    from core.commands.quality import _helper_argv

    args = build_parser().parse_args(["compare-discriminators", "--out", "g", "--target", "a.ttf", "--target",
                                      "demo:uming"])
    helper = build_parser().parse_args(_helper_argv(args))
    assert helper.target == ["a.ttf", "demo:uming"]


def test_a_helper_stopped_by_ctrl_c_is_reported_as_stopped_not_failed(tmp_path):
    import subprocess
    import sys

    from core.commands.quality import EXIT_STOPPED, _wait_for_helpers

    def helper(code: int, name: str):
        log_path = tmp_path / name
        process = subprocess.Popen([sys.executable, "-c", f"raise SystemExit({code})"])
        return process, open(log_path, "w"), log_path

    assert _wait_for_helpers([helper(EXIT_STOPPED, "a.log"), helper(0, "b.log")]) == ([], True)
    failed, stopped = _wait_for_helpers([helper(1, "c.log"), helper(0, "d.log")])
    assert failed == [str(tmp_path / "c.log")] and not stopped


def test_a_stopped_run_continues_from_its_last_checkpoint_with_the_budget_it_had_spent(tmp_path, monkeypatch):
    import core.training.loop as loop
    from core.control import JobControl
    from core.experiments.grid import RUN_STATE, run_grid
    from core.reports import CheckpointReport, FinishedReport, TrainStepReport

    real_train = loop.train
    first_steps: list[int] = []
    control = JobControl()

    def train(*args, **kwargs):
        first = None
        for report in real_train(*args, **kwargs):
            if isinstance(report, TrainStepReport) and first is None:
                first = report.step
                first_steps.append(first)
            if isinstance(report, CheckpointReport) and report.step == 4:
                control.cancel()   # as Ctrl+C would, just after the step-4 checkpoint
            yield report
    monkeypatch.setattr(loop, "train", train)
    spec = GridSpec(image_size=32, tiny=True, steps=8, seconds=600, seeds=(0,), cells=(_cell("sn-recipe"),),
                    evals=4, classifier_epochs=1)   # an evaluation and a checkpoint every 2 steps
    out = tmp_path / "grid"
    reports = list(run_grid(spec, out, control))
    assert isinstance(reports[-1], FinishedReport) and reports[-1].reason == "cancelled"
    assert not (out / "runs" / "sn-recipe--seed0.json").exists()
    stopped = json.loads((out / "projects" / "sn-recipe--seed0" / RUN_STATE).read_text())
    assert stopped["step"] == 4   # stopped at the checkpoint it had just saved

    list(run_grid(spec, out, JobControl()))
    result = json.loads((out / "runs" / "sn-recipe--seed0.json").read_text())
    assert first_steps == [1, 5]   # the second start went on from step 4, not from the beginning
    assert result["steps_done"] == 8 and result["stopped_by"] == "steps"
    steps = result["losses"]["step"]
    assert steps == sorted(set(steps)) and steps[-1] == 8   # one series, no step twice
    assert result["seconds"] >= stopped["seconds"]          # the budget spent before still counts


def test_a_run_whose_settings_changed_starts_again(tmp_path):
    from core.experiments.grid import RUN_STATE, _resumable_state

    spec = GridSpec(image_size=32, tiny=True, steps=4, seconds=600, seeds=(0,), cells=(_cell("sn-recipe"),),
                    evals=2, classifier_epochs=1)
    out = tmp_path / "grid"
    from core.experiments.grid import run_grid

    list(run_grid(spec, out))
    root = out / "projects" / "sn-recipe--seed0"
    config = Config.from_dict(json.loads((root / RUN_STATE).read_text())["config"])
    assert _resumable_state(root, config) is not None
    config.train.seed = 1
    assert _resumable_state(root, config) is None   # another seed: not this run
    config.train.seed = 0
    (root / RUN_STATE).write_text("{torn")
    assert _resumable_state(root, config) is None
