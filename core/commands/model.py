"""`zi2zi train`, `zi2zi generate` and `zi2zi eval`: the model's life in a project."""

from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

from core.charsets import charset_codepoints
from core.commands import positive_int
from core.config import Config, field_choices, field_help
from core.errors import CharsetError, CheckpointError, ConfigError


def add_parsers(sub) -> None:
    train = sub.add_parser("train", help="train (or continue training) a project's model",
                           description="Train the project's model. Training resumes from the latest "
                                       "checkpoint; Ctrl+C stops cleanly after saving one. Under torchrun "
                                       "the same command trains with DistributedDataParallel.")
    train.add_argument("project", type=Path)
    train.add_argument("--steps", type=int, help="train until this step")
    train.add_argument("--minutes", type=float,
                       help="train for this long on this computer (planned as steps from a speed measurement; "
                            "stops at the deadline if the computer gets slower; replaces --steps)")
    train.add_argument("--batch-size", type=int)
    train.add_argument("--loss", choices=field_choices("train", "adversarial_loss"),
                       help=field_help("train", "adversarial_loss"))
    train.add_argument("--d-norm", choices=field_choices("model", "discriminator_norm"),
                       help=field_help("model", "discriminator_norm"))
    train.add_argument("--generator-lr", type=float)
    train.add_argument("--discriminator-lr", type=float)
    train.add_argument("--device", choices=field_choices("train", "device"), help=field_help("train", "device"))
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
    gen.add_argument("--batch-size", type=positive_int, default=64)
    gen.add_argument("--device", default="auto", choices=field_choices("train", "device"))
    gen.add_argument("--json", action="store_true")
    gen.set_defaults(handler=run_generate)

    ev = sub.add_parser("eval", help="score the model on held-out characters beside copying the source",
                        description="Score the model with the quality suite on two splits: the held-out "
                                    "characters of the styles it trained on, and, when the project holds "
                                    "whole styles out (zi2zi base-model --hold-out-styles), those unseen "
                                    "styles after fitting only a new style embedding row on K of their "
                                    "training characters (generator frozen). Written to evaluation.json.")
    ev.add_argument("project", type=Path)
    ev.add_argument("--checkpoint", type=Path)
    ev.add_argument("--device", default="auto", choices=field_choices("train", "device"))
    ev.add_argument("--classifier-epochs", type=positive_int, default=30,
                    help="training length of the quality classifiers when they are not cached yet")
    ev.add_argument("--shots", type=positive_int, help="held-out styles: glyphs the new embedding row is fitted on (default 100)")
    ev.add_argument("--fit-steps", type=positive_int, help="held-out styles: Adam steps of that fit (default 200)")
    ev.add_argument("--json", action="store_true")
    ev.set_defaults(handler=run_eval)

    pack = sub.add_parser("pack-model", help="write a project's model as a small generator-only file",
                          description="Write the generator of a checkpoint (default: the project's best) "
                                      "in fp16 with its settings: enough to generate glyphs and to start "
                                      "training from (put it in a project's checkpoints/ as base.pt). "
                                      "It names each style's font (path, face, family, Debian package), "
                                      "so fine-tuning on another computer replays the styles whose fonts it has.")
    pack.add_argument("project", type=Path)
    pack.add_argument("--checkpoint", type=Path, help="checkpoint to pack (default: best by held-out L1)")
    pack.add_argument("--out", type=Path, required=True, help="file to write, e.g. demo-generator.pt")
    pack.set_defaults(handler=run_pack_model)

    base = sub.add_parser("base-model", help="create a multi-style project from a folder of fonts",
                          description="Create a project whose target styles are every font in a folder that "
                                      "covers the charset; `zi2zi train` then trains a base model that "
                                      "handwriting projects fine-tune from.")
    base.add_argument("project", type=Path, help="folder to create")
    fonts = base.add_mutually_exclusive_group(required=True)
    fonts.add_argument("--fonts", type=Path, help="folder of target fonts (searched recursively)")
    fonts.add_argument("--faces", type=Path, help="text file listing the target faces, one FONT or FONT#FACE a "
                                                  "line (# comments), e.g. resources/base-model/faces.txt")
    base.add_argument("--source", required=True, help="source font (FONT, FONT#FACE or demo:NAME)")
    base.add_argument("--charset", default="gb2312", help="characters to learn (default gb2312)")
    base.add_argument("--image-size", type=int, help="glyph size in px: 64, 128 or 256")
    base.add_argument("--hold-out-styles", metavar="N_OR_NAMES",
                      help="keep whole fonts out of training to evaluate on: a count (drawn by the split "
                           "seed) or comma-separated style names")
    base.set_defaults(handler=run_base_model)

    hand = sub.add_parser("handwriting-project", help="create a project that fine-tunes a base model on handwriting",
                          description="Create a project from a base model (the bundled one, a packed model "
                                      "file or a trained base project) and a folder of handwritten "
                                      "glyph PNGs (from `zi2zi extract`), with fine-tuning settings (fewer "
                                      "steps, lower rates, frozen encoder, early stopping) and some written "
                                      "characters held out; then run `zi2zi train PROJECT`.")
    hand.add_argument("project", type=Path, help="folder to create")
    hand.add_argument("--base", type=Path, help="a trained base project (default: the bundled base model)")
    hand.add_argument("--glyphs", required=True, type=Path, help="folder of glyph PNGs named by code point")
    hand.add_argument("--name", default="My handwriting", help="the new style's name")
    hand.add_argument("--checkpoint", type=Path,
                      help="base checkpoint or packed model file (default: the base project's best, or without "
                           "--base the bundled base model)")
    hand.add_argument("--charset", help="without --base: the characters to learn (default: the bundled demo "
                                        "characters)")
    hand.add_argument("--as-written", action="store_true",
                      help="keep each glyph's size and place as written (default: one size, baseline and stroke "
                           "weight for the hand, which generated glyphs follow too)")
    hand.set_defaults(handler=run_handwriting_project)


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
    from core.commands.output import install_cancel_on_interrupt
    from core.control import JobControl
    from core.reports import CheckpointReport, EvalReport, FinishedReport, NoticeReport, SampleReport, TrainStepReport
    from core.training.distributed import init_from_environment
    from core.training.loop import train

    project = _open(args.project)
    config = _apply_overrides(project.config, args)
    budget = None
    if getattr(args, "minutes", None):
        from core.commands.demo import steps_for_minutes  # measured here, as the demo does
        config.train.steps, budget = steps_for_minutes(project, config, args.minutes)  # the measurement counts
    control = JobControl()
    install_cancel_on_interrupt(control)
    rank0 = init_from_environment(config.train.device).is_main
    for report in train(project, config, control, resume=not args.no_resume, init_from=args.init_from,
                        time_budget_s=budget):
        if not rank0:
            continue
        if args.json:
            print(json.dumps(_report_json(report)), flush=True)
        elif isinstance(report, TrainStepReport):
            losses = report.losses
            print(f"step {report.step}/{report.total_steps}  D {losses['d_total']:.3f}  G {losses['g_total']:.3f}  "
                  f"L1 {losses['g_l1']:.4f}  real {report.d_real_score:.2f} fake {report.d_fake_score:.2f}  "
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
            ended = {"time-up": "time budget spent"}.get(report.reason, report.reason)
            print(f"{ended} at step {report.step}; checkpoint {report.checkpoint_path}", flush=True)
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
    from core.commands.output import print_json
    from core.generation import generate_to_project
    from core.inference import GlyphGenerator, write_contact_sheet
    from core.render import render_glyphs
    from core.reports import FinishedReport, NoticeReport

    project = _open(args.project)
    if args.text is not None:
        codepoints = charset_codepoints("text:" + args.text)
    else:  # the project's own charset resolves resource: paths (issue 16 #8)
        codepoints = charset_codepoints(args.charset) if args.charset else project.charset()
    if not codepoints:
        raise CharsetError("there are no characters to generate", hint="name some with --text or --charset")
    if args.interpolate:
        a, b, t = args.interpolate
        t = _blend_amount(t)
        model = GlyphGenerator.from_project(project, args.checkpoint, args.device)
        rendered = render_glyphs(project.source_face(), codepoints[:200], model.image_size)
        glyphs = model.interpolate(rendered.bitmaps, _style(a), _style(b), float(t))
        path = write_contact_sheet(glyphs, project.samples_dir / f"interpolate-{a}-{b}-{t}.png")
        print_json({"contact_sheet": str(path)}) if args.json else print(f"contact sheet: {path}")
        return 0
    outputs, notes = {}, []
    for report in generate_to_project(project, codepoints, _style(args.style), checkpoint=args.checkpoint,
                                      batch_size=args.batch_size, device=args.device):
        if isinstance(report, NoticeReport) and not args.json:
            notes.append(f"note: {report.message}")
        if isinstance(report, FinishedReport):
            outputs = report.outputs
    if outputs.get("count") == "0" and outputs.get("reason") != "cancelled":
        raise CharsetError("no glyph was generated: the source font has none of these characters",
                           hint="choose characters the source font covers")
    for note in notes:  # after the check above, so a failure stays one line
        print(note, file=sys.stderr)
    if args.json:
        print_json(outputs)
    else:
        print(f"generated {outputs.get('count')} glyphs into {outputs.get('folder')}\n"
              f"contact sheet: {outputs.get('contact_sheet')}")
    return 0


def _blend_amount(text: str) -> float:
    import math

    try:
        value = float(text)
    except ValueError:
        raise ConfigError(f"--interpolate: the blend amount {text!r} is not a number (0 is the first style, "
                          f"1 the second)") from None
    if not math.isfinite(value):
        raise ConfigError(f"--interpolate: the blend amount must be a finite number, not {text}")
    return value


def _style(text: str) -> int | str:
    return int(text) if text.isdigit() else text


def run_eval(args: argparse.Namespace) -> int:
    from core.commands.quality import run_eval as run  # progress and the plain verdict live there (issue 17)

    return run(args)


def run_pack_model(args: argparse.Namespace) -> int:
    from core.errors import CheckpointError
    from core.recipes.base_model import packed_font_info
    from core.training.checkpoint import CheckpointStore, load_checkpoint, save_generator_file

    project = _open(args.project)
    checkpoint = args.checkpoint or CheckpointStore(project.checkpoints_dir).best()
    if checkpoint is None:
        raise CheckpointError(f"project {project.root} has no trained model yet", hint="train it first")
    _check_pack_target(project, Path(checkpoint), args.out)
    state = load_checkpoint(checkpoint)
    # Where each style's font came from, so fine-tuning elsewhere can replay the styles whose fonts it has.
    fonts = packed_font_info(project, [str(n) for n in state.get("style_names") or []])
    out = save_generator_file(args.out, state, fonts=fonts)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) from {checkpoint}, with the fonts of "
          f"{len(fonts['style_fonts'])} of its {len(state.get('style_names') or [])} styles")
    return 0


