"""Handwriting capture benchmark: seconds per 300 dpi page and ink IoU on synthetic distorted scans; prints JSON.

    .venv/bin/python bench/bench_capture.py [--pages 2] [--threads 2] [--size 128]

Pages are the real template filled with LXGW WenKai plus jitter, then tilted, warped in perspective,
shaded, blurred, noised, turned by quarter turns and saved as JPEG (the generator and the distortions
are the ones tests/core/test_capture.py uses). Timed: reading the JPEG file and extracting the page
(`extract_pages`), i.e. what `zi2zi extract` does per page before writing PNGs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from core.capture.extract import extract_pages  # noqa: E402
from core.capture.template import default_characters, make_template, render_pages  # noqa: E402
from tests.core.test_capture import distort, expected_glyph, iou, write_page  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="OpenCV threads")
    parser.add_argument("--size", type=int, default=128, help="glyph size in px")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes; the fastest is reported")
    args = parser.parse_args()
    cv2.setNumThreads(args.threads)
    spec = make_template(default_characters("hanzi", 120 * args.pages))
    pages = render_pages(spec)
    truth, files = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for p in range(spec.pages):
            seed = 100 + p
            filled, ink, written = write_page(spec, pages[p], p, seed)
            scan = distort(filled, seed, angle=(-1) ** p * (1.0 + p % 3), quarter_turns=p % 4)
            path = Path(tmp) / f"scan-{p + 1}.jpg"
            cv2.imwrite(str(path), scan, [cv2.IMWRITE_JPEG_QUALITY, 95])
            files.append(path)
            truth[p] = (ink, written)
        timings, cpu = [], []
        for _ in range(args.repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            results = extract_pages(files, spec, size=args.size)
            timings.append((time.perf_counter() - t0) / len(files))
            cpu.append((time.process_time() - c0) / len(files))
    scores, right, total = [], 0, 0
    for res in results:
        ink, written = truth[res.page]
        wanted = {i: expected_glyph(spec, ink, i, args.size) for i in written}
        for box in res.boxes:
            if box.index not in wanted:
                continue
            total += 1
            score = iou(box.glyph, wanted[box.index])
            scores.append(score)
            best = max(wanted, key=lambda i: iou(box.glyph, wanted[i]))
            right += score >= 0.9 and best == box.index and box.status != "missing"
    print(json.dumps({
        "benchmark": "capture", "dpi": spec.dpi, "pages": len(results), "opencv_threads": args.threads,
        "glyph_size": args.size, "seconds_per_page": round(min(timings), 3),
        "seconds_per_page_all_passes": [round(t, 3) for t in timings],
        "cpu_seconds_per_page": round(min(cpu), 3),  # all threads; wall time suffers on a shared machine
        "written_boxes": total, "assigned_right": right / total,
        "ink_iou_mean": round(float(np.mean(scores)), 4), "ink_iou_min": round(float(np.min(scores)), 4),
    }, indent=2))


if __name__ == "__main__":
    main()
