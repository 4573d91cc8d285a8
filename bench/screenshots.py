"""Screenshots of each main screen in a real window, for docs/screenshots/ (run under Xvfb).

The demo project with its bundled model: preview, glyph detail and export first, then a short training
run continued from the bundled model for the train screen.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python bench/screenshots.py [--lang zh_CN] [--steps 120]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "app"))
_home = tempfile.mkdtemp(prefix="zi2zi-shots-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
OUT = ROOT / "docs" / "screenshots"


def wait_until(app, condition, timeout: float = 600.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        app.processEvents()
        if condition():
            return True
        time.sleep(0.02)
    return False


def settle(app, seconds: float = 0.4) -> None:
    wait_until(app, lambda: False, seconds)


def save(widget, name: str, suffix: str) -> None:
    path = OUT / f"{name}{suffix}.png"
    widget.grab().save(str(path))
    print("wrote", path.relative_to(ROOT))


def _pretend_an_edit(project, codepoint: int) -> None:
    """A designer's bitmap edit of one glyph (the generated one, slightly bolder), so the grid shows its mark."""
    import cv2
    import numpy as np
    from PIL import Image

    style = project.styles[0].name
    generated = np.asarray(Image.open(project.glyphs_dir / "generated" / style / f"{codepoint:04X}.png").convert("L"))
    folder = project.glyphs_dir / "edited" / style
    folder.mkdir(parents=True, exist_ok=True)
    Image.fromarray(cv2.erode(generated, np.ones((2, 2), np.uint8))).save(folder / f"{codepoint:04X}.png")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--steps", type=int, default=120, help="training steps shown on the train screen")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("screenshots need a display: run under xvfb-run", file=sys.stderr)
        return 2
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app import settings as app_settings
    from app.export_dialog import ExportDialog
    from app.glyph_detail import GlyphDetailDialog
    from app.i18n import install_translator
    from app.main import ICON
    from app.main_window import MainWindow
    from app.start_screen import NewProjectDialog
    app_settings.identify_application()
    app = QApplication([])
    app.setWindowIcon(QIcon(str(ICON)))
    install_translator(app, args.lang)
    suffix = "" if args.lang == "en" else f"-{args.lang}"
    OUT.mkdir(parents=True, exist_ok=True)

    for path in (Path.home() / "fonts" / "My Handwriting", Path.home() / "fonts" / "Song Revival"):
        app_settings.add_recent_project(path)

    window = MainWindow()
    window.resize(1500, 920)
    window.show()
    settle(app)
    save(window, "01-start", suffix)

    # The demo as a designer opens it: the bundled model generates its glyphs in a worker at once.
    if not window.open_demo():
        print("the demo did not open", file=sys.stderr)
        return 1
    project = window.project
    panel = window.preview_panel
    wait_until(app, lambda: not panel.is_busy(), timeout=600)

    dialog = NewProjectDialog(window)
    dialog.source.path.setText(str(project.source_face().path))
    dialog.source._describe()
    dialog.targets[0].path.setText(str(project.style_face(0).path))
    dialog.targets[0]._describe()
    dialog.show()
    settle(app)
    save(dialog, "02-new-project", suffix)
    dialog.close()

    window.tabs.setCurrentIndex(1)
    panel.text.setText("".join(chr(cp) for cp in project.held_out[:12]))  # characters it never trained on
    panel.update_text()
    wait_until(app, lambda: not panel.is_busy(), timeout=120)
    panel.grid.selectionModel().select(panel.model.index(0), panel.grid.selectionModel().SelectionFlag.Select)
    panel._on_accept_clicked()
    panel.grid.selectionModel().clearSelection()
    panel.grid.selectionModel().select(panel.model.index(3), panel.grid.selectionModel().SelectionFlag.Select)
    panel._on_reject_clicked()
    _pretend_an_edit(project, panel.model.codepoint(5))
    panel.model.refresh()
    settle(app, 1.0)
    save(window, "04-preview", suffix)

    codepoints = panel.model.codepoints()
    held = next((i for i, cp in enumerate(codepoints) if cp in set(project.held_out)), 1)
    detail = GlyphDetailDialog(project, 0, codepoints, held, panel.review, window)
    detail.resize(1100, 560)
    detail.show()
    settle(app)
    save(detail, "05-glyph-detail", suffix)
    detail.close()

    export = ExportDialog(project, 0, window)
    export.designer.setText("zi2zi Studio")
    export.format_boxes["woff2"].setChecked(True)
    export.show()
    settle(app)
    save(export, "06-export-settings", suffix)
    if export.start_export() is not None:
        wait_until(app, lambda: export.job is None, timeout=600)
    settle(app, 0.5)
    save(export, "07-export-result", suffix)
    export.close()

    # Training continues from the bundled model (a fresh discriminator); a short run draws the curves.
    window.tabs.setCurrentIndex(0)
    form = window.train_panel.form
    t = project.config.train
    t.steps, t.log_every, t.eval_every, t.threads = args.steps, 2, 20, 0
    t.sample_every, t.checkpoint_every = max(10, args.steps // 6), args.steps
    form.set_config(project.config)
    window.train_panel.run_length.set_budget_minutes(None)   # the steps above, not the 15-minute default
    job = window.train_panel.start()
    if job is not None:
        wait_until(app, lambda: window.train_panel.state == "idle", timeout=1800)
    form.advanced_toggle.setChecked(True)
    settle(app, 1.0)
    save(window, "03-train", suffix)
    window.close()
    settle(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
