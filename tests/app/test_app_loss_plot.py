"""The loss plot: NaN leaves gaps without errors, 100k points redraw fast, buffers double."""

from __future__ import annotations

import time

import numpy as np

from app.curve_data import Curve, CurveBuffer, smooth
from app.loss_plot import LossPlots
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
    assert "g_l1" in plots.curve_names()


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


def test_curves_are_grouped_so_g_total_does_not_flatten_the_others(qtbot):
    plots = LossPlots()
    qtbot.addWidget(plots)
    losses = {"g_total": 40.0, "d_total": 1.0, "g_l1": 0.3, "g_adversarial": 0.7, "d_real": 0.5,
              "g_constant": 0.01, "g_category": 0.02, "something_new": 1.0}
    plots.add_train_step(TrainStepReport(1, 100, losses, 0.6, 0.4, 2e-4, 4e-4, 10.0, {"conv1": 1.0}, 1.0, 1.0))
    plots.add_eval(EvalReport(1, 0.2, 0.3))
    assert set(plots.curve_names("totals")) == {"g_total", "d_total"}
    assert set(plots.curve_names("l1")) == {"g_l1", "held-out", "copy source"}
    assert {"g_adversarial", "d_real", "D(real)", "D(fake)"} <= set(plots.curve_names("adversarial"))
    assert {"g_constant", "g_category", "something_new"} <= set(plots.curve_names("terms"))
    plots.redraw()
    assert len(plots.panels) == 6 and all(p.plot.getViewBox().linkedView(0) in (None, plots.losses.plot.getViewBox())
                                          for p in plots.panels.values())


def test_min_max_summary_draws_o_view_width_points_and_keeps_every_peak():
    curve = Curve()
    n = 200_000
    ys = np.sin(np.arange(n) / 500.0)
    ys[123_457] = 5.0    # one spike must survive any zoom level
    ys[150_000] = -7.0
    ys[50_000:52_000] = np.nan  # a few pixels wide at this zoom
    for start in range(0, n, 10_000):  # in chunks, as reports arrive
        curve.extend(np.arange(start, start + 10_000, dtype=float), ys[start:start + 10_000])
    xs_drawn, ys_drawn = curve.view(0, n, pixels=500)
    assert len(xs_drawn) <= 4 * 500
    assert np.nanmax(ys_drawn) == 5.0 and np.nanmin(ys_drawn) == -7.0
    assert np.isnan(ys_drawn).any()  # the NaN run is still a gap
    xs_zoom, ys_zoom = curve.view(123_400, 123_500, pixels=500)
    assert len(xs_zoom) < 200 and 5.0 in ys_zoom  # zoomed in: raw points


def test_incremental_smoothing_matches_the_whole_curve_and_a_rollback_replaces_steps():
    rng = np.random.default_rng(1)
    ys = rng.random(1000)
    ys[::37] = np.nan
    curve = Curve(window=25)
    for i, y in enumerate(ys):
        curve.extend(np.array([i + 1.0]), np.array([y]))
    assert np.allclose(curve.shown.y, smooth(ys, 25), equal_nan=True)
    curve.set_window(1)
    assert np.allclose(curve.shown.y, ys, equal_nan=True)
    curve.extend(np.array([500.0, 501.0]), np.array([9.0, 9.0]))  # steps 500.. again after a rollback
    assert curve.size == 501 and curve.raw.y[-1] == 9.0 and list(curve.raw.x[-3:]) == [499.0, 500.0, 501.0]


def test_plain_view_shows_one_plot_in_plain_words_and_the_expert_plots_are_one_tick_away(qtbot):
    plots = LossPlots()
    qtbot.addWidget(plots)
    plots.show()
    layout = plots.graphics.ci
    assert [p.plot in layout.items for p in plots.panels.values()].count(True) == 1
    assert "lower is better" in plots.held_out.plot.titleLabel.text
    plots.expert.setChecked(True)
    assert all(p.plot in layout.items for p in plots.panels.values())
    assert "Spectral norm" in plots.norms.plot.titleLabel.text
    plots.expert.setChecked(False)
    assert plots.norms.plot not in layout.items


def test_x_axis_follows_the_data_not_the_whole_run(qtbot):
    plots = LossPlots()
    qtbot.addWidget(plots)
    plots.resize(800, 500)
    plots.show()
    for step in (1, 2, 3, 10):
        plots.add_train_step(TrainStepReport(step, 20000, {"g_l1": 0.5}, 0.5, 0.5, 2e-4, 4e-4, 10.0, {}, 1.0, 1.0))
    assert plots._x_max == 50
    assert plots.held_out.plot.viewRange()[0][1] < 60     # the plot a designer sees, not only the first one
    plots.add_train_step(TrainStepReport(130, 20000, {"g_l1": 0.5}, 0.5, 0.5, 2e-4, 4e-4, 10.0, {}, 1.0, 1.0))
    assert plots._x_max == 200