def _check_pack_target(project, checkpoint: Path, out: Path) -> None:
    """Never let a packed model replace what the project owns: its checkpoints or the file being packed."""
    target = out.resolve()
    if target.is_dir():
        raise CheckpointError(f"--out {out} is a folder", hint="name a file, e.g. model.pt")
    owned = project.checkpoints_dir.resolve()
    if target == checkpoint.resolve() or owned == target or owned in target.parents:
        raise CheckpointError(f"--out {out} is inside the project's checkpoints folder; writing there would "
                              f"replace a training checkpoint", hint="choose a file outside checkpoints/")


def run_base_model(args: argparse.Namespace) -> int:
    from core.recipes.fonts import base_model_project, parse_font_spec, read_faces_file

    if args.fonts is not None and not args.fonts.is_dir():  # said once and plainly, not as a warning and then a coverage complaint
        from core.errors import FontError
        raise FontError(f"font folder {args.fonts} does not exist or is not a folder")
    faces = read_faces_file(args.faces) if args.faces is not None else None
    project = base_model_project(args.project, fonts_dir=args.fonts, faces=faces, source=parse_font_spec(args.source),
                                 charset=args.charset, image_size=args.image_size,
                                 hold_out_styles=args.hold_out_styles)
    held_styles = f", styles held out: {', '.join(project.held_out_styles)}" if project.held_out_styles else ""
    print(f"created {project.root}: {len(project.styles)} font style(s) "
          f"({', '.join(s.name for s in project.styles)}), {len(project.held_out)} characters held out"
          f"{held_styles}; "
          f"train it with: zi2zi train {project.root}")
    return 0


