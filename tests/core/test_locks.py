"""One trainer per project (issue 16): a second `zi2zi train` is refused with the holder's PID, stale locks
are taken over, and generate, pack-model and export keep working beside a training run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.cli import main
from core.errors import ProjectBusyError
from core.project import LOCK_FILE, Project, TrainingLock, training_holder
from tests.core.training_fixtures import tiny_project

REPO = Path(__file__).resolve().parents[2]


def _start_training(root: Path, steps: int = 100000) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "core.cli", "train", str(root), "--steps", str(steps)],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def _wait_for(condition, timeout: float = 120.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_second_trainer_is_refused_while_export_generate_and_pack_work_beside_it(tmp_path, capsys):
    project = tiny_project(tmp_path / "p", steps=10)
    assert main(["train", str(project.root)]) == 0  # a best.pt to generate and pack from
    runner = _start_training(project.root)
    try:
        _wait_for(lambda: training_holder(project.root, project.name) is not None)
        capsys.readouterr()
        assert main(["train", str(project.root), "--steps", "5000"]) == 1
        err = capsys.readouterr().err.strip()
        assert err.count("\n") == 0
        assert f"project {project.name} is being trained by process {runner.pid} (started " in err
        assert err.endswith("stop it first")
        assert main(["generate", str(project.root), "--text", "中国", "--json"]) == 0
        assert main(["pack-model", str(project.root), "--out", str(tmp_path / "model.pt")]) == 0
        assert main(["export", str(project.root), "--out", str(tmp_path / "font.ttf"), "--keep-edge-glyphs", "--json"]) == 0
        assert (tmp_path / "model.pt").stat().st_size > 0 and (tmp_path / "font.ttf").stat().st_size > 0
        assert runner.poll() is None, runner.stderr.read()
    finally:
        runner.kill()
        runner.wait()
    # killed with SIGKILL: the kernel dropped the flock, so the lock file left behind is stale
    assert (project.root / LOCK_FILE).exists()
    assert training_holder(project.root) is None
    assert main(["train", str(project.root), "--steps", str(_last_step(project) + 1)]) == 0
    assert not (project.root / LOCK_FILE).exists()


def _last_step(project: Project) -> int:
    from core.training.checkpoint import CheckpointStore, step_of

    return step_of(CheckpointStore(project.checkpoints_dir).latest())


def test_a_stale_lock_with_a_dead_pid_is_taken_over(tmp_path):
    path = tmp_path / LOCK_FILE
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path.write_text(json.dumps({"pid": dead.pid, "started": "2026-01-01T10:00:00+00:00"}))
    assert training_holder(tmp_path) is None
    with TrainingLock(path, "p"):
        assert json.loads(path.read_text())["pid"] == os.getpid()
    assert not path.exists()


def test_the_same_process_cannot_hold_two_training_locks(tmp_path):
    path = tmp_path / LOCK_FILE
    with TrainingLock(path, "demo"):
        with pytest.raises(ProjectBusyError, match=rf"project demo is being trained by process {os.getpid()} "
                                                  r"\(started \d\d:\d\d\); stop it first"):
            TrainingLock(path, "demo").acquire()
        assert training_holder(tmp_path, "demo").startswith("project demo is being trained")
    assert training_holder(tmp_path, "demo") is None
