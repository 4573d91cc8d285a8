"""Time estimates before a run (measured steps, budgets in minutes) and the trainer's honest progress from step 1."""

from __future__ import annotations

import math

from core.config import TrainConfig
from core.dataset import load_pairs
from core.reports import CheckpointReport, EvalReport, TrainStepReport
from core.training.estimate import (
    Pace,
    Timing,
    describe_minutes,
    evaluations_between,
    measure,
    run_seconds,
    steps_for_budget,
)
from core.training.loop import train
from tests.core.training_fixtures import tiny_project


def _train(**kw) -> TrainConfig:
    t = TrainConfig()
    for k, v in kw.items():
        setattr(t, k, v)
    return t


def test_evaluations_count_every_eval_and_checkpoint_step_once():
    t = _train(eval_every=200, checkpoint_every=1000)
    assert evaluations_between(t, 0, 1000) == 5            # 200, 400, 600, 800, 1000
    assert evaluations_between(t, 0, 1050) == 6            # ... and the last step
    assert evaluations_between(t, 1000, 1000) == 0


def test_a_longer_run_or_a_slower_machine_predicts_more_time():
    t = _train(eval_every=100, checkpoint_every=500)
    fast = Timing(0.5, 2.0, 3.0, "CPU", 1, 3)
    slow = Timing(1.0, 2.0, 3.0, "CPU", 1, 3)
    assert run_seconds(fast, t, 1000) == 3.0 + 1000 * 0.5 + 10 * 2.0
    assert run_seconds(slow, t, 1000) > run_seconds(fast, t, 1000) > run_seconds(fast, t, 500)
    assert run_seconds(fast, t, 1000, start=1000, include_setup=False) == 0


def test_a_budget_in_minutes_becomes_steps_that_fit_it():
    t = _train(eval_every=200, checkpoint_every=1000)
    timing = Timing(0.4, 5.0, 10.0, "CPU", 1, 3)
    steps = steps_for_budget(timing, t, 15)
    assert run_seconds(timing, t, steps) <= 15 * 60
    assert run_seconds(timing, t, steps + 100) > 15 * 60 * 0.97   # not far under the budget either
    resumed = steps_for_budget(timing, t, 15, start=5000)
    assert resumed - 5000 == steps                                 # a budget counts from where the run resumes
    assert steps_for_budget(Timing(100.0, 5.0, 0.0, "CPU", 1, 3), t, 1) == 50  # a minimum that teaches something


def test_the_live_pace_gives_an_eta_from_the_first_step_and_settles():
    pace = Pace(_train(steps=1000, eval_every=100, checkpoint_every=500))
    assert math.isnan(pace.eta(0))
    pace.step_done(3.0)            # a slow first step (warm-up)
    first = pace.eta(1)
    assert first > 0
    for _ in range(60):
        pace.step_done(1.0)
    assert abs(pace.eta(61) - 939) < 20


def test_estimates_read_as_plain_words():
    assert describe_minutes(20) == "under a minute"
    assert describe_minutes(14.4 * 60) == "about 14 min"
    assert describe_minutes(130 * 60) == "about 2 h 10 min"


def test_measuring_times_real_steps_of_the_projects_model(tmp_path):
    project = tiny_project(tmp_path / "p", steps=20)
    data = load_pairs(project, project.config.data.image_size)
    timing = measure(project.config, data, [s.name for s in project.styles], steps=2)
    assert timing.seconds_per_step > 0 and timing.eval_seconds > 0
    assert timing.measured_steps == 2 and timing.device.startswith("CPU")


def test_progress_comes_from_step_one_and_best_only_after_an_evaluation(tmp_path):
    project = tiny_project(tmp_path / "p", steps=20)
    project.config.train.log_every = 10
    reports = list(train(project))
    steps = [r for r in reports if isinstance(r, TrainStepReport)]
    assert steps[0].step == 1 and math.isfinite(steps[0].eta_seconds) and steps[0].images_per_second > 0
    seen_eval_steps = set()
    for r in reports:
        if isinstance(r, EvalReport):
            seen_eval_steps.add(r.step)
        if isinstance(r, CheckpointReport):
            assert r.step in seen_eval_steps          # the held-out score was shown before the checkpoint
            assert r.held_out_l1 is not None


def test_threads_follow_the_cores_other_programs_leave_idle():
    from core.training.device import _torch_default_threads, auto_threads

    default = _torch_default_threads()
    assert auto_threads(load=2.1, cores=2) == 1          # two busy cores: one thread (4x faster, bench/threads.py)
    assert auto_threads(load=9.0, cores=2) == 1
    assert auto_threads(load=0.0, cores=2) == min(2, default)
    assert auto_threads(load=0.2, cores=64) == default   # never more than torch's own choice


def test_train_for_minutes_measures_first_and_says_the_plan(tmp_path, capsys):
    from core.cli import main

    project = tiny_project(tmp_path / "p", steps=5)
    assert main(["train", str(project.root), "--minutes", "0.05"]) == 0
    out = capsys.readouterr().out
    assert "s a step on CPU" in out and "steps from step 0" in out
    planned = int(out.split(" steps from step 0")[0].split()[-1])
    assert planned >= 50                                                # the budget's steps, not the 5 set
    finished = [line for line in out.splitlines() if " at step " in line and "; checkpoint " in line]
    step = int(finished[0].split(" at step ")[1].split(";")[0])
    # 3 seconds, the measurement included: a busy machine reaches the deadline first, and says so
    assert (step == planned and finished[0].startswith("completed")) or \
        (step < planned and finished[0].startswith("time budget spent")
         and "the time budget (under a minute) is spent" in out)
