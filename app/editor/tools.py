"""Editor tools: select (points, contours, metrics), pen, brush and eraser. They get glyph coordinates;
each drag is one undo step (history.begin at press, update per move, commit at release)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from core.editing import BITMAP, OUTLINE, bitmap_ops, outline_ops
from core.editing.store import display_bitmap
from core.render import EM_BOTTOM, EM_TOP


def _tr(text: str) -> str:
    return QCoreApplication.translate("EditorTools", text)


class Tool:
    """Base: does nothing. `canvas` gives the history, the selection and coordinate helpers."""
    name = ""
    cursor = Qt.CursorShape.ArrowCursor
    bitmap_mode = False

    def __init__(self, canvas) -> None:
        self.canvas = canvas

    @property
    def history(self):
        return self.canvas.history

    def activate(self) -> None:
        self.canvas.bitmap_mode = self.bitmap_mode
        self.canvas.setCursor(self.cursor)
        self.canvas.refresh()

    def deactivate(self) -> None:
        pass

    def press(self, pos: QPointF, modifiers) -> None:
        pass

    def move(self, pos: QPointF, modifiers, dragging: bool) -> None:
        pass

    def release(self, pos: QPointF, modifiers) -> None:
        pass

    def double_click(self, pos: QPointF, modifiers) -> None:
        pass

    def key_press(self, event) -> bool:
        return False

    def paint(self, painter: QPainter) -> None:
        pass


class SelectTool(Tool):
    """V: click or rubber-band points, drag them (handles follow), double-click a point for its whole
    contour or a segment to add a point there, drag the metrics handles, arrows nudge (Shift: 10 units)."""
    name = "select"

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self._start: QPointF | None = None
        self._mode = ""             # "points" | "band" | "advance" | "left"
        self._band: QRectF | None = None
        self._moving: set = set()

    def press(self, pos, modifiers) -> None:
        self._start = pos
        state = self.history.state
        metric = self._metric_at(pos)
        if metric:
            self._mode = metric
            self._press_screen = self.canvas.to_widget(pos.x(), 0).x()
            self._press_offset = QPointF(self.canvas.offset)
            self.history.begin()
            return
        hit = outline_ops.nearest_point(state.contours, pos.x(), pos.y(), self.canvas.hit_radius())
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        if hit is None:
            if not shift:
                self.canvas.selection = set()
            self._mode, self._band = "band", QRectF(pos, pos)
        else:
            if shift:
                self.canvas.selection ^= {hit}
            elif hit not in self.canvas.selection:
                self.canvas.selection = {hit}
            self._mode = "points"
            self._moving = outline_ops.with_handles(state.contours, self.canvas.selection)
            self.history.begin()
        self.canvas.refresh()

    def _metric_at(self, pos) -> str:
        """'advance' or 'left' when the press is on a metrics handle (at the bottom of the em box)."""
        state = self.history.state
        r = self.canvas.hit_radius()
        if abs(pos.y() - EM_BOTTOM * state.upm) > 1.5 * r:
            return ""
        if abs(pos.x() - state.advance) <= 1.5 * r:
            return "advance"
        if abs(pos.x()) <= 1.5 * r:
            return "left"
        return ""

    def move(self, pos, modifiers, dragging) -> None:
        if not dragging or self._start is None:
            return
        dx, dy = pos.x() - self._start.x(), pos.y() - self._start.y()
        if self._mode == "band":
            self._band = QRectF(self._start, pos).normalized()
            self.canvas.update()
            return
        begin = self.history.begin()
        if self._mode == "points":
            if modifiers & Qt.KeyboardModifier.ShiftModifier:   # Shift constrains to horizontal / vertical
                dx, dy = (dx, 0) if abs(dx) >= abs(dy) else (0, dy)
            contours = outline_ops.move_points(begin.contours, self._moving, dx, dy)
            self.history.update(begin.changed(contours=contours, source=OUTLINE))
        elif self._mode == "advance":
            self.history.update(outline_ops.set_advance(begin, begin.advance + dx))
        elif self._mode == "left":
            # Moving the left edge right by dx = moving the shape left inside the box. The view follows
            # the shape, so the ink stays put on screen and the edge follows the mouse; dx is measured
            # on screen because the glyph coordinates shift under the mouse as the view moves.
            dx = (self.canvas.to_widget(pos.x(), 0).x() - self._press_screen) / self.canvas.scale
            self.history.update(outline_ops.move_left_bearing(begin, -dx))
            moved = self.history.state.bitmap_shift - begin.bitmap_shift
            self.canvas.offset = QPointF(self._press_offset.x() - moved * self.canvas.scale, self._press_offset.y())
        self.canvas.refresh()

    def release(self, pos, modifiers) -> None:
        if self._mode == "band" and self._band is not None:
            band = self._band
            hits = {(ci, pi) for ci, c in enumerate(self.history.state.contours)
                    for pi, p in enumerate(c.points) if band.contains(QPointF(p.x, p.y))}
            self.canvas.selection = (self.canvas.selection | hits) if modifiers & Qt.KeyboardModifier.ShiftModifier \
                else hits
        elif self._mode == "points":
            self.history.commit(_tr("Move points"))
        elif self._mode in ("advance", "left"):
            self.history.commit(_tr("Change metrics"))
        self._mode, self._band, self._start = "", None, None
        self.canvas.refresh()

    def double_click(self, pos, modifiers) -> None:
        state = self.history.state
        r = self.canvas.hit_radius()
        hit = outline_ops.nearest_point(state.contours, pos.x(), pos.y(), r)
        if hit is not None:
            ci = hit[0]
            self.canvas.selection = {(ci, pi) for pi in range(len(state.contours[ci].points))}
        else:
            segment = outline_ops.nearest_segment(state.contours, pos.x(), pos.y(), r)
            if segment is None:
                return
            contours, ref = outline_ops.insert_point(state.contours, *segment)
            self.history.apply(state.changed(contours=contours, source=OUTLINE), _tr("Add point"))
            self.canvas.selection = {ref}
        self.canvas.refresh()

    def key_press(self, event) -> bool:
        arrows = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, 1), Qt.Key.Key_Down: (0, -1)}
        if event.key() not in arrows or not self.canvas.selection:
            return False
        step = 10 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1
        dx, dy = arrows[event.key()]
        state = self.history.state
        moving = outline_ops.with_handles(state.contours, self.canvas.selection)
        contours = outline_ops.move_points(state.contours, moving, dx * step, dy * step)
        self.history.apply(state.changed(contours=contours, source=OUTLINE), _tr("Nudge"))
        self.canvas.refresh()
        return True

    def paint(self, painter) -> None:
        if self._band is not None:
            rect = self.canvas.transform().mapRect(self._band)
            painter.setPen(QPen(QColor("#3a7bd5"), 1, Qt.PenStyle.DashLine))
            painter.fillRect(rect, QColor(58, 123, 213, 30))
            painter.drawRect(rect)


class PenTool(Tool):
    """P: click for a corner, drag for a smooth curve point, click the first point to close."""
    name = "pen"
    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.open_index: int | None = None
        self._press: QPointF | None = None
        self._handle = None          # the last point's outgoing handle, for the next segment

    def press(self, pos, modifiers) -> None:
        state = self.history.state
        if self.open_index is not None and (self.open_index >= len(state.contours)
                                            or state.contours[self.open_index].closed):
            self.open_index, self._handle = None, None     # an undo took the open contour away
        if self.open_index is not None:
            first = state.contours[self.open_index].points[0]
            if abs(first.x - pos.x()) <= self.canvas.hit_radius() and abs(first.y - pos.y()) <= self.canvas.hit_radius():
                self._close()
                return
        self._press = pos
        begin = self.history.begin()
        contours, self.open_index = outline_ops.pen_add(begin.contours, self.open_index, pos.x(), pos.y(),
                                                        previous_handle=self._handle)
        self.history.update(begin.changed(contours=contours, source=OUTLINE))
        self.canvas.refresh()

    def move(self, pos, modifiers, dragging) -> None:
        if not dragging or self._press is None:
            return
        begin = self.history.begin()
        index = None if self.open_index == len(begin.contours) else self.open_index
        contours, _ = outline_ops.pen_add(begin.contours, index, self._press.x(), self._press.y(),
                                          handle=(pos.x(), pos.y()), previous_handle=self._handle)
        self.history.update(begin.changed(contours=contours, source=OUTLINE))
        self.canvas.refresh()

    def release(self, pos, modifiers) -> None:
        if self._press is None:
            return
        dragged = (pos - self._press).manhattanLength() * self.canvas.scale > 3
        self._handle = (round(pos.x()), round(pos.y())) if dragged else None
        self.history.commit(_tr("Add point"))
        self._press = None
        self.canvas.refresh()

    def _close(self) -> None:
        state = self.history.state
        contours = outline_ops.pen_close(state.contours, self.open_index, self._handle)
        self.history.apply(state.changed(contours=contours, source=OUTLINE), _tr("Close contour"))
        self.open_index, self._handle = None, None
        self.canvas.refresh()

    def deactivate(self) -> None:
        """Leaving the pen closes the contour in progress (a font has no open contours)."""
        state = self.history.state if self.history is not None else None
        if state is not None and self.open_index is not None and self.open_index < len(state.contours) \
                and not state.contours[self.open_index].closed:
            self._close()
        self.open_index, self._handle = None, None

    def key_press(self, event) -> bool:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.open_index is not None:
            self.deactivate()
            return True
        return False


class BrushTool(Tool):
    """B (ink) and E (paper): round strokes on the bitmap layer, size in bitmap pixels ([ and ])."""
    cursor = Qt.CursorShape.CrossCursor
    bitmap_mode = True

    def __init__(self, canvas, ink: bool = True) -> None:
        super().__init__(canvas)
        self.ink = ink
        self.name = "brush" if ink else "eraser"
        self.radius = 2.0
        self._points: list[tuple[float, float]] = []
        self._base = None

    def _pixel(self, pos: QPointF) -> tuple[float, float]:
        s = self.history.state
        k = s.size / s.upm
        return (pos.x() - s.bitmap_shift) * k, (EM_TOP * s.upm - pos.y()) * k

    def press(self, pos, modifiers) -> None:
        begin = self.history.begin()
        # Painting on a glyph whose outline was edited starts from that outline's raster.
        self._base = display_bitmap(begin) if begin.source == OUTLINE else begin.bitmap
        self._points = [self._pixel(pos)]
        self._paint_stroke(begin)

    def move(self, pos, modifiers, dragging) -> None:
        if dragging and self._base is not None:
            self._points.append(self._pixel(pos))
            self._paint_stroke(self.history.begin())

    def _paint_stroke(self, begin) -> None:
        bitmap = bitmap_ops.brush(self._base, self._points, self.radius, self.ink)
        self.history.update(begin.changed(bitmap=bitmap, source=BITMAP))
        self.canvas.refresh()

    def release(self, pos, modifiers) -> None:
        if self._base is not None:
            self.history.commit(_tr("Brush") if self.ink else _tr("Erase"))
            self._base, self._points = None, []
            self.canvas.refresh()

    def paint(self, painter) -> None:
        hover = self.canvas.hover
        if hover is None:
            return
        s = self.history.state
        r = self.radius * s.upm / s.size * self.canvas.scale
        centre = self.canvas.to_widget(hover.x(), hover.y())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(QColor("#e8463a") if not self.ink else QColor("#2c6fcf"), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, r, r)
