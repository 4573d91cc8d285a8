"""`zi2zi classifiers train` and `zi2zi compare-discriminators`: the quality instrument's own commands."""

from __future__ import annotations

import argparse
from pathlib import Path


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
    grid.add_argument("--size", type=int, default=64, choices=[32, 64, 128, 256], help="image size in px")
    grid.add_argument("--seconds", type=float, default=200.0, help="wall-clock budget per run")
    grid.add_argument("--steps", type=int, default=300, help="step budget per run (whichever ends first)")
    grid.add_argument("--seeds", type=int, default=2, help="seeds per cell")
    grid.add_argument("--cells", help="comma-separated cell names (default: all): "
                                      "sn,bn,sn-bn,sn-in,sn-bce,sn-wgangp,sn-1d2g,zi2zi")
    grid.add_argument("--channels", type=int, default=32, help="generator and discriminator width")
    grid.add_argument("--batch-size", type=int, default=8)
    grid.add_argument("--device", default="cpu", choices=["auto", "cuda", "mps", "cpu"])
    grid.add_argument("--threads", type=int, default=1, help="CPU threads per run")
    grid.add_argument("--clock", default="cpu", choices=["cpu", "wall"],
                      help="budget in this process's CPU seconds (fair on a shared machine) or wall-clock")
    grid.add_argument("--classifier-epochs", type=int, default=12)
    grid.add_argument("--tiny", action="store_true", help="test-sized networks, to check the machinery")
    grid.add_argument("--report-only", action="store_true", help="write the report from finished runs")
    grid.set_defaults(handler=run_compare)


def run_classifiers_train(args: argparse.Namespace) -> int:
    from core.cli import print_json
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
    from core.cli import install_cancel_on_interrupt
    from core.control import JobControl
    from core.experiments.grid import GridSpec, RunReport, run_grid, select_cells
    from core.reports import FinishedReport, ProgressReport

    cells = select_cells([c.strip() for c in args.cells.split(",")] if args.cells else None)
    spec = GridSpec(image_size=args.size, seconds=args.seconds, steps=args.steps, seeds=tuple(range(args.seeds)),
                    cells=cells, generator_channels=args.channels, discriminator_channels=args.channels,
                    batch_size=args.batch_size, device=args.device, threads=args.threads, tiny=args.tiny,
                    clock=args.clock, classifier_epochs=args.classifier_epochs)
    if not args.report_only:
        control = JobControl()
        install_cancel_on_interrupt(control)
        for report in run_grid(spec, args.out, control):
            if isinstance(report, ProgressReport):
                print(f"[{report.done}/{report.total}] {report.message}", flush=True)
            elif isinstance(report, RunReport):
                model = report.result["quality"][0]
                print(f"[{report.done}/{report.total}] {report.cell} seed {report.seed}: "
                      f"{report.result['steps_done']} steps in {report.result['seconds']:.0f} s, "
                      f"held-out L1 {model['l1']:.4f} SSIM {model['ssim']:.4f} "
                      f"content {model['content_accuracy']:.3f}", flush=True)
            elif isinstance(report, FinishedReport) and report.reason == "cancelled":
                print("stopped; run the same command again to continue", flush=True)
                return 130
    from core.experiments.report import write_report  # imported late: a long grid may outlive edits

    path = write_report(args.out, [c.name for c in cells])
    print(f"report: {path}")
    return 0
