"""Checkpoints: written atomically, config embedded, checksummed, loaded without unpickling arbitrary objects.

A checkpoint is a torch.save'd dict of tensors and plain Python values only, so
torch.load(weights_only=True) can read it. Each payload carries a sha256 digest of its own contents,
verified on load, so a bit-flipped tensor is refused instead of drawing garbage. The step files on disk
are the truth; checkpoints/index.json only caches the held-out L1 of each (which picks the best) and is
rebuilt from the files whenever it is missing, damaged or disagrees with them.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import torch

from core.atomic_io import atomic_path, write_json_atomic
from core.config import Config
from core.errors import CheckpointError
from core.project.layout import BASE_MODEL_FILE, BEST_MODEL_FILE, CHECKPOINT_INDEX_FILE

log = logging.getLogger(__name__)

CHECKPOINT_FORMAT = "zi2zi-studio-checkpoint"
# A generator-only model (weights in fp16, config, style names): ~1/10 of a checkpoint, enough to
# generate glyphs and to start training from (the discriminator starts fresh). The demo ships one.
GENERATOR_FORMAT = "zi2zi-studio-generator"
CHECKPOINT_VERSION = 1
INDEX_NAME = CHECKPOINT_INDEX_FILE
BEST_NAME = BEST_MODEL_FILE
BASE_NAME = BASE_MODEL_FILE  # a generator-only model a project starts from until it has checkpoints of its own
DIGEST_KEY = "digest"
# What a packed model may say about its fonts (plain values: torch.load(weights_only=True) reads them).
PACKED_FONT_KEYS = ("source_font", "style_fonts", "held_out_styles")
DAMAGED_SUFFIX = ".damaged"  # a step file that failed its checksum is renamed aside, never deleted


def _walk(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """(path, leaf) for every leaf of nested dicts and lists, in a fixed order."""
    if isinstance(value, dict):
        for key in sorted(value, key=str):
            yield from _walk(value[key], f"{path}/{key}")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from _walk(item, f"{path}/{i}")
    else:
        yield path, value


def state_digest(state: dict[str, Any]) -> str:
    """sha256 over every tensor's bytes, dtype and shape and every plain value, digest key excluded."""
    h = hashlib.sha256()
    for path, leaf in _walk({k: v for k, v in state.items() if k != DIGEST_KEY}):
        h.update(path.encode("utf-8", "surrogatepass"))
        if isinstance(leaf, torch.Tensor):
            t = leaf.detach().to("cpu").contiguous()
            h.update(f"{t.dtype}{tuple(t.shape)}".encode())
            if t.numel():
                h.update(t.reshape(-1).view(torch.uint8).numpy().tobytes())
        else:
            h.update(repr(leaf).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def nonfinite_tensors(state: dict[str, Any]) -> list[str]:
    """Paths of floating-point tensors holding NaN or infinity (weights, buffers, optimiser moments)."""
    bad = []
    for path, leaf in _walk(state):
        if isinstance(leaf, torch.Tensor) and leaf.is_floating_point() and leaf.numel():
            if not bool(torch.isfinite(leaf.detach()).all()):
                bad.append(path.lstrip("/"))
        elif isinstance(leaf, float) and path.endswith("lr_scale") and not math.isfinite(leaf):
            bad.append(path.lstrip("/"))
    return bad


def _save_payload(path: Path, payload: dict[str, Any]) -> Path:
    bad = nonfinite_tensors(payload)
    if bad:  # a last line of defence: the trainer rolls back before it gets here
        raise CheckpointError(f"refusing to write {Path(path).name}: {len(bad)} tensors hold NaN or infinite "
                              f"values (first: {bad[0]})", hint="the model diverged; lower the learning rates")
    payload[DIGEST_KEY] = state_digest(payload)
    try:
        with atomic_path(path) as tmp:
            torch.save(payload, tmp)
    except RuntimeError as exc:  # torch's zip writer reports a full disk as "file write failed"
        raise CheckpointError(f"cannot write {path}: {str(exc).splitlines()[0] if str(exc) else 'write failed'}",
                              hint="check that the disk has free space") from exc
    return Path(path)


def save_checkpoint(path: Path, state: dict[str, Any]) -> Path:
    """Write `state` (tensors and plain values) atomically with its digest; readers never see half a file."""
    return _save_payload(Path(path), {"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION, **state})


def load_checkpoint(path: str | Path, map_location: str | torch.device = "cpu") -> dict[str, Any]:
    path = Path(path)
    if not path.is_file():
        raise CheckpointError(f"checkpoint {path} does not exist")
    try:
        state = torch.load(path, map_location=map_location, weights_only=True)
    except MemoryError as exc:
        raise CheckpointError(f"checkpoint {path} is too large to load into memory") from exc
    except Exception as exc:  # torch raises many types for damaged or foreign files
        raise CheckpointError(f"checkpoint {path} is damaged or not a zi2zi Studio checkpoint") from exc
    if not isinstance(state, dict) or state.get("format") not in (CHECKPOINT_FORMAT, GENERATOR_FORMAT):
        raise CheckpointError(f"{path} is not a zi2zi Studio checkpoint")
    version = state.get("version", 0)
    if not isinstance(version, int) or version > CHECKPOINT_VERSION:
        raise CheckpointError(f"checkpoint {path} was written by a newer zi2zi Studio")
    _check_contents(path, state)
    return state


def _check_contents(path: Path, state: dict[str, Any]) -> None:
    """The digest matches and the weights are there: a damaged file is refused, never half-used."""
    stored = state.get(DIGEST_KEY)
    if stored is not None and stored != state_digest(state):
        raise CheckpointError(f"checkpoint {path} is damaged (its contents do not match its checksum)",
                              hint="use another checkpoint or train again")
    if PACKED_WEIGHTS_KEY in state:
        try:
            state["generator"] = _unpack_fp16(state.pop(PACKED_WEIGHTS_KEY))
        except (KeyError, TypeError, ValueError, RuntimeError, zlib.error) as exc:
            raise CheckpointError(f"checkpoint {path} is damaged (its packed weights do not unpack: {exc})") from exc
    generator = state.get("generator")
    if (not isinstance(generator, dict) or not generator
            or not all(isinstance(t, torch.Tensor) for t in generator.values())):
        raise CheckpointError(f"checkpoint {path} holds no generator weights")
    if not isinstance(state.get("config"), dict):
        raise CheckpointError(f"checkpoint {path} holds no model settings")
    ema = state.get("generator_ema")
    bad = nonfinite_tensors({"generator": generator, **({"generator_ema": ema} if isinstance(ema, dict) else {})})
    if bad:
        raise CheckpointError(f"checkpoint {path} holds NaN or infinite weights ({bad[0]})",
                              hint="the model diverged; use an earlier checkpoint")
    if not isinstance(state.get("step", 0), int):
        raise CheckpointError(f"checkpoint {path} is damaged (its step is not a number)")


def peek_checkpoint(path: Path) -> dict[str, Any] | None:
    """The small plain values of a checkpoint (step, held-out L1) without verifying it; None if unreadable."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except Exception:  # any damage: the caller treats the file as unknown
        return None
    if not isinstance(state, dict):
        return None
    return {k: state.get(k) for k in ("step", "held_out_l1", "best_held_out_l1")}


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


# A generator file's fp16 weights are stored as two zlib-compressed byte planes (the high bytes, sign and
# exponent, repeat far more than the low ones): lossless, 22.0 -> 18.8 MB for the 128 px base model, where
# zlib over the interleaved bytes saves only 8 %. Unpacking takes under a second.
PACKED_WEIGHTS_KEY = "generator_fp16_planes"


def _pack_fp16(weights: dict[str, torch.Tensor]) -> dict[str, Any]:
    names = [n for n, t in weights.items() if t.dtype == torch.float16]
    raw = torch.cat([weights[n].contiguous().view(-1).view(torch.uint8) for n in names]) if names else \
        torch.empty(0, dtype=torch.uint8)
    planes = raw.view(-1, 2).t().contiguous().numpy()   # row 0: every value's first byte, row 1: its second
    return {"names": names, "shapes": [list(weights[n].shape) for n in names],
            "planes": [torch.frombuffer(bytearray(zlib.compress(p.tobytes(), 9)), dtype=torch.uint8) for p in planes],
            "other": {n: t for n, t in weights.items() if t.dtype != torch.float16}}


def _unpack_fp16(packed: dict[str, Any]) -> dict[str, torch.Tensor]:
    planes = [torch.frombuffer(bytearray(zlib.decompress(p.numpy().tobytes())), dtype=torch.uint8)
              for p in packed["planes"]]
    values = torch.stack(planes, dim=1).reshape(-1).view(torch.float16)
    weights, start = {}, 0
    for name, shape in zip(packed["names"], packed["shapes"], strict=True):
        count = math.prod(shape)
        weights[name] = values[start:start + count].reshape(shape).clone()
        start += count
    if start != values.numel():
        raise ValueError("the weights do not fill the packed planes")
    return {**weights, **packed["other"]}


def save_generator_file(path: str | Path, state: dict[str, Any], dtype: torch.dtype = torch.float16,
                        fonts: dict[str, Any] | None = None) -> Path:
    """Write the generator of a checkpoint state alone (its EMA weights when it has them), floating tensors
    cast to `dtype` (fp16 halves the file). fonts: where its styles came from (see `packed_fonts`)."""
    weights = {name: t.detach().to("cpu", dtype) if t.is_floating_point() else t.detach().cpu()
               for name, t in inference_weights(state).items()}
    payload = {"format": GENERATOR_FORMAT, "version": CHECKPOINT_VERSION, "config": state["config"],
               "style_names": list(state.get("style_names") or []), "step": int(state.get("step", 0)),
               "best_held_out_l1": state.get("best_held_out_l1")}
    if dtype == torch.float16:
        payload[PACKED_WEIGHTS_KEY] = _pack_fp16(weights)
    else:
        payload["generator"] = weights
    payload.update({key: value for key, value in (fonts or {}).items() if key in PACKED_FONT_KEYS})
    return _save_payload(Path(path), payload)


def pack_generator(checkpoint: str | Path, out: str | Path, fonts: dict[str, Any] | None = None) -> Path:
    """A full checkpoint -> a generator-only fp16 file (`zi2zi pack-model`), with its styles' fonts if given."""
    return save_generator_file(out, load_checkpoint(checkpoint), fonts=fonts)


def packed_fonts(state: dict[str, Any]) -> dict[str, Any]:
    """Where a packed model's styles came from, so fine-tuning can replay them on a machine with those fonts:
    {"source_font": ref | None, "style_fonts": {style name: ref}, "held_out_styles": [names]}, a ref being
    {"path", "index", "family", "style", "package"} (plain values). Empty for files packed without them;
    malformed entries are dropped, never fatal."""
    def ref(value: Any) -> dict[str, Any] | None:
        if not (isinstance(value, dict) and isinstance(value.get("path"), str) and isinstance(value.get("index"), int)):
            return None
        return {"path": value["path"], "index": value["index"],
                **{k: value[k] if isinstance(value.get(k), str) else None for k in ("family", "style", "package")}}

    styles = state.get("style_fonts") if isinstance(state.get("style_fonts"), dict) else {}
    held = state.get("held_out_styles") if isinstance(state.get("held_out_styles"), list) else []
    return {"source_font": ref(state.get("source_font")),
            "style_fonts": {str(name): r for name, value in styles.items() if (r := ref(value)) is not None},
            "held_out_styles": [str(name) for name in held]}


class CheckpointStore:
    """The checkpoints/ folder: step files, best.pt and index.json, with a keep-last-N policy.

    The step files are the truth: a kill between writing a step file and index.json, an index naming a
    missing file, or no index at all loses nothing; the index is reconciled with the files on every read.
    """

    def __init__(self, folder: Path, keep_last: int = 3):
        self.folder = Path(folder)
        self.keep_last = max(1, keep_last)

    @property
    def index_path(self) -> Path:
        return self.folder / INDEX_NAME

    def step_files(self) -> list[Path]:
        """step-NNNNNNNN.pt files on disk, oldest first."""
        if not self.folder.is_dir():
            return []
        found = [p for p in self.folder.glob("step-*.pt") if step_of(p) >= 0 and p.is_file()]
        return sorted(found, key=step_of)

    def read_index(self) -> dict[str, Any]:
        """{"checkpoints": [{"file", "step", "held_out_l1"}], "best": {"step", "held_out_l1"} | None},
        agreeing with the files on disk whatever index.json says."""
        cached = self._cached_index()
        known = {e["file"]: e for e in cached["checkpoints"]} if cached else {}
        entries = [{"file": p.name, "step": step_of(p), "held_out_l1": known.get(p.name, {}).get("held_out_l1")}
                   for p in self.step_files()]
        best = cached["best"] if cached else None
        if not (self.folder / BEST_NAME).is_file():
            best = None
        elif best is None:
            best = self._best_from_file()
        return {"checkpoints": entries, "best": best}

    def _cached_index(self) -> dict[str, Any] | None:
        try:
            raw = json.loads(self.index_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:  # damaged: rebuilt from the files themselves, never fatal
            log.warning("checkpoint index %s unreadable (%s); rebuilding it", self.index_path, exc)
            return None
        if not _valid_index(raw):
            log.warning("checkpoint index %s is malformed; rebuilding it", self.index_path)
            return None
        return raw

    def _best_from_file(self) -> dict[str, Any] | None:
        """best.pt's own step and held-out L1, so a lost index never lets a worse model replace it."""
        info = peek_checkpoint(self.folder / BEST_NAME)
        if not info or not isinstance(info.get("step"), int):
            return None
        l1 = info.get("held_out_l1", info.get("best_held_out_l1"))
        l1 = l1 if isinstance(l1, (int, float)) and math.isfinite(l1) else None
        return {"step": info["step"], "held_out_l1": l1}

    def latest(self) -> Path | None:
        files = self.step_files()
        return files[-1] if files else None

    def best(self) -> Path | None:
        """best.pt, else the latest step file, else the generator-only base model, else None."""
        path = self.folder / BEST_NAME
        return path if path.is_file() else self.latest() or self.base()

    def base(self) -> Path | None:
        path = self.folder / BASE_NAME
        return path if path.is_file() else None

    def set_aside(self, path: Path) -> Path:
        """Rename a damaged step file so it is neither resumed from nor counted as one of the last N."""
        target = path.with_name(path.name + DAMAGED_SUFFIX)
        os.replace(path, target)
        return target

    def archive(self) -> Path | None:
        """Move step files, best.pt and index.json into previous-N/ before a run starts over: nothing is lost."""
        files = self.step_files() + [p for p in (self.folder / BEST_NAME, self.index_path) if p.is_file()]
        if not files:
            return None
        n = 1
        while (self.folder / f"previous-{n}").exists():
            n += 1
        target = self.folder / f"previous-{n}"
        target.mkdir()
        for path in files:
            os.replace(path, target / path.name)
        return target

    def clean_temporary(self) -> int:
        """Remove half-written files a killed run left behind (only the one trainer, holding the lock)."""
        removed = 0
        for tmp in self.folder.glob(".*.tmp") if self.folder.is_dir() else []:
            try:
                tmp.unlink()
                removed += 1
            except OSError as exc:
                log.warning("cannot remove leftover %s: %s", tmp, exc)
        return removed

    def save(self, step: int, state: dict[str, Any], held_out_l1: float | None) -> tuple[Path, bool]:
        """Save a step checkpoint, update best.pt when held-out L1 improved, prune old ones."""
        path = save_checkpoint(self.folder / f"step-{step:08d}.pt", {**state, "held_out_l1": held_out_l1})
        index = self.read_index()
        for entry in index["checkpoints"]:
            if entry["step"] == step:
                entry["held_out_l1"] = held_out_l1
        best = index.get("best")
        is_best = held_out_l1 is not None and (best is None or best.get("held_out_l1") is None
                                                or held_out_l1 < best["held_out_l1"])
        if is_best:
            with atomic_path(self.folder / BEST_NAME) as tmp:
                shutil.copyfile(path, tmp)
            best = {"step": step, "held_out_l1": held_out_l1}
        entries = index["checkpoints"]
        for old in entries[:-self.keep_last]:  # orphans the index never knew of are pruned too
            (self.folder / old["file"]).unlink(missing_ok=True)
        write_json_atomic(self.index_path, {"checkpoints": entries[-self.keep_last:], "best": best})
        return path, is_best


def _valid_index(raw: Any) -> bool:
    def number(v: Any) -> bool:
        return v is None or (isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v))

    if not isinstance(raw, dict) or not isinstance(raw.get("checkpoints"), list):
        return False
    for e in raw["checkpoints"]:
        if not (isinstance(e, dict) and isinstance(e.get("file"), str) and isinstance(e.get("step"), int)
                and number(e.get("held_out_l1"))):
            return False
    best = raw.get("best")
    return best is None or (isinstance(best, dict) and isinstance(best.get("step"), int)
                            and number(best.get("held_out_l1")))


def step_of(path: Path) -> int:
    """The step in a step-NNNNNNNN.pt file name (-1 for any other name)."""
    name = Path(path).name
    if not (name.startswith("step-") and name.endswith(".pt")):
        return -1
    digits = name[len("step-"):-len(".pt")]
    return int(digits) if digits.isdigit() else -1
