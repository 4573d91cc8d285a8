"""core must import and work without Qt: every core module imports with Qt blocked."""

import pkgutil
import subprocess
import sys

import core


def test_every_core_module_imports_without_qt():
    names = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
    code = (
        "import sys, importlib, importlib.abc\n"
        "class B(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, n, p=None, t=None):\n"
        "        if n.split('.')[0] in ('PySide6','shiboken6','pyqtgraph'): raise ImportError(n)\n"
        "sys.meta_path.insert(0, B())\n"
        f"for n in {names!r}: importlib.import_module(n)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
    assert len(names) >= 5
