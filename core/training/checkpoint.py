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
# A generator-only model (weights in fp16, config, style names): ~1/10 of a checkpoint, enough to
# generate glyphs and to start training from (the discriminator starts fresh). The demo ships one.
GENERATOR_FORMAT = "zi2zi-studio-generator"
CHECKPOINT_VERSION = 1
INDEX_NAME = "index.json"
BEST_NAME = "best.pt"
BASE_NAME = "base.pt"  # a generator-only model a project starts from until it has checkpoints of its own


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
    if not isinstance(state, dict) or state.get("format") not in (CHECKPOINT_FORMAT, GENERATOR_FORMAT):
        raise CheckpointError(f"{path} is not a zi2zi Studio checkpoint")
    if state.get("version", 0) > CHECKPOINT_VERSION:
        raise CheckpointError(f"checkpoint {path} was written by a newer zi2zi Studio")
    return state


def checkpoint_config(state: dict[str, Any]) -> Config:
    return Config.from_dict(state.get("config"))


def is_generator_only(state: dict[str, Any]) -> bool:
    return state.get("format") == GENERATOR_FORMAT


def inference_weights(state: dict[str, Any]) -> dict[str, Any]:
    """The generator weights to draw glyphs with: the EMA average when the checkpoint has one."""
    ema = state.get("generator_ema")
    if isinstance(ema, dict) and isinstance(ema.get("weights"), dict):
        return ema["weights"]
    return state["generator"]


def save_generator_file(path: str | Path, state: dict[str, Any], dtype: torch.dtype = torch.float16) -> Path:
    """Write the generator of a checkpoint state alone (its EMA weights when it has them), floating tensors
    cast to `dtype` (fp16 halves the file)."""
    weights = {name: t.detach().to("cpu", dtype) if t.is_floating_point() else t.detach().cpu()
               for name, t in inference_weights(state).items()}
    payload = {"format": GENERATOR_FORMAT, "version": CHECKPOINT_VERSION, "config": state["config"],
               "style_names": list(state.get("style_names") or []), "step": int(state.get("step", 0)),
               "best_held_out_l1": state.get("best_held_out_l1"), "generator": weights}
    with atomic_path(path) as tmp:
        torch.save(payload, tmp)
    return Path(path)


def pack_generator(checkpoint: str | Path, out: str | Path) -> Path:
    """A full checkpoint -> a generator-only fp16 file (`zi2zi pack-model`)."""
    return save_generator_file(out, load_checkpoint(checkpoint))


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
        """best.pt, else the latest step file, else the generator-only base model, else None."""
        path = self.folder / BEST_NAME
        return path if path.is_file() else self.latest() or self.base()

    def base(self) -> Path | None:
        path = self.folder / BASE_NAME
        return path if path.is_file() else None

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
