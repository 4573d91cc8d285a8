"""The glyph canvas: draws one glyph large with its metrics and faint layers; zoom, pan, fit; hands tools
mouse events already converted to glyph coordinates (font units, y up)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen, QPixmap, QPolygonF, QTransform
from PySide6.QtWidgets import QWidget

from core.editing import OFF, GlyphEdit, GlyphHistory
from core.editing.store import display_bitmap
from core.render import EM_BOTTOM, EM_TOP

POINT_PX = 7                 # on-screen size of a point marker
HIT_PX = 8                   # how close (screen px) a click must be to grab a point or a handle
MARGIN = 0.08                # fit-to-window leaves this share of the view around the em box
MIN_SCALE, MAX_SCALE = 0.02, 40.0


def ink_image(bitmap: np.ndarray, rgb: tuple[int, int, int], opacity: float) -> QImage:
    """A glyph bitmap as a coloured, see-through image: alpha follows the ink, paper is transparent."""
    h, w = bitmap.shape
    argb = np.empty((h, w, 4), np.uint8)
    argb[..., 0], argb[..., 1], argb[..., 2] = rgb[2], rgb[1], rgb[0]     # BGRA in memory (little-endian)
    argb[..., 3] = ((255 - bitmap.astype(np.uint16)) * opacity).astype(np.uint8)
    return QImage(argb.data, w, h, 4 * w, QImage.Format.Format_ARGB32).copy()


class _ContourShapes:
    """One contour's path, point markers and handle lines (an EditContour never changes, so this is
    kept while the same contour object is in the state: a drag rebuilds only the contours it moves)."""

    def __init__(self, contour):
        pts = contour.points
        n = len(pts)
        xs = [p.x for p in pts]
        ys = [p.y for p in pts]
        flags = [p.kind != OFF for p in pts]
        self.contour = contour
        self.path = QPainterPath()
        self.points = [QPointF(x, y) for x, y in zip(xs, ys)]
        self.on = [q for q, f in zip(self.points, flags) if f]
        self.off = [q for q, f in zip(self.points, flags) if not f]
        self.line_ends: list[QPointF] = []      # pairs: handle, its on-curve point
        if True not in flags:
            return
        for i, point in enumerate(self.points):
            if flags[i]:
                continue
            for j in (i - 1, i + 1 - n if i + 1 >= n else i + 1):
                if flags[j] and (contour.closed or 0 <= j < n):
                    self.line_ends += (point, self.points[j])
        self._build_path(xs, ys, flags, contour.closed)

    def _build_path(self, xs, ys, flags, closed) -> None:
        n, path = len(xs), self.path
        first = flags.index(True)
        path.moveTo(xs[first], ys[first])
        handles: list[int] = []
        for k in range(first + 1, first + n + 1 if closed else n):
            i = k % n
            if not flags[i]:
                handles.append(i)
                continue
            if len(handles) >= 2:
                a, b = handles[0], handles[-1]
                path.cubicTo(xs[a], ys[a], xs[b], ys[b], xs[i], ys[i])
            elif handles:
                path.quadTo(xs[handles[0]], ys[handles[0]], xs[i], ys[i])
            else:
                path.lineTo(xs[i], ys[i])
            handles = []
        if closed:
            path.closeSubpath()


class _Shapes:
    """What painting needs from one state, computed once per state; contours unchanged since the
    previous state are reused, so a drag frame costs the moved contour only."""

    def __init__(self, state: GlyphEdit, selection: set, show_bitmap: bool, previous: _Shapes | None = None):
        self.state = state
        reuse = previous.contours if previous is not None else {}
        self.contours: dict[int, _ContourShapes] = {}
        self.path = QPainterPath()
        self.path.setFillRule(Qt.FillRule.WindingFill)
        on, off, line_ends, selected = [], [], [], []
        for contour in state.contours:
            part = reuse.get(id(contour))
            if part is None or part.contour is not contour:
                part = _ContourShapes(contour)
            self.contours[id(contour)] = part
            self.path.addPath(part.path)
            on += part.on
            off += part.off
            line_ends += part.line_ends
        for ci, pi in selection:
            if ci < len(state.contours) and pi < len(state.contours[ci].points):
                selected.append(self.contours[id(state.contours[ci])].points[pi])
        self.on, self.off, self.selected = QPolygonF(on), QPolygonF(off), QPolygonF(selected)
        self.handle_lines = line_ends
        box = self.path.boundingRect()          # exact curve extrema, computed by Qt
        self.bounds = None if self.path.isEmpty() else (round(box.left()), round(box.top()),
                                                         round(box.right()), round(box.bottom()))
        self.bitmap = ink_image(display_bitmap(state), (0, 0, 0), 1.0) if show_bitmap else None
        self._device: tuple[QTransform, list, QPainterPath] | None = None

    def device(self, transform: QTransform) -> tuple[list, QPainterPath]:
        """The outline flattened at screen resolution: polylines to stroke and a straight-edged path to fill.

        Stroking a curved QPainterPath with antialiasing costs ~10 ms for 600 points; flattening once
        per state and view and drawing polylines costs well under 1 ms."""
        if self._device is None or self._device[0] != transform:
            polygons = transform.map(self.path).toSubpathPolygons()
            fill = QPainterPath()
            fill.setFillRule(Qt.FillRule.WindingFill)
            for polygon in polygons:
                fill.addPolygon(polygon)
            self._device = (transform, polygons, fill)
        return self._device[1], self._device[2]


class GlyphCanvas(QWidget):
    """Paints `history.state`; the active tool gets press / move / release in glyph coordinates."""

    view_changed = Signal()          # zoom or pan
    cursor_moved = Signal(float, float)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("glyphCanvas")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)   # paintEvent covers every pixel
        self.setMinimumSize(320, 320)
        self.history: GlyphHistory | None = None
        self.tool = None
        self.selection: set[tuple[int, int]] = set()
        self.layers: dict[str, QImage | None] = {"source": None, "generated": None}
        self.show_layers = {"source": True, "generated": False}
        self.bitmap_mode = False
        self.scale, self.offset = 1.0, QPointF(0, 0)
        self._auto_fit = True          # until the designer zooms or pans, a resize fits the glyph again
        self._shapes: _Shapes | None = None
        self._pan_from: QPointF | None = None
        self._space = False
        self._dragging = False
        self.hover: QPointF | None = None     # last mouse position in glyph coordinates
        self._layer_cache: tuple | None = None

    # -- state -----------------------------------------------------------------------------------------
    def set_history(self, history: GlyphHistory, layers: dict[str, np.ndarray | None]) -> None:
        self.history = history
        self.selection = set()
        self.layers = {name: None if array is None else ink_image(array, color, 0.2)
                       for (name, array), color in zip(layers.items(), ((40, 90, 220), (230, 120, 20)))}
        self._shapes = None
        self.update()

    @property
    def state(self) -> GlyphEdit:
        return self.history.state

    def shapes(self) -> _Shapes:
        s = self._shapes
        if s is None or s.state is not self.state or s.bitmap is None and self.bitmap_mode:
            self._shapes = _Shapes(self.state, self.selection, self.bitmap_mode, s)
        return self._shapes

    def refresh(self) -> None:
        """The state or the selection changed: rebuild the shapes at the next paint (unchanged contours are reused)."""
        if self._shapes is not None:
            self._shapes.state = None
        self.update()

    # -- coordinates -------------------------------------------------------------------------------------
    def transform(self) -> QTransform:
        return QTransform(self.scale, 0, 0, -self.scale, self.offset.x(), self.offset.y())

    def to_glyph(self, pos: QPointF) -> QPointF:
        return QPointF((pos.x() - self.offset.x()) / self.scale, (self.offset.y() - pos.y()) / self.scale)

    def to_widget(self, x: float, y: float) -> QPointF:
        return QPointF(self.offset.x() + x * self.scale, self.offset.y() - y * self.scale)

    def hit_radius(self) -> float:
        """HIT_PX screen pixels, in font units."""
        return HIT_PX / self.scale

    def em_rect(self) -> QRectF:
        """The em box in glyph coordinates (x from the bitmap's left edge, y from EM_BOTTOM to EM_TOP)."""
        s = self.state
        return QRectF(s.bitmap_shift, EM_BOTTOM * s.upm, s.upm, s.upm)

    def fit(self) -> None:
        """The em box and the advance, centred, with a margin (Ctrl+0)."""
        if self.history is None:
            return
        s = self.state
        left, right = min(0, s.bitmap_shift), max(s.advance, s.bitmap_shift + s.upm)
        width, height = right - left, s.upm
        self.scale = max(MIN_SCALE, min(self.width(), self.height()) * (1 - 2 * MARGIN) / max(width, height))
        self.offset = QPointF(self.width() / 2 - (left + width / 2) * self.scale,
                              self.height() / 2 + (EM_BOTTOM * s.upm + height / 2) * self.scale)
        self._auto_fit = True
        self.view_changed.emit()
        self.update()

    def zoom_at(self, factor: float, anchor: QPointF) -> None:
        """Zoom keeping the glyph point under `anchor` (widget px) where it is: zoom to the cursor."""
        new_scale = max(MIN_SCALE, min(MAX_SCALE, self.scale * factor))
        glyph = self.to_glyph(anchor)
        self.scale = new_scale
        self.offset = QPointF(anchor.x() - glyph.x() * new_scale, anchor.y() + glyph.y() * new_scale)
        self._auto_fit = False
        self.view_changed.emit()
        self.update()

    def pan_by(self, dx: float, dy: float) -> None:
        self.offset += QPointF(dx, dy)
        self._auto_fit = False
        self.view_changed.emit()
        self.update()

    # -- events ------------------------------------------------------------------------------------------
    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if self._auto_fit and self.history is not None:
            self.fit()

    def wheelEvent(self, event) -> None:  # noqa: N802 - Qt override
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_at(1.2 ** steps, event.position())

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setCursor(Qt.CursorShape.OpenHandCursor)
            return
        if self.tool is None or not self.tool.key_press(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            self.setCursor(self.tool.cursor if self.tool is not None else Qt.CursorShape.ArrowCursor)
            return
        super().keyReleaseEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.setFocus()
        if event.button() == Qt.MouseButton.MiddleButton or (self._space and event.button() == Qt.MouseButton.LeftButton):
            self._pan_from = event.position()
            self.setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if event.button() == Qt.MouseButton.LeftButton and self.tool is not None and self.history is not None:
            self._dragging = True
            self.tool.press(self.to_glyph(event.position()), event.modifiers())

    def mouseMoveEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.pan_by(delta.x(), delta.y())
            return
        pos = self.to_glyph(event.position())
        self.hover = pos
        self.cursor_moved.emit(pos.x(), pos.y())
        if self.tool is not None and self.history is not None:
            # our own flag, not event.buttons(): synthetic test events do not always carry the buttons
            self.tool.move(pos, event.modifiers(), self._dragging)
        self.update()

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self._pan_from is not None and event.button() in (Qt.MouseButton.MiddleButton, Qt.MouseButton.LeftButton):
            self._pan_from = None
            self.setCursor(Qt.CursorShape.OpenHandCursor if self._space else self.tool.cursor)
            return
        if event.button() == Qt.MouseButton.LeftButton and self._dragging:
            self._dragging = False
            self.tool.release(self.to_glyph(event.position()), event.modifiers())

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton and self.tool is not None and self.history is not None:
            self.tool.double_click(self.to_glyph(event.position()), event.modifiers())

    def leaveEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.hover = None
        self.update()
        super().leaveEvent(event)

    # -- painting ----------------------------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#f4f4f2"))
        if self.history is None:
            painter.end()
            return
        shapes = self.shapes()
        self._paint_guides(painter, shapes)
        self._paint_layers(painter, shapes)
        if self.bitmap_mode:
            self._paint_bitmap(painter, shapes)
            self._paint_outline(painter, shapes, faint=True)
        else:
            self._paint_outline(painter, shapes, faint=False)
            self._paint_points(painter, shapes)
        self._paint_metrics(painter, shapes)
        if self.tool is not None:
            self.tool.paint(painter)
        painter.end()

    def _device_rect(self, rect: QRectF) -> QRectF:
        return self.transform().mapRect(rect)

    def _paint_guides(self, painter: QPainter, shapes: _Shapes) -> None:
        s = shapes.state
        em = self._device_rect(self.em_rect())
        painter.fillRect(em, QColor("white"))
        painter.setPen(QPen(QColor("#c9c9c9"), 1))
        painter.drawRect(em)
        y0 = self.to_widget(0, 0).y()
        painter.setPen(QPen(QColor("#6d9ee8"), 1))
        painter.drawLine(QPointF(0, y0), QPointF(self.width(), y0))           # the baseline
        painter.setPen(QPen(QColor("#c8d8f0"), 1, Qt.PenStyle.DashLine))
        for y in (EM_TOP * s.upm, EM_BOTTOM * s.upm):
            yy = self.to_widget(0, y).y()
            painter.drawLine(QPointF(0, yy), QPointF(self.width(), yy))

    def _paint_layers(self, painter: QPainter, shapes: _Shapes) -> None:
        """The faint source / generated glyphs, scaled once per zoom level into one cached pixmap."""
        target = self._device_rect(self.em_rect()).toAlignedRect()
        shown = tuple(n for n in ("source", "generated") if self.layers.get(n) is not None and self.show_layers.get(n))
        if not shown:
            return
        key = (target.size().toTuple(), shown, id(self.layers))
        if self._layer_cache is None or self._layer_cache[0] != key:
            pixmap = QPixmap(target.size())
            pixmap.fill(Qt.GlobalColor.transparent)
            layer_painter = QPainter(pixmap)
            layer_painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            for name in shown:
                layer_painter.drawImage(pixmap.rect(), self.layers[name])
            layer_painter.end()
            self._layer_cache = (key, pixmap)
        painter.drawPixmap(target.topLeft(), self._layer_cache[1])

    def _paint_bitmap(self, painter: QPainter, shapes: _Shapes) -> None:
        # Pixels stay square at every zoom: designers fix a bitmap pixel by pixel.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
        painter.drawImage(self._device_rect(self.em_rect()), shapes.bitmap)

    def _paint_outline(self, painter: QPainter, shapes: _Shapes, faint: bool) -> None:
        polygons, fill = shapes.device(self.transform())
        if not faint:  # a filled shape reads as the glyph; unsmoothed, as the antialiased stroke covers its edge
            painter.fillPath(fill, QColor(0, 0, 0, 40))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        # 1 px exactly: Qt draws it with its fast line rasteriser; 1.5 px goes through the stroker (~40x slower)
        painter.setPen(QPen(QColor("#3a7bd5") if faint else QColor("#1b1b1b"), 1.0))
        for polygon in polygons:
            painter.drawPolyline(polygon)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)

    def _paint_points(self, painter: QPainter, shapes: _Shapes) -> None:
        painter.save()
        painter.setTransform(self.transform())
        line_pen = QPen(QColor("#9a9a9a"), 1)
        line_pen.setCosmetic(True)
        painter.setPen(line_pen)
        painter.drawLines(shapes.handle_lines)
        for points, color, size, cap in ((shapes.on, "#2c6fcf", POINT_PX, Qt.PenCapStyle.SquareCap),
                                         (shapes.off, "#7f7f7f", POINT_PX - 1, Qt.PenCapStyle.RoundCap),
                                         (shapes.selected, "#e8463a", POINT_PX + 2, Qt.PenCapStyle.SquareCap)):
            pen = QPen(QColor(color), size, Qt.PenStyle.SolidLine, cap)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawPoints(points)
        painter.restore()

    def _paint_metrics(self, painter: QPainter, shapes: _Shapes) -> None:
        s = shapes.state
        bottom, top = self.to_widget(0, EM_BOTTOM * s.upm).y(), self.to_widget(0, EM_TOP * s.upm).y()
        painter.setPen(QPen(QColor("#8a8a8a"), 1))
        for x in (0, s.advance):
            wx = self.to_widget(x, 0).x()
            painter.drawLine(QPointF(wx, top), QPointF(wx, bottom))
            if not self.bitmap_mode:  # the metrics handles: drag them to change the bearings
                painter.fillRect(QRectF(wx - 5, bottom - 5, 10, 10), QColor("#8a8a8a"))
        if shapes.bounds is not None:
            lsb, rsb = shapes.bounds[0], s.advance - shapes.bounds[2]
            painter.setPen(QColor("#555555"))
            y = bottom + 16
            painter.drawText(QPointF(self.to_widget(0, 0).x() + 4, y), f"{lsb}")
            painter.drawText(QPointF(self.to_widget(s.advance, 0).x() - 40, y), f"{rsb}")
            painter.drawText(QPointF(self.to_widget(s.advance / 2, 0).x() - 16, y), f"{s.advance}")
