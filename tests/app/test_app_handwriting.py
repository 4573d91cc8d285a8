"""Handwriting review grid and wizard: problems first, shortcut edits with undo, steps on a scan fixture, resume."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt

pytest.importorskip("cv2")

FIXTURES = Path(__file__).resolve().parents[1] / "core" / "fixtures" / "scans"


def _square(n=128, r0=0.3, r1=0.7, c0=0.3, c1=0.7):
    img = np.full((n, n), 255, np.uint8)
    img[int(r0 * n):int(r1 * n), int(c0 * n):int(c1 * n)] = 0
    return img


class FakeDialogs:
    """Answers the wizard's dialogs without showing any; records errors and opened files."""

    def __init__(self, scans=()):
        self.scans = [str(p) for p in scans]
        self.errors: list[tuple[str, str]] = []
        self.opened: list[Path] = []

    def choose_scans(self, parent):
        return self.scans

    def choose_project(self, parent):
        return ""

    def choose_checkpoint(self, parent):
        return ""

    def open_path(self, path):
        self.opened.append(Path(path))

    def show_error(self, parent, title, message):
        self.errors.append((title, message))


def test_grid_lists_problems_first_and_undoes_by_shortcut(qtbot, tmp_path):
    from app.handwriting.review_grid import ReviewGrid
    from core.capture.review import HandwritingReview
    review = HandwritingReview(tmp_path / "capture", tmp_path / "glyphs", 64, "hand")
    clean = review.add_sample(ord("永"), _square())
    edge = review.add_sample(ord("和"), _square(r0=0.45, r1=0.55, c0=0.0, c1=0.7))
    review.add_sample(ord("九"), _square())
    grid = ReviewGrid()
    qtbot.addWidget(grid)
    grid.set_review(review)
    grid.show()
    qtbot.waitExposed(grid)
    assert grid.model.sample_id(0) == edge                   # the glyph touching its box edge comes first
    assert "touches edge" in grid.model.data(grid.model.index(0), Qt.ItemDataRole.ToolTipRole)
    row = grid.model.row_of(clean)
    grid.view.setCurrentIndex(grid.model.index(row))
    grid.activateWindow()
    grid.view.setFocus()
    qtbot.waitUntil(grid.view.hasFocus)                      # shortcuts reach only the focused window
    png = review.glyph_folder / f"{ord('永'):04X}.png"
    assert png.exists()
    qtbot.keyClick(grid.view, Qt.Key.Key_Delete)
    assert not review.samples[clean].usable and not png.exists()   # unusable: the font will not use it
    assert grid.model.sample_id(row) == clean                       # rows stay put after an edit
    qtbot.keyClick(grid.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert review.samples[clean].usable and png.exists()
    assert grid.redo_button.isEnabled()
    grid.ask_character = lambda parent, current: "九"
    qtbot.keyClick(grid.view, Qt.Key.Key_F2)
    assert review.samples[clean].codepoint == ord("九") and not png.exists()
    grid.ask_crop = lambda parent, source, crop: (0, 0, 64, 64)    # the top-left quarter, enlarged
    qtbot.keyClick(grid.view, Qt.Key.Key_C)
    assert review.samples[clean].crop == (0, 0, 64, 64)
    assert "touches edge" in review.samples[clean].problems
    grid.filter.setCurrentIndex(grid.filter.findData("problems"))
    assert grid.model.rowCount() == 2


def test_wizard_walks_to_review_and_resumes(qtbot, tmp_path):
    from PIL import Image

    from app.handwriting.wizard import HandwritingWizard
    from core.capture.template import TemplateSpec
    blank = tmp_path / "blank.png"
    Image.new("L", (900, 1200), 255).save(blank)
    scans = [blank, *sorted(FIXTURES.glob("*.jpg"))]
    wizard = HandwritingWizard()
    qtbot.addWidget(wizard)
    wizard.dialogs = dialogs = FakeDialogs(scans)
    assert wizard.current_step() == "setup"
    page = wizard.setup_page
    page.name.setText("Hand test")
    page.location.setText(str(tmp_path))
    page.count.setValue(150)                                 # the fixture scans were written on this template
    page.size.setCurrentIndex(page.size.findData(64))
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() == "template", dialogs.errors
    assert wizard.spec.template_id == TemplateSpec.load(FIXTURES / "spec.json").template_id
    assert wizard.template_page.preview.pixmap() is not None
    qtbot.mouseClick(wizard.template_page.open_pdf, Qt.MouseButton.LeftButton)
    assert dialogs.opened[-1].name == "template.pdf" and dialogs.opened[-1].is_file()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() == "import"
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)   # nothing imported: it says so, stays
    assert wizard.current_step() == "import" and "import at least one" in dialogs.errors.pop()[1]
    qtbot.mouseClick(wizard.import_page.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.import_job is None, timeout=120_000)
    assert len(dialogs.errors) == 1 and "blank.png" in dialogs.errors[0][1]   # the bad page, in words
    assert len(wizard.review.samples) > 100 and wizard.import_page.scans.count() == 2
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() == "review"
    assert wizard.grid.model.rowCount() == len(wizard.review.samples)
    project = wizard.project                                 # the bundled model is the default for hanzi
    assert [s.name for s in project.styles] == ["AR PL UKai", "LXGW WenKai", "My handwriting"]
    assert (project.checkpoints_dir / "base.pt").is_file() and project.config.data.image_size == 64
    _edit_from_the_grid(qtbot, wizard)
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() == "train", dialogs.errors
    plan = wizard.base_label.text()
    assert plan.startswith("Fine-tuning the bundled base model: about ") and "stops early" in plan
    t = wizard.project.config.train
    assert t.freeze_encoder and t.keep_base_styles and t.early_stopping_patience > 0
    wizard.designer_box.setChecked(True)
    from core.project import Project
    assert Project.open(project.root).config.train.use_designer_glyphs
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    root = wizard.project.root
    with qtbot.waitSignal(wizard.closed):
        qtbot.mouseClick(wizard.leave_button, Qt.MouseButton.LeftButton)

    again = HandwritingWizard()                              # the app opened again later
    qtbot.addWidget(again)
    again.dialogs = FakeDialogs()
    assert again.open_project(root)
    assert again.current_step() == "review" and again.grid.model.rowCount() == len(wizard.review.samples)
    assert again.import_page.scans.count() == 2


