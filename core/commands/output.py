"""What every command shares at the terminal: JSON output and Ctrl+C as a clean stop."""

from __future__ import annotations

import json
import signal
import sys


def print_json(obj) -> None:
    print(json.dumps(obj, indent=2, ensure_ascii=False))


def install_cancel_on_interrupt(control) -> None:
    """Ctrl+C asks the job to stop cleanly (training saves a checkpoint) instead of killing it."""
    def _handler(signum, frame):
        print("\nstopping after this step (saving a checkpoint)...", file=sys.stderr)
        control.cancel()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # a second Ctrl+C exits at once
    signal.signal(signal.SIGINT, _handler)
