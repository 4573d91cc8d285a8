"""kill -9 during training (issue 16): resume within one checkpoint interval, history kept, no .tmp left.

A tiny project trains in a subprocess whose checkpoint and index writes are slowed by a wrapper (test code
only: torch.save and write_json_atomic sleep around the real write), so random kills often land inside a
write or between a step file's rename and index.json. Each restart is itself the resume under test.

The suite runs 3 kills; `ZI2ZI_KILL9_RUNS=20 pytest tests/core/test_kill9.py -k many -s` runs 20 and prints
the figures.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from core.training.history import history_path, read_records
from tests.core.training_fixtures import tiny_project

REPO = Path(__file__).resolve().parents[2]
INTERVAL = 5

# Runs `zi2zi train` with slowed checkpoint writes; what a real disk under load looks like, exaggerated.
SLOW_WRITER = """
import sys, time, torch
import core.training.checkpoint as checkpoint
delay = float(sys.argv[1])
real_save, real_index = torch.save, checkpoint.write_json_atomic
def slow_save(obj, f, *a, **k):
    time.sleep(delay)          # the temporary file exists, empty
    real_save(obj, f, *a, **k)
    time.sleep(delay)          # written in full, not yet renamed
def slow_index(path, obj):
    time.sleep(delay)          # the step file is renamed, index.json not yet written
    real_index(path, obj)
torch.save, checkpoint.write_json_atomic = slow_save, slow_index
from core.cli import main
sys.exit(main(sys.argv[2:]))
"""


@dataclass
class KillStats:
    kills: int = 0
    in_write: int = 0            # killed with a .tmp on disk (inside a checkpoint, best.pt or index write)
    index_behind: int = 0        # killed after a step file's rename, before index.json named it
    resumed: list[tuple[int, int]] = field(default_factory=list)   # (lower bound, resumed step)
    exact: int = 0               # resumed at the newest checkpoint that was complete on disk at the kill
    tmp_bytes_before_resume: int = 0


def _reader(stream, lines: list[str]) -> None:
    for line in stream:
        lines.append(line)


def _start(root: Path, delay: float) -> tuple[subprocess.Popen, list[str]]:
    process = subprocess.Popen([sys.executable, "-c", SLOW_WRITER, str(delay), "train", str(root), "--steps", "100000"],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines: list[str] = []
    threading.Thread(target=_reader, args=(process.stdout, lines), daemon=True).start()
    return process, lines


def _wait_for_line(lines: list[str], pattern: str, process: subprocess.Popen, timeout: float = 180) -> re.Match:
    deadline = time.monotonic() + timeout
    seen = 0
    while time.monotonic() < deadline:
        for line in lines[seen:]:
            match = re.search(pattern, line)
            if match:
                return match
        seen = len(lines)
        assert process.poll() is None, "".join(lines)
        time.sleep(0.02)
    raise AssertionError(f"no line matching {pattern!r}:\n{''.join(lines)}")


def _newest_complete(folder: Path) -> int:
    """The newest step file that loads and passes its checksum (0 when none)."""
    from core.errors import CheckpointError
    from core.training.checkpoint import load_checkpoint, step_of

    for path in sorted(folder.glob("step-*.pt"), key=step_of, reverse=True):
        try:
            load_checkpoint(path)
            return step_of(path)
        except CheckpointError:
            continue
    return 0


def _last_logged_step(root: Path) -> int:
    steps = [r["step"] for r in read_records(history_path(root)) if r.get("type") == "train"]
    return max(steps, default=0)


def run_kills(root: Path, kills: int, seed: int = 0, delay: float = 0.15) -> KillStats:
    rng = random.Random(seed)
    stats = KillStats()
    bound = complete = None
    for _ in range(kills + 1):
        process, lines = _start(root, delay)
        try:
            match = _wait_for_line(lines, r"resumed from step-\d+\.pt \(step (\d+)\)|^step 1/", process)
            resumed = int(match.group(1)) if match.group(1) else 0
            if bound is not None:
                stats.resumed.append((bound, resumed))
                assert resumed == complete, f"resumed at {resumed}; step {complete} was complete on disk"
                stats.exact += 1
                assert resumed >= bound, f"resumed at {resumed}, a checkpoint of step {bound} existed before the kill"
                steps = {r["step"] for r in read_records(history_path(root)) if r.get("type") == "train"}
                assert set(range(1, resumed + 1)) <= steps, "history lost steps before the resumed checkpoint"
            _wait_for_line(lines, r"^step \d+/", process)
            if stats.kills == kills:  # the last resume ends as Ctrl+C ends a run: a checkpoint, then exit 0
                process.send_signal(signal.SIGINT)
                assert process.wait(timeout=120) == 0, "".join(lines)
                break
            time.sleep(rng.uniform(0.2, 3.0))
            logged = _last_logged_step(root)
            os.kill(process.pid, signal.SIGKILL)
            process.wait()
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
        stats.kills += 1
        folder = root / "checkpoints"
        tmps = list(root.rglob("*.tmp"))
        stats.in_write += bool(tmps)
        stats.tmp_bytes_before_resume += sum(p.stat().st_size for p in tmps)
        index = (folder / "index.json").read_text() if (folder / "index.json").exists() else ""
        files = sorted(folder.glob("step-*.pt"))
        stats.index_behind += bool(files) and files[-1].name not in index
        # The checkpoint of the last interval the run logged past was written, or was being written.
        bound = max(0, (logged // INTERVAL) * INTERVAL - INTERVAL)
        complete = _newest_complete(folder)
    # the last start resumed, trained and stopped: no temporary file survives it
    assert not list(root.rglob("*.tmp"))
    return stats


def _project(root: Path):
    project = tiny_project(root, steps=100000)
    t = project.config.train
    t.checkpoint_every = t.eval_every = t.sample_every = INTERVAL
    t.keep_checkpoints = 2
    project.save()
    return project


def test_kill_9_at_random_moments_then_resume(tmp_path):
    project = _project(tmp_path / "p")
    stats = run_kills(project.root, kills=3, seed=1)
    assert len(stats.resumed) == 3


@pytest.mark.slow
@pytest.mark.skipif(not os.environ.get("ZI2ZI_KILL9_RUNS"), reason="set ZI2ZI_KILL9_RUNS=20 to run the long version")
def test_many_kills(tmp_path):
    runs = int(os.environ["ZI2ZI_KILL9_RUNS"])
    project = _project(tmp_path / "p")
    stats = run_kills(project.root, kills=runs, seed=16)
    print(f"\nkill -9 runs: {stats.kills}; killed inside a write (.tmp on disk): {stats.in_write}; "
          f"killed between a step file and index.json: {stats.index_behind}; "
          f"leftover .tmp before the resumes: {stats.tmp_bytes_before_resume / 1e6:.1f} MB, all removed; "
          f"resumed at or after the last completed interval: {sum(r >= b for b, r in stats.resumed)}/"
          f"{len(stats.resumed)}; at the newest complete checkpoint: {stats.exact}/{len(stats.resumed)}; "
          f"(lower bound, resumed step): {stats.resumed}")
    assert len(stats.resumed) == runs
