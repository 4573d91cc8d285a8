"""Turns any exception into a readable message (what failed, what to try) and shows it in a dialog."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


@dataclass
class UserError:
    what: str     # one line: what failed
    hint: str     # one line: what to try

    def text(self) -> str:
        return f"{self.what}\n\n{self.hint}" if self.hint else self.what

    @classmethod
    def from_text(cls, text: str) -> UserError:
        what, _, hint = text.partition("\n\n")
        return cls(what, hint)


def describe(exc: BaseException, doing: str = "") -> UserError:
    """A designer-facing description; the traceback itself is logged by the caller, never shown."""
    from core.errors import CheckpointError, ConfigError, CoreError, FontError, ProjectError

    prefix = f"{doing}: " if doing else ""
    first_line = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    lowered = first_line.lower()
    if "out of memory" in lowered or type(exc).__name__ == "OutOfMemoryError" or isinstance(exc, MemoryError):
        return UserError(prefix + _tr("the device ran out of memory."),
                         _tr("Lower the batch size or the image size in the advanced settings, "
                             "or pick another device."))
    if any(word in lowered for word in ("cuda", "mps", "device", "driver")) and not isinstance(exc, CoreError):
        return UserError(prefix + first_line,
                         _tr("Pick another device (for example CPU) in the advanced settings."))
    if isinstance(exc, CoreError):
        hint = {
            FontError: _tr("Check that the font file exists and opens in another program, or choose another font."),
            ProjectError: _tr("Check the project folder, or create a new project."),
            CheckpointError: _tr("Delete the damaged checkpoint from the project's checkpoints folder "
                                 "or start training afresh."),
            ConfigError: _tr("Correct the setting in the training form."),
        }.get(type(exc), _tr("Check the inputs and try again."))
        return UserError(prefix + first_line, hint)
    from app.settings import log_path
    return UserError(prefix + _tr("an unexpected error occurred ({kind}: {detail}).").format(
        kind=type(exc).__name__, detail=first_line[:200]),
        _tr("Details were written to {path}. Try again; if it keeps happening, report it with that file.")
        .format(path=log_path()))


def show_error(parent: QWidget | None, title: str, message: str) -> None:
    """A non-blocking dialog, so a failed job never freezes the window that reported it."""
    error = UserError.from_text(message)
    box = QMessageBox(QMessageBox.Icon.Warning, title, error.what, QMessageBox.StandardButton.Ok, parent)
    if error.hint:
        box.setInformativeText(error.hint)
    box.setObjectName("errorDialog")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    box.open()


