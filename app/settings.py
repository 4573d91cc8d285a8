"""Persistent settings (QSettings), recent projects, the user's data folder and the log file."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, QStandardPaths

ORGANIZATION = "zi2zi"
APPLICATION = "zi2zi Studio"
RECENT_MAX = 10
LANGUAGES = {"system": "System", "en": "English", "zh_CN": "简体中文"}

log = logging.getLogger(__name__)


def identify_application() -> None:
    """QSettings and QStandardPaths derive their locations from these names, so set them first."""
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)


def settings() -> QSettings:
    return QSettings(ORGANIZATION, APPLICATION)


def data_dir() -> Path:
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    path = Path(location or Path.home() / ".zi2zi-studio")
    path.mkdir(parents=True, exist_ok=True)
    return path


def log_path() -> Path:
    return data_dir() / "logs" / "zi2zi-studio.log"


def setup_logging() -> Path:
    """Tracebacks go to this file, never to a dialog; designers see one readable line instead."""
    path = log_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    if not any(getattr(h, "_zi2zi", False) for h in root.handlers):
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=3,
                                                       encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._zi2zi = True  # type: ignore[attr-defined]
        root.addHandler(handler)
        root.setLevel(logging.INFO)
    return path


def recent_projects() -> list[str]:
    value = settings().value("recent/projects", [])
    if isinstance(value, str):  # QSettings returns a bare string for a one-item list on some backends
        value = [value]
    return [str(v) for v in (value or []) if v]


def add_recent_project(path: str | Path) -> None:
    path = str(Path(path).resolve())
    items = [p for p in recent_projects() if p != path]
    settings().setValue("recent/projects", [path, *items][:RECENT_MAX])


def remove_recent_project(path: str) -> None:
    settings().setValue("recent/projects", [p for p in recent_projects() if p != path])


def language() -> str:
    value = str(settings().value("ui/language", "system"))
    return value if value in LANGUAGES else "system"


def set_language(code: str) -> None:
    settings().setValue("ui/language", code)


def measured_seconds_per_step(image_size: int) -> float | None:
    """The last training speed this computer showed at a size (app.run_length records it), for estimates
    made before a project exists (the New project dialog)."""
    value = settings().value(f"speed/{image_size}")
    try:
        return float(value) if value else None
    except (TypeError, ValueError):
        return None


def remember_seconds_per_step(image_size: int, seconds: float) -> None:
    settings().setValue(f"speed/{image_size}", float(seconds))
