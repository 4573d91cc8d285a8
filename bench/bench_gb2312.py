"""End to end: "Generate all" of GB2312 (6,763 glyphs at 128 px) in a project, then TTF + WOFF2; prints JSON.

    .venv/bin/python bench/bench_gb2312.py [--source /usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf]
        [--checkpoint PATH] [--size 128] [--workers 2] [--sample N]

What the designer waits for after clicking Generate all and then Export: `generate_to_project` (render the
source glyphs, run the generator, write the PNGs, score legibility when the project has judges, contact
sheet; the project's pairs are cached first, as training leaves them), then `zi2zi export PROJECT --format ttf --format woff2` run in this process (read the PNGs, trace,
build, WOFF2, OTS, render back, report). Setting up the project and its model is not timed.

The source must cover GB2312 (AR PL SungtiL GB, Debian's fonts-arphic-gbsn00lp, does). Without --checkpoint
the generator is the project's default network at --size with random weights: generation costs the same
FLOPs whatever the weights, but random glyphs are noisier to trace than trained ones, so pass a trained
128 px checkpoint (a project's best.pt or a packed model) for the export figure that counts.
The JSON gives wall and CPU seconds per stage and the load other processes put on the machine meanwhile.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402
from bench_export import _snapshot  # noqa: E402  (the same CPU and load accounting as the export bench)

from core.charsets import charset_codepoints  # noqa: E402
from core.cli import main as zi2zi  # noqa: E402
from core.config import Config  # noqa: E402
from core.dataset import load_pairs  # noqa: E402
from core.generation import generate_to_project  # noqa: E402
from core.model.factory import build_generator  # noqa: E402
from core.project import FontRef, Project, Style  # noqa: E402
from core.recipes.held_out import check_fonts_share  # noqa: E402
from core.reports import FinishedReport  # noqa: E402
from core.training.checkpoint import load_checkpoint, save_checkpoint  # noqa: E402

DEFAULT_SOURCE = "/usr/share/fonts/truetype/arphic-gbsn00lp/gbsn00lp.ttf"


def _stage(before, after) -> dict:
    wall, own = after[0] - before[0], after[2] - before[2]
    figures = {"wall_seconds": round(wall, 2), "cpu_seconds": round(own, 2)}
    if before[1] is not None and after[1] is not None and wall > 0:
        figures["other_processes_cpu_cores"] = round(max(0.0, (after[1] - before[1] - own) / wall), 2)
    return figures


def _project(root: Path, source: str, size: int, checkpoint: str | None, codepoints: list[int]) -> Project:
    config = Config()
    config.data.image_size = size
    config.data.charset = "gb2312"
    state = load_checkpoint(checkpoint) if checkpoint else None
    # generated glyphs go to the folder of the model's style name, so the project's style takes that name
    name = (state.get("style_names") or ["Bench"])[0] if state else "Bench"
    style = Style(name=name, kind="font", font=FontRef(path=source))
    project = Project.create(root, source=FontRef(path=source), styles=[style], config=config, name="Bench",
                             held_out=check_fonts_share)   # the recipes' policy; the style takes the model's name
    target = project.checkpoints_dir / "step-00000001.pt"
    if state is not None:
        if Config.from_dict(state["config"]).data.image_size != size:
            raise SystemExit(f"{checkpoint} was trained at another size than --size {size}")
        shutil.copyfile(checkpoint, target)
    else:
        torch.manual_seed(0)
        generator = build_generator(project.config)
        save_checkpoint(target, {"config": project.config.to_dict(), "generator": generator.state_dict(),
                                 "style_names": ["Bench"], "step": 1})
    return project


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--source", default=DEFAULT_SOURCE, help="a font covering GB2312 (source and target)")
    p.add_argument("--checkpoint", default=None, help="a trained checkpoint or packed model at --size")
    p.add_argument("--size", type=int, default=128)
    p.add_argument("--workers", type=int, default=2, help="export tracing processes")
    p.add_argument("--threads", type=int, default=0, help="torch threads (0: torch's default)")
    p.add_argument("--sample", type=int, default=0, help="only this many characters (a quick check)")
    p.add_argument("--woff2-compression", default=None, help="the project's export setting (default: its own, auto)")
    p.add_argument("--fp32", action="store_true", help="draw in fp32 even where the CPU has bf16 (ZI2ZI_CPU_BF16=0)")
    args = p.parse_args()
    if args.fp32:
        os.environ["ZI2ZI_CPU_BF16"] = "0"
    if not Path(args.source).is_file():
        raise SystemExit(f"{args.source} is missing: install fonts-arphic-gbsn00lp or pass --source")
    if args.threads:
        torch.set_num_threads(args.threads)
    codepoints = charset_codepoints("gb2312")[: args.sample or None]
    load_before = open("/proc/loadavg").read().split()[:3]
    with tempfile.TemporaryDirectory() as tmp:
        project = _project(Path(tmp) / "bench", args.source, args.size, args.checkpoint, codepoints)
        if args.woff2_compression:
            project.config.export.woff2_compression = args.woff2_compression
            project.save()
        load_pairs(project, args.size)  # training built and cached these before anyone clicks Generate all
        start = _snapshot()
        finished = None
        for report in generate_to_project(project, codepoints, 0):
            if isinstance(report, FinishedReport):
                finished = report
        generated = _snapshot()
        out = Path(tmp) / "out" / "Bench.ttf"
        code = zi2zi(["export", str(project.root), "--out", str(out), "--format", "ttf", "--format", "woff2",
                      "--workers", str(args.workers)])
        exported = _snapshot()
        sizes = {f.suffix: f.stat().st_size for f in out.parent.glob("*") if f.suffix in (".ttf", ".woff2")}
    figures = {"source": args.source, "size_px": args.size, "glyphs_asked": len(codepoints),
               "glyphs_generated": int(finished.outputs.get("count", 0)) if finished else 0,
               "trained_checkpoint": bool(args.checkpoint), "torch_threads": torch.get_num_threads(),
               "export_workers": args.workers, "export_exit_code": code, "file_bytes": sizes,
               "woff2_compression": args.woff2_compression or "project default", "drawing_fp32": args.fp32,
               "ncpu": os.cpu_count(), "loadavg_before": load_before,
               "loadavg_1m_after": round(os.getloadavg()[0], 2),
               "generate": _stage(start, generated), "export": _stage(generated, exported),
               "total": _stage(start, exported)}
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
