"""Training behaves as a designer relies on: it learns, pauses, resumes exactly, survives NaN, saves safely."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import torch

from core.control import JobControl
from core.dataset import load_pairs
from core.errors import CheckpointError, TrainingError
from core.model import losses
from core.reports import CheckpointReport, EvalReport, FinishedReport, NoticeReport, SampleReport, TrainStepReport
from core.training.checkpoint import CheckpointStore, load_checkpoint
from core.training.loop import train
from core.training.trainer import Trainer
from tests.core.training_fixtures import tiny_project


def _run(project, **kwargs):
    return list(train(project, **kwargs))


def test_reports_come_in_a_sensible_order_and_hold_plain_values(tmp_path):
    project = tiny_project(tmp_path / "p", steps=20)
    reports = _run(project)
    kinds = {type(r) for r in reports}
    assert {TrainStepReport, EvalReport, SampleReport, CheckpointReport, FinishedReport} <= kinds
    assert isinstance(reports[-1], FinishedReport) and reports[-1].reason == "completed"
    step = next(r for r in reports if isinstance(r, TrainStepReport))
    assert {"d_total", "g_total", "g_l1", "g_constant", "g_category", "g_adversarial"} <= set(step.losses)
    assert all(isinstance(v, float) for v in step.losses.values())
    assert step.images_per_second > 0 and step.spectral_norms
    sample = next(r for r in reports if isinstance(r, SampleReport))
    assert sample.grid.dtype == np.uint8 and sample.grid.ndim == 2
    assert (project.samples_dir / "step-00000010.png").is_file()
    # samples are written de-normalised in eval mode: paper is white, not clamped to black
    assert np.median(sample.grid) > 200


def test_default_discriminator_keeps_every_spectrally_normalised_layer_near_one(tmp_path):
    project = tiny_project(tmp_path / "p", steps=60)
    reports = _run(project)
    last = [r for r in reports if isinstance(r, TrainStepReport)][-1]
    normalised = {k: v for k, v in last.spectral_norms.items() if not k.startswith("category")}
    assert len(normalised) == 6  # 4 convs, the real/fake head, the projection embedding
    for name, sigma in normalised.items():
        assert 0.9 <= sigma <= 1.1, (name, sigma)
    state = load_checkpoint(CheckpointStore(project.checkpoints_dir).latest())
    keys = state["discriminator"].keys()
    assert any("parametrizations.weight.original" in k for k in keys)
    assert not any("running_mean" in k for k in keys)  # SN without BatchNorm: the norm would undo it


def test_zi2zis_batchnorm_discriminator_is_one_setting_away(tmp_path):
    project = tiny_project(tmp_path / "p", steps=4)
    m = project.config.model
    m.discriminator_norm, m.discriminator_spectral_norm, m.discriminator_conditioning = "batch", False, "category"
    project.save()
    reports = _run(project)
    assert [r for r in reports if isinstance(r, TrainStepReport)][-1].spectral_norms  # still plotted
    keys = load_checkpoint(CheckpointStore(project.checkpoints_dir).latest())["discriminator"].keys()
    assert any("running_mean" in k for k in keys)
    assert not any("parametrizations" in k for k in keys)


def test_stroke_emphasis_reaches_the_generators_l1_term(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "p", steps=3)
    project.config.train.stroke_weight = 3.0
    project.save()
    weights = []
    real_loss = losses.stroke_weighted_l1
    monkeypatch.setattr(losses, "stroke_weighted_l1",
                        lambda fake, real, weight: weights.append(weight) or real_loss(fake, real, weight))
    reports = _run(project)
    assert weights and set(weights) == {3.0}
    assert isinstance(reports[-1], FinishedReport) and reports[-1].reason == "completed"


def test_training_on_two_fonts_lowers_held_out_l1_well_below_step_zero(tmp_path):
    project = tiny_project(tmp_path / "p", steps=300)
    project.config.train.eval_every = 50
    project.config.train.log_every = 50
    project.config.train.sample_every = 1000
    project.config.train.checkpoint_every = 1000
    project.config.model.generator_channels = 16
    data = load_pairs(project, 32)
    trainer = Trainer(project.config, data, [s.name for s in project.styles], torch.device("cpu"))
    before, copy_source = trainer.held_out_l1()
    evals = [r for r in train(project, data=data) if isinstance(r, EvalReport)]
    after = evals[-1].held_out_l1
    assert after < 0.6 * before, (before, after, copy_source)


def _quiet(seen: list, seconds: float, timeout: float = 60.0) -> int:
    """How many reports there are once none has come for `seconds`."""
    deadline = time.monotonic() + timeout
    count, since = len(seen), time.monotonic()
    while time.monotonic() - since < seconds and time.monotonic() < deadline:
        time.sleep(0.05)
        if len(seen) != count:
            count, since = len(seen), time.monotonic()
    return count


def test_pause_resume_and_cancel_from_another_thread(tmp_path):
    project = tiny_project(tmp_path / "p", steps=100000)
    control = JobControl()
    seen: list = []

    def consume():
        for report in train(project, control=control):
            seen.append(report)

    worker = threading.Thread(target=consume)
    worker.start()
    _wait_for(lambda: any(isinstance(r, TrainStepReport) for r in seen))
    control.pause()
    count = _quiet(seen, 2.0)       # the step in flight when Pause came still reports (a busy machine: seconds)
    time.sleep(0.5)
    assert len(seen) == count, "a paused job kept producing reports"
    control.resume()
    _wait_for(lambda: len(seen) > count)
    control.cancel()
    worker.join(timeout=60)
    assert not worker.is_alive()
    finished = seen[-1]
    assert isinstance(finished, FinishedReport) and finished.reason == "cancelled"
    latest = CheckpointStore(project.checkpoints_dir).latest()
    assert latest is not None and load_checkpoint(latest)["step"] == finished.step


def test_resume_reproduces_the_exact_next_step(tmp_path):
    project = tiny_project(tmp_path / "p", steps=12)
    data = load_pairs(project, 32)
    styles = [s.name for s in project.styles]
    first = Trainer(project.config, data, styles, torch.device("cpu"))
    for _ in range(5):
        first.train_step()
    store = CheckpointStore(project.checkpoints_dir)
    path, _ = store.save(first.step, first.state_dict(), None)
    expected = [first.train_step().losses for _ in range(2)]

    second = Trainer(project.config, data, styles, torch.device("cpu"))
    second.load_state_dict(load_checkpoint(path))
    got = [second.train_step().losses for _ in range(2)]
    assert got == expected
    for a, b in zip(first.generator.state_dict().values(), second.generator.state_dict().values()):
        assert torch.equal(a, b)


def test_training_resumes_from_the_latest_checkpoint(tmp_path):
    project = tiny_project(tmp_path / "p", steps=10)
    _run(project)
    project.config.train.steps = 20
    reports = _run(project)
    assert isinstance(reports[0], NoticeReport) and "step 10" in reports[0].message
    steps = [r.step for r in reports if isinstance(r, TrainStepReport)]
    assert steps[0] == 11 and steps[-1] == 20


def test_a_time_budget_ends_the_run_at_the_step_it_runs_out_evaluated_and_saved(tmp_path):
    """"Train for 10 minutes" is planned as steps; a computer that gets busier must not stretch the run."""
    project = tiny_project(tmp_path / "p", steps=500)
    reports = _run(project, time_budget_s=0.0)
    finished = reports[-1]
    assert isinstance(finished, FinishedReport) and finished.reason == "time-up" and finished.step == 1
    notice = next(r for r in reports if isinstance(r, NoticeReport))
    assert "time budget" in notice.message and "step 1 of the 500 planned" in notice.message
    assert any(isinstance(r, EvalReport) and r.step == 1 for r in reports)
    assert finished.checkpoint_path.endswith("step-00000001.pt")
    again = _run(project, time_budget_s=0.0)                    # training again continues from there
    assert [r.step for r in again if isinstance(r, TrainStepReport)] == [2]


def test_paused_time_does_not_count_against_the_time_budget():
    from core.training.loop import TimeBudget

    now = [100.0]
    budget = TimeBudget(60.0, clock=lambda: now[0])
    now[0] += 50.0
    budget.not_counted(30.0)          # half an hour's lunch would be 1,800; 30 s makes the point
    assert budget.used() == 20.0 and budget.left() == 40.0 and not budget.spent()
    now[0] += 40.0
    assert budget.spent()
    assert TimeBudget(None).left() == float("inf") and not TimeBudget(None).spent()


def test_checkpoint_round_trip_and_damage(tmp_path):
    project = tiny_project(tmp_path / "p", steps=10)
    _run(project)
    path = CheckpointStore(project.checkpoints_dir).latest()
    state = load_checkpoint(path)  # weights_only=True: nothing is unpickled
    assert state["config"]["data"]["image_size"] == 32
    assert state["style_names"] == [s.name for s in project.styles]
    damaged = tmp_path / "damaged.pt"
    damaged.write_bytes(path.read_bytes()[:1000])
    with pytest.raises(CheckpointError, match="damaged"):
        load_checkpoint(damaged)
    with pytest.raises(CheckpointError, match="does not exist"):
        load_checkpoint(tmp_path / "missing.pt")


def test_best_and_last_checkpoints_are_kept(tmp_path):
    project = tiny_project(tmp_path / "p", steps=50)
    project.config.train.keep_checkpoints = 2
    _run(project)
    files = sorted(p.name for p in project.checkpoints_dir.glob("step-*.pt"))
    assert files == ["step-00000040.pt", "step-00000050.pt"]
    assert (project.checkpoints_dir / "best.pt").is_file()


def test_a_nan_loss_rolls_back_once_then_stops_with_a_clear_message(tmp_path, monkeypatch):
    project = tiny_project(tmp_path / "p", steps=30)
    real_loss = losses.generator_adversarial_loss
    calls = {"n": 0}
    nan_call = 15 * project.config.train.g_steps_per_d_step  # G's loss runs once per G update: step 15

    def sometimes_nan(kind, logits):
        calls["n"] += 1
        value = real_loss(kind, logits)
        return value * float("nan") if calls["n"] == nan_call else value

    monkeypatch.setattr(losses, "generator_adversarial_loss", sometimes_nan)
    reports = _run(project)
    notices = [r for r in reports if isinstance(r, NoticeReport)]
    assert any("rolled back to step 10" in n.message for n in notices)
    assert isinstance(reports[-1], FinishedReport) and reports[-1].step == 30
    for path in project.checkpoints_dir.glob("step-*.pt"):
        state = load_checkpoint(path)
        assert all(torch.isfinite(t).all() for t in state["generator"].values() if t.is_floating_point())

    always_nan = lambda kind, logits: real_loss(kind, logits) * float("nan")  # noqa: E731
    monkeypatch.setattr(losses, "generator_adversarial_loss", always_nan)
    project.config.train.steps = 40
    with pytest.raises(TrainingError, match="diverged") as info:
        _run(project)
    assert "\n" not in str(info.value)


def test_fine_tuning_adds_a_style_row_and_keeps_the_base_rows(tmp_path):
    base = tiny_project(tmp_path / "base", steps=10)
    _run(base)
    base_state = load_checkpoint(CheckpointStore(base.checkpoints_dir).latest())
    from core.project import Style

    project = tiny_project(tmp_path / "new", steps=5)
    project.styles = [project.styles[0], Style(name="My new style", kind="font", font=project.styles[1].font)]
    project.save()
    project.config.train.freeze_encoder = True
    _run(project, init_from=CheckpointStore(base.checkpoints_dir).latest())
    state = load_checkpoint(CheckpointStore(project.checkpoints_dir).latest())
    names = state["style_names"]
    assert names[:2] == base_state["style_names"] and names[2] == "My new style"
    base_weights = base_state["generator_ema"]["weights"]  # fine-tuning starts from the averaged weights
    base_rows = base_weights["embedding.weight"]
    assert state["generator"]["embedding.weight"].shape[0] == 3
    encoder_key = next(k for k in base_weights if k.startswith("levels.0.down"))
    assert torch.equal(state["generator"][encoder_key], base_weights[encoder_key])  # frozen
    assert base_rows.shape[0] == 2


def _wait_for(condition, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.02)
