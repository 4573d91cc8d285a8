"""`zi2zi train`, `zi2zi generate` and `zi2zi eval`: the model's life in a project."""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

from core.charsets import charset_codepoints
from core.config import Config
from core.errors import ConfigError


def add_parsers(sub) -> None:
    train = sub.add_parser("train", help="train (or continue training) a project's model",
                           description="Train the project's model. Training resumes from the latest "
                                       "checkpoint; Ctrl+C stops cleanly after saving one. Under torchrun "
                                       "the same command trains with DistributedDataParallel.")
    train.add_argument("project", type=Path)
    train.add_argument("--steps", type=int, help="train until this step")
    train.add_argument("--batch-size", type=int)
    train.add_argument("--loss", choices=["bce", "hinge", "wgan-gp", "wgan-clip"], help="adversarial loss")
    train.add_argument("--d-norm", choices=["none", "batch", "instance"], help="discriminator norm")
    train.add_argument("--generator-lr", type=float)
    train.add_argument("--discriminator-lr", type=float)
    train.add_argument("--device", choices=["auto", "cuda", "mps", "cpu"])
    train.add_argument("--threads", type=int, help="cap CPU threads (0: let torch decide)")
    train.add_argument("--init-from", type=Path, help="base checkpoint to fine-tune from (new styles get new rows)")
    train.add_argument("--freeze-encoder", action="store_true", help="fine-tuning: keep the encoder fixed")
    train.add_argument("--no-resume", action="store_true", help="start over instead of resuming")
    train.add_argument("--set", action="append", default=[], metavar="SECTION.KEY=VALUE",
                       help="any other setting, e.g. --set train.l1_weight=50 (repeatable)")
    train.add_argument("--json", action="store_true", help="print one JSON object per report")
    train.set_defaults(handler=run_train)

    gen = sub.add_parser("generate", help="generate glyphs of a charset or text in a learned style")
    gen.add_argument("project", type=Path)
    what = gen.add_mutually_exclusive_group()
    what.add_argument("--charset", help="charset name or file (default: the project's)")
    what.add_argument("--text", help="generate exactly these characters")
    gen.add_argument("--style", default="0", help="style name or number (default 0)")
    gen.add_argument("--interpolate", nargs=3, metavar=("STYLE_A", "STYLE_B", "T"),
                     help="blend two styles (T=0 is A, 1 is B) and write a contact sheet")
    gen.add_argument("--checkpoint", type=Path, help="checkpoint to use (default: best by held-out L1)")
    gen.add_argument("--batch-size", type=int, default=64)
    gen.add_argument("--device", default="auto", choices=["auto", "cuda", "mps", "cpu"])
    gen.add_argument("--json", action="store_true")
    gen.set_defaults(handler=run_generate)

    ev = sub.add_parser("eval", help="score the model on held-out characters beside copying the source")
    ev.add_argument("project", type=Path)
    ev.add_argument("--checkpoint", type=Path)
    ev.add_argument("--device", default="auto", choices=["auto", "cuda", "mps", "cpu"])
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(handler=run_eval)


def _apply_overrides(config: Config, args: argparse.Namespace) -> Config:
    config = copy.deepcopy(config)
    direct = {"steps": ("train", "steps"), "batch_size": ("train", "batch_size"),
              "loss": ("train", "adversarial_loss"), "d_norm": ("model", "discriminator_norm"),
              "generator_lr": ("train", "generator_lr"), "discriminator_lr": ("train", "discriminator_lr"),
              "device": ("train", "device"), "threads": ("train", "threads")}
    for arg, (section, key) in direct.items():
        value = getattr(args, arg, None)
        if value is not None:
            setattr(getattr(config, section), key, value)
    if args.freeze_encoder:
        config.train.freeze_encoder = True
    raw = config.to_dict()
    for item in args.set:
        path, sep, text = item.partition("=")
        section, _, key = path.partition(".")
        if not sep or section not in raw or not isinstance(raw[section], dict) or key not in raw[section]:
            raise ConfigError(f"--set {item!r}: expected SECTION.KEY=VALUE with a known setting, "
                              f"e.g. train.l1_weight=50")
        try:
            raw[section][key] = json.loads(text)
        except ValueError:
            raw[section][key] = text  # plain words such as hinge need no quotes
    return Config.from_dict(raw)


def _open(path: Path):
    from core.project import Project

    return Project.open(path)


