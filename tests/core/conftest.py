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


@pytest.fixture(autouse=True)
def _demo_model_is_the_bundled_base(monkeypatch):
    """Tests fine-tune the small 64 px demo model, also once the 128 px multi-style base model is installed
    (resources/base-model/base-generator.pt: 20 system fonts, too slow and machine-bound for tests); the
    tests of that model point core.recipes.base_model.BUNDLED_BASE_MODEL at a tiny packed one."""
    import core.recipes.base_model as base_model

    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", base_model.BUNDLED_BASE_MODEL.with_name("hidden-in-tests.pt"))
