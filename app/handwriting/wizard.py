"""The "Train on my handwriting" wizard: script and size, template, import, review, train, preview, export.

A stepped panel (not a modal QWizard) because the Train and Preview steps host the app's full panels.
The step and the choices live in <project>/handwriting/wizard.json (core.handwriting.WizardState), the
decisions in the review file, so leaving at any step and opening the project again resumes there.
File dialogs and opening files go through `self.dialogs`, which tests replace.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app import settings as app_settings
from app.errors import describe, show_error
from app.handwriting.pages import (
    FinishPage,
    ImportPage,
    SetupPage,
    SpecimenStrip,
    TemplatePage,
    heading,
    note,
    specimen_text,
)
from app.handwriting.review_grid import ReviewGrid
from app.workers import Job

log = logging.getLogger(__name__)

SCAN_FILTER = "Scans (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.webp *.pdf)"


class WizardDialogs:
    """Every dialog and outside program the wizard uses; tests swap in an object answering the same calls."""

    def choose_scans(self, parent) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(parent, parent.tr("Scanned or photographed pages"), "", SCAN_FILTER)
        return paths

    def choose_project(self, parent) -> str:
        return QFileDialog.getExistingDirectory(parent, parent.tr("A handwriting project folder"))

    def choose_checkpoint(self, parent) -> str:
        path, _ = QFileDialog.getOpenFileName(parent, parent.tr("A trained model to start from"), "",
                                              "Checkpoints (*.pt)")
        return path

    def open_path(self, path: Path) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def show_error(self, parent, title: str, message: str) -> None:
        show_error(parent, title, message)


class HandwritingWizard(QWidget):
    """Steps on the left, the current page in the middle, Back / Next below."""

    closed = Signal()                    # the writer left the wizard (everything is saved)
    open_in_main_requested = Signal(object)   # the project, for the main window's tabs
    step_changed = Signal(str)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        from core.handwriting import STEPS
        self.setObjectName("handwritingWizard")
        self.dialogs = WizardDialogs()
        self.project = None
        self.state = None
        self.review = None
        self.spec = None
        self.import_job: Job | None = None
        self.steps = STEPS
        titles = (self.tr("Script and size"), self.tr("Print the template"), self.tr("Import pages"),
                  self.tr("Review glyphs"), self.tr("Train"), self.tr("Preview"), self.tr("Export"))
        self.step_list = QListWidget()
        self.step_list.setObjectName("wizardSteps")
        self.step_list.addItems([f"{i + 1}  {t}" for i, t in enumerate(titles)])
        self.step_list.setFixedWidth(200)
        self.step_list.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px; }")
        self.step_list.currentRowChanged.connect(self._on_step_row_changed)
        self.setup_page = SetupPage()
        self.setup_page.continue_requested.connect(self.open_project)
        self.setup_page.open_button.clicked.connect(self._on_open_folder_clicked)
        self.template_page = TemplatePage()
        self.template_page.open_pdf.clicked.connect(lambda: self._open_template("pdf"))
        self.template_page.open_folder.clicked.connect(lambda: self._open_template("folder"))
        self.import_page = ImportPage()
        self.import_page.add_button.clicked.connect(self._on_add_scans_clicked)
        self.grid = ReviewGrid()
        self.grid.edit_requested.connect(self.open_editor)
        self.edit_session = None      # one per project, so undo in the editor survives closing it
        self.train_page, self.train_panel, self.base_label = self._build_train_page()
        self.preview_page, self.preview_panel, self.specimen, self.specimen_text = self._build_preview_page()
        self.finish_page = FinishPage()
        self.finish_page.export_button.clicked.connect(self.open_export)
        self.finish_page.main_button.clicked.connect(self._on_open_main_clicked)
        review_page = QWidget()
        review_layout = QVBoxLayout(review_page)
        review_layout.addWidget(heading(self.tr("4 · Review the glyphs")))
        review_layout.addWidget(self.grid, 1)
        self.pages = QStackedWidget()
        for page in (self.setup_page, self.template_page, self.import_page, review_page, self.train_page,
                     self.preview_page, self.finish_page):
            self.pages.addWidget(page)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setObjectName("wizardBack")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("Next"))
        self.next_button.setObjectName("wizardNext")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.leave_button = QPushButton(self.tr("Leave (everything is saved)"))
        self.leave_button.setObjectName("wizardLeave")
        self.leave_button.clicked.connect(self.leave)
        self.where = QLabel()
        self.where.setStyleSheet("color: #666;")
        nav = QHBoxLayout()
        nav.addWidget(self.leave_button)
        nav.addWidget(self.where, 1)
        nav.addWidget(self.back_button)
        nav.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.pages, 1)
        right.addLayout(nav)
        layout = QHBoxLayout(self)
        layout.addWidget(self.step_list)
        layout.addLayout(right, 1)
        self.start()

    def _build_train_page(self):
        from app.train_panel import TrainPanel
        page = QWidget()
        panel = TrainPanel()
        choose = QPushButton(self.tr("Start from another trained model…"))
        choose.setObjectName("chooseBaseModel")
        choose.clicked.connect(self._on_choose_base_clicked)
        plan = QLabel()
        plan.setObjectName("trainPlan")
        plan.setWordWrap(True)
        plan.setStyleSheet("font-weight: 600;")
        self.designer_box = QCheckBox(self.tr("Also learn from glyphs I edited or accepted"))
        self.designer_box.setObjectName("useDesignerGlyphs")
        self.designer_box.setToolTip(self.tr("Glyphs you corrected in the glyph editor, and generated ones you "
                                             "accepted in Preview, become extra examples of your hand"))
        self.designer_box.toggled.connect(self._on_designer_toggled)
        row = QHBoxLayout()
        row.addWidget(plan, 1)
        row.addWidget(self.designer_box)
        row.addWidget(choose)
        layout = QVBoxLayout(page)
        layout.addWidget(heading(self.tr("5 · Train")))
        layout.addWidget(note(self.tr("Training learns your hand from the glyphs you kept. Starting from a model "
                                      "trained on fonts (fine-tuning) needs far fewer steps.")))
        layout.addLayout(row)
        layout.addWidget(panel, 1)
        return page, panel, plan

    def _build_preview_page(self):
        from app.preview import PreviewPanel
        page = QWidget()
        panel = PreviewPanel()
        # One text preview (the specimen, which knows written from generated), refreshed after Generate all.
        panel.text_area.setVisible(False)
        panel.glyphs_changed.connect(self._update_specimen)
        specimen = SpecimenStrip()
        text = QLineEdit()
        text.setObjectName("handSpecimenText")
        text.textChanged.connect(self._update_specimen)
        self.specimen_info = QLabel()
        layout = QVBoxLayout(page)
        layout.addWidget(heading(self.tr("6 · Preview")))
        layout.addWidget(note(self.tr("Your font: written characters as you wrote them, generated ones for the "
                                      "rest. Below, generate every character (Generate all) and check them.")))
        layout.addWidget(text)
        layout.addWidget(specimen)
        layout.addWidget(self.specimen_info)
        layout.addWidget(panel, 1)
        return page, panel, specimen, text

    # -- navigation ----------------------------------------------------------------------------------
    def start(self) -> None:
        """Back to step 1 with no project (a new one is made on Next, or an earlier one continued)."""
        self.project = self.state = self.review = self.spec = None
        self.setup_page.refresh_recent()
        self._show("setup")

    def current_step(self) -> str:
        return self.steps[self.pages.currentIndex()]

    def _show(self, step: str) -> None:
        index = self.steps.index(step)
        self.pages.setCurrentIndex(index)
        self.step_list.blockSignals(True)
        self.step_list.setCurrentRow(index)
        self.step_list.blockSignals(False)
        if self.state is not None and self.state.step != step:
            self.state.step = step
            self.state.save(self.project.root)
        self.back_button.setEnabled(index > 0 and self.project is not None)
        self.next_button.setVisible(index < len(self.steps) - 1)
        self.where.setText(str(self.project.root) if self.project is not None else "")
        self.step_changed.emit(step)

    def _on_step_row_changed(self, row: int) -> None:
        """Clicking a step: any earlier one, or the next one when the current step is complete."""
        current = self.pages.currentIndex()
        if self.project is None or row == current:
            self._show(self.steps[current])
        elif row < current:
            self._enter(self.steps[row])
        else:
            target = self.steps[row]
            while self.pages.currentIndex() < row and self.next():
                pass
            if self.current_step() != target:
                self._show(self.current_step())

    def next(self) -> bool:
        """Finish the current step and enter the next; False (with a dialog) when the step is not done."""
        step = self.current_step()
        try:
            if step == "setup":
                self._finish_setup()
            elif step == "import" and (self.review is None or not self.review.samples):
                raise ValueError(self.tr("import at least one written page first"))
            elif step == "import" and self.import_job is not None:
                raise ValueError(self.tr("wait until the pages are read"))
            elif step == "train" and self.train_panel.is_running():
                raise ValueError(self.tr("training is running: stop it, or wait until it finishes"))
        except Exception as exc:  # noqa: BLE001 - shown in a dialog, the wizard stays on the step
            self.dialogs.show_error(self, self.tr("Cannot go on"), describe(exc).text())
            return False
        return self._enter(self.steps[self.steps.index(step) + 1])

    def back(self) -> None:
        index = self.pages.currentIndex()
        if index > 0 and self.project is not None:
            self._enter(self.steps[index - 1])

    def _enter(self, step: str) -> bool:
        """Prepare a step's page from the project, then show it."""
        try:
            if step in ("train", "preview", "export") and self.review is not None and self.review.samples:
                from core.capture.normalize import normalize_review
                normalize_review(self.project, self.review)  # one size and baseline for the hand (issue 13)
            if step == "template":
                self._prepare_template()
            elif step == "review":
                self.grid.set_review(self.review, self._source_font_file())
            elif step == "train":
                self._prepare_training()
            elif step == "preview":
                if not self.specimen_text.text():
                    self.specimen_text.setText(specimen_text(self.project, self.review.usable_codepoints()))
                self.preview_panel.text.setText(self.specimen_text.text())
                self.preview_panel.set_project(self.project)
                self.preview_panel.style_box.setCurrentIndex(self.project.style_id(self.state.style))
                self._update_specimen()
            elif step == "export":
                self._update_finish()
        except Exception as exc:  # noqa: BLE001
            log.warning("cannot enter step %s", step, exc_info=True)
            self.dialogs.show_error(self, self.tr("Cannot open this step"), describe(exc).text())
            return False
        self._show(step)
        return True

    # -- projects ------------------------------------------------------------------------------------
    def _finish_setup(self) -> None:
        if self.project is not None:
            return
        project = self.setup_page.create_project()
        from core.handwriting import WizardState
        state = WizardState.load(project.root)
        state.count = self.setup_page.count.value()
        state.save(project.root)
        self._load(project, state)

    def open_project(self, path: str | Path) -> bool:
        """Continue a handwriting project at the step it was left on."""
        if not self.can_leave():
            return False
        try:
            from core.handwriting import WizardState
            from core.project import Project
            project = Project.open(Path(path))
            state = WizardState.load(project.root)
            if state is None:
                raise ValueError(self.tr("{path} was not made with “Train on my handwriting”").format(path=path))
            self._load(project, state)
        except Exception as exc:  # noqa: BLE001
            log.warning("cannot continue %s", path, exc_info=True)
            self.dialogs.show_error(self, self.tr("Cannot continue the handwriting project"), describe(exc).text())
            return False
        return self._enter(state.step) or self._enter("import")

    def _load(self, project, state) -> None:
        from core.capture.normalize import written_size
        from core.capture.review import HandwritingReview, review_folder
        from core.capture.template import TemplateSpec
        self.project, self.state = project, state
        self.edit_session = None
        # Written glyphs at full resolution (issue 13): training scales them to the model, export traces them.
        style_id = project.style_id(state.style)
        self.review = HandwritingReview.load(review_folder(project.root, state.style), project.style_folder(style_id),
                                             written_size(project), state.style)
        self.spec = TemplateSpec.load(project.root / state.spec) if state.spec else None
        self.import_page.show_scans(state.scans)
        self.import_page.show_glyphs(self.review)
        self._update_import_status()
        self._update_plan()
        app_settings.add_recent_project(project.root)

    def _source_font_file(self) -> str | None:
        path = self.project.resolve(self.project.source.path)
        return str(path) if path.is_file() else None

    def _on_open_folder_clicked(self) -> None:
        folder = self.dialogs.choose_project(self)
        if folder:
            self.open_project(folder)

    # -- template ------------------------------------------------------------------------------------
    def _prepare_template(self) -> None:
        from core.handwriting import make_template_files, template_files
        if self.spec is None or not template_files(self.project, self.state)["pdf"].is_file():
            self.spec = make_template_files(self.project, self.state)
        from core.capture.planner import coverage
        from core.handwriting import template_candidates
        shown = coverage(self.spec.characters, template_candidates(self.project)) if self.state.script == "hanzi" else None
        self.template_page.show_template(template_files(self.project, self.state), self.spec,
                                         shown.summary() if shown else "")

    def _open_template(self, which: str) -> None:
        from core.handwriting import template_files
        if self.project is not None:
            self.dialogs.open_path(template_files(self.project, self.state)[which])

    # -- import --------------------------------------------------------------------------------------
    def _on_add_scans_clicked(self) -> None:
        paths = self.dialogs.choose_scans(self)
        if paths:
            self.import_scans(paths)

    def import_scans(self, paths) -> Job | None:
        if self.import_job is not None or self.project is None:
            return None
        from core.handwriting import extract_scans
        root, style, spec = self.project.root, self.state.style, self.spec
        self.import_job = Job(lambda control: extract_scans(root, style, paths, spec, control),
                              self.tr("Reading the pages"), self)
        self.import_job.progressed.connect(self._on_import_progressed)
        self.import_job.report_ready.connect(self._on_import_report)
        self.import_job.failed.connect(lambda message: self.dialogs.show_error(self, self.tr("Import failed"), message))
        self.import_job.ended.connect(self._on_import_ended)
        self.import_page.progress.setVisible(True)
        self.import_page.progress.setRange(0, len(paths))
        self.import_page.add_button.setEnabled(False)
        self.import_job.start()
        return self.import_job

    def _on_import_progressed(self, report) -> None:
        self.import_page.progress.setValue(report.done)
        self.import_page.status.setText(report.message)

    def _on_import_report(self, report) -> None:
        from core.handwriting import ScansExtracted, add_extracted
        if not isinstance(report, ScansExtracted):
            return
        if report.samples:
            try:
                add_extracted(self.review, report)
            except Exception as exc:  # noqa: BLE001
                self.dialogs.show_error(self, self.tr("Import failed"), describe(exc).text())
        self.state.scans.extend(report.scans)
        self.state.save(self.project.root)
        self.import_page.show_scans(self.state.scans)
        self.import_page.show_glyphs(self.review)
        self._update_import_status(report)
        if report.failed:
            self.dialogs.show_error(
                self, self.tr("Some pages could not be read"),
                self.tr("{n} file(s) could not be read:\n{lines}").format(
                    n=len(report.failed), lines="\n".join(f"• {line}" for line in report.failed))
                + "\n\n" + self.tr("The other pages were imported. Scan those pages again and add them."))

    def _on_import_ended(self) -> None:
        self.import_job = None
        self.import_page.progress.setVisible(False)
        self.import_page.add_button.setEnabled(True)

    def _update_import_status(self, report=None) -> None:
        if self.review is None or not self.review.samples:
            self.import_page.status.setText(self.tr("No pages imported yet."))
            return
        samples = list(self.review.samples.values())
        flagged = sum(1 for s in samples if s.problems)
        text = self.tr("{n} glyphs of {c} characters from {p} scan(s); {f} to check in the next step.").format(
            n=len(samples), c=len(self.review.codepoints()), p=len(self.state.scans), f=flagged)
        if report is not None and report.empty_boxes:
            text += " " + self.tr("{e} boxes were left empty.").format(e=report.empty_boxes)
        self.import_page.status.setText(text)

    # -- train, preview, export ----------------------------------------------------------------------
    def _prepare_training(self) -> None:
        """Held-out characters and (when fine-tuning) the preset config for the glyphs kept in review."""
        from core.handwriting import prepare_training
        count = prepare_training(self.project)
        # The preset's steps (sized to the glyphs kept, with early stopping) rather than a time budget; the
        # panel still says how long they take on this computer before Start.
        self.train_panel.run_length.set_budget_minutes(None)
        self.train_panel.set_project(self.project)
        self.train_panel.status.setText(self.tr("{n} written characters to learn from. Start training when "
                                                "ready.").format(n=count))
        self._update_plan()

    def _update_plan(self) -> None:
        """The Train step's one line: what pressing Start will do."""
        from core.handwriting import training_plan
        if self.project is None:
            return
        plan = training_plan(self.project, self.state)
        if plan.resumes:
            text = self.tr("Training continues from its latest checkpoint (of {steps} steps).")
        elif plan.base == "bundled":
            text = self.tr("Fine-tuning the bundled base model: about {steps} steps")
        elif plan.base:
            text = self.tr("Fine-tuning {model}: about {steps} steps")
        else:
            text = self.tr("Training from scratch (no base model): {steps} steps, hours on a CPU")
        if plan.early_stopping and not plan.resumes:
            text += self.tr(", stops early when unseen characters stop improving")
        if plan.fonts and not plan.resumes:
            # The base model replays up to 17 fonts: three names and a count say it in one line.
            names = ", ".join(plan.fonts[:3]) + (f" +{len(plan.fonts) - 3}" if len(plan.fonts) > 3 else "")
            text += self.tr("; {fonts} keep being trained beside your hand").format(fonts=names)
        self.base_label.setText(text.format(steps=f"{plan.steps:,}", model=plan.base) + ".")
        self.designer_box.blockSignals(True)
        self.designer_box.setChecked(self.project.config.train.use_designer_glyphs)
        self.designer_box.blockSignals(False)

    def _on_designer_toggled(self, on: bool) -> None:
        if self.project is not None:
            self.project.config.train.use_designer_glyphs = on
            self.project.save()
            self.train_panel.set_project(self.project)

    def _on_choose_base_clicked(self) -> None:
        path = self.dialogs.choose_checkpoint(self)
        if path and self.state is not None:
            self.use_base_model(path)

    def use_base_model(self, path: str | None) -> bool:
        """Fine-tune another model (path), or the bundled one (None); False with a dialog when it cannot."""
        from core.handwriting import use_base_model
        from core.recipes.base_model import read_base_model
        try:
            use_base_model(self.project, self.state, read_base_model(path))
            self._prepare_training()
        except Exception as exc:  # noqa: BLE001
            log.warning("cannot fine-tune %s", path, exc_info=True)
            self.dialogs.show_error(self, self.tr("Cannot start from this model"), describe(exc).text())
            return False
        return True

    # -- glyph editor --------------------------------------------------------------------------------
    def open_editor(self, codepoint: int):
        """The glyph editor on a written character; the edit (glyphs/edited/) wins over the written PNG."""
        from app.editor import GlyphEditor
        from core.editing import EditSession
        style = self.project.style_id(self.state.style)
        if self.edit_session is None:
            self.edit_session = EditSession(self.project, style)
        codepoints = sorted(set(self.review.usable_codepoints()) | {codepoint})
        index = codepoints.index(codepoint)
        editor = GlyphEditor(self.project, style, codepoints, index, session=self.edit_session, parent=self)
        editor.show()
        return editor

    def _update_specimen(self) -> None:
        if self.project is None:
            return
        style_id = self.project.style_id(self.state.style)
        written, generated, missing, rejected = self.specimen.show_text(self.project, style_id,
                                                                        self.specimen_text.text())
        info = self.tr("{w} written by you · {g} generated · {m} not generated yet").format(
            w=written, g=generated, m=missing)
        if rejected:  # rejected with nothing written or edited: say so, and how to get the character back
            info += " · " + self.tr("{r} rejected and not in the font (regenerate after more training, "
                                    "or edit them)").format(r=rejected)
        self.specimen_info.setText(info)

    def _update_finish(self) -> None:
        from core.export.project_glyphs import project_glyphs
        _, counts = project_glyphs(self.project, self.project.style_id(self.state.style))
        self.finish_page.info.setText(self.tr("The font will have {h} of your glyphs and {g} generated ones.").format(
            h=counts.get("handwriting", 0), g=counts.get("generated", 0)))

    def open_export(self) -> None:
        from app.export_dialog import ExportDialog
        if self.project is not None:
            ExportDialog(self.project, self.project.style_id(self.state.style), self).open()

    def _on_open_main_clicked(self) -> None:
        if self.can_leave():
            self.open_in_main_requested.emit(self.project)

    # -- leaving -------------------------------------------------------------------------------------
    def jobs(self) -> list[Job]:
        jobs = [j for j in (self.import_job, self.train_panel.job) if j is not None]
        return jobs + self.preview_panel.jobs()

    def can_leave(self) -> bool:
        """Training must stop first (the writer is asked); a running import is cancelled."""
        if self.train_panel.is_running():
            if not self.train_panel.confirm_stop():
                return False
        for job in self.jobs():
            job.join()
        return True

    def leave(self) -> None:
        if self.can_leave():
            self.closed.emit()

