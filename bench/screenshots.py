"""Screenshots of each main screen in a real window, for docs/screenshots/ (run under Xvfb).

    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python bench/screenshots.py [--lang zh_CN] [--steps 300]
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


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--image-size", type=int, default=64)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("screenshots need a display: run under xvfb-run", file=sys.stderr)
        return 2
    from PySide6.QtWidgets import QApplication

    from app import settings as app_settings
    from app.export_dialog import ExportDialog
    from app.glyph_detail import GlyphDetailDialog
    from app.i18n import install_translator
    from app.main import ICON
    from app.main_window import MainWindow
    from app.start_screen import NewProjectDialog
    from app_test_projects import make_project

    from PySide6.QtGui import QIcon
    app_settings.identify_application()
    app = QApplication([])
    app.setWindowIcon(QIcon(str(ICON)))
    install_translator(app, args.lang)
    suffix = "" if args.lang == "en" else f"-{args.lang}"
    OUT.mkdir(parents=True, exist_ok=True)

    project = make_project(Path(_home) / "Brush Kai", image_size=args.image_size)
    c = project.config
    c.model.generator_channels, c.model.discriminator_channels, c.model.embedding_dim = 16, 16, 32
    c.train.steps, c.train.log_every, c.train.sample_every = args.steps, 2, max(10, args.steps // 10)
    c.train.eval_every, c.train.checkpoint_every, c.train.sample_count = 20, args.steps, 6
    c.train.batch_size, c.train.threads = 8, 2
    for path in (project.root, Path.home() / "fonts" / "My Handwriting", Path.home() / "fonts" / "Song Revival"):
        app_settings.add_recent_project(path)

    window = MainWindow()
    window.resize(1500, 920)
    window.show()
    settle(app)
    save(window, "01-start", suffix)

    dialog = NewProjectDialog(window)
    dialog.source.path.setText(str(project.source_face().path))
    dialog.source._describe()
    dialog.targets[0].path.setText(str(project.style_face(0).path))
    dialog.targets[0]._describe()
    dialog.show()
    settle(app)
    save(dialog, "02-new-project", suffix)
    dialog.close()

    window.set_project(project)
    settle(app)
    trained = True
    job = window.train_panel.start()
    if job is not None:
        wait_until(app, lambda: window.train_panel.state == "idle", timeout=900)
    window.train_panel.form.advanced_toggle.setChecked(True)
    settle(app, 1.0)
    save(window, "03-train", suffix)

    window.tabs.setCurrentIndex(1)
    panel = window.preview_panel
    if trained:
        job = panel.generate(list(project.charset()))
        wait_until(app, lambda: not panel.is_busy(), timeout=600)
    else:
        from app_test_projects import fake_generated_glyphs
        fake_generated_glyphs(project, 200)
        panel.model.refresh()
    panel.text.setText("永和九年岁在癸丑暮春之初")
    panel.update_text()
    wait_until(app, lambda: not panel.is_busy(), timeout=120)
    panel.grid.selectionModel().select(panel.model.index(0), panel.grid.selectionModel().SelectionFlag.Select)
    panel._on_accept_clicked()
    panel.grid.selectionModel().clearSelection()
    panel.grid.selectionModel().select(panel.model.index(3), panel.grid.selectionModel().SelectionFlag.Select)
    panel._on_reject_clicked()
    settle(app, 1.0)
    save(window, "04-preview", suffix)

    detail = GlyphDetailDialog(project, 0, panel.model.codepoints(), 1, panel.review, window)
    detail.resize(1100, 560)
    detail.show()
    settle(app)
    save(detail, "05-glyph-detail", suffix)
    detail.close()

    export = ExportDialog(project, 0, window)
    export.family.setText("Brush Kai")
    export.designer.setText("zi2zi Studio")
    export.format_boxes["woff2"].setChecked(True)
    export.edge_policy.setCurrentIndex(1)  # a short demo run leaves grey noise at the canvas edge
    export.show()
    settle(app)
    save(export, "06-export-settings", suffix)
    if export.start_export() is not None:
        wait_until(app, lambda: export.job is None, timeout=600)
    settle(app, 0.5)
    save(export, "07-export-result", suffix)
    export.close()
    window.close()
    settle(app)
    return 0


if __name__ == "__main__":
    sys.exit(main())
