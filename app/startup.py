"""Start-up tuning for a responsive GUI thread."""

from __future__ import annotations


def freeze_startup_heap() -> None:
    """Move everything loaded so far (torch, Qt wrappers) out of the garbage collector's sight.

    A full collection walks every tracked object; with torch imported that is ~100 ms on the GUI thread,
    a visible stall. Objects created at startup live for the whole session anyway.
    """
    import gc
    gc.collect()
    gc.freeze()
