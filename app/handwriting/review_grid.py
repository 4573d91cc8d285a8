"""Review grid: extracted handwriting glyphs beside their reference characters, problems first, with undo/redo.

The model wraps core.capture.review.HandwritingReview (which saves every decision and keeps the style's
glyph PNGs in step); this module only shows samples and turns actions and shortcuts into its operations.
Dialogs are attributes (ask_character, ask_speck_size, ask_crop, ask_sample_file) so tests replace them.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QAbstractListModel, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QColor, QFont, QKeySequence, QPainter, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from app.errors import describe, show_error
from app.handwriting.crop_dialog import ask_crop
from app.images import load_grey, to_qimage

log = logging.getLogger(__name__)

CELL = 64                     # each half of a cell: reference | written glyph
SAMPLE_ROLE = Qt.ItemDataRole.UserRole + 1
PROBLEM = QColor("#d9822b")
UNUSABLE_COLOR = QColor("#9a9a9a")
CHOSEN = QColor("#2e7d4f")
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.tif *.tiff *.bmp)"
FILTERS = ("all", "problems", "unusable", "several")


class ReviewModel(QAbstractListModel):
    """One row per sample; rows keep their place after an edit (problems-first order is set on reset)."""

    def __init__(self, review=None, parent=None) -> None:
        super().__init__(parent)
        self.review = review
        self._filter = "all"
        self._rows: list[str] = []
        self.reset()

    def set_review(self, review) -> None:
        self.review = review
        self.reset()

    def set_filter(self, name: str) -> None:
        self._filter = name
        self.reset()

    def reset(self) -> None:
        self.beginResetModel()
        self._rows = [i for i in self.review.ordered_ids() if self._keep(i)] if self.review else []
        self.endResetModel()

    def _keep(self, sample_id: str) -> bool:
        s = self.review.samples[sample_id]
        if self._filter == "problems":
            return s.usable and bool(s.problems)
        if self._filter == "unusable":
            return not s.usable
        if self._filter == "several":
            return len(self.review.samples_of(s.codepoint)) > 1
        return True

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        sample_id = self._rows[index.row()]
        s = self.review.samples.get(sample_id)
        if s is None:
            return None
        if role == SAMPLE_ROLE:
            return sample_id
        if role == Qt.ItemDataRole.DisplayRole:
            return chr(s.codepoint)
        if role == Qt.ItemDataRole.ToolTipRole:
            where = self.tr("page {page}, box {box}").format(page=s.page, box=s.box) if s.page else self.tr("added")
            problems = ", ".join(s.problems) or self.tr("no problems found")
            state = self.tr("used") if s.chosen else (self.tr("unusable") if not s.usable else self.tr("spare sample"))
            return f"{chr(s.codepoint)}  U+{s.codepoint:04X} · {where}\n{problems} · {state}"
        return None

    def sample_id(self, row: int) -> str:
        return self._rows[row]

    def row_of(self, sample_id: str) -> int:
        return self._rows.index(sample_id) if sample_id in self._rows else -1

    def apply_changes(self, ids: set[str]) -> None:
        """After an operation or undo: repaint changed rows, append new samples, drop removed ones."""
        for sample_id in [i for i in self._rows if i not in self.review.samples]:
            row = self._rows.index(sample_id)
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._rows[row]
            self.endRemoveRows()
        new = [i for i in self.review.ordered_ids() if i in ids and i not in self._rows and self._keep(i)]
        if new:
            self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(new) - 1)
            self._rows.extend(new)
            self.endInsertRows()
        rows = [r for r, i in enumerate(self._rows) if i in ids]
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))


class ReviewDelegate(QStyledItemDelegate):
    """Reference character on the left, the written glyph on the right; frame colour says its state."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.reference_family = ""

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        return QSize(2 * CELL + 12, CELL + 26)

    def paint(self, painter: QPainter, option, index) -> None:
        model = index.model()
        sample_id = index.data(SAMPLE_ROLE)
        s = model.review.samples.get(sample_id) if sample_id else None
        if s is None:
            return
        painter.save()
        r = option.rect.adjusted(3, 3, -3, -3)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.fillRect(r, option.palette.highlight() if selected else QColor("#ffffff"))
        ref = QRect(r.left() + 3, r.top() + 3, CELL, CELL)
        glyph = QRect(ref.right() + 3, r.top() + 3, CELL, CELL)
        painter.fillRect(ref, QColor("#f4f4f4"))
        font = QFont(self.reference_family) if self.reference_family else QFont()
        font.setPixelSize(int(CELL * 0.72))
        painter.setFont(font)
        painter.setPen(QColor("#8c8c8c"))
        painter.drawText(ref, Qt.AlignmentFlag.AlignCenter, chr(s.codepoint))
        try:
            image = to_qimage(model.review.glyph(sample_id))
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(glyph, image)
        except Exception:  # noqa: BLE001 - an unreadable box image shows as an empty cell, not a crash
            log.warning("cannot draw sample %s", sample_id, exc_info=True)
            painter.fillRect(glyph, QColor("#fde8e8"))
        if not s.usable:
            painter.fillRect(glyph, QColor(255, 255, 255, 170))
            painter.setPen(QPen(UNUSABLE_COLOR, 2))
            painter.drawLine(glyph.topLeft(), glyph.bottomRight())
        several = len(model.review.samples_of(s.codepoint)) > 1
        color = UNUSABLE_COLOR if not s.usable else (PROBLEM if s.problems else (CHOSEN if several else None))
        if color is not None:  # plain frames only where there is something to see: problems, or a choice
            pen = QPen(color, 3)
            if s.usable and not s.chosen:
                pen.setStyle(Qt.PenStyle.DashLine)  # a spare sample: written, but another one is used
            painter.setPen(pen)
            painter.drawRect(glyph.adjusted(1, 1, -1, -1))
        caption = QRect(r.left(), glyph.bottom() + 2, r.width(), r.bottom() - glyph.bottom() - 2)
        small = QFont()
        small.setPixelSize(11)
        painter.setFont(small)
        painter.setPen(option.palette.highlightedText().color() if selected else
                       (color if color is not None and color != CHOSEN else QColor("#444444")))
        text = ", ".join(s.problems) if s.usable and s.problems else (
            self.tr("unusable") if not s.usable else (self.tr("used") if s.chosen and several else
                                                      self.tr("spare") if several else f"U+{s.codepoint:04X}"))
        painter.drawText(caption, Qt.AlignmentFlag.AlignCenter,
                         painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, caption.width() - 4))
        painter.restore()


