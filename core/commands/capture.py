"""`zi2zi template` and `zi2zi extract`: print a handwriting template, then cut glyphs from its scans."""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

from core.atomic_io import write_bytes_atomic, write_json_atomic
from core.capture import CaptureError
from core.commands import positive_int  # issue 16: a count or size below 1 is refused by argparse
from core.project.layout import TEMPLATE_PDF_FILE, TEMPLATE_SPEC_FILE, glyph_file_name


def add_parsers(sub) -> None:
    tpl = sub.add_parser("template", help="make a printable handwriting template (PDF + PNG pages)",
                         description="Write a template to print, write on and scan: spec.json (keep it; "
                                     "extraction needs it), template.pdf and page-NN.png.")
    tpl.add_argument("--out", required=True, type=Path, help="folder to write into")
    tpl.add_argument("--script", choices=("hanzi", "latin"), default="hanzi",
                     help="default character set (hanzi: common characters first)")
    tpl.add_argument("--count", type=positive_int, default=None,
                     help="how many characters (default 300, or all of --chars)")
    tpl.add_argument("--chars", default=None,
                     help="characters to write instead: a text file, a charset name, or text:CHARACTERS")
    tpl.add_argument("--paper", choices=("A4", "Letter"), default="A4")
    tpl.add_argument("--columns", type=int, default=10, help=argparse.SUPPRESS)
    tpl.add_argument("--rows", type=int, default=12, help=argparse.SUPPRESS)
    tpl.add_argument("--json", action="store_true", help="print JSON")
    tpl.set_defaults(handler=run_template)

    ext = sub.add_parser("extract", help="cut glyphs out of scanned handwriting templates",
                         description="Find the template pages in scans (PNG/JPEG/TIFF/HEIC images or PDF "
                                     "pages, any order and any 90-degree rotation) and write one PNG per "
                                     "written box, named by code point, plus report.json with each box's "
                                     "status.")
    ext.add_argument("spec", type=Path, help="the spec.json written with the template")
    ext.add_argument("scans", nargs="+", type=Path, help="scanned pages or photos (images or PDFs)")
    ext.add_argument("--out", required=True, type=Path, help="folder for glyph PNGs and report.json")
    ext.add_argument("--size", type=positive_int, default=256,
                     help="glyph size in px (default 256, what an exported font needs; training resizes)")
    ext.add_argument("--json", action="store_true", help="print the report as JSON")
    ext.set_defaults(handler=run_extract)


def _need_opencv() -> None:
    try:
        import cv2  # noqa: F401
    except ImportError as exc:
        raise CaptureError("handwriting capture needs OpenCV: pip install opencv-python-headless") from exc


def run_template(args) -> int:
    _need_opencv()
    from core.capture.template import (
        default_characters,
        make_template,
        render_pages,
        write_template_pdf,
        write_template_pngs,
    )
    from core.charsets import charset_codepoints
    from core.commands.output import print_json

    candidates = None
    if args.chars and args.script == "hanzi" and args.count:  # a count from a set: chosen for coverage
        candidates = charset_codepoints(args.chars)
        chars = default_characters("hanzi", args.count, candidates)
    elif args.chars:
        chars = charset_codepoints(args.chars)
    else:
        chars = default_characters(args.script, args.count or 300)
    spec = make_template(chars, paper=args.paper, columns=args.columns, rows=args.rows)
    pages = render_pages(spec)
    spec.save(args.out / TEMPLATE_SPEC_FILE)
    write_template_pdf(spec, args.out / TEMPLATE_PDF_FILE, pages)
    pngs = write_template_pngs(spec, args.out, pages)
    summary = {"template_id": spec.template_id, "characters": len(spec.characters), "pages": spec.pages,
               "paper": spec.paper, "spec": str(args.out / TEMPLATE_SPEC_FILE), "pdf": str(args.out / TEMPLATE_PDF_FILE),
               "png": [str(p) for p in pngs]}
    if args.script == "hanzi":
        from core.capture.planner import coverage
        shown = coverage(spec.characters, candidates)
        summary["coverage"] = shown.to_dict()
    if args.json:
        print_json(summary)
    else:
        print(f"template {spec.template_id}: {len(spec.characters)} characters on {spec.pages} "
              f"{spec.paper} page(s) -> {args.out}")
        if args.script == "hanzi":
            print(shown.summary())
        print("print template.pdf at 100 % (no 'fit to page'); keep spec.json for `zi2zi extract`")
    return 0


def run_extract(args) -> int:
    _need_opencv()
    from PIL import Image

    from core.capture.extract import STATUSES, extract_pages
    from core.capture.template import TemplateSpec
    from core.commands.output import print_json

    spec = TemplateSpec.load(args.spec)
    _check_extract_args(spec, args)  # issue 16: damaged specs and impossible sizes, before any work
    for path in args.scans:
        if not path.is_file():
            raise CaptureError(f"scan not found: {path}")
    t0 = time.perf_counter()
    results = extract_pages(args.scans, spec, size=args.size)
    elapsed = time.perf_counter() - t0
    boxes = []
    for res in results:
        for box in res.boxes:
            name = None
            if box.status != "missing":
                name = glyph_file_name(box.codepoint)
                buf = io.BytesIO()
                Image.fromarray(box.glyph).save(buf, format="PNG")
                write_bytes_atomic(args.out / name, buf.getvalue())
            boxes.append({"codepoint": box.codepoint, "char": chr(box.codepoint), "page": res.page + 1,
                          "box": box.index + 1, "status": box.status, "file": name,
                          "ink_fraction": round(box.ink_fraction, 4)})
    counts = {s: sum(b["status"] == s for b in boxes) for s in STATUSES}
    seen_pages = {r.page for r in results}
    report = {"template_id": spec.template_id, "size": args.size,
              "pages": [{"page": r.page + 1, "source": r.source, "seconds": round(r.seconds, 3),
                         "threshold": r.threshold} for r in results],
              "pages_not_scanned": [p + 1 for p in range(spec.pages) if p not in seen_pages],
              "counts": counts, "seconds_per_page": round(elapsed / max(1, len(results)), 3), "boxes": boxes}
    write_json_atomic(args.out / "report.json", report)
    if args.json:
        print_json(report)
    else:
        flagged = len(boxes) - counts["ok"] - counts["missing"]
        print(f"{len(results)} of {spec.pages} page(s), {len(boxes)} boxes: {counts['ok']} ok, "
              f"{counts['missing']} empty, {flagged} to check "
              f"({', '.join(f'{counts[s]} {s}' for s in STATUSES[2:] if counts[s]) or 'none'}); "
              f"{report['seconds_per_page']:.2f} s/page -> {args.out}")
        if report["pages_not_scanned"]:
            print(f"pages not scanned: {', '.join(map(str, report['pages_not_scanned']))}")
    return 0


# ----- issue 16: argument and spec checks (kept apart from the capture logic above) --------------------
MAX_GLYPH_SIZE = 1024


def _check_extract_args(spec, args) -> None:
    """Code points outside Unicode (a damaged or hand-edited spec) and absurd glyph sizes fail in one line."""
    bad = [c for c in spec.characters if not (0 < c <= 0x10FFFF) or 0xD800 <= c <= 0xDFFF]
    if bad:
        raise CaptureError(f"{args.spec}: code point {bad[0]} is not a Unicode character; the spec is damaged",
                           hint="use the spec.json written with the template")
    if args.size > MAX_GLYPH_SIZE:
        raise CaptureError(f"glyph size {args.size} px is too large (at most {MAX_GLYPH_SIZE})")
