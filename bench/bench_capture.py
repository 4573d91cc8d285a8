"""Handwriting capture bench: synthetic phone photos of written templates, per case; prints JSON.

    .venv/bin/python bench/bench_capture.py [--pages 2] [--threads 2] [--size 256] [--cases flat@300,bulge-3mm@150]
                                            [--keep DIR] [--json-out FILE]

Cases (bench/capture_photos.py): flat pages, bulges moving the paper by 1, 2 and 3 mm, barrel distortion
(2 % at the photo corners), a page lifted at one corner (the corner moves 4 mm), uneven light (vignetting
and a hand's shadow), each photographed at 300 and at 150 dpi; every photo also has tilt, perspective,
light falling off to one corner, blur, noise and JPEG 80. The writing is a font the project never trains
on (AR PL KaitiM GB, Debian's fonts-arphic-gkai00mp) when installed; the characters are the ones a new
template asks for (`default_characters`, the planner's choice).

Per case: share of written boxes right (not reported empty, plain ink IoU >= 0.9 against the written box
content at --size px), mean and lowest ink IoU, boxes with a border remnant (written or empty), empty
boxes reported empty, statuses, how the boxes were registered, and seconds per page (reading the JPEG
and `extract_pages`, wall and CPU, the fastest of --repeat passes), with the machine's load beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from bench.capture_photos import (  # noqa: E402
    bench_cases,
    border_remnant,
    expected_glyph,
    font_path,
    iou,
    is_empty,
    photograph,
    write_sheet,
)
from core.capture import CaptureError  # noqa: E402
from core.capture.extract import extract_pages  # noqa: E402
from core.capture.template import default_characters, make_template, render_pages  # noqa: E402


def _load() -> str:
    """The 1, 5 and 15 minute load averages, to read beside every timing."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3]) if os.path.exists("/proc/loadavg") else "?"


def run_case(case, spec, font, sheets, size: int, repeat: int, folder: Path, keep: Path | None) -> dict:
    files = []
    for p in range(spec.pages):
        photo = photograph(sheets[p][0], case, seed=1000 + 17 * p + zlib.crc32(case.name.encode()) % 1000)
        path = folder / f"{case.name.replace('@', '-')}-page{p + 1}.jpg"
        cv2.imwrite(str(path), photo, [cv2.IMWRITE_JPEG_QUALITY, 95])  # already JPEG-80 degraded
        files.append(path)
    timings, cpu = [], []
    try:
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            results = extract_pages(files, spec, size=size)
            timings.append((time.perf_counter() - t0) / len(files))
            cpu.append((time.process_time() - c0) / len(files))
    except CaptureError as exc:
        return {"case": case.name, "error": str(exc)}
    scores, right, written_total, empty_total, empty_ok, remnants = [], 0, 0, 0, 0, 0
    statuses: dict[str, int] = {}
    registration: dict[str, float] = {}
    worst = []
    for res in results:
        written = sheets[res.page][2]
        for key, value in res.registration.items():
            registration[key] = max(registration.get(key, 0), value) if key.endswith("_mm") else \
                registration.get(key, 0) + value
        for box in res.boxes:
            statuses[box.status] = statuses.get(box.status, 0) + 1
            if is_empty(box.index):
                empty_total += 1
                empty_ok += box.status == "missing"
                remnants += border_remnant(box.glyph, None)
                continue
            written_total += 1
            wanted = expected_glyph(spec, font, written[box.index], box.index, size)
            score = iou(box.glyph, wanted)
            scores.append(score)
            ok = score >= 0.9 and box.status != "missing"
            right += ok
            remnants += border_remnant(box.glyph, wanted)
            if not ok:
                worst.append((score, res.page, box.index))
            if keep is not None and box.index < 12:
                stem = f"{case.name.replace('@', '-')}-p{res.page + 1}-b{box.index + 1:03d}"
                cv2.imwrite(str(keep / f"{stem}.png"), box.glyph)
                cv2.imwrite(str(keep / f"{stem}-written.png"), wanted)
    if keep is not None:
        cv2.imwrite(str(keep / files[0].name), cv2.imread(str(files[0]), cv2.IMREAD_GRAYSCALE))
    worst.sort()
    return {"case": case.name, "written_boxes": written_total, "right": right,
            "right_share": round(right / max(1, written_total), 4),
            "ink_iou_mean": round(float(np.mean(scores)), 4), "ink_iou_min": round(float(np.min(scores)), 4),
            "border_remnants": remnants, "empty_boxes": empty_total, "empty_reported_empty": empty_ok,
            "statuses": statuses, "registration": registration,
            "seconds_per_page": round(min(timings), 3), "cpu_seconds_per_page": round(min(cpu), 3),
            "wrong": [f"page {p + 1} box {i + 1}: IoU {s:.3f}" for s, p, i in worst[:5]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2, help="pages per case")
    parser.add_argument("--threads", type=int, default=2, help="OpenCV threads")
    parser.add_argument("--size", type=int, default=256, help="glyph size in px (what extraction writes)")
    parser.add_argument("--repeat", type=int, default=1, help="timed passes; the fastest is reported")
    parser.add_argument("--cases", default="", help="comma-separated case names (default: all)")
    parser.add_argument("--keep", type=Path, default=None, help="folder for the first photo and glyphs per case")
    parser.add_argument("--json-out", type=Path, default=None, help="also write the JSON here")
    args = parser.parse_args()
    cv2.setNumThreads(args.threads)
    font, font_name = font_path()
    spec = make_template(default_characters("hanzi", 120 * args.pages))
    pages = render_pages(spec)
    sheets = [write_sheet(spec, pages[p], p, 100 + p, font) for p in range(spec.pages)]
    wanted = [c for c in args.cases.split(",") if c]
    cases = [c for c in bench_cases() if not wanted or c.name in wanted]
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
    out = {"benchmark": "capture-photos", "template_dpi": spec.dpi, "pages_per_case": spec.pages,
           "glyph_size": args.size, "opencv_threads": args.threads, "font": font_name,
           "characters": "default_characters('hanzi'): the template planner's choice, 120 per page",
           "load_before": _load(), "cases": []}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            row = run_case(case, spec, font, sheets, args.size, args.repeat, Path(tmp), args.keep)
            row["load"] = _load()
            out["cases"].append(row)
            print(json.dumps(row), file=sys.stderr, flush=True)
    out["load_after"] = _load()
    text = json.dumps(out, indent=2)
    if args.json_out:
        args.json_out.write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
