"""The settings form and the export dialog offer exactly the values core.config declares, by their labels."""

from __future__ import annotations

import dataclasses

from app_test_projects import make_project
from PySide6.QtWidgets import QComboBox

from core.config import SECTIONS, choice_label, field_choices


def _menu(box: QComboBox) -> tuple[list, list[str]]:
    return [box.itemData(i) for i in range(box.count())], [box.itemText(i) for i in range(box.count())]


def test_every_menu_of_the_settings_form_is_the_settings_domain(qtbot):
    from app.config_form import HIDDEN, ConfigForm
    from app.config_form import SECTIONS as FORM_SECTIONS

    form = ConfigForm()
    qtbot.addWidget(form)
    menus = 0
    for section in FORM_SECTIONS:
        for f in dataclasses.fields(SECTIONS[section]):
            choices = field_choices(section, f.name)
            if choices is None or (section, f.name) in HIDDEN:
                continue
            values, texts = _menu(form.editor(section, f.name))
            assert values == list(choices), f.name
            assert texts == [choice_label(section, f.name, v) for v in choices], f.name
            menus += 1
    assert menus >= 10   # image size, kernel, norms, D style input, loss, optimizer, schedule, augment, device


def test_export_dialog_offers_the_export_domains(qtbot, tmp_path):
    from app.export_dialog import ExportDialog

    dialog = ExportDialog(make_project(tmp_path / "p"))
    qtbot.addWidget(dialog)
    values, texts = _menu(dialog.edge_policy)
    assert values == list(field_choices("export", "edge_policy"))
    assert texts == [choice_label("export", "edge_policy", v) for v in values]
    assert list(dialog.format_boxes) == list(field_choices("export", "formats"))
    assert [box.text() for box in dialog.format_boxes.values()] == ["TTF", "OTF", "WOFF", "WOFF2", "UFO"]


def test_setting_words_are_translated(qtbot, qapp):
    from app.config_form import ConfigForm
    from app.i18n import install_translator

    try:
        install_translator(qapp, "zh_CN")
        form = ConfigForm()
        qtbot.addWidget(form)
        device = form.editor("train", "device")
        assert device.itemText(device.findData("cpu")) == "处理器（CPU）"
        assert form.editor("train", "steps").toolTip().startswith("训练持续多久")
    finally:
        install_translator(qapp, "en")
