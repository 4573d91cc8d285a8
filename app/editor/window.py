"""The glyph editor window: canvas, tool bar, shortcuts (Glyphs/FontForge conventions), previous / next glyph."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QSpinBox, QToolBar, QVBoxLayout, QWidget

from app.editor.canvas import GlyphCanvas
from app.editor.tools import BrushTool, PenTool, SelectTool
from app.errors import describe, show_error
from core.editing import BITMAP, OUTLINE, EditSession, bitmap_ops, outline_ops
from core.editing.store import display_bitmap

log = logging.getLogger(__name__)
SOURCE_LAYER_PX = 256        # the source-font layer is rendered this large so it stays crisp when zoomed


class GlyphEditor(QMainWindow):
    """Edits glyphs of one style; every change is saved to the project at once and can be undone."""

    glyph_saved = Signal(int)        # a code point whose edit was written (or removed)

    def __init__(self, project, style_index: int, codepoints: list[int], current: int = 0,
                 session: EditSession | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("glyphEditor")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.setWindowFlag(Qt.WindowType.Window, True)     # its own window even with a parent
        self.project = project
        self.session = session or EditSession(project, style_index)
        self.session.listeners.append(self._on_session_saved)
        self.codepoints, self.current = list(codepoints), current
        self.canvas = GlyphCanvas()
        self.canvas.cursor_moved.connect(self._on_canvas_cursor_moved)
        self.tools = {"select": SelectTool(self.canvas), "pen": PenTool(self.canvas),
                      "brush": BrushTool(self.canvas, ink=True), "eraser": BrushTool(self.canvas, ink=False)}
        self.actions: dict[str, QAction] = {}
        self.heading = QLabel()
        self.heading.setObjectName("editorHeading")
        self.heading.setStyleSheet("font-size: 15pt; padding: 2px 6px;")
        self.position_label = QLabel()
        self.info_label = QLabel()
        self.info_label.setStyleSheet("color: #555; padding-right: 10px;")
        self.brush_size = QSpinBox()
        self.brush_size.setRange(1, 40)
        self.brush_size.setValue(2)
        self.brush_size.setSuffix(self.tr(" px"))
        self.brush_size.setToolTip(self.tr("Brush and eraser radius in bitmap pixels ([ and ])"))
        self.brush_size.valueChanged.connect(self._on_brush_size_changed)
        self._build_toolbars()
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.info_label)
        layout.addLayout(top)
        layout.addWidget(self.canvas, 1)
        self.setCentralWidget(central)
        self.statusBar().addPermanentWidget(self.position_label)
        self.resize(1000, 800)
        self.set_tool("select")
        self.show_glyph(current)

    # -- building ----------------------------------------------------------------------------------------
    def _action(self, key: str, text: str, slot, shortcuts=(), tip: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self)
        action.setObjectName(key)
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = ", ".join(QKeySequence(s).toString(QKeySequence.SequenceFormat.NativeText) for s in shortcuts)
        action.setToolTip(f"{tip or text} ({shown})" if shown else (tip or text))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)
        self.actions[key] = action
        return action

    def _build_toolbars(self) -> None:
        tools = QToolBar(self.tr("Tools"))
        tools.setObjectName("editorTools")
        group = QActionGroup(self)
        for key, text, shortcut, tip in (
                ("select", self.tr("Select"), "V", self.tr("Select and move points, handles and metrics")),
                ("pen", self.tr("Pen"), "P", self.tr("Draw new contours: click for corners, drag for curves")),
                ("brush", self.tr("Brush"), "B", self.tr("Paint ink on the bitmap")),
                ("eraser", self.tr("Eraser"), "E", self.tr("Paint paper on the bitmap"))):
            action = self._action(key, text, lambda _=False, k=key: self.set_tool(k), [shortcut], tip, True)
            group.addAction(action)
            tools.addAction(action)
        tools.addWidget(self.brush_size)
        self._action("smaller", self.tr("Smaller brush"), lambda: self.brush_size.stepBy(-1), ["["])
        self._action("bigger", self.tr("Bigger brush"), lambda: self.brush_size.stepBy(1), ["]"])
        self.addToolBar(Qt.ToolBarArea.LeftToolBarArea, tools)   # a tool palette at the side, as in Glyphs
        edit = QToolBar(self.tr("Glyph"))
        edit.setObjectName("editorGlyph")
        edit.addAction(self._action("undo", self.tr("Undo"), self.undo, [QKeySequence.StandardKey.Undo]))
        edit.addAction(self._action("redo", self.tr("Redo"), self.redo, ["Ctrl+Shift+Z", "Ctrl+Y"]))
        edit.addSeparator()
        for key, text, slot, keys, tip in (
                ("thicken", self.tr("Thicken"), lambda: self._bitmap_op("thicken"), ["Ctrl+Alt+="], ""),
                ("thin", self.tr("Thin"), lambda: self._bitmap_op("thin"), ["Ctrl+Alt+-"], ""),
                ("smooth", self.tr("Smooth"), lambda: self._bitmap_op("smooth"), ["Ctrl+Alt+S"], ""),
                ("specks", self.tr("Clear specks"), lambda: self._bitmap_op("specks"), ["Ctrl+Alt+K"], ""),
                ("retrace", self.tr("Re-trace"), self.retrace, ["T"], self.tr("Trace the bitmap into a new outline")),
                ("reverse", self.tr("Reverse contour"), self.reverse_contours, ["Ctrl+Alt+R"], ""),
                ("remove", self.tr("Remove contour"), self.remove_contours, ["Ctrl+Alt+Backspace"], ""),
                ("delete", self.tr("Delete points"), self.delete_selection,
                 [QKeySequence.StandardKey.Delete, "Backspace"], ""),
                ("revert", self.tr("Revert to generated"), self.revert, [], "")):
            action = self._action(key, text, slot, keys, tip)
            if key in ("reverse", "revert"):
                edit.addSeparator()
            if key != "delete":
                edit.addAction(action)
        self.addToolBar(edit)
        view = QToolBar(self.tr("View"))
        view.setObjectName("editorView")
        for key, text, layer in (("layer_source", self.tr("Source glyph"), "source"),
                                 ("layer_generated", self.tr("Generated glyph"), "generated")):
            action = self._action(key, text, lambda on, n=layer: self._on_layer_toggled(n, on), [], "", True)
            action.setChecked(self.canvas.show_layers[layer])
            view.addAction(action)
        view.addAction(self._action("fit", self.tr("Fit"), self.canvas.fit, ["Ctrl+0"]))
        self._action("zoom_in", self.tr("Zoom in"), lambda: self._zoom(1.25), [QKeySequence.StandardKey.ZoomIn])
        self._action("zoom_out", self.tr("Zoom out"), lambda: self._zoom(0.8), [QKeySequence.StandardKey.ZoomOut])
        view.addAction(self._action("previous", self.tr("◀ Previous"), self.previous_glyph, ["PgUp"]))
        view.addAction(self._action("next", self.tr("Next ▶"), self.next_glyph, ["PgDown"]))
        self.addToolBarBreak()
        self.addToolBar(view)

    # -- glyphs ------------------------------------------------------------------------------------------
    def codepoint(self) -> int:
        return self.codepoints[self.current]

    def show_glyph(self, index: int) -> None:
        if not 0 <= index < len(self.codepoints):
            return
        self._leave_tool()
        cp = self.codepoints[index]
        try:
            history = self.session.history(cp)
            layers = {"source": self._source_layer(cp), "generated": self.session.unedited_bitmap(cp)[0]}
        except Exception as exc:  # noqa: BLE001 - a damaged edit file must not close the editor
            log.warning("cannot open U+%04X in the editor", cp, exc_info=True)
            show_error(self, self.tr("Cannot open this glyph"), describe(exc).text())
            return
        self.current = index
        self.canvas.set_history(history, layers)
        self.canvas.fit()
        self.setWindowTitle(self.tr("Edit {char} U+{hex} — zi2zi Studio").format(char=chr(cp), hex=f"{cp:04X}"))
        self._update_labels()

    def _source_layer(self, cp: int):
        try:
            from core.render import render_glyph
            face = self.project.source_face()
            return render_glyph(face, cp, SOURCE_LAYER_PX) if cp in face.codepoints else None
        except Exception:  # noqa: BLE001 - the layer is a guide; without it the editor still works
            log.warning("no source layer for U+%04X", cp, exc_info=True)
            return None

    def previous_glyph(self) -> None:
        self.show_glyph(self.current - 1)

    def next_glyph(self) -> None:
        self.show_glyph(self.current + 1)

    # -- tools and commands ------------------------------------------------------------------------------
    def set_tool(self, key: str) -> None:
        self._leave_tool()
        tool = self.tools[key]
        self.canvas.tool = tool
        if isinstance(tool, BrushTool):
            tool.radius = float(self.brush_size.value())
        self.actions[key].setChecked(True)
        if self.canvas.history is not None:
            tool.activate()
        else:
            self.canvas.bitmap_mode = tool.bitmap_mode
        self.statusBar().showMessage(self.actions[key].toolTip(), 4000)

    def _leave_tool(self) -> None:
        if self.canvas.tool is not None and self.canvas.history is not None:
            self.canvas.tool.deactivate()

    def _apply(self, state, label: str) -> None:
        self.canvas.history.apply(state, label)
        self.canvas.refresh()
        self._update_labels()

    def undo(self) -> None:
        self.canvas.history.undo()
        self.canvas.selection = set()
        self.canvas.refresh()
        self._update_labels()

    def redo(self) -> None:
        self.canvas.history.redo()
        self.canvas.selection = set()
        self.canvas.refresh()
        self._update_labels()

    def _bitmap_op(self, name: str) -> None:
        state = self.canvas.state
        bitmap = display_bitmap(state)
        if name == "specks":
            bitmap, removed = bitmap_ops.clear_specks(bitmap)
            self.statusBar().showMessage(self.tr("{n} specks removed").format(n=removed), 4000)
        else:
            bitmap = {"thicken": bitmap_ops.thicken, "thin": bitmap_ops.thin, "smooth": bitmap_ops.smooth}[name](bitmap)
        labels = {"thicken": self.tr("Thicken"), "thin": self.tr("Thin"), "smooth": self.tr("Smooth"),
                  "specks": self.tr("Clear specks")}
        self._apply(state.changed(bitmap=bitmap, source=BITMAP), labels[name])
        if not self.canvas.bitmap_mode:
            self.set_tool("brush")     # show the bitmap the command just changed

    def retrace(self) -> None:
        state = self.canvas.state
        contours = bitmap_ops.trace(display_bitmap(state), state.upm, state.bitmap_shift)
        self._apply(state.changed(contours=contours, source=OUTLINE), self.tr("Re-trace"))
        self.canvas.selection = set()
        if self.canvas.bitmap_mode:
            self.set_tool("select")

    def _selected_contours(self) -> list[int]:
        return sorted({ci for ci, _ in self.canvas.selection})

    def reverse_contours(self) -> None:
        state = self.canvas.state
        contours = state.contours
        for ci in self._selected_contours():
            contours = outline_ops.reverse_contour(contours, ci)
        self.canvas.selection = set()
        self._apply(state.changed(contours=contours, source=OUTLINE), self.tr("Reverse contour"))

    def remove_contours(self) -> None:
        state = self.canvas.state
        contours = outline_ops.delete_contours(state.contours, self._selected_contours())
        self.canvas.selection = set()
        self._apply(state.changed(contours=contours, source=OUTLINE), self.tr("Remove contour"))

    def delete_selection(self) -> None:
        if self.canvas.bitmap_mode or not self.canvas.selection:
            return
        state = self.canvas.state
        contours = outline_ops.delete_points(state.contours, self.canvas.selection)
        self.canvas.selection = set()
        self._apply(state.changed(contours=contours, source=OUTLINE), self.tr("Delete points"))

    def revert(self) -> None:
        self.session.revert(self.codepoint())
        self.canvas.selection = set()
        self.canvas.refresh()
        self._update_labels()

    # -- slots ---------------------------------------------------------------------------------------------
    def _zoom(self, factor: float) -> None:
        self.canvas.zoom_at(factor, self.canvas.rect().center().toPointF())

    def _on_layer_toggled(self, name: str, on: bool) -> None:
        self.canvas.show_layers[name] = on
        self.canvas.update()

    def _on_brush_size_changed(self, value: int) -> None:
        for key in ("brush", "eraser"):
            self.tools[key].radius = float(value)
        self.canvas.update()

    def _on_canvas_cursor_moved(self, x: float, y: float) -> None:
        self.position_label.setText(f"x {round(x)}  y {round(y)}")

    def _on_session_saved(self, codepoint: int) -> None:
        self.glyph_saved.emit(codepoint)
        self._update_labels()

    def _update_labels(self) -> None:
        if self.canvas.history is None:
            return
        state, history = self.canvas.state, self.canvas.history
        cp = state.codepoint
        mark = self.tr("edited") if state.edited else self.tr("as generated")
        layer = self.tr("export uses this outline") if state.source == OUTLINE else self.tr("export traces the bitmap")
        self.heading.setText(f"{chr(cp)}   U+{cp:04X}   ·   {mark}   ·   {self.current + 1} / {len(self.codepoints)}")
        self.info_label.setText(self.tr("{points} points · {layer}").format(
            points=state.point_count(), layer=layer))
        self.actions["undo"].setEnabled(history.undo_label() is not None)
        self.actions["redo"].setEnabled(history.redo_label() is not None)
        self.actions["previous"].setEnabled(self.current > 0)
        self.actions["next"].setEnabled(self.current < len(self.codepoints) - 1)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._leave_tool()
        if self._on_session_saved in self.session.listeners:
            self.session.listeners.remove(self._on_session_saved)
        super().closeEvent(event)
