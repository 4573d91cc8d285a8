"""tests/core fixtures; with ZI2ZI_BLOCK_QT=1 every Qt module is unimportable, as on a machine without PySide6."""

from __future__ import annotations

import importlib.abc
import os
import sys

import pytest

QT_MODULES = ("PySide6", "shiboken6", "pyqtgraph", "PyQt5", "PyQt6")


class _BlockQt(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in QT_MODULES:
            raise ModuleNotFoundError(f"No module named {fullname!r} (blocked: tests/core run without Qt)")
        return None


if os.environ.get("ZI2ZI_BLOCK_QT") == "1":
    sys.meta_path.insert(0, _BlockQt())


@pytest.fixture(autouse=True)
def _one_thread():
    """Test nets are tiny: a second OpenMP thread only adds sync cost, and on a busy 2-core machine it
    makes each step dozens of times slower (measured: 50 toy D steps 0.5 s on 1 thread, 25 s on 2)."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(previous)


@pytest.fixture(scope="session")
def _tiny_demo_model(tmp_path_factory):
    from tests.core.base_model_fixtures import tiny_demo_model
    return tiny_demo_model(tmp_path_factory.mktemp("resources"))


@pytest.fixture(autouse=True)
def _demo_model_is_the_bundled_base(monkeypatch, _tiny_demo_model):
    """Tests use a tiny 64 px stand-in for the bundled demo model (tests/core/base_model_fixtures.py), not the
    shipped 128 px one, and the 128 px multi-style base model is hidden (resources/base-model/base-generator.pt:
    20 system fonts, too slow and machine-bound for tests), so the wizard falls back to that stand-in; the
    tests of the base model point core.recipes.base_model.BUNDLED_BASE_MODEL at a tiny packed one."""
    import core.recipes.base_model as base_model
    from tests.core.base_model_fixtures import use_tiny_demo_model

    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", base_model.BUNDLED_BASE_MODEL.with_name("hidden-in-tests.pt"))
    use_tiny_demo_model(monkeypatch, _tiny_demo_model)
