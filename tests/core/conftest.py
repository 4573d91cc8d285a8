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
def _few_threads():
    """Tests use tiny models; one thread per test process keeps two-core CI machines responsive."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(min(previous, 2))
    yield
    torch.set_num_threads(previous)
