"""Thread-safe pause / resume / cancel for long jobs, called directly from the GUI or CLI thread."""

from __future__ import annotations

import threading


class JobControl:
    """Checked by a job between steps; pause blocks at the next check, cancel ends the job cleanly."""

    def __init__(self) -> None:
        self._running = threading.Event()
        self._running.set()
        self._cancelled = threading.Event()

    def pause(self) -> None:
        self._running.clear()

    def resume(self) -> None:
        self._running.set()

    def cancel(self) -> None:
        self._cancelled.set()
        self._running.set()  # wake a paused job so it can save and return

    @property
    def is_paused(self) -> bool:
        return not self._running.is_set()

    @property
    def is_cancelled(self) -> bool:
        return self._cancelled.is_set()

    def wait_while_paused(self, timeout: float | None = None) -> bool:
        """Block while paused; returns False when the job should stop (cancelled)."""
        self._running.wait(timeout)
        return not self._cancelled.is_set()
