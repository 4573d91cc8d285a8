"""`zi2zi fonts` and `zi2zi new`: find usable fonts and create projects."""

from __future__ import annotations

import argparse
from pathlib import Path

from core.charsets import CHARSET_NAMES, charset_codepoints
from core.config import Config
from core.errors import FontError
from core.fonts import demo_font_paths, list_fonts
from core.recipes.fonts import parse_font_spec

SYSTEM_FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), Path.home() / ".fonts",
                    Path.home() / ".local/share/fonts", Path("/Library/Fonts"), Path("C:/Windows/Fonts")]


def add_parsers(sub) -> None:
    fonts = sub.add_parser("fonts", help="list usable fonts and how much of a charset each covers",
                           description="List fonts (bundled demo fonts and system fonts, or the folders "
                                       "you name) with their coverage of a charset.")
    fonts.add_argument("dirs", nargs="*", type=Path, help="folders to search (default: demo and system fonts)")
    fonts.add_argument("--charset", default="gb2312",
                       help=f"charset to measure coverage of: {', '.join(CHARSET_NAMES)}, a text file, "
                            f"or text:CHARACTERS (default gb2312)")
    fonts.add_argument("--json", action="store_true", help="print JSON")
    fonts.set_defaults(handler=run_fonts)

    new = sub.add_parser("new", help="create a project from a source font and target fonts",
                         description="Create a project folder: the model learns to turn the source font's "
                                     "glyphs into each target font's style.")
    new.add_argument("project", type=Path, help="folder to create")
    new.add_argument("--source", required=True, help="source font file (FONT or FONT#FACE for a .ttc), "
                                                     "or demo:NAME for a bundled font")
    new.add_argument("--target", action="append", required=True,
                     help="target font (repeat for several styles), same forms as --source")
    new.add_argument("--charset", default="gb2312", help="characters to learn and generate (default gb2312)")
    new.add_argument("--image-size", type=int, default=None, help="glyph size in px: 64, 128 or 256")
    new.add_argument("--name", default=None, help="project name (default: the folder name)")
    new.add_argument("--json", action="store_true", help="print JSON")
    new.set_defaults(handler=run_new)


def run_fonts(args: argparse.Namespace) -> int:
    from core.commands.output import print_json

    codepoints = set(charset_codepoints(args.charset))
    missing = [d for d in args.dirs if not d.is_dir()]
    if missing:  # a mistyped folder is an error, not "no fonts found"
        raise FontError(f"font folder {missing[0]} does not exist or is not a folder")
    dirs = args.dirs or [demo_font_paths()[next(iter(demo_font_paths()))].parent] + SYSTEM_FONT_DIRS
    faces = list_fonts([d for d in dirs if d.exists()])
    rows = [{"path": str(f.path), "index": f.index, "name": f.name, "glyphs": len(f.codepoints),
             "covered": len(codepoints & f.codepoints), "charset_size": len(codepoints)} for f in faces]
    rows.sort(key=lambda r: (-r["covered"], r["name"]))
    if not rows and args.dirs:  # folders the user named, with no readable font: say so, not "nothing"
        raise FontError(f"no readable font in {', '.join(str(d) for d in args.dirs)}",
                        hint="use TTF, OTF, TTC or OTC files that open in another program")
    if args.json:
        print_json(rows)
        return 0
    if not rows:
        print("no fonts found")
        return 0
    print(f"{'covered':>14}  {'font':<40} file")
    for r in rows:
        face = f"#{r['index']}" if r["index"] else ""
        print(f"{r['covered']:>6}/{r['charset_size']:<7}  {r['name'][:40]:<40} {r['path']}{face}")
    return 0


def run_new(args: argparse.Namespace) -> int:
    from core.commands.output import print_json
    from core.recipes.fonts import font_project

    config = Config()
    config.data.charset = args.charset
    charset_codepoints(args.charset)  # fail now on an unknown charset, not at training time
    if args.image_size is not None:
        config.data.image_size = args.image_size
    config.validate()
    source = parse_font_spec(args.source)
    project = font_project(args.project, source=source, targets=[parse_font_spec(spec) for spec in args.target],
                           config=config, name=args.name)
    styles = project.styles
    summary = {"project": str(project.root), "styles": [s.name for s in project.styles],
               "characters": len(project.charset()), "shared_characters": len(project.covered_charset()),
               "held_out": len(project.held_out), "image_size": config.data.image_size}
    if args.json:
        print_json(summary)
    else:
        print(f"created {project.root}: {len(styles)} style(s) ({', '.join(summary['styles'])}), "
              f"{summary['shared_characters']} of the charset's {summary['characters']} characters in both "
              f"the source and a target (the model learns from these), {summary['held_out']} held out, "
              f"{config.data.image_size} px")
    return 0