class ReviewGrid(QWidget):
    """The grid, its filter, its actions (context menu and shortcuts) and Undo / Redo."""

    changed = Signal()   # after every operation, undo or redo
    edit_requested = Signal(int)   # a code point whose chosen sample the glyph editor should open

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("reviewGrid")
        self.review = None
        self.ask_character = self._ask_character
        self.ask_speck_size = self._ask_speck_size
        self.ask_crop = ask_crop
        self.ask_sample_file = self._ask_sample_file
        self.tell = lambda parent, title, text: show_error(parent, title, text)
        self.model = ReviewModel(None, self)
        self.delegate = ReviewDelegate(self)
        self.view = QListView()
        self.view.setObjectName("reviewView")
        self.view.setViewMode(QListView.ViewMode.IconMode)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)
        self.view.setMovement(QListView.Movement.Static)
        self.view.setUniformItemSizes(True)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSpacing(4)
        self.view.setModel(self.model)
        self.view.setItemDelegate(self.delegate)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_context_menu_requested)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.filter = QComboBox()
        self.filter.setObjectName("reviewFilter")
        for name, text in zip(FILTERS, (self.tr("All samples"), self.tr("Problems only"), self.tr("Unusable"),
                                        self.tr("Characters with several samples"))):
            self.filter.addItem(text, name)
        self.filter.currentIndexChanged.connect(self._on_filter_changed)
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.help = QLabel(self.tr("Problem glyphs come first. Right-click a glyph, or use the keys: Del unusable / "
                                   "usable, Space use this sample, F2 another character, C crop again, E erase "
                                   "specks, A add a sample, Enter or double-click edit the glyph."))
        self.help.setWordWrap(True)
        self.help.setStyleSheet("color: #555;")
        self._build_actions()
        self.undo_button = QPushButton(self.tr("Undo"))
        self.undo_button.clicked.connect(self.undo_action.trigger)
        self.redo_button = QPushButton(self.tr("Redo"))
        self.redo_button.clicked.connect(self.redo_action.trigger)
        top = QHBoxLayout()
        top.addWidget(self.filter)
        top.addWidget(self.summary, 1)
        top.addWidget(self.undo_button)
        top.addWidget(self.redo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.help)
        layout.addWidget(self.view, 1)
        self._update_state()

    def _build_actions(self) -> None:
        def action(text, slot, key, name):
            a = QAction(text, self)
            a.setObjectName(name)
            a.setShortcut(QKeySequence(key))
            a.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            a.triggered.connect(slot)
            self.addAction(a)
            return a
        self.unusable_action = action(self.tr("Unusable / usable"), self.toggle_usable, Qt.Key.Key_Delete, "toggleUsable")
        self.choose_action = action(self.tr("Use this sample"), self.choose_selected, Qt.Key.Key_Space, "chooseSample")
        self.reassign_action = action(self.tr("Another character…"), self.reassign_selected, Qt.Key.Key_F2, "reassign")
        self.crop_action = action(self.tr("Crop again…"), self.recrop_selected, Qt.Key.Key_C, "recrop")
        self.erase_action = action(self.tr("Erase specks…"), self.erase_selected, Qt.Key.Key_E, "eraseSpecks")
        self.add_action = action(self.tr("Add another sample…"), self.add_sample_for_selected, Qt.Key.Key_A,
                                 "addSample")
        # E is taken by Erase specks here, so the editor opens with Enter (and double-click), as an item does.
        self.edit_action = action(self.tr("Edit the glyph…"), self.edit_selected, Qt.Key.Key_Return, "editGlyph")
        self.edit_action.setShortcuts([QKeySequence(Qt.Key.Key_Return), QKeySequence(Qt.Key.Key_Enter)])
        self.undo_action = action(self.tr("Undo"), self.undo, QKeySequence.StandardKey.Undo, "undo")
        self.redo_action = action(self.tr("Redo"), self.redo, QKeySequence.StandardKey.Redo, "redo")

    # -- data ----------------------------------------------------------------------------------------
    def set_review(self, review, reference_font: str | None = None) -> None:
        self.review = review
        if reference_font:
            from PySide6.QtGui import QFontDatabase
            font_id = QFontDatabase.addApplicationFont(reference_font)
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            self.delegate.reference_family = families[0] if families else ""
        self.model.set_review(review)
        if self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0))
        self._update_state()

    def selected_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedIndexes()})
        if not rows and self.view.currentIndex().isValid():
            rows = [self.view.currentIndex().row()]
        return [self.model.sample_id(r) for r in rows]

    # -- operations ----------------------------------------------------------------------------------
    def _run(self, operation, *args) -> None:
        """Every edit: call the core operation, show an error in one dialog, update the rows it changed."""
        if self.review is None:
            return
        try:
            changed = operation(*args)
        except Exception as exc:  # noqa: BLE001 - shown, never raised into Qt
            log.warning("review operation failed", exc_info=True)
            show_error(self, self.tr("Cannot change the glyph"), describe(exc).text())
            return
        self.model.apply_changes(changed if isinstance(changed, set) else set(self.review.samples))
        self._update_state()
        self.changed.emit()

    def toggle_usable(self) -> None:
        ids = self.selected_ids()
        if ids:
            usable = not all(self.review.samples[i].usable for i in ids)
            self._run(self.review.set_usable, ids, usable)

    def choose_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self._run(self.review.choose, ids[0])

    def reassign_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        text = self.ask_character(self, chr(self.review.samples[ids[0]].codepoint))
        if text:
            self._run(self.review.reassign, ids, ord(text.strip()[0]))

    def recrop_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        s = self.review.samples[ids[0]]
        rect = self.ask_crop(self, self.review.source_image(s.id), s.crop)
        if rect is not None:
            self._run(self.review.recrop, s.id, rect)

    def erase_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        default = max(2, self.review.size * self.review.size // 400)
        size = self.ask_speck_size(self, default)
        if size is not None:
            self._run(self.review.erase_specks, ids, size)

    def add_sample_for_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        cp = self.review.samples[ids[0]].codepoint
        path = self.ask_sample_file(self, chr(cp))
        if not path:
            return
        image = load_grey(path)
        if image is None:
            show_error(self, self.tr("Cannot add the sample"),
                       self.tr("{path} is not an image that can be read.\n\nUse a PNG or JPEG picture of the "
                               "character.").format(path=path))
            return
        self._run(self.review.add_sample, cp, image)

    def edit_selected(self) -> None:
        """Ask for the glyph editor on the selected sample's character, when it is the sample the font uses."""
        ids = self.selected_ids()
        if not ids:
            return
        sample = self.review.samples[ids[0]]
        if not (sample.usable and sample.chosen):
            used = [s for s in self.review.samples_of(sample.codepoint)
                    if s is not sample and s.usable and s.chosen]
            # Only speak of "another sample" when there is one; otherwise this one is simply not in use.
            text = self.tr("The font uses another sample of “{char}”, and only that one is edited.\n\n"
                           "Press Space to use this sample first, then edit it.") if used else \
                self.tr("This sample of “{char}” is not used in the font yet.\n\n"
                        "Press Space to use it, then edit it.")
            self.tell(self, self.tr("Cannot edit this sample"), text.format(char=chr(sample.codepoint)))
            return
        self.edit_requested.emit(sample.codepoint)

    def _on_view_double_clicked(self, index) -> None:
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.edit_selected()

    def undo(self) -> None:
        if self.review is not None and self.review.can_undo():
            self._run(self.review.undo)

    def redo(self) -> None:
        if self.review is not None and self.review.can_redo():
            self._run(self.review.redo)

    # -- widgets -------------------------------------------------------------------------------------
    def _update_state(self) -> None:
        r = self.review
        has = r is not None
        self.undo_action.setEnabled(has and r.can_undo())
        self.redo_action.setEnabled(has and r.can_redo())
        self.undo_button.setEnabled(self.undo_action.isEnabled())
        self.redo_button.setEnabled(self.redo_action.isEnabled())
        self.undo_button.setToolTip(self.tr("Undo {what} (Ctrl+Z)").format(what=r.undo_text()) if has else "")
        self.redo_button.setToolTip(self.tr("Redo {what}").format(what=r.redo_text()) if has else "")
        if not has:
            self.summary.setText("")
            return
        samples = list(r.samples.values())
        problems = sum(1 for s in samples if s.usable and s.problems)
        unusable = sum(1 for s in samples if not s.usable)
        self.summary.setText(self.tr("{n} samples of {c} characters · {p} to check · {u} unusable · "
                                     "{k} characters used").format(n=len(samples), c=len(r.codepoints()),
                                                                   p=problems, u=unusable,
                                                                   k=len(r.usable_codepoints())))

    def _on_filter_changed(self) -> None:
        self.model.set_filter(self.filter.currentData())

    def _on_context_menu_requested(self, pos) -> None:
        if not self.view.indexAt(pos).isValid():
            return
        menu = QMenu(self)
        for a in (self.choose_action, self.unusable_action, self.reassign_action, self.crop_action,
                  self.erase_action, self.add_action, self.edit_action, None, self.undo_action, self.redo_action):
            menu.addSeparator() if a is None else menu.addAction(a)
        menu.popup(self.view.viewport().mapToGlobal(pos))

    # -- default dialogs (tests replace these attributes) -------------------------------------------
    def _ask_character(self, parent, current: str) -> str | None:
        text, ok = QInputDialog.getText(parent, self.tr("Another character"),
                                        self.tr("Which character is this glyph?"), text=current)
        return text if ok and text.strip() else None

    def _ask_speck_size(self, parent, default: int) -> int | None:
        value, ok = QInputDialog.getInt(parent, self.tr("Erase specks"),
                                        self.tr("Erase ink spots smaller than (pixels):"), default, 1, 10_000)
        return value if ok else None

    def _ask_sample_file(self, parent, char: str) -> str | None:
        path, _ = QFileDialog.getOpenFileName(parent, self.tr("A picture of {char}").format(char=char), "",
                                              IMAGE_FILTER)
        return path or None
