"""The loss plot: NaN leaves gaps without errors, 100k points redraw fast, buffers double."""

from __future__ import annotations

import time

import numpy as np

from app.loss_plot import CurveBuffer, LossPlots, smooth
from core.reports import EvalReport, TrainStepReport


def test_buffer_doubles_and_keeps_values():
    buffer = CurveBuffer(capacity=4)
    for i in range(10):
        buffer.append(i, i * 2)
    assert buffer.size == 10
    assert np.array_equal(buffer.y, np.arange(10) * 2)


def test_smoothing_keeps_nan_gaps():
    y = np.array([1.0, 1.0, np.nan, 3.0, 3.0])
    out = smooth(y, 2)
    assert np.isnan(out[2]) and out[4] == 3.0 and out[3] == 3.0


def test_plot_handles_nan_reports(qtbot):
    plots = LossPlots()
    qtbot.addWidget(plots)
    plots.show()
    for step in range(1, 50):
        value = float("nan") if step % 7 == 0 else 1.0 / step
        plots.add_train_step(TrainStepReport(step, 100, {"g_l1": value, "d_total": float("inf") if step == 3 else 0.5},
                                             0.5, 0.5, 2e-4, 4e-4, 10.0, {"conv1": 1.0}, 1.0, 1.0))
    plots.add_eval(EvalReport(10, float("nan"), 0.3))
    plots.log_scale.setChecked(True)
    plots.smoothing.setValue(5)
    plots.redraw()
    assert "g_l1" in plots.losses.curves


def test_plot_with_100k_points_stays_fast(qtbot):
    plots = LossPlots()
    qtbot.addWidget(plots)
    plots.resize(1000, 700)
    plots.show()
    n = 100_000
    xs = np.arange(n, dtype=float)
    for name in ("g_l1", "g_total", "d_total", "d_real", "d_fake"):
        ys = np.random.default_rng(0).random(n)
        ys[::1000] = np.nan
        plots.add_points("losses", name, xs, ys)
    assert plots.point_count() == 5 * n
    plots.redraw()
    qtbot.wait(50)
    start = time.perf_counter()
    plots.smoothing.setValue(50)
    plots.redraw()
    plots.graphics.grab()  # forces a paint of all curves
    assert time.perf_counter() - start < 2.0
