"""Live training curves (pyqtgraph) in six linked plots, so no curve flattens another.

Totals (g_total is L1 x100 and would dwarf the rest), adversarial terms with D's scores, L1 beside held-out
L1, constant / category terms, learning rates, and the spectral norm of each D layer.

Curves (app/curve_data.py) keep smoothing incrementally and min/max block summaries, so a redraw draws
about two points per pixel of the visible range whatever the history's length: O(view width), not
O(points). Curves are drawn from a timer, two plots per tick, never per report; the y range moves only
when data leaves it. NaN losses (a diverging step) leave a gap (connect='finite').
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

from app.curve_data import Curve

REDRAW_MS = 100       # one panel per tick: half the paint work of two every 200 ms, same refresh cycle
NEW_CURVES_PER_TICK = 2   # making a curve item with its legend entry costs a few ms
PANELS_PER_TICK = 1
pg.setConfigOptions(antialias=False, background="w", foreground="#444")

# Which plot each loss goes to; unknown names join "terms".
LOSS_PANELS = {"g_total": "totals", "d_total": "totals",
               "d_real": "adversarial", "d_fake": "adversarial", "d_adversarial": "adversarial", "d_gp": "adversarial",
               "g_adversarial": "adversarial",
               "g_l1": "l1",
               "g_constant": "terms", "g_category": "terms", "d_category": "terms", "g_tv": "terms"}
# Training L1 is measured on images in [-1, 1], held-out L1 on pixels in [0, 1]; halving the first puts
# both on one scale, so the gap between the curves in the L1 plot is over-fitting, not units.
DISPLAY_SCALE = {"g_l1": 0.5}


def _tr(text: str) -> str:
    return QCoreApplication.translate("LossPlots", text)


PANEL_TITLES = {  # (title, log scale allowed); QT_TRANSLATE_NOOP lets lupdate find the titles
    "totals": (QT_TRANSLATE_NOOP("LossPlots", "Total losses (G includes L1 x100)"), True),
    "adversarial": (QT_TRANSLATE_NOOP("LossPlots", "Adversarial losses and D scores"), False),
    "l1": (QT_TRANSLATE_NOOP("LossPlots", "L1 per pixel (0-1): training and held-out"), True),
    "terms": (QT_TRANSLATE_NOOP("LossPlots", "Constant and category losses"), True),
    "rates": (QT_TRANSLATE_NOOP("LossPlots", "Learning rate"), True),
    "norms": (QT_TRANSLATE_NOOP("LossPlots", "Spectral norm of each D layer"), False),
}
# The plain view shows one plot in a designer's words; the expert plots (losses, D's scores, rates,
# spectral norms) are one tick away.
PLAIN_PANEL = "l1"
PLAIN_TITLE = QT_TRANSLATE_NOOP("LossPlots", "How far the glyphs are from the target font (lower is better): "
                                             "characters it trains on, and unseen ones")
# The plain plot's legend in words; curve keys stay (history files and the expert plots use them).
LEGEND_NAMES = {"g_l1": QT_TRANSLATE_NOOP("LossPlots", "characters it trains on"),
                "held-out": QT_TRANSLATE_NOOP("LossPlots", "unseen characters"),
                "copy source": QT_TRANSLATE_NOOP("LossPlots", "copying the source font")}
SPARSE_CURVES = ("held-out", "copy source")
PANEL_ORDER = ("totals", "adversarial", "l1", "terms", "rates", "norms")


def _bounds(ys: np.ndarray, log: bool) -> tuple[float, float] | None:
    """Finite (min, max) of drawn values, in log10 when the plot is logarithmic; None when there are none."""
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            ys = np.log10(ys[ys > 0])
    finite = ys[np.isfinite(ys)]
    return (float(finite.min()), float(finite.max())) if len(finite) else None


class _Panel:
    """One plot with named curves."""

    def __init__(self, plot: pg.PlotItem, key: str) -> None:
        self.plot = plot
        self.key = key
        self.log_allowed = PANEL_TITLES[key][1]
        plot.getAxis("left").setWidth(52)  # fixed: a label growing by a digit would relayout every plot
        for side in ("left", "bottom"):  # an SI prefix rewrites the axis label (HTML) at every range change
            plot.getAxis(side).enableAutoSIPrefix(False)
        self.legend = plot.addLegend(offset=(-4, 4), labelTextSize="8pt", colCount=2)
        self.curves: dict[str, Curve] = {}
        self.dirty = False
        # The y range is ours, not pyqtgraph's auto range: that one moves at every redraw of a growing curve,
        # and each move regenerates and repaints the axis ticks. Ours moves only when the data leaves it.
        self.user_y = False
        self.log_y = False
        self.refit = False     # set when the scale changes: fit the y range afresh
        self.drawn_at = 0      # redraw tick of the last draw; the oldest dirty panels are drawn first
        vb = plot.getViewBox()
        vb.enableAutoRange(y=False)
        vb.sigRangeChangedManually.connect(self._on_range_changed_manually)
        plot.autoBtn.clicked.connect(self._on_auto_button_clicked)
        self.retranslate()

    def retranslate(self, plain: bool = False) -> None:
        self.plot.setTitle(_tr(PLAIN_TITLE if plain else PANEL_TITLES[self.key][0]), size="9pt")
        self.plot.setLabel("bottom", _tr("step"))

    def curve(self, name: str, window: int) -> Curve:
        if name not in self.curves:
            self.curves[name] = Curve(window)
        return self.curves[name]

    def create_items(self, budget: int) -> int:
        """Give curves their plot item, at most `budget` now: creating one (with its legend entry) costs
        ~3 ms, and the first report brings a dozen at once, which would be one visible stall."""
        for index, (name, curve) in enumerate(self.curves.items()):
            if budget <= 0:
                break
            if curve.item is None:
                color = pg.intColor(index, hues=7, values=1, maxValue=200)
                # Held-out scores come every few hundred steps: dots show them from the first one on.
                dots = {"symbol": "o", "symbolSize": 4, "symbolBrush": color, "symbolPen": None} \
                    if name in SPARSE_CURVES else {}
                label = _tr(LEGEND_NAMES[name]) if self.key == PLAIN_PANEL and name in LEGEND_NAMES else name
                curve.item = self.plot.plot(name=label, pen=pg.mkPen(color, width=1), **dots)  # width 1: fast
                budget -= 1
        return budget

    def redraw(self, window: int, force: bool = False) -> None:
        self.dirty = False
        vb = self.plot.getViewBox()
        follow = vb.autoRangeEnabled()[0]
        (x0, x1), pixels = vb.viewRange()[0], max(100, int(vb.width()))
        bounds = []
        for curve in self.curves.values():
            if curve.item is None:
                continue
            curve.set_window(window)
            key = (curve.version, None if follow else (x0, x1), pixels)
            if key != curve.drawn_key or force:
                xs, ys = curve.view(-np.inf, np.inf, pixels) if follow else curve.view(x0, x1, pixels)
                # skipFiniteCheck stays False: NaN is expected and drawn as a gap.
                curve.item.setData(xs, ys, connect="finite")
                curve.drawn_key = key
                curve.bounds = _bounds(ys, self.log_y)
            bounds.append(getattr(curve, "bounds", None))
        self._fit_y([b for b in bounds if b is not None])

    def _fit_y(self, bounds: list[tuple[float, float]]) -> None:
        """Move the y range only when drawn data leaves it, or fills less than a third of it."""
        if self.user_y or not bounds:
            return
        lo, hi = min(b[0] for b in bounds), max(b[1] for b in bounds)
        span = max(hi - lo, abs(hi) * 1e-3, 1e-12)
        y0, y1 = self.plot.getViewBox().viewRange()[1]
        if self.refit or lo < y0 or hi > y1 or (y1 - y0) > 3 * span:
            self.refit = False
            self.plot.getViewBox().setYRange(lo - 0.1 * span, hi + 0.1 * span, padding=0)

    def _on_range_changed_manually(self, *_args) -> None:
        self.user_y = True  # the designer zoomed or panned: leave the y range alone until "A" is pressed

    def _on_auto_button_clicked(self) -> None:
        self.user_y = False
        self.plot.getViewBox().enableAutoRange(y=False)
        self.invalidate()

    def invalidate(self) -> None:
        """Draw every curve again at the next redraw and fit the y range afresh."""
        for curve in self.curves.values():
            curve.drawn_key = None
        self.refit = True
        self.dirty = True

    def clear(self) -> None:
        for curve in self.curves.values():
            if curve.item is not None:
                self.plot.removeItem(curve.item)
        self.legend.clear()
        self.curves.clear()
        self.dirty = False
        self.refit = True


class LossPlots(QWidget):
    """Six linked plots and a toolbar (log scale, smoothing); points are buffered, drawn on a timer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("lossGraphics")
        self.panels: dict[str, _Panel] = {}
        for i, key in enumerate(PANEL_ORDER):
            self.panels[key] = _Panel(self.graphics.addPlot(row=i // 2, col=i % 2), key)
        first = self.panels[PANEL_ORDER[0]].plot
        for panel in list(self.panels.values())[1:]:
            panel.plot.setXLink(first)
            panel.plot.getViewBox().sigXRangeChanged.connect(self._on_view_changed)
        first.getViewBox().sigXRangeChanged.connect(self._on_view_changed)

        self.log_scale = QCheckBox()
        self.log_scale.setObjectName("logScale")
        self.log_scale.toggled.connect(self._on_log_scale_toggled)
        self.smoothing = QSlider(Qt.Orientation.Horizontal)
        self.smoothing.setObjectName("smoothing")
        self.smoothing.setRange(1, 200)
        self.smoothing.setValue(1)
        self.smoothing.setMaximumWidth(160)
        self.smoothing.valueChanged.connect(self._on_smoothing_changed)
        self.smoothing_title = QLabel()
        self.smoothing_label = QLabel()
        self.expert = QCheckBox()
        self.expert.setObjectName("expertPlots")
        self.expert.toggled.connect(self._on_expert_toggled)

        bar = QHBoxLayout()
        bar.addWidget(self.log_scale)
        bar.addSpacing(16)
        bar.addWidget(self.smoothing_title)
        bar.addWidget(self.smoothing)
        bar.addWidget(self.smoothing_label)
        bar.addStretch(1)
        bar.addWidget(self.expert)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.graphics, 1)
        self._on_expert_toggled(False)

        self._dirty = False
        self._tick = 0
        self._x_max = None
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()

    # Old names kept for callers that address one plot.
    losses = property(lambda self: self.panels["totals"])
    held_out = property(lambda self: self.panels["l1"])
    rates = property(lambda self: self.panels["rates"])
    norms = property(lambda self: self.panels["norms"])

    def retranslate(self) -> None:
        self.log_scale.setText(self.tr("Log scale"))
        self.smoothing_title.setText(self.tr("Smoothing"))
        self.expert.setText(self.tr("Expert plots"))
        self.expert.setToolTip(self.tr("Every loss, the discriminator's scores, learning rates and spectral norms"))
        self._update_smoothing_label()
        for key, panel in self.panels.items():
            panel.retranslate(plain=key == PLAIN_PANEL and not self.expert.isChecked())

    def _on_expert_toggled(self, shown: bool) -> None:
        """Lay out the plain plot alone or all six; plots leave the layout rather than hide, because a
        hidden plot's legend still follows geometry changes of a view that may be gone."""
        layout = self.graphics.ci
        for panel in self.panels.values():
            if panel.plot in layout.items:
                layout.removeItem(panel.plot)
        keys = PANEL_ORDER if shown else (PLAIN_PANEL,)
        self.retranslate()   # titles first: a long plain title would widen its column in the grid
        for i, key in enumerate(keys):
            layout.addItem(self.panels[key].plot, row=i // 2, col=i % 2)
        if getattr(self, "_x_max", None) is not None:
            self._apply_x_range()
        layout.layout.invalidate()   # re-added plots otherwise keep the plain view's column widths

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- data ------------------------------------------------------------------------------------------
    def _add(self, panel: str, name: str, xs, ys) -> None:
        target = self.panels[panel]
        target.curve(name, self.smoothing.value()).extend(np.atleast_1d(xs), np.atleast_1d(ys))
        target.dirty = self._dirty = True

    def add_train_step(self, report) -> None:
        step = float(report.step)
        self.follow_steps(report.step, report.total_steps)
        for name, value in report.losses.items():
            self._add(LOSS_PANELS.get(name, "terms"), name, step, float(value) * DISPLAY_SCALE.get(name, 1.0))
        self._add("adversarial", "D(real)", step, float(report.d_real_score))
        self._add("adversarial", "D(fake)", step, float(report.d_fake_score))
        self._add("rates", "G", step, float(report.generator_lr))
        self._add("rates", "D", step, float(report.discriminator_lr))
        for name, value in report.spectral_norms.items():
            self._add("norms", name, step, float(value))

    def follow_steps(self, step: int, total: int | None = None) -> None:
        """The x range follows the data: it doubles when the curves reach its end (50, 100, 200... steps),
        capped at the run's length, so early curves fill the plot and the ticks change only on a doubling."""
        if self._x_max is not None and step <= self._x_max:
            return
        x_max = 50
        while x_max < step:
            x_max *= 2
        if total:
            x_max = min(x_max, max(int(total), step, 1))
        self._x_max = x_max
        self._apply_x_range()

    def _apply_x_range(self) -> None:
        """Set on the plots outside the layout first, then the shown ones: a plot out of the layout has no
        geometry, and a range linked through it reaches the shown plots wrong."""
        if self._x_max is None:
            return
        shown = self.graphics.ci.items
        for panel in sorted(self.panels.values(), key=lambda p: p.plot in shown):
            panel.plot.setXRange(0, self._x_max, padding=0.01)

    def add_eval(self, report) -> None:
        # Curve names stay English in every language: a switch mid-run must not start new curves.
        self._add("l1", "held-out", float(report.step), float(report.held_out_l1))
        self._add("l1", "copy source", float(report.step), float(report.copy_source_l1))

    def add_points(self, group: str, name: str, xs: np.ndarray, ys: np.ndarray) -> None:
        """Bulk load (a reopened project's history, tests). group: a panel key, or "losses" to route by
        loss name, "scores" for D's scores, "held_out" for held-out L1."""
        if group == "losses":
            panel = LOSS_PANELS.get(name, "terms")
            ys = np.asarray(ys, dtype=np.float64) * DISPLAY_SCALE.get(name, 1.0)
        else:
            panel = {"scores": "adversarial", "held_out": "l1"}.get(group, group)
        if group == "held_out" and name == "generated":
            name = "held-out"
        self._add(panel, name, xs, ys)

    def load_history(self, history) -> None:
        """Curves from core.training.history.load_history (a History); the x range spans them."""
        for group, curves in history.curves.items():
            for name, (xs, ys) in curves.items():
                if len(xs):
                    self.add_points(group, name, xs, ys)

    def clear(self) -> None:
        for panel in self.panels.values():
            panel.clear()
        self._dirty = False
        self._x_max = None
        self.panels["totals"].plot.enableAutoRange(x=True)

    def point_count(self) -> int:
        return sum(c.size for p in self.panels.values() for c in p.curves.values())

    def curve_names(self, panel: str | None = None) -> list[str]:
        """Names of the curves of one plot, or of every plot."""
        panels = [self.panels[panel]] if panel else self.panels.values()
        return [name for p in panels for name in p.curves]

    # -- drawing ---------------------------------------------------------------------------------------
    def redraw(self, budget: int = 1_000_000, force: bool = False, panels=None) -> None:
        """Draw changed curves of `panels` (default all); `budget` caps how many new curves get their plot
        item in this call."""
        window = self.smoothing.value()
        self._tick += 1
        with np.errstate(invalid="ignore", divide="ignore"):
            for panel in (self.panels.values() if panels is None else panels):
                budget = panel.create_items(budget)
                panel.redraw(window, force)
                panel.drawn_at = self._tick
                if any(c.item is None for c in panel.curves.values()):
                    panel.dirty = True  # curves still without an item are created on the next ticks
        self._dirty = any(p.dirty for p in self.panels.values())

    def _on_timer_timeout(self) -> None:
        # A few plots per tick: each tick then repaints a part of the view, not all six plots at once.
        if self._dirty and self.isVisible():
            dirty = sorted((p for p in self.panels.values() if p.dirty), key=lambda p: p.drawn_at)
            self.redraw(budget=NEW_CURVES_PER_TICK, panels=dirty[:PANELS_PER_TICK])

    def _invalidate_all(self) -> None:
        for panel in self.panels.values():
            panel.invalidate()
        self._dirty = True

    def _on_view_changed(self, *_args) -> None:
        for panel in self.panels.values():  # zoomed or panned: the visible range decides what is drawn
            panel.dirty = True
        self._dirty = True

    def _on_log_scale_toggled(self, on: bool) -> None:
        for panel in self.panels.values():
            if panel.log_allowed:
                panel.plot.setLogMode(y=on)
                panel.log_y = on
        self._invalidate_all()

    def _on_smoothing_changed(self, _value: int) -> None:
        self._update_smoothing_label()
        self._invalidate_all()

    def _update_smoothing_label(self) -> None:
        value = self.smoothing.value()
        self.smoothing_label.setText(self.tr("off") if value <= 1 else self.tr("{n} points").format(n=value))