def run_train(args: argparse.Namespace) -> int:
    from core.cli import install_cancel_on_interrupt
    from core.control import JobControl
    from core.reports import (CheckpointReport, EvalReport, FinishedReport, NoticeReport, SampleReport,
                              TrainStepReport)
    from core.training.distributed import init_from_environment
    from core.training.trainer import train

    project = _open(args.project)
    config = _apply_overrides(project.config, args)
    control = JobControl()
    install_cancel_on_interrupt(control)
    rank0 = init_from_environment(config.train.device).is_main
    for report in train(project, config, control, resume=not args.no_resume, init_from=args.init_from):
        if not rank0:
            continue
        if args.json:
            print(json.dumps(_report_json(report)), flush=True)
        elif isinstance(report, TrainStepReport):
            l = report.losses
            print(f"step {report.step}/{report.total_steps}  D {l['d_total']:.3f}  G {l['g_total']:.3f}  "
                  f"L1 {l['g_l1']:.4f}  real {report.d_real_score:.2f} fake {report.d_fake_score:.2f}  "
                  f"{report.images_per_second:.1f} img/s  eta {_duration(report.eta_seconds)}", flush=True)
        elif isinstance(report, EvalReport):
            print(f"step {report.step}  held-out L1 {report.held_out_l1:.4f} "
                  f"(copying the source: {report.copy_source_l1:.4f})", flush=True)
        elif isinstance(report, SampleReport):
            print(f"step {report.step}  samples: {report.path}", flush=True)
        elif isinstance(report, CheckpointReport):
            print(f"step {report.step}  checkpoint: {report.path}{'  (best so far)' if report.is_best else ''}",
                  flush=True)
        elif isinstance(report, NoticeReport):
            print(f"note: {report.message}", flush=True)
        elif isinstance(report, FinishedReport):
            print(f"{report.reason} at step {report.step}; checkpoint {report.checkpoint_path}", flush=True)
    return 0


def _report_json(report) -> dict:
    from dataclasses import asdict

    data = {k: v for k, v in asdict(report).items() if k != "grid"}
    return {"type": type(report).__name__, **data}


def _duration(seconds: float) -> str:
    seconds = int(max(seconds, 0))
    h, rem = divmod(seconds, 3600)
    return f"{h}h{rem // 60:02d}m" if h else f"{rem // 60}m{rem % 60:02d}s"


def run_generate(args: argparse.Namespace) -> int:
    from core.cli import print_json
    from core.inference import GlyphGenerator, generate_to_project, write_contact_sheet
    from core.render import render_glyphs
    from core.reports import FinishedReport, NoticeReport

    project = _open(args.project)
    if args.text:
        codepoints = charset_codepoints("text:" + args.text)
    else:
        codepoints = charset_codepoints(args.charset or project.config.data.charset)
    if args.interpolate:
        a, b, t = args.interpolate
        model = GlyphGenerator.from_project(project, args.checkpoint, args.device)
        rendered = render_glyphs(project.source_face(), codepoints[:200], model.image_size)
        glyphs = model.interpolate(rendered.bitmaps, _style(a), _style(b), float(t))
        path = write_contact_sheet(glyphs, project.samples_dir / f"interpolate-{a}-{b}-{t}.png")
        print_json({"contact_sheet": str(path)}) if args.json else print(f"contact sheet: {path}")
        return 0
    outputs = {}
    for report in generate_to_project(project, codepoints, _style(args.style), checkpoint=args.checkpoint,
                                      batch_size=args.batch_size, device=args.device):
        if isinstance(report, NoticeReport) and not args.json:
            print(f"note: {report.message}", file=sys.stderr)
        if isinstance(report, FinishedReport):
            outputs = report.outputs
    if args.json:
        print_json(outputs)
    else:
        print(f"generated {outputs.get('count')} glyphs into {outputs.get('folder')}\n"
              f"contact sheet: {outputs.get('contact_sheet')}")
    return 0


def _style(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def run_eval(args: argparse.Namespace) -> int:
    from core.atomic_io import write_json_atomic
    from core.cli import print_json
    from core.evaluation import evaluate_project

    project = _open(args.project)
    result = evaluate_project(project, args.checkpoint, args.device)
    out = project.root / "evaluation.json"
    write_json_atomic(out, {k: v for k, v in result.items() if k != "table"})
    if args.json:
        print_json(result)
    else:
        print(f"held-out characters: {result['held_out_pairs']} pairs at {result['image_size']} px")
        print(result["table"])
        print(f"written to {out}")
    return 0
