"""`zi2zi demo`: the headless demo — a project from the bundled fonts, brief training, a sample sheet."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from core.config import field_choices


def add_parser(sub) -> None:
    demo = sub.add_parser("demo", help="create a demo project from the bundled fonts, train briefly, "
                                       "write a sample sheet",
                          description="The headless demo: creates (or continues) a project from the bundled "
                                      "demo fonts, fine-tunes the bundled model for a few minutes (measured "
                                      "on this computer first, so --minutes is wall-clock time here) and "
                                      "writes a sample sheet of characters the model never saw.")
    demo.add_argument("--out", type=Path, default=Path("demo-output/demo-project"), help="project folder")
    demo.add_argument("--minutes", type=float, default=5.0,
                      help="training time on this computer (default 5); turned into steps by measuring a few, "
                           "and a deadline")
    demo.add_argument("--steps", type=int, help="train to this step instead of for --minutes")
    demo.add_argument("--image-size", type=int, choices=field_choices("data", "image_size"),
                      help="glyph size in px (default: the bundled model's size, 128; another size trains "
                           "from scratch)")
    demo.add_argument("--threads", type=int, default=0)
    demo.set_defaults(handler=run_demo)


def run_demo(args: argparse.Namespace) -> int:
    from core.commands.output import install_cancel_on_interrupt
    from core.control import JobControl
    from core.generation import generate_to_project
    from core.project import Project, layout
    from core.recipes.demo import demo_model_size, demo_project
    from core.reports import EvalReport, FinishedReport, NoticeReport, TrainStepReport
    from core.training.loop import train

    if layout.is_project(args.out):
        project = Project.open(args.out)
        print(f"continuing the demo project in {project.root}")
    else:
        project = demo_project(args.out, image_size=args.image_size)
        print(f"created the demo project in {project.root} "
              f"({', '.join(s.name for s in project.styles)}; {len(project.charset())} characters)")
        size, bundled = project.config.data.image_size, demo_model_size()
        if bundled and size != bundled:
            print(f"the bundled model draws {bundled} px glyphs, so this {size} px project trains from scratch")
    config = project.config
    config.train.threads = args.threads
    config.train.log_every = 25
    config.train.eval_every = config.train.sample_every = config.train.checkpoint_every = 100
    budget = None
    if args.steps:
        config.train.steps = max(args.steps, 1)
    else:
        config.train.steps, budget = steps_for_minutes(project, config, args.minutes)
    control = JobControl()
    install_cancel_on_interrupt(control)
    finished = None
    for report in train(project, config, control, time_budget_s=budget):
        if isinstance(report, TrainStepReport):
            print(f"  step {report.step}/{report.total_steps}  L1 {report.losses['g_l1']:.3f}  "
                  f"{report.images_per_second:.0f} img/s", flush=True)
        elif isinstance(report, EvalReport):
            print(f"  held-out L1 {report.held_out_l1:.4f} (copying the source: {report.copy_source_l1:.4f})",
                  flush=True)
        elif isinstance(report, NoticeReport):
            print(f"  note: {report.message}", flush=True)
        elif isinstance(report, FinishedReport):
            finished = report
    sheets = {}
    for style in project.styles:
        for report in generate_to_project(project, list(project.held_out), style.name):
            if isinstance(report, FinishedReport):
                sheets[style.name] = report.outputs["contact_sheet"]
    ended = {"time-up": "ended (time budget spent)"}.get(finished.reason, finished.reason) if finished else "stopped"
    print(f"training {ended} at step {finished.step if finished else '?'}")
    latest = sorted(project.samples_dir.glob("step-*.png"))
    if latest:
        print(f"sample grid (source | generated | target): {latest[-1]}")
    for name, sheet in sheets.items():
        print(f"held-out characters in the style of {name}: {sheet}")
    return 0


def steps_for_minutes(project, config, minutes: float) -> tuple[int, float]:
    """Measure a few steps of this project's model here, then the last step that fits in `minutes`, and
    the seconds of the budget the measurement left (the training's deadline)."""
    from core.training.estimate import describe_minutes, measure_project, run_seconds, steps_for_budget

    started = time.monotonic()
    print("measuring this computer's speed...", flush=True)
    timing, start = measure_project(project, config)
    steps = steps_for_budget(timing, config.train, minutes, start=start)
    print(f"{timing.seconds_per_step:.2f} s a step on {timing.device}: {steps - start} steps from step {start}, "
          f"{describe_minutes(run_seconds(timing, config.train, steps, start))}", flush=True)
    return steps, minutes * 60.0 - (time.monotonic() - started)
