"""Do written and generated glyphs share size and baseline in the exported font? Spread before/after the writer's metrics.

The font a handwriting project exports, built twice from the same glyphs:

* written: 300 characters the planner picks from the demo charset, "written" as the bench_writer_metrics
  jittered hand (LXGW WenKai at 256 px, each glyph scaled, moved and re-weighted at random);
* generated: the other demo characters from the bundled demo model (its LXGW WenKai row, 64 px, as
  `zi2zi generate` writes them).

"before": both as they are; "after": written glyphs placed by the writer's metrics (core.capture.normalize,
as the wizard and `zi2zi handwriting-project` do) and generated glyphs following them (core.inference).
Each font is exported (core.export, TTF, no fill) and rendered back at 256 px; every glyph's ink box is
measured against the source font's (WenQuanYi Micro Hei): size along its longer side / the source's, and
the bottom's offset from where the writer's metrics put it. Reported per kind (median and spread) and
over the whole font.

    .venv/bin/python bench/bench_hand_export.py --out /tmp/hand-export
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_writer_metrics import generated_glyphs, jitter  # noqa: E402

from core.capture.normalize import _along, estimate, ink_box, normalize_glyphs, place, reference_glyphs  # noqa: E402
from core.capture.planner import plan_characters  # noqa: E402
from core.charsets import charset_codepoints  # noqa: E402
from core.fonts import RESOURCES_DIR, demo_font_paths, open_face  # noqa: E402


def measure(font_path: Path, kinds: dict[int, str], reference: dict[int, np.ndarray], metrics, size: int) -> dict:
    rendered = reference_glyphs(open_face(font_path), list(kinds), size)
    rows: dict[str, list[tuple[float, float]]] = {"written": [], "generated": []}
    for cp, glyph in rendered.items():
        box, ref = ink_box(glyph), ink_box(reference[cp])
        if box is None or ref is None:
            continue
        w, r = _along(box, ref)
        rows[kinds[cp]].append((w / r, (box.bottom - metrics.target(ref).bottom) * size))
    out = {}
    for kind, values in list(rows.items()) + [("whole font", rows["written"] + rows["generated"])]:
        ratio, bottom = np.array(values).T
        out[kind] = {"glyphs": len(values), "median_scale": round(float(np.median(ratio)), 3),
                     "height_spread_pct": round(100 * float(ratio.std() / np.median(ratio)), 2),
                     "median_baseline_px": round(float(np.median(bottom)), 2),
                     "baseline_spread_px": round(float(bottom.std()), 2)}
    return out


def export(glyphs: dict[int, np.ndarray], path: Path) -> Path:
    from core.config import ExportConfig
    from core.export.pipeline import export_font
    from core.reports import FinishedReport

    settings = ExportConfig(fill_required=False, family_name=path.stem)
    finished = [r for r in export_font(glyphs, path, settings) if isinstance(r, FinishedReport)]
    if not finished or finished[-1].reason != "completed":
        raise SystemExit(f"export failed: {finished[-1].reason if finished else 'no result'}")
    return Path(finished[-1].outputs["ttf"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="folder for the two fonts and figures.json")
    parser.add_argument("--written", type=int, default=300)
    parser.add_argument("--size", type=int, default=256, help="written glyph and measuring size")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    source = open_face(demo_font_paths()["microhei"])
    demo = [cp for cp in charset_codepoints(str(RESOURCES_DIR / "charsets" / "demo-hanzi.txt"))
            if cp >= 0x4E00 and cp in source.codepoints]
    written_cps = plan_characters(args.written, demo)
    clean = reference_glyphs(open_face(demo_font_paths()["wenkai"]), written_cps, args.size)
    written = jitter(clean, args.seed, (0.72, 1.08), 0.035, 2.0)
    generated = generated_glyphs([cp for cp in demo if cp not in set(written_cps)], 64)
    kinds = {**{cp: "generated" for cp in generated}, **{cp: "written" for cp in written}}
    reference = reference_glyphs(source, list(kinds), args.size)

    placed, metrics = normalize_glyphs(written, source)
    reference64 = reference_glyphs(source, list(generated), 64)
    followed = {cp: place(g, reference64[cp], metrics, leeway=False) for cp, g in generated.items()}
    figures = {"writer_metrics": metrics.__dict__, "generated_metrics_before": estimate(
        generated, reference64).__dict__}
    for name, glyphs in (("before", {**generated, **written}), ("after", {**followed, **placed})):
        font = export(glyphs, args.out / f"hand-{name}.ttf")
        figures[name] = measure(font, kinds, reference, metrics, args.size)
    figures["seconds"] = round(time.perf_counter() - started, 1)
    figures["load"] = os.getloadavg()
    (args.out / "figures.json").write_text(json.dumps(figures, indent=1))
    print(json.dumps(figures, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
