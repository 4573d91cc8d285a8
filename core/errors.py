"""The CoreError family: every failure a designer can cause, named and explained in one line."""

from __future__ import annotations


class CoreError(Exception):
    """A failure the user can act on. str(error) is one readable line; the cause is chained."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class FontError(CoreError):
    """A font file is missing, unreadable, corrupt, or lacks what was asked of it."""


class CharsetError(CoreError):
    """A charset name is unknown or a character list cannot be read."""


class ConfigError(CoreError):
    """A configuration value is out of range or of the wrong type."""


class ProjectError(CoreError):
    """A project folder is missing, not a project, or its files are damaged."""


class ProjectBusyError(ProjectError):
    """Another process is training the project (it holds the project's training lock)."""


class CheckpointError(CoreError):
    """A checkpoint is missing, damaged, or does not fit the model."""


class TrainingError(CoreError):
    """Training cannot continue (non-finite losses that do not recover, out of memory, ...)."""


class ExportError(CoreError):
    """A font cannot be traced, built, validated or written."""
