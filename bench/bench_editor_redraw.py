"""Glyph editor redraw time on a 600-point glyph: a still frame and a drag frame (state change + repaint); JSON.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_editor_redraw.py [--frames 200] [--points 600]
    xvfb-run -a .venv/bin/python bench/bench_editor_redraw.py --screenshot docs/screenshots/editor.png

The canvas is 1000 x 800 px at fit-to-window zoom with the source layer shown, as a designer sees it."""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def _project(root: Path, size: int):
    from core.atomic_io import write_png_atomic
    from core.recipes.demo import demo_project
    from core.render import render_glyph

    project = demo_project(root, image_size=size)
    folder = project.glyphs_dir / "generated" / project.styles[0].name
    for cp in project.charset():
        write_png_atomic(folder / f"{cp:04X}.png", render_glyph(project.style_face(0), cp, size))
    return project


def _densest(session, codepoints, count: int = 40) -> int:
    """The code point among the first `count` whose traced outline has the most points."""
    return max(codepoints[:count], key=lambda cp: session.history(cp).state.point_count())


def _grow_to(history, target: int) -> None:
    """Split segments (shape kept) until the glyph has `target` points: a stand-in for a complex glyph."""
    from core.editing import OUTLINE
    from core.editing.outline_ops import insert_point, segments

    state = history.state
    contours = state.contours
    while sum(len(c.points) for c in contours) < target:
        ci = max(range(len(contours)), key=lambda i: len(contours[i].points) < 200 and len(contours[i].points))
        end = max(segments(contours[ci]), key=lambda s: abs(s[1][0][0] - s[1][-1][0]) + abs(s[1][0][1] - s[1][-1][1]))[0]
        contours, _ = insert_point(contours, ci, end, 0.5)
    history.apply(state.changed(contours=contours, source=OUTLINE), "grow")


def _timed_frames(app, canvas, frames: int, change) -> dict:
    """Wall time and this thread's CPU time per frame. On a shared, loaded machine the wall time mostly
    measures waiting for a core; the CPU time is the work a frame costs."""
    wall, cpu = [], []
    for i in range(frames):
        started, started_cpu = time.perf_counter(), time.thread_time()
        if change is not None:
            change(i)
        canvas.repaint()          # synchronous paintEvent
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.thread_time() - started_cpu) * 1000)
        app.processEvents()
    return {"wall": _summary(wall), "cpu": _summary(cpu)}


def _summary(times: list[float]) -> dict:
    ordered = sorted(times)
    return {"median_ms": round(statistics.median(times), 3), "mean_ms": round(statistics.fmean(times), 3),
            "p10_ms": round(ordered[int(0.10 * (len(ordered) - 1))], 3),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=200)
    parser.add_argument("--points", type=int, default=600)
    parser.add_argument("--size", type=int, default=128, help="bitmap size of the project (px)")
    parser.add_argument("--screenshot", type=Path, help="save the editor window as a PNG instead of timing")
    args = parser.parse_args()
    if not args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from app.editor import GlyphEditor
    from core.editing import OUTLINE, EditSession
    from core.editing.outline_ops import move_points

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory(prefix="zi2zi-editor-bench-") as tmp:
        project = _project(Path(tmp) / "p", args.size)
        session = EditSession(project, 0)
        codepoints = project.charset()
        cp = _densest(session, codepoints)
        history = session.history(cp)
        if args.points and not args.screenshot:   # the screenshot shows the glyph as traced
            _grow_to(history, args.points)
        editor = GlyphEditor(project, 0, codepoints, codepoints.index(cp), session=session)
        editor.resize(1000, 860)
        editor.show()
        app.processEvents()
        editor.canvas.fit()
        if args.screenshot:
            return _screenshot(app, editor, args.screenshot)
        canvas = editor.canvas
        start = history.begin()
        everything = {(0, i) for i in range(len(start.contours[0].points))}

        def drag(i: int) -> None:    # what a mouse move during a drag does: new state, then repaint
            history.update(start.changed(contours=move_points(start.contours, everything, i % 7, 0), source=OUTLINE))
            canvas.refresh()

        still = _timed_frames(app, canvas, args.frames, None)
        dragged = _timed_frames(app, canvas, args.frames, drag)
        history.commit("bench")
        result = {"bench": "editor_redraw", "platform": app.platformName(), "canvas_px": [canvas.width(), canvas.height()],
                  "glyph": f"U+{cp:04X}", "points": history.state.point_count(), "frames": args.frames,
                  "still_frame": still, "drag_frame": dragged, "target_ms": 8,
                  "load_average_1min": round(os.getloadavg()[0], 2), "cpu_count": os.cpu_count()}
        print(json.dumps(result, indent=2))
        editor.close()
    return 0


def _screenshot(app, editor, path: Path) -> int:
    """A few realistic strokes of work first: a point selected, the source layer on."""
    editor.set_tool("select")
    canvas = editor.canvas
    state = canvas.state
    canvas.selection = {(0, 0), (0, 1), (0, 2)} if state.contours else set()
    canvas.refresh()
    app.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    editor.grab().save(str(path))
    print(json.dumps({"screenshot": str(path), "size": [editor.width(), editor.height()]}))
    editor.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
