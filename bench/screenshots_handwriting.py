"""Screenshots of the handwriting wizard's steps and review grid, for docs/screenshots/ (run under Xvfb).

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python bench/screenshots_handwriting.py [--steps 60]

Uses the stored scan fixtures (tests/core/fixtures/scans) as the writer's pages, spoils a few samples so
the review grid has problems to show, fine-tunes the bundled base model (the wizard's default) with the
handwriting preset cut to --steps, and generates the preview text. Prints the run's figures as JSON.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_home = tempfile.mkdtemp(prefix="zi2zi-hand-shots-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
OUT = ROOT / "docs" / "screenshots"
FIXTURES = ROOT / "tests" / "core" / "fixtures" / "scans"

from screenshots import wait_until  # noqa: E402  (bench/ is this script's folder)


class Dialogs:
    def __init__(self, scans):
        self.scans = scans

    def choose_scans(self, parent):
        return [str(p) for p in self.scans]

    def choose_project(self, parent):
        return ""

    def choose_checkpoint(self, parent):
        return ""

    def open_path(self, path):
        pass

    def show_error(self, parent, title, message):
        print("error:", title, message)


def spoil(review) -> None:
    """A few realistic problems: a stray mark, ink run into the border, a faint copy, a wrong cut."""
    ids = list(review.samples)
    for k, sample_id in enumerate(ids[3:30:6]):
        img = review.source_image(sample_id).copy()
        n = img.shape[0]
        if k == 0:
            img[int(0.78 * n):int(0.9 * n), int(0.8 * n):int(0.9 * n)] = 0
        elif k == 1:
            img[int(0.45 * n):int(0.5 * n), :int(0.4 * n)] = 0
        elif k == 2:
            img = (255 - (255 - img.astype(np.int32)) * 0.4).astype(np.uint8)
        else:
            img[:int(0.12 * n), :] = 0
        review.add_sample(review.samples[sample_id].codepoint, img, choose=True)


def save(widget, name: str) -> None:
    path = OUT / f"handwriting-{name}.png"
    widget.grab().save(str(path))
    print("wrote", path.relative_to(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    if not os.environ.get("DISPLAY"):
        print("screenshots need a display: run under xvfb-run", file=sys.stderr)
        return 2
    import torch
    torch.set_num_threads(1)
    from PySide6.QtWidgets import QApplication

    from app.handwriting.wizard import HandwritingWizard
    from app.settings import identify_application
    app = QApplication(sys.argv)
    identify_application()
    wizard = HandwritingWizard()
    wizard.dialogs = Dialogs(sorted(FIXTURES.glob("*.jpg")))
    wizard.resize(1440, 900)
    wizard.show()
    wait_until(app, lambda: False, 0.5)
    page = wizard.setup_page
    page.name.setText("My hand")
    page.location.setText(_home)
    page.count.setValue(150)
    page.size.setCurrentIndex(page.size.findData(64))
    save(wizard, "1-setup")
    wizard.next()
    wait_until(app, lambda: False, 0.3)
    save(wizard, "2-template")
    wizard.next()
    wizard.import_scans(wizard.dialogs.choose_scans(wizard))
    wait_until(app, lambda: wizard.import_job is None)
    save(wizard, "3-import")
    spoil(wizard.review)
    wizard.next()
    wait_until(app, lambda: False, 0.3)
    save(wizard, "4-review")
    wizard.grid.filter.setCurrentIndex(wizard.grid.filter.findData("problems"))
    wait_until(app, lambda: False, 0.3)
    save(wizard.grid, "4-review-problems")
    wizard.grid.filter.setCurrentIndex(0)
    wizard.next()                  # the Train step sets the fine-tuning preset; a shorter run is enough here
    preset_steps = wizard.project.config.train.steps
    t = wizard.project.config.train
    t.steps, t.eval_every, t.sample_every = args.steps, max(10, args.steps // 10), max(10, args.steps // 4)
    t.checkpoint_every, t.threads, t.device = args.steps, 1, "cpu"
    wizard.project.save()
    wizard.train_panel.set_project(wizard.project)
    wizard._update_plan()          # the line says what this run does (the preset's count is in the JSON)
    started = time.monotonic()
    wizard.train_panel.start()
    wait_until(app, lambda: not wizard.train_panel.is_running(), 3000)
    train_seconds = time.monotonic() - started
    wait_until(app, lambda: False, 0.5)
    save(wizard, "5-train")
    from app.handwriting.pages import specimen_text
    from core.generation import generate_to_project
    text = [ord(c) for c in specimen_text(wizard.project, wizard.review.usable_codepoints())]
    try:
        for _ in generate_to_project(wizard.project, text, wizard.state.style, device="cpu"):
            pass
    except Exception as exc:  # noqa: BLE001 - the preview then shows only the written glyphs
        print("no generated glyphs:", exc)
    wizard.next()
    wait_until(app, lambda: False, 1.0)
    save(wizard, "6-preview")
    wizard.next()
    wait_until(app, lambda: False, 0.3)
    save(wizard, "7-export")
    from app.workers import running_jobs
    for job in wizard.jobs() + running_jobs():  # the speed measurement after training too: Qt aborts on a live QThread
        job.join()
    import json

    from core.training.checkpoint import CheckpointStore, load_checkpoint
    store = CheckpointStore(wizard.project.checkpoints_dir)
    best = load_checkpoint(store.best())
    print(json.dumps({"preset_steps": preset_steps, "steps_run": args.steps, "train_seconds": round(train_seconds, 1),
                      "best_step": best.get("step"), "best_held_out_l1": best.get("best_held_out_l1"),
                      "style_names": best.get("style_names"), "image_size": wizard.project.config.data.image_size}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
