"""The main window: start screen or project view (Train, Preview tabs), menus, shortcuts, safe closing."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
)

from app import settings as app_settings
from app.errors import describe, show_error
from app.export_dialog import ExportDialog
from app.preview import PreviewPanel
from app.start_screen import NewProjectDialog, StartScreen
from app.startup import freeze_startup_heap
from app.train_panel import TrainPanel
from app.workers import running_jobs

log = logging.getLogger(__name__)


class SettingsDialog(QDialog):
    """Preferences: the interface language (applied at the next start)."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.language = QComboBox()
        self.language.setObjectName("language")
        for code, name in app_settings.LANGUAGES.items():
            self.language.addItem(self.tr("System default") if code == "system" else name, code)
        self.language.setCurrentIndex(self.language.findData(app_settings.language()))
        form = QFormLayout()
        form.addRow(self.tr("Language"), self.language)
        note = QLabel(self.tr("The new language applies at once."))
        note.setStyleSheet("color: #666;")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def accept(self) -> None:
        app_settings.set_language(self.language.currentData())
        from app.i18n import install_translator
        install_translator(QApplication.instance(), self.language.currentData())  # Qt sends LanguageChange
        super().accept()


class MainWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.project = None
        self._closing = False
        self.start_screen = StartScreen()
        self.start_screen.new_requested.connect(self.new_project)
        self.start_screen.open_requested.connect(self.choose_project)
        self.start_screen.demo_requested.connect(self.open_demo)
        self.start_screen.recent_chosen.connect(self.open_project)
        self.start_screen.handwriting_requested.connect(self.train_handwriting)
        self.wizard = None  # the handwriting wizard, made on first use
        self.train_panel = TrainPanel()
        self.train_panel.state_changed.connect(self._on_training_state_changed)
        self.preview_panel = PreviewPanel()
        self.train_panel.training_finished.connect(self._on_training_finished)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("projectTabs")
        self.tabs.addTab(self.train_panel, self.tr("Train"))
        self.tabs.addTab(self.preview_panel, self.tr("Preview"))
        self.stack = QStackedWidget()
        self.stack.addWidget(self.start_screen)
        self.stack.addWidget(self.tabs)
        self.setCentralWidget(self.stack)
        self._build_menus()
        self.statusBar().showMessage(self.tr("Welcome."))
        self._update_title()
        self._update_actions()
        self.resize(1400, 900)
        self.restore_state()

    # -- menus -----------------------------------------------------------------------------------------
    def _action(self, menu, text: str, slot, shortcut=None, name: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        action.setObjectName(name)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        self._action(file_menu, self.tr("&New project…"), self.new_project, QKeySequence.StandardKey.New)
        self._action(file_menu, self.tr("&Open project…"), self.choose_project, QKeySequence.StandardKey.Open)
        self._action(file_menu, self.tr("Open the &demo"), self.open_demo, "Ctrl+Shift+D")
        self._action(file_menu, self.tr("Train on my &handwriting…"), self.train_handwriting, "Ctrl+Shift+H",
                     "trainHandwriting")
        self.recent_menu = file_menu.addMenu(self.tr("Open &recent"))
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        file_menu.addSeparator()
        self.export_action = self._action(file_menu, self.tr("&Export font…"), self.export_font, "Ctrl+E")
        self.close_action = self._action(file_menu, self.tr("&Close project"), self.close_project,
                                         QKeySequence.StandardKey.Close)
        file_menu.addSeparator()
        self._action(file_menu, self.tr("&Settings…"), self.show_settings, QKeySequence.StandardKey.Preferences)
        self._action(file_menu, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        train_menu = bar.addMenu(self.tr("&Training"))
        self.start_action = self._action(train_menu, self.tr("&Start"), self.train_panel.start, "F5")
        self.pause_action = self._action(train_menu, self.tr("&Pause / resume"), self._toggle_pause, "F6")
        self.stop_action = self._action(train_menu, self.tr("S&top"), self.train_panel.stop, "Shift+F5")
        view_menu = bar.addMenu(self.tr("&View"))
        self._action(view_menu, self.tr("&Train"), lambda: self.tabs.setCurrentIndex(0), "Ctrl+1")
        self._action(view_menu, self.tr("&Preview"), lambda: self.tabs.setCurrentIndex(1), "Ctrl+2")
        self._action(view_menu, self.tr("&Edit glyph…"), self._edit_glyph, "Ctrl+Shift+E", "editGlyph")
        help_menu = bar.addMenu(self.tr("&Help"))
        self._action(help_menu, self.tr("&User guide"), self.show_guide, QKeySequence.StandardKey.HelpContents,
                     "userGuide")
        self._action(help_menu, self.tr("Open &log folder"), self._open_log_folder)
        self._action(help_menu, self.tr("&About zi2zi Studio"), self._about)

    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        for path in app_settings.recent_projects():
            self.recent_menu.addAction(path, lambda p=path: self.open_project(p))
        if not self.recent_menu.actions():
            self.recent_menu.addAction(self.tr("(none)")).setEnabled(False)

    def _toggle_pause(self) -> None:
        if self.train_panel.state == "paused":
            self.train_panel.resume()
        else:
            self.train_panel.pause()

    def _update_actions(self) -> None:
        has = self.project is not None
        state = self.train_panel.state
        self.export_action.setEnabled(has)
        self.close_action.setEnabled(has)
        self.start_action.setEnabled(has and state == "idle")
        self.pause_action.setEnabled(state in ("running", "paused"))
        self.stop_action.setEnabled(state in ("running", "paused"))

    def _update_title(self) -> None:
        name = getattr(self.project, "name", None)
        self.setWindowTitle(f"{name} — zi2zi Studio" if name else "zi2zi Studio")

    def _on_training_finished(self, _report) -> None:
        self.preview_panel.model_changed()

    def _on_training_state_changed(self, state: str) -> None:
        self._update_actions()
        messages = {"running": self.tr("Training…"), "paused": self.tr("Training paused"),
                    "stopping": self.tr("Stopping training…"), "idle": ""}
        self.statusBar().showMessage(messages.get(state, ""))

    # -- projects --------------------------------------------------------------------------------------
    def new_project(self) -> None:
        if not self._can_leave_project():
            return
        dialog = NewProjectDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.project is not None:
            self.set_project(dialog.project)

    def choose_project(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a project folder"))
        if folder:
            self.open_project(folder)

    def open_project(self, path: str | Path) -> bool:
        if not self._can_leave_project():
            return False
        try:
            from core.project import Project
            project = Project.open(Path(path))
        except Exception as exc:  # noqa: BLE001
            log.warning("cannot open project %s", path, exc_info=True)
            show_error(self, self.tr("Cannot open the project"), describe(exc).text())
            return False
        self.set_project(project)
        return True

    def open_demo(self) -> bool:
        if not self._can_leave_project():
            return False
        root = app_settings.data_dir() / "demo"
        try:
            from core.project import Project, layout
            from core.recipes.demo import demo_project, install_demo_model
            # A new demo is made at the bundled model's size; an older demo folder opens as it is (a 64 px one
            # keeps its own base.pt), and one from before the bundled model gets it when the sizes match.
            project = Project.open(root) if layout.is_project(root) else demo_project(root)
            install_demo_model(project)
        except Exception as exc:  # noqa: BLE001
            log.warning("cannot open the demo", exc_info=True)
            show_error(self, self.tr("Cannot open the demo"), describe(exc).text())
            return False
        self.set_project(project)
        # The first look is the model's glyphs, not an empty settings page: the demo opens on Preview.
        self.tabs.setCurrentWidget(self.preview_panel)
        self.preview_panel.generate_missing()  # seconds on a CPU; preview and export work right after
        return True

    def set_project(self, project) -> None:
        self.project = project
        app_settings.add_recent_project(project.root)
        self.train_panel.set_project(project)
        self.preview_panel.set_project(project)
        self.stack.setCurrentWidget(self.tabs)
        self.start_screen.refresh()
        self._update_title()
        self._update_actions()
        self.statusBar().showMessage(self.tr("Opened {path}").format(path=project.root), 5000)
        freeze_startup_heap()  # torch and the project's objects are loaded now; keep GC pauses short

    def close_project(self) -> None:
        if not self._can_leave_project():
            return
        self.project = None
        self.start_screen.refresh()
        self.stack.setCurrentWidget(self.start_screen)
        self._update_title()
        self._update_actions()

    def _can_leave_project(self) -> bool:
        """Training must stop first; the user is asked, and the stop finishes before anything else opens."""
        if not self.train_panel.is_running():
            return True
        if not self.train_panel.confirm_stop():
            return False
        job = self.train_panel.job
        self.train_panel.stop()
        if job is not None:
            job.join()  # a checkpoint save takes a moment; switching projects mid-write would be worse
        QApplication.processEvents()
        return True

    def train_handwriting(self) -> None:
        """The handwriting wizard in place of the current view; leaving it comes back here."""
        if not self._can_leave_project():
            return
        if self.wizard is None:
            from app.handwriting.wizard import HandwritingWizard
            self.wizard = HandwritingWizard()
            self.wizard.closed.connect(self._on_wizard_closed)
            self.wizard.open_in_main_requested.connect(self._on_wizard_open_in_main_requested)
            self.stack.addWidget(self.wizard)
        if self.wizard.project is None:
            self.wizard.start()
        self.stack.setCurrentWidget(self.wizard)

    def _on_wizard_closed(self) -> None:
        self.start_screen.refresh()
        self.stack.setCurrentWidget(self.tabs if self.project is not None else self.start_screen)

    def _on_wizard_open_in_main_requested(self, project) -> None:
        self.wizard.start()
        self.set_project(project)

    def export_font(self) -> None:
        if self.project is None:
            return
        dialog = ExportDialog(self.project, self.preview_panel.style_index(), self)
        dialog.open()

    def _edit_glyph(self) -> None:
        """The glyph editor on the Preview grid's current glyph."""
        if self.project is not None:
            self.tabs.setCurrentWidget(self.preview_panel)
            self.preview_panel.edit_selected()

    def show_settings(self) -> None:
        SettingsDialog(self).exec()

    def show_guide(self):
        from app.guide import GuideDialog
        dialog = GuideDialog(self)
        dialog.show()
        return dialog

    def _open_log_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(app_settings.log_path().parent)))

    def _about(self) -> None:
        QMessageBox.about(self, self.tr("About zi2zi Studio"),
                          self.tr("zi2zi Studio: train a zi2zi GAN on a style and export "
                                  "a complete font.\nLog file: {path}").format(path=app_settings.log_path()))

    # -- window state ----------------------------------------------------------------------------------
    def restore_state(self) -> None:
        s = app_settings.settings()
        geometry, state = s.value("window/geometry"), s.value("window/state")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        if isinstance(state, QByteArray):
            self.restoreState(state)

    def save_state(self) -> None:
        s = app_settings.settings()
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.LanguageChange:
            from app.i18n import retranslate_tree
            retranslate_tree(self)  # fixed texts; widgets with run-time texts handle the event themselves
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if self.train_panel.is_running() and not self._closing:
            if not self.train_panel.confirm_stop():
                event.ignore()
                return
            # Cancel, keep the event loop turning while the trainer saves its checkpoint, close after.
            self._closing = True
            job = self.train_panel.job
            self.train_panel.stop()
            self.statusBar().showMessage(self.tr("Saving a checkpoint before closing…"))
            job.ended.connect(self.close)
            event.ignore()
            return
        for job in self.preview_panel.jobs():
            job.join()
        for job in running_jobs():  # anything left (an export dialog's job) is cancelled and joined
            job.join()
        self.save_state()
        event.accept()
