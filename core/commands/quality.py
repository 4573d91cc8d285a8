"""`zi2zi classifiers train`, `zi2zi compare-discriminators` and `zi2zi eval`'s output: the quality instrument's commands."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.config import field_choices


def add_parsers(sub) -> None:
    cls = sub.add_parser("classifiers", help="the content and style classifiers that judge generated glyphs")
    cls_sub = cls.add_subparsers(dest="action", metavar="ACTION", required=True)
    retrain = cls_sub.add_parser("train", help="(re)train a project's classifiers and cache them in cache/",
                                 description="Train the two small classifiers `zi2zi eval` uses (which "
                                             "character, which font) on the project's own glyphs. They are "
                                             "cached per charset and size and retrained when the fonts change.")
    retrain.add_argument("project", type=Path)
    retrain.add_argument("--epochs", type=int, default=12)
    retrain.add_argument("--json", action="store_true")
    retrain.set_defaults(handler=run_classifiers_train)

    grid = sub.add_parser("compare-discriminators", help="run the discriminator/loss/schedule comparison grid",
                          description="Train every grid cell (discriminator norm, spectral norm, adversarial "
                                      "loss, D:G schedule) for each seed on the demo fonts with the same data "
                                      "and budget, then write report.md and PNG plots into --out. A killed "
                                      "grid continues where it stopped when run again with the same --out; a "
                                      "second process with the same arguments takes other runs in parallel.")
    grid.add_argument("--out", type=Path, required=True, help="folder for runs, report.md and plots")
    grid.add_argument("--size", type=int, default=64, choices=field_choices("data", "image_size"),
                      help="image size in px")
    grid.add_argument("--seconds", type=float, default=200.0, help="time budget per run (see --clock)")
    grid.add_argument("--steps", type=int, default=600, help="step budget per run (whichever ends first)")
    grid.add_argument("--seeds", type=int, default=3, help="seeds per cell")
    grid.add_argument("--cells", help="comma-separated cell names (default: all): "
                                      "sn,bn,sn-bn,sn-in,sn-bce,sn-wgangp,sn-1d2g,zi2zi,bn-bce,sn-bce-1d2g")
    grid.add_argument("--channels", type=int, default=32, help="generator and discriminator width")
    grid.add_argument("--batch-size", type=int, default=8)
    grid.add_argument("--device", default="cpu", choices=field_choices("train", "device"))
    grid.add_argument("--threads", type=int, default=1, help="CPU threads per run")
    grid.add_argument("--workers", type=int, help="runs trained at once, each in its own process (default: "
                                                  "one per --threads CPU cores on cpu, 1 on a GPU)")
    grid.add_argument("--clock", default="cpu", choices=["cpu", "wall"],
                      help="budget in this process's CPU seconds (fair on a shared machine) or wall-clock")
    grid.add_argument("--classifier-epochs", type=int, default=12)
    grid.add_argument("--target", action="append", default=[], metavar="FONT",
                      help="a target font learned from the demo's Micro Hei on the demo charset (repeat for "
                           "more); default: the demo pair, UKai and WenKai")
    grid.add_argument("--tiny", action="store_true", help="test-sized networks, to check the machinery")
    grid.add_argument("--report-only", action="store_true", help="write the report from finished runs")
    grid.add_argument("--no-report", action="store_true", help=argparse.SUPPRESS)  # parallel helpers
    grid.set_defaults(handler=run_compare)


def run_classifiers_train(args: argparse.Namespace) -> int:
    from core.commands.output import print_json
    from core.dataset import load_pairs
    from core.project import Project
    from core.quality.classifiers import cache_path, ensure_classifiers

    project = Project.open(args.project)
    data = load_pairs(project)
    classifiers = ensure_classifiers(project.cache_dir, data, retrain=True, epochs=args.epochs)
    out = {"path": str(cache_path(project.cache_dir, data)), "image_size": data.image_size,
           "validation_accuracy": classifiers.accuracy}
    if args.json:
        print_json(out)
    else:
        acc = classifiers.accuracy
        print(f"classifiers at {data.image_size} px: content {acc['content']:.3f}, style {acc['style']:.3f} "
              f"validation accuracy\nwritten to {out['path']}")
    return 0


def run_compare(args: argparse.Namespace) -> int:
    from core.commands.output import install_cancel_on_interrupt
    from core.control import JobControl
    from core.experiments.grid import GridSpec, RunReport, prepare_grid, run_grid, select_cells
    from core.reports import FinishedReport, ProgressReport

    cells = select_cells([c.strip() for c in args.cells.split(",")] if args.cells else None)
    spec = GridSpec(image_size=args.size, seconds=args.seconds, steps=args.steps, seeds=tuple(range(args.seeds)),
                    cells=cells, generator_channels=args.channels, discriminator_channels=args.channels,
                    batch_size=args.batch_size, device=args.device, threads=args.threads, tiny=args.tiny,
                    clock=args.clock, classifier_epochs=args.classifier_epochs, targets=tuple(args.target))
    helpers: list = []
    prepared = None
    if not args.report_only:
        from core.training.device import pick_device

        pick_device(args.device)   # a missing GPU is said now, not after the classifiers have trained
        control = JobControl()
        install_cancel_on_interrupt(control)
        workers = args.workers or _default_workers(args.device, args.threads)
        if workers > 1:
            print("[0/0] training the quality classifiers (once per size)", flush=True)
            prepared = prepare_grid(spec, args.out)   # before the helpers start: none trains its own
            helpers = _start_helpers(args, workers - 1)
        try:
            for report in run_grid(spec, args.out, control, prepared):
                if isinstance(report, ProgressReport):
                    print(f"[{report.done}/{report.total}] {report.message}", flush=True)
                elif isinstance(report, RunReport):
                    model = report.result["quality"][0]
                    print(f"[{report.done}/{report.total}] {report.cell} seed {report.seed}: "
                          f"{report.result['steps_done']} steps in {report.result['seconds']:.0f} s, "
                          f"held-out L1 {model['l1']:.4f} SSIM {model['ssim']:.4f} "
                          f"content {model['content_accuracy']:.3f}", flush=True)
                elif isinstance(report, FinishedReport) and report.reason == "cancelled":
                    _stop_helpers(helpers)
                    print("stopped; run the same command again to continue", flush=True)
                    return EXIT_STOPPED
            failed, stopped = _wait_for_helpers(helpers)
        except BaseException:
            _stop_helpers(helpers)
            raise
        if (stopped or control.is_cancelled) and not failed:
            # Ctrl+C reaches the helpers too; a helper that stopped cleanly has not failed
            print("stopped; run the same command again to continue", flush=True)
            return EXIT_STOPPED
        if failed:
            print("a parallel worker failed; its log: " + ", ".join(failed) +
                  "\nrun the same command again to finish the runs it left", flush=True)
            return 1
    if args.no_report:
        return 0
    from core.experiments.report import write_report  # imported late: a long grid may outlive edits

    path = write_report(args.out, [c.name for c in cells])
    print(f"report: {path}")
    return 0


def _default_workers(device: str, threads: int) -> int:
    """One run per `threads` cores on the CPU; on a GPU, runs share one device, so one at a time."""
    import os
    import sys

    if device != "cpu" or getattr(sys, "frozen", False):   # a frozen app has no `python -m` to start helpers
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores // max(1, threads))


def _helper_argv(args: argparse.Namespace) -> list[str]:
    """The same grid for a helper process: it claims runs through the lock files, one at a time."""
    argv = ["compare-discriminators", "--out", str(Path(args.out).resolve()), "--size", str(args.size),
            "--seconds", str(args.seconds), "--steps", str(args.steps), "--seeds", str(args.seeds),
            "--channels", str(args.channels), "--batch-size", str(args.batch_size), "--device", args.device,
            "--threads", str(args.threads), "--clock", args.clock,
            "--classifier-epochs", str(args.classifier_epochs), "--workers", "1", "--no-report"]
    if args.cells:
        argv += ["--cells", args.cells]
    if args.tiny:
        argv.append("--tiny")
    for target in args.target:   # else the helper's grid.json would say it was the demo pair
        argv += ["--target", target]
    return argv


def _start_helpers(args: argparse.Namespace, count: int) -> list:
    import os
    import subprocess
    import sys
    import time

    helpers = []
    for n in range(count):
        log_path = Path(args.out) / f"worker-{n + 2}.log"
        # Appended, not overwritten: a second compare-discriminators on the same folder (two processes
        # sharing out the runs) must not erase the first one's helper log while that helper still runs.
        log = open(log_path, "a", encoding="utf-8")
        log.write(f"--- worker {n + 2} of process {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')} ---\n")
        log.flush()
        process = subprocess.Popen([sys.executable, "-m", "core.cli", *_helper_argv(args)], stdout=log,
                                   stderr=subprocess.STDOUT)
        helpers.append((process, log, log_path))
        print(f"worker {n + 2} started (log: {log_path})", flush=True)
    return helpers


EXIT_STOPPED = 130   # what a helper returns when it was stopped (SIGINT) and saved its run


def _wait_for_helpers(helpers: list) -> tuple[list[str], bool]:
    """The logs of helpers that failed, and whether any stopped cleanly when asked to."""
    failed, stopped = [], False
    for process, log, log_path in helpers:
        code = process.wait()
        if code == EXIT_STOPPED:
            stopped = True
        elif code != 0:
            failed.append(str(log_path))
        log.close()
    return failed, stopped


def _stop_helpers(helpers: list) -> None:
    import signal

    for process, _, _ in helpers:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)   # a helper stops cleanly and leaves its run to be redone
    for process, log, _ in helpers:
        try:
            process.wait(timeout=60)
        except Exception:
            process.kill()
        log.close()


def run_eval(args: argparse.Namespace) -> int:
    """`zi2zi eval`: a progress line per stage and epoch, then the verdict, then the figures."""
    from core.commands.output import install_cancel_on_interrupt, print_json
    from core.control import JobControl
    from core.project import Project
    from core.quality.progress import evaluate_with_progress
    from core.quality.verdict import figure_lines
    from core.reports import FinishedReport, ProgressReport, QualityReport

    project = Project.open(args.project)
    control = JobControl()
    install_cancel_on_interrupt(control)
    quality, last = None, ""
    for report in evaluate_with_progress(project, args.checkpoint, args.device,
                                         classifier_epochs=args.classifier_epochs, shots=args.shots,
                                         fit_steps=args.fit_steps, control=control):
        if isinstance(report, ProgressReport) and report.message != last and not args.json:
            last = report.message
            print(f"[{report.done}/{report.total}] {report.message}", flush=True)
        elif isinstance(report, QualityReport):
            quality = report
        elif isinstance(report, FinishedReport) and report.reason == "cancelled":
            print("evaluation stopped", flush=True)
            return 130
    result = quality.result
    if args.json:
        print_json({**result, "verdict": quality.verdict})
        return 0
    print(quality.verdict)
    for line in figure_lines(result):
        print(f"  {line}")
    print(f"held-out characters: {result['held_out_pairs']} pairs at {result['image_size']} px")
    print(result["table"])
    unseen = result.get("held_out_styles")
    if unseen and unseen.get("table"):
        print(f"held-out styles ({unseen['shots']}-shot embedding fit, {unseen['fit_steps']} steps): "
              f"{', '.join(unseen['styles'])}, {unseen['held_out_pairs']} pairs")
        print(unseen["table"])
    print(f"written to {quality.path}")
    return 0
