"""Loads the interface translation (.qm files beside this module) for the chosen language."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

HERE = Path(__file__).resolve().parent
_installed: list[QTranslator] = []


def resolve_language(code: str) -> str:
    if code == "system":
        return "zh_CN" if QLocale.system().name().startswith("zh") else "en"
    return code


def install_translator(app: QCoreApplication, code: str) -> str:
    """Install the app's and Qt's own translations; English needs none. Returns the language used."""
    lang = resolve_language(code)
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
