"""tests/app fixtures: offscreen Qt, throwaway settings/data folders, and a check that no QThread outlives a test."""

from __future__ import annotations

import os
import tempfile
import weakref

# Before any Qt import: no display needed, and QSettings / logs go to a temporary home, never the user's.
os.environ["QT_QPA_PLATFORM"] = "offscreen"
_home = tempfile.mkdtemp(prefix="zi2zi-app-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")

import pytest  # noqa: E402
from PySide6.QtCore import QThread  # noqa: E402

_started: weakref.WeakSet[QThread] = weakref.WeakSet()
_original_start = QThread.start


def _recording_start(self, *args, **kwargs):
    _started.add(self)
    return _original_start(self, *args, **kwargs)


QThread.start = _recording_start  # every QThread, whoever made it, is seen by the leak check


@pytest.fixture(scope="session", autouse=True)
def _identify_app(qapp):
    from app.settings import identify_application
    identify_application()
    yield


@pytest.fixture(autouse=True)
def _no_thread_left_running(qtbot):
    """Fail a test that leaves a QThread running (after a short grace period for threads already ending)."""
    yield
    running = [t for t in list(_started) if t.isRunning()]
    if running:
        for _ in range(30):
            if not any(t.isRunning() for t in running):
                break
            qtbot.wait(100)
    leaked = [t for t in running if t.isRunning()]
    from app.workers import running_jobs
    for job in running_jobs():  # clean up so one leak does not cascade into the next tests
        job.join(30_000)
    for thread in leaked:
        thread.quit()
        thread.wait(30_000)
    assert not leaked, f"QThreads left running: {[t.objectName() or repr(t) for t in leaked]}"


@pytest.fixture(autouse=True)
def _few_threads():
    """Tiny models on two-core machines: one torch thread keeps the GUI thread responsive."""
    try:
        import torch
    except ImportError:
        yield
        return
    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture(autouse=True)
def _no_speed_measurement(monkeypatch):
    """Opening a project measures the training speed in a job, and Start trains for a time budget; tests
    get neither (Start trains to the steps set) unless they set AUTO_MEASURE and DEFAULT_BUDGET again."""
    import app.run_length
    monkeypatch.setattr(app.run_length, "AUTO_MEASURE", False)
    monkeypatch.setattr(app.run_length, "DEFAULT_BUDGET", None)


@pytest.fixture(scope="session")
def _tiny_demo_model(tmp_path_factory):
    from tests.core.base_model_fixtures import tiny_demo_model
    return tiny_demo_model(tmp_path_factory.mktemp("resources"))


@pytest.fixture(autouse=True)
def _demo_model_is_the_bundled_base(monkeypatch, _tiny_demo_model):
    """As in tests/core/conftest.py: the demo and the wizard use a tiny 64 px stand-in for the bundled demo
    model, the 128 px base model is hidden; tests of that model point BUNDLED_BASE_MODEL at a tiny one."""
    import core.recipes.base_model as base_model
    from tests.core.base_model_fixtures import use_tiny_demo_model

    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", base_model.BUNDLED_BASE_MODEL.with_name("hidden-in-tests.pt"))
    use_tiny_demo_model(monkeypatch, _tiny_demo_model)
