"""Live training curves (pyqtgraph): losses, held-out L1, learning rates, D spectral norms.

A growing curve is a doubling numpy buffer drawn with setData from a redraw timer (never per report),
with peak downsampling and clip-to-view, so hundreds of thousands of points stay fluid. NaN losses
(a diverging step) leave a gap instead of breaking the line (connect='finite').
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSlider, QVBoxLayout, QWidget

REDRAW_MS = 200
NEW_CURVES_PER_TICK = 4
pg.setConfigOptions(antialias=False, background="w", foreground="#444")


class CurveBuffer:
    """x/y float64 arrays that double when full: amortised O(1) append, a zero-copy view for drawing."""

    def __init__(self, capacity: int = 1024) -> None:
        self._x = np.empty(capacity)
        self._y = np.empty(capacity)
        self.size = 0

    def append(self, x: float, y: float) -> None:
        if self.size == len(self._x):
            self._grow(self.size + 1)
        self._x[self.size] = x
        self._y[self.size] = y
        self.size += 1

    def extend(self, xs: np.ndarray, ys: np.ndarray) -> None:
        n = len(xs)
        if self.size + n > len(self._x):
            self._grow(self.size + n)
        self._x[self.size:self.size + n] = xs
        self._y[self.size:self.size + n] = ys
        self.size += n

    def _grow(self, needed: int) -> None:
        capacity = max(len(self._x) * 2, needed)
        for name in ("_x", "_y"):
            old = getattr(self, name)
            new = np.empty(capacity)
            new[:self.size] = old[:self.size]
            setattr(self, name, new)

    @property
    def x(self) -> np.ndarray:
        return self._x[:self.size]

    @property
    def y(self) -> np.ndarray:
        return self._y[:self.size]


def smooth(y: np.ndarray, window: int) -> np.ndarray:
    """Trailing moving average over finite values (vectorised, O(n)); NaN points stay NaN (gaps)."""
    if window <= 1 or len(y) < 2:
        return y
    finite = np.isfinite(y)
    values = np.concatenate(([0.0], np.cumsum(np.where(finite, y, 0.0))))
    counts = np.concatenate(([0], np.cumsum(finite)))
    idx = np.arange(1, len(y) + 1)
    lo = np.maximum(idx - window, 0)
    n = counts[idx] - counts[lo]
    with np.errstate(invalid="ignore", divide="ignore"):
        out = (values[idx] - values[lo]) / n
    out[~finite] = np.nan
    return out


class _Panel:
    """One plot with named curves, each backed by a CurveBuffer."""

    def __init__(self, plot: pg.PlotItem, title: str, log_allowed: bool = True) -> None:
        self.plot = plot
        self.log_allowed = log_allowed
        plot.setTitle(title, size="10pt")
        plot.setLabel("bottom", QCoreApplication.translate("LossPlots", "step"))
        # A fixed axis width: tick labels growing by a digit would otherwise relayout all four plots.
        plot.getAxis("left").setWidth(52)
        self.legend = plot.addLegend(offset=(-4, 4), labelTextSize="8pt", colCount=2)
        self.curves: dict[str, tuple[CurveBuffer, pg.PlotDataItem]] = {}

    def add_point(self, name: str, x: float, y: float) -> None:
        if name not in self.curves:
            self.curves[name] = (CurveBuffer(), None)
        self.curves[name][0].append(x, y)

    def create_items(self, budget: int) -> int:
        """Give curves their plot item, at most `budget` now: creating one (with its legend entry) costs
        ~3 ms, and the first report brings a dozen at once, which would be one visible stall."""
        for index, (name, (buffer, item)) in enumerate(self.curves.items()):
            if budget <= 0:
                break
            if item is None:
                color = pg.intColor(index, hues=9, values=1, maxValue=200)
                item = self.plot.plot(name=name, pen=pg.mkPen(color, width=1))  # width 1: the fast cosmetic pen
                item.setDownsampling(auto=True, method="peak")
                item.setClipToView(True)
                self.curves[name] = (buffer, item)
                budget -= 1
        return budget

    def redraw(self, window: int) -> None:
        for buffer, item in self.curves.values():
            if item is None:
                continue
            y = smooth(buffer.y, window)
            # skipFiniteCheck stays False: NaN is expected and drawn as a gap.
            item.setData(buffer.x, y, connect="finite")

    def clear(self) -> None:
        for _, item in self.curves.values():
            if item is not None:
                self.plot.removeItem(item)
        self.legend.clear()
        self.curves.clear()


class LossPlots(QWidget):
    """Four linked plots and a toolbar (log scale, smoothing); points are buffered, drawn on a timer."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.graphics = pg.GraphicsLayoutWidget()
        self.graphics.setObjectName("lossGraphics")
        self.losses = _Panel(self.graphics.addPlot(row=0, col=0), self.tr("Losses"))
        self.held_out = _Panel(self.graphics.addPlot(row=0, col=1), self.tr("Held-out L1 (lower is better)"))
        self.rates = _Panel(self.graphics.addPlot(row=1, col=0), self.tr("Learning rate"))
        self.norms = _Panel(self.graphics.addPlot(row=1, col=1), self.tr("Spectral norm of each D layer"))
        self.panels = (self.losses, self.held_out, self.rates, self.norms)
        for panel in self.panels[1:]:
            panel.plot.setXLink(self.losses.plot)

        self.log_scale = QCheckBox(self.tr("Log scale"))
        self.log_scale.setObjectName("logScale")
        self.log_scale.toggled.connect(self._on_log_scale_toggled)
        self.smoothing = QSlider(Qt.Orientation.Horizontal)
        self.smoothing.setObjectName("smoothing")
        self.smoothing.setRange(1, 200)
        self.smoothing.setValue(1)
        self.smoothing.setMaximumWidth(160)
        self.smoothing.valueChanged.connect(self._on_smoothing_changed)
        self.smoothing_label = QLabel()
        self._on_smoothing_changed(1)

        bar = QHBoxLayout()
        bar.addWidget(self.log_scale)
        bar.addSpacing(16)
        bar.addWidget(QLabel(self.tr("Smoothing")))
        bar.addWidget(self.smoothing)
        bar.addWidget(self.smoothing_label)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.graphics, 1)

        self._dirty = False
        self._x_max = None
        self.timer = QTimer(self)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self._on_timer_timeout)
        self.timer.start()

    def add_train_step(self, report) -> None:
        step = float(report.step)
        if report.total_steps != self._x_max:
            # The x range is the whole run, so the axes do not regenerate their ticks at every redraw.
            self._x_max = report.total_steps
            self.losses.plot.setXRange(0, max(1, report.total_steps), padding=0.01)
        for name, value in report.losses.items():
            self.losses.add_point(name, step, float(value))
        self.rates.add_point("G", step, float(report.generator_lr))
        self.rates.add_point("D", step, float(report.discriminator_lr))
        for name, value in report.spectral_norms.items():
            self.norms.add_point(name, step, float(value))
        self._dirty = True

    def add_eval(self, report) -> None:
        self.held_out.add_point(self.tr("generated"), float(report.step), float(report.held_out_l1))
        self.held_out.add_point(self.tr("copy source"), float(report.step), float(report.copy_source_l1))
        self._dirty = True

    def add_points(self, panel: str, name: str, xs: np.ndarray, ys: np.ndarray) -> None:
        """Bulk load (a resumed run's history, tests); drawn at the next timer tick."""
        target = {"losses": self.losses, "held_out": self.held_out, "rates": self.rates, "norms": self.norms}[panel]
        if name not in target.curves:
            target.add_point(name, float(xs[0]), float(ys[0]))
            xs, ys = xs[1:], ys[1:]
        target.curves[name][0].extend(np.asarray(xs, float), np.asarray(ys, float))
        self._dirty = True

    def clear(self) -> None:
        for panel in self.panels:
            panel.clear()
        self._dirty = False
        self._x_max = None
        self.losses.plot.enableAutoRange(x=True)

    def point_count(self) -> int:
        return sum(b.size for p in self.panels for b, _ in p.curves.values())

    def redraw(self, budget: int = 1_000_000) -> None:
        """Draw every curve; `budget` caps how many new curves get their plot item in this call."""
        window = self.smoothing.value()
        pending = False
        with np.errstate(invalid="ignore", divide="ignore"):
            for panel in self.panels:
                budget = panel.create_items(budget)
                pending = pending or any(item is None for _, item in panel.curves.values())
                panel.redraw(window)
        self._dirty = pending  # curves still without an item are created on the next ticks

    def curve_names(self, panel: str = "losses") -> list[str]:
        return list({"losses": self.losses, "held_out": self.held_out, "rates": self.rates,
                     "norms": self.norms}[panel].curves)

    def _on_timer_timeout(self) -> None:
        if self._dirty and self.isVisible():
            self.redraw(budget=NEW_CURVES_PER_TICK)

    def _on_log_scale_toggled(self, on: bool) -> None:
        for panel in (self.losses, self.held_out, self.rates):
            panel.plot.setLogMode(y=on)
        self._dirty = True

    def _on_smoothing_changed(self, value: int) -> None:
        self.smoothing_label.setText(self.tr("off") if value <= 1 else self.tr("{n} points").format(n=value))
        self._dirty = True
