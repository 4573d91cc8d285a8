"""Entry point of the `zi2zi-studio` command: checks for a display, sets up logging and language, shows the window."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

log = logging.getLogger(__name__)
HEADLESS_PLATFORMS = ("offscreen", "minimal", "vnc", "eglfs", "linuxfb")
ICON = Path(__file__).resolve().parent.parent / "resources" / "icons" / "zi2zi-studio.svg"


def has_display() -> bool:
    """Linux needs X11 or Wayland unless a headless Qt platform was chosen on purpose."""
    if not sys.platform.startswith("linux"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.split(":")[0] in HEADLESS_PLATFORMS:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="zi2zi-studio", description="zi2zi Studio desktop app")
    parser.add_argument("project", nargs="?", help="a project folder to open")
    parser.add_argument("--demo", action="store_true", help="open the bundled demo project")
    parser.add_argument("--lang", choices=["system", "en", "zh_CN"], help="interface language for this run")
    return parser.parse_args(argv)


def _install_excepthook(window_getter) -> None:
    """An exception in a GUI-thread slot is logged and shown as a dialog; the app keeps running."""
    def hook(kind, value, tb):
        log.error("unhandled exception", exc_info=(kind, value, tb))
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, value, tb)
            return
        from app.errors import describe, show_error
        show_error(window_getter(), "zi2zi Studio", describe(value).text())
    sys.excepthook = hook


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if not has_display():
        print("zi2zi-studio: no display found (set DISPLAY, or run `zi2zi demo` for the headless demo)",
              file=sys.stderr)
        return 2
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app import settings as app_settings
    from app.i18n import install_translator

    app_settings.identify_application()
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setWindowIcon(QIcon(str(ICON)))
    app.setDesktopFileName("zi2zi-studio")
    path = app_settings.setup_logging()
    log.info("zi2zi Studio starting; log at %s", path)
    install_translator(app, args.lang or app_settings.language())

    splash = _splash(app)   # torch and the project load for seconds: say so instead of a black window
    from app.main_window import MainWindow
    window = MainWindow()
    _install_excepthook(lambda: window)
    from app.startup import freeze_startup_heap
    freeze_startup_heap()
    if args.demo:
        _say(splash, app, app.translate("main", "Opening the demo…"))
        window.open_demo()
    elif args.project:
        _say(splash, app, app.translate("main", "Opening the project…"))
        window.open_project(args.project)
    window.show()
    splash.finish(window)
    return app.exec()


def _splash(app):
    from PySide6.QtCore import Qt

    # A light card: the icon, the name, and room under them for what is loading.
    from PySide6.QtGui import QColor, QFont, QPainter, QPixmap
    from PySide6.QtWidgets import QSplashScreen
    pixmap = QPixmap(420, 300)
    pixmap.fill(QColor("#fafafa"))
    painter = QPainter(pixmap)
    painter.drawPixmap(150, 28, QPixmap(str(ICON.with_name("zi2zi-studio-256.png"))).scaled(
        120, 120, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation))
    font = QFont()
    font.setPointSize(20)
    font.setBold(True)
    painter.setFont(font)
    painter.setPen(QColor("#1d2b4a"))
    painter.drawText(pixmap.rect().adjusted(0, 165, 0, 0), Qt.AlignmentFlag.AlignHCenter, "zi2zi Studio")
    painter.end()
    splash = QSplashScreen(pixmap, Qt.WindowType.WindowStaysOnTopHint)
    splash.setObjectName("splash")
    splash.show()
    _say(splash, app, app.translate("main", "Loading zi2zi Studio…"))
    return splash


def _say(splash, app, text: str) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor

    splash.showMessage(text + "\n", Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter, QColor("#555"))
    app.processEvents()


if __name__ == "__main__":
    sys.exit(main())