def _edit_from_the_grid(qtbot, wizard):
    """Enter on the chosen sample opens the glyph editor; its edit goes to glyphs/edited/ and wins in export."""
    from app.editor import GlyphEditor
    from core.export.project_glyphs import project_glyphs
    review, grid = wizard.review, wizard.grid
    cp = review.usable_codepoints()[0]
    chosen = review.chosen(cp)
    grid.view.setCurrentIndex(grid.model.index(grid.model.row_of(chosen.id)))
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    grid.view.setFocus()
    qtbot.waitUntil(grid.view.hasFocus)
    qtbot.keyClick(grid.view, Qt.Key.Key_Return)
    editors = wizard.findChildren(GlyphEditor)
    assert len(editors) == 1 and editors[0].codepoint() == cp
    editor = editors[0]
    editor.session.history(cp).apply(dataclasses.replace(editor.session.baseline(cp), edited=True), "test edit")
    edited = wizard.project.glyphs_dir / "edited" / wizard.state.style / f"{cp:04X}.png"
    assert edited.is_file()
    _, counts = project_glyphs(wizard.project, wizard.project.style_id(wizard.state.style))
    assert counts.get("edited") == 1
    editor.close()
    told = []
    grid.tell = lambda parent, title, text: told.append(text)
    other = review.add_sample(cp, review.glyph(chosen.id))  # a second sample of it, not chosen
    grid.set_review(review)
    grid.view.setCurrentIndex(grid.model.index(grid.model.row_of(other)))
    grid.edit_selected()                                     # not the sample the font uses: it says so
    assert told and "Space" in told[0] and len(wizard.findChildren(GlyphEditor)) <= 1


def test_start_screen_and_menu_open_the_wizard(qtbot):
    from app.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    from PySide6.QtWidgets import QPushButton
    button = window.start_screen.findChild(QPushButton, "trainHandwriting")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.wizard and window.wizard.current_step() == "setup"
    window.wizard.leave()
    assert window.stack.currentWidget() is window.start_screen
    from PySide6.QtGui import QAction
    action = window.findChild(QAction, "trainHandwriting")
    action.trigger()
    assert window.stack.currentWidget() is window.wizard


def test_every_template_page_can_be_looked_at(qtbot, tmp_path):
    from types import SimpleNamespace

    from PySide6.QtGui import QColor, QImage

    from app.handwriting.pages import TemplatePage
    pages = []
    for i, colour in enumerate(("white", "black")):
        image = QImage(40, 60, QImage.Format.Format_RGB32)
        image.fill(QColor(colour))
        pages.append(tmp_path / f"page-{i + 1}.png")
        image.save(str(pages[-1]))
    page = TemplatePage()
    qtbot.addWidget(page)
    page.show_template({"pages": pages, "folder": str(tmp_path)},
                       SimpleNamespace(characters="ab", pages=2, paper="A4"))
    assert page.page.maximum() == 2 and not page.page.isHidden()
    first = page.preview.pixmap().toImage().pixelColor(20, 20)
    page.page.setValue(2)
    assert page.preview.pixmap().toImage().pixelColor(20, 20) != first


def test_the_setup_step_takes_the_bundled_base_model_and_its_size(qtbot, tmp_path, monkeypatch):
    """With the multi-style base model installed (here a tiny 32 px stand-in) the wizard fine-tunes it at its size."""
    import core.recipes.base_model as base_model
    from app.handwriting.pages import SetupPage
    from tests.core.base_model_fixtures import packed_base_model

    _, packed = packed_base_model(tmp_path, monkeypatch)
    monkeypatch.setattr(base_model, "BUNDLED_BASE_MODEL", packed)
    page = SetupPage()
    qtbot.addWidget(page)
    assert page.model.currentData() == "bundled"
    assert page.size.currentData() == 32 and not page.size.isEnabled() and "32 px" in page.size_note.text()
    page.location.setText(str(tmp_path / "projects"))
    project = page.create_project()
    assert project.config.data.image_size == 32 and (project.checkpoints_dir / "base.pt").is_file()
    assert len(project.styles) == 4 and project.styles[-1].kind == "handwriting"
    page.model.setCurrentIndex(page.model.findData("none"))            # from scratch: the size is the writer's
    assert page.size.isEnabled()
