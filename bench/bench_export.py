"""Export benchmark: trace + build a full GB2312 font (6,763 glyphs at 256 px) to TTF + WOFF2; prints JSON.

    .venv/bin/python bench/bench_export.py [--font /usr/share/fonts/truetype/arphic/ukai.ttc] [--workers 2]
        [--tracer potracecffi|potracer] [--sample N]

Glyphs are rendered into memory first (not timed). --sample N exports only the first N characters;
the JSON then carries the measured time and, separately labelled, the time scaled to 6,763 glyphs.
Wall time depends on what else the machine runs, so the JSON also gives the CPU-seconds of the export
(this process and its worker processes) and how many cores' worth other processes kept busy
meanwhile: on an otherwise idle machine with N cores the wall time cannot go below cpu_seconds / N.
Peak memory is sampled every 0.1 s as the summed resident memory of this process and all its children.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.charsets import charset_codepoints  # noqa: E402
from core.config import ExportConfig  # noqa: E402
from core.export.pipeline import export_font  # noqa: E402
from core.export.run import ExportRun  # noqa: E402
from core.fonts import open_face  # noqa: E402
from core.render import render_glyphs  # noqa: E402
from core.reports import FinishedReport, ProgressReport  # noqa: E402

GB2312 = 6763


def _snapshot() -> tuple[float, float | None, float]:
    """(wall, machine busy CPU-seconds from /proc/stat, CPU-seconds of this process and its reaped children)."""
    busy = None
    try:
        with open("/proc/stat") as f:
            v = [int(x) for x in f.readline().split()[1:]]
        busy = (sum(v[:8]) - v[3] - v[4]) / os.sysconf("SC_CLK_TCK")   # all but idle and iowait
    except (OSError, ValueError):
        pass
    own = sum(resource.getrusage(who).ru_utime + resource.getrusage(who).ru_stime
              for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return time.perf_counter(), busy, own


def _cpu_figures(before, after) -> dict:
    wall, own = after[0] - before[0], after[2] - before[2]
    figures = {"cpu_seconds": round(own, 2), "ncpu": os.cpu_count(),
               "loadavg_1m_after": round(os.getloadavg()[0], 2)}
    if before[1] is not None and after[1] is not None and wall > 0:
        figures["other_processes_cpu_cores"] = round(max(0.0, (after[1] - before[1] - own) / wall), 2)
    return figures


class _MemorySampler(threading.Thread):
    """Peak of (this process + every descendant) resident memory, read from /proc."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak_mb = 0.0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.1):
            self.peak_mb = max(self.peak_mb, sum(_rss_mb(pid) for pid in _family(os.getpid())))

    def stop(self) -> float:
        self._done.set()
        self.join()
        return round(self.peak_mb, 1)


def _family(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as f:
                    todo += [int(c) for c in f.read().split()]
        except OSError:
            pass
    return pids


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return 0.0


def _run_export(glyphs, out: Path, settings: ExportConfig, run: ExportRun) -> dict:
    """Export, noting when tracing ended; returns the wall/CPU figures and the saved report."""
    sampler = _MemorySampler()
    sampler.start()
    before = _snapshot()
    traced_at, outputs = None, {}
    for report in export_font(glyphs, out, settings, run):
        if isinstance(report, ProgressReport) and report.message == "building font files":
            traced_at = time.perf_counter()
        elif isinstance(report, FinishedReport):
            outputs = dict(report.outputs)
    after = _snapshot()
    figures = {"export_seconds": round(after[0] - before[0], 2),
               "trace_seconds": round(traced_at - before[0], 2) if traced_at else None,
               "build_and_validate_seconds": round(after[0] - traced_at, 2) if traced_at else None,
               **_cpu_figures(before, after), "peak_rss_mb_total": sampler.stop()}
    report = json.loads(Path(outputs["report"]).read_text(encoding="utf-8"))
    figures["mean_round_trip_iou"] = report["mean_iou"]
    figures["glyphs_compared"] = report["glyphs_compared"]
    figures["ots_passed"] = {f["format"]: f["ots_passed"] for f in report["formats"]}
    figures["lowest_iou"] = {row["codepoint"]: row["iou"] for row in report["lowest"][:5]}
    figures["file_bytes"] = {fmt: Path(path).stat().st_size for fmt, path in outputs.items() if fmt != "report"}
    return figures


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--font", default="/usr/share/fonts/truetype/arphic/ukai.ttc")
    p.add_argument("--size", type=int, default=256)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--tracer", default="potracecffi", choices=["potracecffi", "potracer"])
    p.add_argument("--sample", type=int, default=0, help="export only this many characters")
    p.add_argument("--formats", nargs="*", default=["ttf", "woff2"])
    p.add_argument("--cycle", action="store_true",
                   help="when the font lacks characters (a demo subset), give them its glyphs in turn, so a "
                        "full GB2312 count is traced; the same companion fill as the app (--fill-from) applies")
    p.add_argument("--fill-from", default=None, help="companion font for ASCII and punctuation")
    p.add_argument("--legacy-trace", action="store_true",
                   help="trace as before issue 14 (2x bilinear, no simplification, cu2qu 1 unit)")
    args = p.parse_args()
    load_before = open("/proc/loadavg").read().split()[:3]
    codepoints = charset_codepoints("gb2312")
    if args.sample:
        codepoints = codepoints[:args.sample]
    started = time.perf_counter()
    rendered = render_glyphs(open_face(args.font), codepoints, args.size)
    render_s = time.perf_counter() - started
    glyphs = dict(zip(rendered.codepoints, rendered.bitmaps))
    if args.cycle and rendered.missing:
        drawn = list(glyphs.values())
        glyphs.update({cp: drawn[i % len(drawn)] for i, cp in enumerate(rendered.missing)})
    settings = ExportConfig(family_name="Bench", formats=args.formats, tracer=args.tracer, edge_policy="keep")
    if args.legacy_trace:
        settings.upscale, settings.upscale_factor, settings.opttolerance = "bilinear", 2, 0.2
        settings.simplify, settings.cu2qu_max_err = False, 1.0
    run = ExportRun(workers=args.workers, fill_from=args.fill_from)
    with tempfile.TemporaryDirectory() as tmp:
        measured = _run_export(glyphs, Path(tmp) / "gb2312.ttf", settings, run)
    figures = {"font": args.font, "glyphs": len(glyphs), "cycled": bool(args.cycle and rendered.missing),
               "legacy_trace": args.legacy_trace, "loadavg_before": load_before,
               "size_px": args.size, "tracer": args.tracer,
               "workers": args.workers, "formats": args.formats, "render_seconds_untimed": round(render_s, 2),
               **measured}
    if args.sample and len(glyphs) < GB2312:
        figures["export_seconds_scaled_to_6763_glyphs"] = round(figures["export_seconds"] * GB2312 / len(glyphs), 1)
        figures["cpu_seconds_scaled_to_6763_glyphs"] = round(figures["cpu_seconds"] * GB2312 / len(glyphs), 1)
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
