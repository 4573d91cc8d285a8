"""The Train panel says who trains the project when another process holds its training lock (issue 16)."""

from __future__ import annotations

import subprocess
import sys

from app_test_projects import StandInProject

from app.train_panel import TrainPanel

HOLD = """
import sys, time
from core.project import TrainingLock
lock = TrainingLock(__import__('pathlib').Path(sys.argv[1]), 'p').acquire()
print('locked', flush=True)
time.sleep(60)
"""


def test_start_says_which_process_trains_the_project(qtbot, tmp_path):
    project = StandInProject(tmp_path / "p")
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(project.root / ".training.lock")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        panel = TrainPanel()
        qtbot.addWidget(panel)
        panel.train_function = lambda *a, **k: iter(())
        panel.set_project(project)
        assert panel.start() is None
        text = panel.status.text()
        assert f"being trained by process {holder.pid}" in text and "stop it first" in text
        assert panel.job is None
    finally:
        holder.kill()
        holder.wait()
