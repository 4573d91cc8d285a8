"""The entry point: one line and a non-zero exit without a display; the start screen and settings otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_no_display_exits_with_one_line():
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "app"], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode != 0
    assert len(result.stderr.strip().splitlines()) == 1 and "display" in result.stderr


def test_start_screen_lists_recent_projects(qtbot, tmp_path):
    from app import settings as app_settings
    from app.main_window import MainWindow
    app_settings.add_recent_project(tmp_path)
    window = MainWindow()
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.start_screen
    paths = [window.start_screen.recent.item(i).data(256) for i in range(window.start_screen.recent.count())]
    assert str(tmp_path.resolve()) in paths
    window.save_state()
    assert app_settings.settings().value("window/geometry") is not None


def test_config_form_is_generated_from_dataclasses(qtbot):
    import dataclasses

    from app.config_form import HIDDEN, ConfigForm
    from core.config import Config, TrainConfig
    form = ConfigForm()
    qtbot.addWidget(form)
    for f in dataclasses.fields(TrainConfig):
        if ("train", f.name) not in HIDDEN:
            assert form.editor("train", f.name) is not None
    assert not form.advanced.isVisibleTo(form)  # advanced options are folded away
    config = Config()
    form.set_config(config)
    form.editor("train", "batch_size").setValue(4)
    form.editor("train", "adversarial_loss").setCurrentIndex(form.editor("train", "adversarial_loss").findData("bce"))
    result = form.apply_to(config)
    assert result.train.batch_size == 4 and result.train.adversarial_loss == "bce"
    assert form.editor("train", "device").toolTip()  # tooltips come from the config's comments
    # The recipe's choices are menus, never free text a designer could mistype.
    conditioning = form.editor("model", "discriminator_conditioning")
    conditioning.setCurrentIndex(conditioning.findData("projection"))
    augment = form.editor("train", "augment")
    augment.setCurrentIndex(augment.findData("none"))
    result = form.apply_to(config)
    assert result.model.discriminator_conditioning == "projection" and result.train.augment == "none"


def test_chinese_translation_loads(qapp):
    from PySide6.QtCore import QCoreApplication

    from app.i18n import install_translator
    try:
        assert install_translator(qapp, "zh_CN") == "zh_CN"
        assert QCoreApplication.translate("TrainPanel", "Start training") != "Start training"
    finally:
        install_translator(qapp, "en")


def test_help_opens_a_short_user_guide(qtbot):
    from app.main_window import MainWindow
    window = MainWindow()
    qtbot.addWidget(window)
    dialog = window.show_guide()
    qtbot.addWidget(dialog)
    assert "Evaluate" in dialog.text.toPlainText() and "15 minutes" in dialog.text.toPlainText()
    assert window.findChild(type(window.menuBar().actions()[0]), "userGuide") is not None
