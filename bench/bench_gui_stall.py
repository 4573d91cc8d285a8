"""GUI-thread stall benchmark: a tiny training runs inside the real main window while a 5 ms timer probe
measures how late the event loop serves it. Prints JSON (worst and p99 stall in ms); target: no stall > 50 ms.

Two figures per probe gap: the wall-clock stall, and the GUI thread's own CPU time in that gap (busy). On a
shared machine a stall far above its busy time is the OS (load average, printed too) or the training
thread's hold on the GIL, not work the GUI thread does.

    .venv/bin/python bench/bench_gui_stall.py                 # offscreen
    xvfb-run -s "-screen 0 1600x1000x24" .venv/bin/python bench/bench_gui_stall.py --preload-points 200000
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "app"))
if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_home = tempfile.mkdtemp(prefix="zi2zi-bench-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")  # never touch the user's settings
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")

PROBE_MS = 5


def synthetic_train(project, config=None, control=None, **_):
    """Convolutions on (B, 1, S, S) batches (holding the GIL between ops like the real trainer), reports
    at the configured cadence; the GUI cannot tell it from core.training.loop.train."""
    import numpy as np
    import torch

    from core.reports import CheckpointReport, EvalReport, FinishedReport, SampleReport, TrainStepReport
    config = config or project.config
    t, size = config.train, config.data.image_size
    if t.threads > 0:  # as core's apply_thread_cap does
        torch.set_num_threads(t.threads)
    net = torch.nn.Sequential(torch.nn.Conv2d(1, 16, 3, padding=1), torch.nn.ReLU(),
                              torch.nn.Conv2d(16, 1, 3, padding=1))
    opt = torch.optim.Adam(net.parameters(), 1e-3)
    x = torch.rand(t.batch_size, 1, size, size)  # (B, 1, S, S)
    started = time.perf_counter()
    for step in range(1, t.steps + 1):
        if not control.wait_while_paused():
            yield FinishedReport(step, "cancelled")
            return
        if os.environ.get("ZI2ZI_SYNTHETIC_SLEEP"):  # isolates GUI cost from compute contention
            time.sleep(0.008)
            loss = torch.tensor(0.5)
        else:
            loss = (net(x) - x).abs().mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
        loss = loss.detach()
        elapsed = time.perf_counter() - started
        losses = {"g_l1": float(loss), "g_total": float(loss) * 100, "d_total": 1.0 + 0.1 * np.sin(step),
                  "d_real": 0.5, "d_fake": 0.5, "g_adversarial": 0.7}
        yield TrainStepReport(step, t.steps, losses, 0.6, 0.4, 2e-4, 4e-4, t.batch_size * step / elapsed,
                              {f"conv{i}": 1.0 for i in range(5)}, elapsed, elapsed / step * (t.steps - step))
        if step % t.eval_every == 0:
            yield EvalReport(step, float(loss), 0.3)
        if step % t.sample_every == 0:
            grid = (np.random.default_rng(step).random((8 * size, 3 * size)) * 255).astype(np.uint8)
            yield SampleReport(step, grid, [0x4E00 + i for i in range(8)])
        if step % t.checkpoint_every == 0:
            yield CheckpointReport(step, "synthetic.pt")
    yield FinishedReport(t.steps, "completed")



def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=60)
    parser.add_argument("--image-size", type=int, default=32)
    parser.add_argument("--preload-points", type=int, default=0, help="curve points loaded before training")
    parser.add_argument("--synthetic", action="store_true",
                        help="a stand-in trainer (synthetic_train below) instead of core's")
    args = parser.parse_args()

    import numpy as np
    from app_test_projects import make_project
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from app.main_window import MainWindow
    from app.settings import identify_application

    identify_application()
    app = QApplication([])
    window = MainWindow()
    window.resize(1400, 900)
    window.show()
    project = make_project(Path(_home) / "project", image_size=args.image_size)
    project.config.train.steps = args.steps
    project.config.train.log_every = 1
    project.config.train.sample_every = 5
    project.config.train.eval_every = 10
    project.config.train.checkpoint_every = max(1, args.steps // 2)
    window.set_project(project)
    if args.synthetic:
        window.train_panel.train_function = synthetic_train
    if args.preload_points:
        # An earlier session's dense history just before this run's steps (100s of points per step).
        xs = np.linspace(-args.steps, 0, args.preload_points, endpoint=False)
        for name in ("g_l1", "g_total", "d_total", "d_real", "d_fake", "g_adversarial"):
            window.train_panel.plots.add_points("losses", name, xs, np.random.default_rng(0).random(len(xs)))

    import core.training.device  # noqa: F401 - torch is imported before the heap is frozen, as in the app
    from app.startup import freeze_startup_heap
    freeze_startup_heap()
    # Let the window settle first (its first paint, the preview's model look-up), so the probe measures
    # the GUI while training runs, not start-up.
    deadline = time.perf_counter() + 10
    while time.perf_counter() < deadline and (window.preview_panel.is_busy() or deadline - time.perf_counter() > 9):
        app.processEvents()
        time.sleep(0.01)
    gaps: list[float] = []
    busy: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.nsecsElapsed()]
    last_cpu = [time.thread_time()]
    load_before = os.getloadavg()

    stall_at: list[float] = []
    busy_at: list[tuple[float, float]] = []

    def probe() -> None:
        now, cpu = clock.nsecsElapsed(), time.thread_time()
        gaps.append((now - last[0]) / 1e6 - PROBE_MS)
        busy.append((cpu - last_cpu[0]) * 1e3)
        if busy[-1] > 20:
            busy_at.append((round(now / 1e9, 2), round(busy[-1], 1)))
        last_cpu[0] = cpu
        if gaps[-1] > 50:
            stall_at.append(round(now / 1e9, 2))
        last[0] = now

    timer = QTimer()
    timer.setInterval(PROBE_MS)
    timer.timeout.connect(probe)
    counts = {"steps": 0, "samples": 0}
    job = window.train_panel.start()
    if job is None:
        print(json.dumps({"error": "training did not start"}))
        return 1
    job.train_step_ready.connect(lambda r: counts.__setitem__("steps", counts["steps"] + 1))
    job.sample_ready.connect(lambda r: counts.__setitem__("samples", counts["samples"] + 1))
    failures: list[str] = []
    job.failed.connect(failures.append)
    job.ended.connect(app.quit)
    started = time.perf_counter()
    timer.start()
    app.exec()
    timer.stop()
    seconds = time.perf_counter() - started
    stalls = np.maximum(np.array(gaps[1:] or [0.0]), 0.0)
    cpu_ms = np.array(busy[1:] or [0.0])
    print(json.dumps({
        "benchmark": "gui_stall", "trainer": "synthetic" if args.synthetic else "core", "platform": QApplication.platformName(), "steps": counts["steps"],
        "samples": counts["samples"], "seconds": round(seconds, 2), "probe_interval_ms": PROBE_MS,
        "probes": len(gaps), "worst_stall_ms": round(float(stalls.max()), 2),
        "p99_stall_ms": round(float(np.percentile(stalls, 99)), 2),
        "p50_stall_ms": round(float(np.percentile(stalls, 50)), 2),
        "stalls_over_50ms": int((stalls > 50).sum()), "stall_times_s": stall_at[:20], "preloaded_points": args.preload_points,
        "worst_gui_busy_ms": round(float(cpu_ms.max()), 2), "p99_gui_busy_ms": round(float(np.percentile(cpu_ms, 99)), 2),
        "loadavg_before": [round(x, 2) for x in load_before], "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "cpus": os.cpu_count(), "gui_busy_over_20ms_at_s": busy_at[:20],
        "curve_points": window.train_panel.plots.point_count(), "failed": failures[:1],
    }, indent=2))
    window.close()
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
