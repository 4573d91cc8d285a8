"""Loads the interface translation (.qm files beside this module) and switches it live.

Live switching: install_translator() makes Qt send LanguageChange to every widget. Widgets that build
text at run time retranslate themselves in changeEvent; for the many fixed labels, buttons, menus and
tooltips set once in constructors, retranslate_tree() maps each text back to its English source through
the .ts table and forward into the new language, so no constructor needs a retranslate method.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

HERE = Path(__file__).resolve().parent
_installed: list[QTranslator] = []
_current = ["en"]


def resolve_language(code: str) -> str:
    if code == "system":
        return "zh_CN" if QLocale.system().name().startswith("zh") else "en"
    return code


def install_translator(app: QCoreApplication, code: str) -> str:
    """Install the app's and Qt's own translations; English needs none. Returns the language used."""
    lang = resolve_language(code)
    _current[0] = lang
    for t in _installed:
        app.removeTranslator(t)
    _installed.clear()
    if lang == "en":
        return lang
    ours = QTranslator(app)
    if ours.load(str(HERE / f"zi2zi_studio_{lang}.qm")):
        app.installTranslator(ours)
        _installed.append(ours)
    qt_own = QTranslator(app)  # standard buttons (OK, Cancel) in the same language
    if qt_own.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_own)
        _installed.append(qt_own)
    return lang


def current_language() -> str:
    return _current[0]


@lru_cache(maxsize=4)
def translation_table(lang: str) -> dict[str, str]:
    """English source -> translation for every finished message of the language's .ts (all contexts)."""
    path = HERE / f"zi2zi_studio_{lang}.ts"
    if not path.is_file():
        return {}
    table: dict[str, str] = {}
    for message in ET.parse(path).getroot().iter("message"):
        source, translation = message.findtext("source"), message.find("translation")
        if source and translation is not None and translation.text and translation.get("type") != "unfinished":
            table.setdefault(source, translation.text)
    return table


def _converter(lang: str):
    reverse: dict[str, str] = {}
    for code in ("zh_CN",):
        reverse.update({v: k for k, v in translation_table(code).items()})
    forward = translation_table(lang) if lang != "en" else {}

    def convert(text: str) -> str:
        if not text:
            return text
        source = reverse.get(text, text)
        return forward.get(source, source)
    return convert


def retranslate_tree(root, lang: str | None = None) -> None:
    """Re-set the fixed texts of `root` and everything under it (widgets, actions, menus, tabs, combos)."""
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QGroupBox, QLabel, QLineEdit, QTabWidget, QWidget

    convert = _converter(lang or current_language())
    widgets = [root, *root.findChildren(QWidget)]
    for w in widgets:
        if w.isWindow() and w.windowTitle():
            w.setWindowTitle(convert(w.windowTitle()))
        if w.toolTip():
            w.setToolTip(convert(w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)) and not getattr(w, "keep_text", False):
            w.setText(convert(w.text()))
        elif isinstance(w, QGroupBox):
            w.setTitle(convert(w.title()))
        elif isinstance(w, QLineEdit):
            w.setPlaceholderText(convert(w.placeholderText()))
        elif isinstance(w, QTabWidget):
            for i in range(w.count()):
                w.setTabText(i, convert(w.tabText(i)))
        elif isinstance(w, QComboBox) and not w.isEditable():
            for i in range(w.count()):
                w.setItemText(i, convert(w.itemText(i)))
    for action in root.findChildren(QAction):
        action.setText(convert(action.text()))  # a menu's title is its menuAction's text
