"""Loss history file: written while training, read back as curves, continued (not duplicated) on resume."""

from __future__ import annotations

import json

import numpy as np

from core.control import JobControl
from core.training.history import history_path, load_history
from core.training.loop import train
from tests.core.training_fixtures import tiny_project


def test_training_writes_a_readable_history_that_loads_back_as_curves(tmp_path):
    project = tiny_project(tmp_path / "p", steps=12)
    list(train(project, control=JobControl()))
    lines = history_path(project.root).read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]  # strict JSON, one object per line
    assert [r["step"] for r in records if r["type"] == "train"] == list(range(1, 13))
    assert [r["step"] for r in records if r["type"] == "eval"] == [10, 12]
    history = load_history(project.root)
    steps, l1 = history.curves["losses"]["g_l1"]
    assert list(steps) == list(range(1, 13)) and np.isfinite(l1).all()
    assert set(history.curves) == {"losses", "scores", "rates", "norms", "held_out"}
    assert history.last_step() == 12


def test_resuming_continues_the_same_curves_and_drops_steps_after_the_checkpoint(tmp_path):
    project = tiny_project(tmp_path / "p", steps=10)
    list(train(project, control=JobControl()))
    path = history_path(project.root)
    # Steps a crash lost after the last checkpoint (step 10), and a torn last line.
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(json.dumps({"type": "train", "step": 11, "losses": {"g_l1": 9.0}}) + "\n")
        handle.write('{"type": "train", "st')
    project.config.train.steps = 15
    list(train(project, control=JobControl()))
    steps, values = load_history(project.root).curves["losses"]["g_l1"]
    assert list(steps) == list(range(1, 16))
    assert 9.0 not in values


def test_a_nan_loss_is_written_as_null_and_read_back_as_a_gap(tmp_path):
    path = history_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text('{"type": "train", "step": 1, "losses": {"g_l1": 0.5}}\n'
                    '{"type": "train", "step": 2, "losses": {"g_l1": null}}\n', encoding="utf-8")
    steps, values = load_history(tmp_path).curves["losses"]["g_l1"]
    assert list(steps) == [1, 2] and values[0] == 0.5 and np.isnan(values[1])


def test_steps_logged_again_after_a_rollback_replace_the_earlier_ones(tmp_path):
    path = history_path(tmp_path)
    path.parent.mkdir(parents=True)
    lines = [(1, 0.9), (2, 0.8), (3, float("nan")), (2, 0.7), (3, 0.6)]  # rolled back to step 1
    path.write_text("".join(json.dumps({"type": "train", "step": s, "losses": {"g_l1": None if v != v else v}}) + "\n"
                            for s, v in lines), encoding="utf-8")
    steps, values = load_history(tmp_path).curves["losses"]["g_l1"]
    assert list(steps) == [1, 2, 3] and list(values) == [0.9, 0.7, 0.6]
