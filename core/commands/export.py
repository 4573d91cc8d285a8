"""`zi2zi export`: trace a project's glyphs (or a folder of PNGs) and build validated font files."""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path

from core.commands.output import print_json
from core.config import ExportConfig, field_choices, field_help
from core.errors import ExportError
from core.export.pipeline import export_font, load_glyph_dir
from core.export.run import ExportRun
from core.reports import FinishedReport, NoticeReport, ProgressReport


def add_parser(sub) -> argparse.ArgumentParser:
    parser = sub.add_parser(
        "export", help="trace glyphs and build TTF / OTF / WOFF / WOFF2 / UFO fonts",
        description="Build a font from a project's glyphs (your edits win over handwriting, handwriting over "
                    "generated glyphs; rejected generated glyphs are left out) or from a folder of glyph PNGs "
                    "named by code point (4E00.png, U+4E00.png, uni4E00.png). Latin letters, digits, ASCII "
                    "and CJK punctuation the glyphs lack are filled from a companion font (default: the "
                    "project's source font, scaled and weighted to match), then from built-in punctuation. "
                    "Every export is reopened, checked by OTS and rendered back; a validation report (where "
                    "each glyph came from, legibility, a specimen PNG) is written beside the font.")
    parser.add_argument("project", nargs="?", type=Path, help="project folder")
    parser.add_argument("--from-dir", type=Path, help="build from this folder of glyph PNGs instead of a project")
    parser.add_argument("--out", type=Path, help="output font path (default: the project's exports/ folder)")
    parser.add_argument("--format", action="append", choices=field_choices("export", "formats"), dest="formats",
                        help=field_help("export", "formats") + " Repeat for several (default: the project's, or ttf).")
    parser.add_argument("--style-name", dest="project_style", metavar="STYLE",
                        help="which style of the project (default: the first)")
    # Flags that set an export setting keep the setting's name as dest: _settings copies them by name.
    parser.add_argument("--family", dest="family_name", metavar="NAME",
                        help="family name (default: the project's export settings)")
    parser.add_argument("--style", dest="style_name", metavar="NAME", help="style name, e.g. Regular or Bold")
    for flag, name in (("--version", "version"), ("--designer", "designer"), ("--license", "license"),
                       ("--description", "description")):
        parser.add_argument(flag, dest=name, help=field_help("export", name))
    parser.add_argument("--localized-family", action="append", default=[], dest="localized_names", metavar="LANG=NAME",
                        help="a localised family name, e.g. zh=我的楷体 (repeatable)")
    parser.add_argument("--merge-into", type=Path, help="add the glyphs to this existing font")
    parser.add_argument("--fill-from", type=Path, metavar="FONT",
                        help="fill the Latin letters, digits and punctuation the glyphs lack from this font, "
                             "scaled and weighted to match (default: the project's source font)")
    parser.add_argument("--no-fill", dest="fill_required", action="store_false", default=None,
                        help="export the glyphs alone, without filling Latin, digits and punctuation")
    parser.add_argument("--metrics-from", type=Path, metavar="FONT",
                        help="take line spacing (ascender, descender, line gap) from this font "
                             "(default: the project's source font)")
    parser.add_argument("--replace-existing", action="store_true", default=None,
                        help="in merge mode, our glyphs replace the base font's for the same characters")
    parser.add_argument("--keep-edge-glyphs", dest="edge_policy", action="store_const", const="keep",
                        help="keep glyphs that touch the canvas edge (they are reported either way)")
    parser.add_argument("--include-rejected", action="store_true", help="also export glyphs marked rejected")
    parser.add_argument("--workers", type=int, help="tracing processes (default: up to 4)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.set_defaults(handler=run)
    return parser


def run(args: argparse.Namespace) -> int:
    glyphs, settings, export_run, out, counts, origins, quality = _inputs(args)
    outputs: dict[str, str] = {}
    notices: list[str] = []
    exported = 0
    for report in export_font(glyphs, out, settings, export_run, origins=origins, quality=quality):
        if isinstance(report, NoticeReport):
            notices.append(report.message)
        elif isinstance(report, ProgressReport) and not args.json:
            print(f"  {report.message or 'tracing'}: {report.done}/{report.total}", flush=True)
        elif isinstance(report, FinishedReport):
            outputs, exported = dict(report.outputs), report.step
    report_data = json.loads(Path(outputs["report"]).read_text(encoding="utf-8")) if "report" in outputs else {}
    if args.json:
        print_json({"outputs": outputs, "exported": exported, "sources": report_data.get("sources", counts),
                    "notices": notices, "mean_iou": report_data.get("mean_iou"), "verdict": report_data.get("verdict")})
        return 0
    for message in notices:
        print(f"note: {message}")
    made = ", ".join(f"{n} from {kind}" for kind, n in report_data.get("sources", counts).items())
    print(f"exported {exported} glyphs" + (f" ({made})" if made else ""))
    for kind, path in outputs.items():
        print(f"  {kind}: {path}")
    if report_data.get("mean_iou") is not None:
        print(f"  round trip: mean ink IoU {report_data['mean_iou']:.4f} against the source bitmaps")
    if report_data.get("verdict"):
        print(f"  validation: {report_data['verdict']}")
        for problem in report_data.get("readability_problems", []):
            print(f"    - {problem}")
    return 0


def _inputs(args: argparse.Namespace):
    if args.from_dir and args.project:
        raise ExportError("give either a project or --from-dir, not both")
    if not args.from_dir and not args.project:
        raise ExportError("nothing to export: name a project folder or use --from-dir DIR")
    settings, export_run = ExportConfig(), ExportRun()
    counts: dict[str, int] = {}
    origins: dict[int, str] = {}
    quality = None
    if args.from_dir:
        glyphs = load_glyph_dir(args.from_dir)
        if not args.out:
            raise ExportError("--from-dir needs --out FILE")
        out = args.out
    else:
        from core.export.project_glyphs import glyph_quality, project_glyph_origins
        from core.project import Project

        project = Project.open(args.project)
        style_id = project.style_id(args.project_style) if args.project_style else 0
        glyphs, origins = project_glyph_origins(project, style_id, skip_rejected=not args.include_rejected)
        for kind in origins.values():
            counts[kind] = counts.get(kind, 0) + 1
        quality = glyph_quality(project, style_id)
        if not glyphs:
            raise ExportError(f"project {project.root} has no glyphs for style {project.styles[style_id].name!r}",
                              hint="generate them first: zi2zi generate")
        settings = dataclasses.replace(project.config.export)
        source = project.resolve(project.source.path)
        export_run.fill_from, export_run.fill_from_index = str(source), project.source.index
        export_run.metrics_from, export_run.metrics_from_index = str(source), project.source.index
        out = args.out or project.exports_dir / f"{_file_stem(args.family_name or settings.family_name)}.ttf"
    return glyphs, _settings(settings, args), _run(export_run, args), out, counts, origins, quality


def _settings(settings: ExportConfig, args: argparse.Namespace) -> ExportConfig:
    """The project's export settings (or the defaults) with every flag the user gave."""
    for f in dataclasses.fields(ExportConfig):
        value = getattr(args, f.name, None)
        if value is not None:
            setattr(settings, f.name, list(dict.fromkeys(value)) if f.name == "formats" else value)
    localized = dict(settings.localized_family)
    for item in args.localized_names:
        lang, sep, name = item.partition("=")
        if not sep or not name:
            raise ExportError(f"--localized-family {item!r}: expected LANG=NAME, e.g. zh=我的楷体")
        localized[lang] = name
    settings.localized_family = localized
    return settings


def _run(export_run: ExportRun, args: argparse.Namespace) -> ExportRun:
    """This run's fonts and processes: the flags win over the project's source font."""
    for flag, attr in ((args.fill_from, "fill_from"), (args.metrics_from, "metrics_from")):
        if flag:
            setattr(export_run, attr, str(flag))
            setattr(export_run, attr + "_index", 0)
    if args.merge_into:
        export_run.merge_into = str(args.merge_into)
    if args.workers is not None:
        export_run.workers = args.workers
    return export_run


def _file_stem(family: str) -> str:
    stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in family).strip("-")
    return stem or "font"
