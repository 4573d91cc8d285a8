"""The glyph grid: a QAbstractListModel with lazily loaded, cached thumbnails (thousands of glyphs); edits win."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QModelIndex, QSize, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QListView

from core.project import layout
from core.project.glyphs import choose_glyph
from core.project.review_marks import ACCEPTED, REJECTED, ReviewStore
from core.quality.legibility import read_scores, suspect

THUMB = 64
CACHE_MAX = 3000
CODEPOINT_ROLE = Qt.ItemDataRole.UserRole + 1
STATUS_COLORS = {ACCEPTED: QColor("#2e9d4f"), REJECTED: QColor("#d0413a")}
EDITED_COLOR = QColor("#2f6fd6")
# "suspect": generated glyphs the content classifier doubts (legibility under 0.5), least legible first.
FILTERS = ("all", "suspect", "generated", "missing", "edited", ACCEPTED, REJECTED, "unreviewed")


def generated_dir(project, style_name: str) -> Path:
    return layout.generated_dir(project.root, style_name)


def glyph_path(project, style_name: str, codepoint: int) -> Path:
    """The generated glyph (what the model wrote), whichever glyph wins."""
    return layout.glyph_path(generated_dir(project, style_name), codepoint)


def edited_path(project, style_name: str, codepoint: int) -> Path:
    """The designer's edit of a glyph (written by the glyph editor); it wins over the generated one."""
    return layout.glyph_path(layout.edited_dir(project.root, style_name), codepoint)


class GlyphListModel(QAbstractListModel):
    """One row per code point of the charset; a thumbnail is read from disk only when a view asks for it."""

    def __init__(self, project, style_name: str, review: ReviewStore, parent=None) -> None:
        super().__init__(parent)
        self.project = project
        self.style_name = style_name
        self.review = review
        self._all = list(project.charset())
        self._rows = list(self._all)
        self._filter = "all"
        self._scores: dict[int, float] | None = None
        self._cache: OrderedDict[int, QPixmap] = OrderedDict()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        cp = self._rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole:
            return self._thumbnail(cp)
        if role == Qt.ItemDataRole.ToolTipRole:
            status = self.review.status(self.style_name, cp) or self.tr("not reviewed")
            if self.is_edited(cp):
                made = self.tr("edited")
            else:
                made = self.tr("generated") if self.has_glyph(cp) else self.tr("not generated yet")
            score = self.legibility().get(cp)
            readable = "" if score is None else "\n" + self.tr("readable: %1 %").replace("%1", f"{100 * score:.0f}")
            return f"{chr(cp)}  U+{cp:04X}\n{made} · {status}{readable}"
        if role == Qt.ItemDataRole.DisplayRole:
            return layout.codepoint_key(cp)
        if role == CODEPOINT_ROLE:
            return cp
        return None

    def codepoint(self, row: int) -> int:
        return self._rows[row]

    def codepoints(self) -> list[int]:
        return list(self._rows)

    def has_glyph(self, cp: int) -> bool:
        return glyph_path(self.project, self.style_name, cp).exists()

    def is_edited(self, cp: int) -> bool:
        return edited_path(self.project, self.style_name, cp).exists()

    def shown_path(self, cp: int) -> Path | None:
        """The glyph the thumbnail shows: the one that wins (core.project.glyphs), except that a rejected
        generated glyph still shows (framed red) so it can be reviewed again."""
        choice = choose_glyph(self.project, self.style_index(), cp, skip_rejected=False)
        return choice.path if choice is not None else None

    def style_index(self) -> int:
        return next(i for i, s in enumerate(self.project.styles) if s.name == self.style_name)

    def legibility(self) -> dict[int, float]:
        """{code point: probability the glyph reads as its character}, from the last generation."""
        if self._scores is None:
            self._scores = read_scores(generated_dir(self.project, self.style_name))
        return self._scores

    def set_style(self, style_name: str) -> None:
        self.beginResetModel()
        self.style_name = style_name
        self._scores = None
        self._cache.clear()
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, name: str) -> None:
        self.beginResetModel()
        self._filter = name
        self._rows = self._filtered()
        self.endResetModel()

    def refresh(self, codepoints=None) -> None:
        """Drop cached thumbnails (all, or the given code points) after glyphs were regenerated or marked."""
        self._scores = None  # regenerated glyphs come with new scores
        if codepoints is None:
            self._cache.clear()
            if self._filter != "all":
                self.set_filter(self._filter)
                return
            if self._rows:
                self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1))
            return
        wanted = set(codepoints)
        for cp in wanted:
            self._cache.pop(cp, None)
        rows = [r for r, cp in enumerate(self._rows) if cp in wanted]
        if rows:
            self.dataChanged.emit(self.index(min(rows)), self.index(max(rows)))

    def _filtered(self) -> list[int]:
        f = self._filter
        if f == "all":
            return list(self._all)
        if f == "suspect":
            in_charset = set(self._all)
            return [cp for cp in suspect(self.legibility()) if cp in in_charset and not self.is_edited(cp)]
        if f in ("generated", "missing"):
            present = set(layout.glyph_files(generated_dir(self.project, self.style_name)))
            return [cp for cp in self._all if (cp in present) == (f == "generated")]
        if f == "edited":
            return [cp for cp in self._all if self.is_edited(cp)]
        status = "" if f == "unreviewed" else f
        return [cp for cp in self._all if self.review.status(self.style_name, cp) == status]

    def _thumbnail(self, cp: int) -> QPixmap:
        pixmap = self._cache.get(cp)
        if pixmap is not None:
            self._cache.move_to_end(cp)
            return pixmap
        pixmap = QPixmap(THUMB, THUMB)
        pixmap.fill(Qt.GlobalColor.white)
        painter = QPainter(pixmap)
        edited = self.is_edited(cp)
        path = self.shown_path(cp)
        image = QImage(str(path)) if path else QImage()   # QImage("") would warn once a thumbnail
        if image.isNull():  # not generated yet: the character itself, faint, as a placeholder
            font = QFont()
            font.setPixelSize(THUMB // 2)
            painter.setFont(font)
            painter.setPen(QColor("#c8c8c8"))
            painter.drawText(pixmap.rect(), Qt.AlignmentFlag.AlignCenter, chr(cp))
        else:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
            painter.drawImage(pixmap.rect().adjusted(2, 2, -2, -2), image)
        color = STATUS_COLORS.get(self.review.status(self.style_name, cp))
        if color is not None:
            painter.setPen(QPen(color, 4))
            painter.drawRect(pixmap.rect().adjusted(2, 2, -2, -2))
        if edited:  # a small corner mark: this glyph is the designer's, not the model's
            painter.fillRect(THUMB - 14, 4, 10, 10, EDITED_COLOR)
        painter.end()
        self._cache[cp] = pixmap
        if len(self._cache) > CACHE_MAX:
            self._cache.popitem(last=False)
        return pixmap


class GlyphGridView(QListView):
    """Icon-mode list with uniform items and batched layout, so a 7000-glyph charset scrolls smoothly."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(200)
        self.setIconSize(QSize(THUMB, THUMB))
        self.setGridSize(QSize(THUMB + 18, THUMB + 24))
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSpacing(2)
        self.setWordWrap(False)

    def selected_codepoints(self) -> list[int]:
        return sorted(i.data(CODEPOINT_ROLE) for i in self.selectionModel().selectedIndexes())
