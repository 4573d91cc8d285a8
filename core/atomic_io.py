"""Atomic file writes: a temporary file in the same folder, fsync, then os.replace."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path beside `path`; on success it replaces `path`, on error it vanishes.

    Readers never see a half-written file and a crash mid-write leaves the old file intact. durable=False
    skips the fsync, for files a program can make again (generated glyphs: thousands of fsyncs cost more
    wall time than drawing them); the replace stays atomic, and only a power cut could lose such a file.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    # mkstemp creates 0600; a font or project file should get the permissions any new file would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp_name, 0o666 & ~umask)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if durable:
            with open(tmp, "rb+") as handle:
                os.fsync(handle.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> None:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(path: str | os.PathLike, text: str) -> None:
    write_bytes_atomic(path, text.encode("utf-8"))


def write_png_atomic(path: str | os.PathLike, image, durable: bool = True) -> None:
    """A uint8 grayscale array (H, W) as a PNG, written atomically (see atomic_path for durable)."""
    from PIL import Image

    with atomic_path(path, durable) as tmp:
        Image.fromarray(image, mode="L").save(tmp, format="PNG")


def write_json_atomic(path: str | os.PathLike, obj: Any) -> None:
    """Human-readable JSON (indented, UTF-8 characters kept as they are)."""
    write_text_atomic(path, json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False) + "\n")