def _check_glyph_folder(folder: Path) -> None:
    """Every glyph PNG named by code point must be a readable, written glyph (not blank, solid or 1x1)."""
    from core.dataset import read_glyph_image
    from core.errors import ProjectError
    from core.project.layout import glyph_files

    if not folder.is_dir():
        raise ProjectError(f"glyph folder {folder} does not exist")
    for png in glyph_files(folder).values():
        read_glyph_image(png)


def run_handwriting_project(args: argparse.Namespace) -> int:
    from core.project import handwriting_codepoints
    from core.recipes.handwriting import handwriting_from_base

    _check_glyph_folder(args.glyphs)  # before the project exists: a bad glyph leaves nothing behind
    project = handwriting_from_base(args.project, base_root=args.base, glyphs_dir=args.glyphs,
                                    style_name=args.name, checkpoint=args.checkpoint, normalize=not args.as_written,
                                    charset=args.charset)
    hand = len(project.styles) - 1
    written = set(handwriting_codepoints(project.style_folder(hand)))
    usable = written & set(project.charset())
    held = usable & set(project.held_out)
    t = project.config.train
    fonts = [s for s in project.styles if s.kind == "font" and s.name not in project.held_out_styles]
    print(f"created {project.root}: {len(usable)} of {len(written)} handwritten characters usable, "
          f"{len(held)} held out for validation; {project.config.data.image_size} px (the base model's size); "
          f"{len(fonts)} font styles of the base model trained beside the hand; "
          f"up to {t.steps} steps, early stopping after "
          f"{t.early_stopping_patience} evaluations without improvement; fine-tune with: zi2zi train {project.root}")
    return 0
