"""Checkpoints: written atomically, config embedded, loaded without unpickling arbitrary objects.

A checkpoint is a torch.save'd dict of tensors and plain Python values only, so
torch.load(weights_only=True) can read it. checkpoints/index.json lists what is on disk with the
held-out L1 of each, which picks the best and decides what the retention policy deletes.
"""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path
from typing import Any

import torch

from core.atomic_io import atomic_path, write_json_atomic
from core.config import Config
from core.errors import CheckpointError

log = logging.getLogger(__name__)

CHECKPOINT_FORMAT = "zi2zi-studio-checkpoint"
CHECKPOINT_VERSION = 1
INDEX_NAME = "index.json"
BEST_NAME = "best.pt"


def save_checkpoint(path: Path, state: dict[str, Any]) -> Path:
    """Write `state` (tensors and plain values) atomically; readers never see half a file."""
    payload = {"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION, **state}
    with atomic_path(path) as tmp:
        torch.save(payload, tmp)
    return Path(path)


def load_checkpoint(path: str | Path, map_location: str | torch.device = "cpu") -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint {path} does not exist")
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except Exception as exc:  # torch raises many types for damaged or foreign files
        raise CheckpointError(f"checkpoint {path} is damaged or not a zi2zi Studio checkpoint") from exc
    if not isinstance(state, dict) or state.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"{path} is not a zi2zi Studio checkpoint")
    if state.get("version", 0) > CHECKPOINT_VERSION:
        raise CheckpointError(f"checkpoint {path} was written by a newer zi2zi Studio")
    return state


def checkpoint_config(state: dict[str, Any]) -> Config:
    return Config.from_dict(state.get("config"))


class CheckpointStore:
    """The checkpoints/ folder: step files, best.pt and index.json, with a keep-last-N policy."""

    def __init__(self, folder: Path, keep_last: int = 3):
        self.folder = Path(folder)
        self.keep_last = max(1, keep_last)

    @property
    def index_path(self) -> Path:
        return self.folder / INDEX_NAME

    def read_index(self) -> dict[str, Any]:
        try:
            return json.loads(self.index_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {"checkpoints": [], "best": None}
        except (OSError, ValueError) as exc:
            # A damaged index is rebuilt from the files themselves, never fatal.
            log.warning("checkpoint index %s unreadable (%s); rebuilding it", self.index_path, exc)
            entries = [{"file": p.name, "step": step_of(p), "held_out_l1": None}
                       for p in sorted(self.folder.glob("step-*.pt"))]
            return {"checkpoints": entries, "best": None}

    def latest(self) -> Path | None:
        entries = [e for e in self.read_index()["checkpoints"] if (self.folder / e["file"]).is_file()]
        if not entries:
            return None
        return self.folder / max(entries, key=lambda e: e["step"])["file"]

    def best(self) -> Path | None:
        path = self.folder / BEST_NAME
        return path if path.is_file() else self.latest()

    def save(self, step: int, state: dict[str, Any], held_out_l1: float | None) -> tuple[Path, bool]:
        """Save a step checkpoint, update best.pt when held-out L1 improved, prune old ones."""
        path = save_checkpoint(self.folder / f"step-{step:08d}.pt", state)
        index = self.read_index()
        entries = [e for e in index["checkpoints"] if e["step"] != step]
        entries.append({"file": path.name, "step": step, "held_out_l1": held_out_l1})
        entries.sort(key=lambda e: e["step"])
        best = index.get("best")
        is_best = held_out_l1 is not None and (best is None or best.get("held_out_l1") is None
                                                or held_out_l1 < best["held_out_l1"])
        if is_best:
            with atomic_path(self.folder / BEST_NAME) as tmp:
                shutil.copyfile(path, tmp)
            best = {"step": step, "held_out_l1": held_out_l1}
        for old in entries[:-self.keep_last]:
            (self.folder / old["file"]).unlink(missing_ok=True)
        entries = entries[-self.keep_last:]
        write_json_atomic(self.index_path, {"checkpoints": entries, "best": best})
        return path, is_best


def step_of(path: Path) -> int:
    """The step in a step-NNNNNNNN.pt file name (-1 for any other name)."""
    try:
        return int(path.stem.split("-")[1])
    except (IndexError, ValueError):
        return -1
