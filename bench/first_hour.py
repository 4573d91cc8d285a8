"""The scripted first hour in a real window (run under Xvfb): the demo's first Preview, the estimate before
Start against the time the run really took, progress from step 1, no "best" before an evaluation, and the
Evaluate verdict. Prints JSON figures and writes screenshots to docs/screenshots/first-hour-*.png.

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python bench/first_hour.py [--minutes 4]

The estimate is measured on this machine at the moment it runs; on a machine shared with other jobs both
the estimate and the run are slower than on an idle laptop, and the load average is printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
_home = tempfile.mkdtemp(prefix="zi2zi-first-hour-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
OUT = ROOT / "docs" / "screenshots"


def load() -> str:
    return Path("/proc/loadavg").read_text().strip() if Path("/proc/loadavg").exists() else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--minutes", type=float, default=4.0, help="the time budget chosen before Start")
    parser.add_argument("--no-shots", action="store_true", help="figures only")
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("the first hour needs a display: run under xvfb-run", file=sys.stderr)
        return 2
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication
    from screenshots import settle, wait_until  # noqa: E402 - bench/ is on the path above

    from app import settings as app_settings
    from app.main import ICON
    from app.main_window import MainWindow

    figures: dict = {"load_at_start": load()}
    shot = (lambda widget, name: None) if args.no_shots else \
        (lambda widget, name: (OUT / name).parent.mkdir(parents=True, exist_ok=True) or widget.grab().save(str(OUT / name)))
    app_settings.identify_application()
    app = QApplication([])
    app.setWindowIcon(QIcon(str(ICON)))
    started = time.monotonic()
    window = MainWindow()
    window.resize(1500, 920)
    window.show()
    settle(app, 0.2)

    # 1. The demo opens on Preview; its text is set in the generated style within seconds.
    opened = time.monotonic()
    window.open_demo()
    preview = window.preview_panel
    charset = set(window.project.charset())
    full = lambda: (preview.strip.generated and all(g is not None for g in preview.strip.generated))  # noqa: E731
    wait_until(app, full, timeout=300)
    figures["demo_preview_seconds"] = round(time.monotonic() - opened, 1)
    figures["demo_opens_on"] = window.tabs.tabText(window.tabs.currentIndex())
    figures["demo_preview_text"] = preview.text.text()
    figures["demo_preview_text_in_charset"] = all(ord(c) in charset for c in preview.text.text())
    figures["demo_preview_empty_boxes"] = sum(g is None for g in preview.strip.generated)
    settle(app, 0.5)
    shot(window, "first-hour-1-demo-preview.png")
    wait_until(app, lambda: not preview.is_busy(), timeout=600)
    figures["demo_all_glyphs_seconds"] = round(time.monotonic() - opened, 1)

    # The other first-hour screens: the New project dialog with the demo fonts, the user guide.
    from app.start_screen import NewProjectDialog
    dialog = NewProjectDialog(window)
    dialog.source.path.setText(str(window.project.source_face().path))
    dialog.source._describe()
    dialog.targets[0].path.setText(str(window.project.style_face(0).path))
    dialog.targets[0]._describe()
    dialog.show()
    settle(app, 0.5)
    figures["new_project_coverage"] = dialog.coverage.text()
    shot(dialog, "02-new-project.png")
    dialog.close()
    guide = window.show_guide()
    settle(app, 0.5)
    shot(guide, "help-user-guide.png")
    guide.close()

    # 2. The Train tab says how long a run takes here before Start.
    panel = window.train_panel
    window.tabs.setCurrentWidget(panel)
    panel.run_length.set_budget_minutes(args.minutes)
    wait_until(app, lambda: panel.run_length.timing is not None, timeout=600)
    figures["estimate_text"] = panel.run_length.estimate.text()
    figures["estimated_seconds"] = round(panel.run_length.predicted_seconds(), 1)
    figures["estimated_steps"] = panel.run_length.steps_for_start() - panel.run_length.start_step
    figures["measured_seconds_per_step_before"] = round(panel.run_length.timing.seconds_per_step, 3)
    figures["threads"] = panel.run_length.timing.threads
    figures["load_before_start"] = load()
    settle(app, 0.3)
    shot(window, "first-hour-2-estimate.png")

    # 3. Start: progress from step 1, "best" only after an evaluation.
    events: list[tuple[str, int, str]] = []
    clicked = time.monotonic()
    job = panel.start()
    job.train_step_ready.connect(lambda r: events.append(("step", r.step, "")))
    job.eval_ready.connect(lambda r: events.append(("eval", r.step, "")))
    job.checkpoint_saved.connect(lambda r: events.append(("checkpoint", r.step, panel.notice.text())))
    wait_until(app, lambda: re.match(r"step \d+ / ", panel.progress.format()) is not None, 600)
    figures["first_progress_seconds"] = round(time.monotonic() - clicked, 1)
    wait_until(app, lambda: "left" in panel.status.text(), 120)
    figures["first_progress_text"] = f"{panel.progress.format()} | {panel.status.text()}"
    settle(app, 0.3)
    shot(window, "first-hour-3-first-steps.png")
    wait_until(app, lambda: panel.state == "idle", timeout=4 * 3600)
    figures["run_seconds"] = round(time.monotonic() - clicked, 1)
    figures["estimate_error"] = round(figures["estimated_seconds"] / figures["run_seconds"] - 1, 3)
    figures["finished_text"] = panel.status.text()
    figures["checkpoint_notices"] = [text for kind, _, text in events if kind == "checkpoint"]
    evaluated_steps = set()
    best_before_eval = False
    for kind, step, text in events:
        if kind == "eval":
            evaluated_steps.add(step)
        if kind == "checkpoint" and "best" in text and not evaluated_steps:
            best_before_eval = True
    figures["best_before_any_evaluation"] = best_before_eval
    figures["load_after_run"] = load()
    settle(app, 0.5)
    shot(window, "first-hour-4-finished.png")

    # 4. Evaluate: progress, then the verdict in plain words.
    quality = panel.quality
    evaluate_clicked = time.monotonic()
    quality.evaluate()
    wait_until(app, lambda: quality.progress.isVisible() and quality.progress.maximum() > 0, 120)
    settle(app, 0.3)
    shot(window, "first-hour-5-evaluating.png")
    wait_until(app, lambda: quality.job is None, timeout=3600)
    figures["evaluate_seconds"] = round(time.monotonic() - evaluate_clicked, 1)
    figures["verdict"] = quality.verdict.text()
    quality.details_toggle.setChecked(True)
    settle(app, 0.5)
    shot(window, "first-hour-6-verdict.png")
    panel.plots.expert.setChecked(True)
    settle(app, 1.0)
    shot(window, "first-hour-7-expert-plots.png")
    figures["total_seconds"] = round(time.monotonic() - started, 1)
    figures["load_at_end"] = load()
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    window.close()
    settle(app, 0.3)
    return 0


if __name__ == "__main__":
    sys.exit(main())
