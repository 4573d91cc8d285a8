"""Training pairs (source glyph, target glyph, style) packed as uint8 arrays and cached in the project's cache/."""

from __future__ import annotations

import hashlib
import json
import logging
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError

from core.atomic_io import atomic_path
from core.errors import ProjectError
from core.project import Project, handwriting_codepoints, layout
from core.project.glyphs import designer_targets, training_replaces
from core.render import render_glyphs

log = logging.getLogger(__name__)

CACHE_VERSION = 1


@dataclass
class PairData:
    """Pairs index into shared arrays: one source bitmap per character, one target bitmap per pair."""
    image_size: int
    sources: np.ndarray          # (C, S, S) uint8, 255 = paper
    char_codepoints: np.ndarray  # (C,) int64
    targets: np.ndarray          # (P, S, S) uint8
    pair_char: np.ndarray        # (P,) int64 index into sources
    pair_style: np.ndarray       # (P,) int64 project style id
    pair_held_out: np.ndarray    # (P,) bool: held-out characters never reach training
    # Style ids held out whole (project.held_out_styles): none of their pairs reach training, and the
    # seen-styles evaluation leaves them to core.quality.unseen_styles. Not cached: it is set on loading.
    held_out_styles: tuple[int, ...] = ()

    @property
    def pair_unseen_style(self) -> np.ndarray:
        """(P,) bool: the pair's style is held out whole."""
        return np.isin(self.pair_style, list(self.held_out_styles))

    @property
    def train_indices(self) -> np.ndarray:
        return np.flatnonzero(~self.pair_held_out & ~self.pair_unseen_style)

    @property
    def held_out_indices(self) -> np.ndarray:
        return np.flatnonzero(self.pair_held_out & ~self.pair_unseen_style)

    def unseen_style_indices(self, style_id: int, held_out: bool) -> np.ndarray:
        """Pairs of a held-out style: its held-out characters (held_out) or its training characters."""
        return np.flatnonzero((self.pair_style == style_id) & (self.pair_held_out == held_out))

    @property
    def num_styles(self) -> int:
        return int(self.pair_style.max()) + 1 if len(self.pair_style) else 0

    def batch(self, indices) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(B,) pair indices -> source (B, S, S), target (B, S, S), style (B,)."""
        indices = np.asarray(indices, dtype=np.int64)
        return self.sources[self.pair_char[indices]], self.targets[indices], self.pair_style[indices]

    def codepoints_of(self, indices) -> list[int]:
        return [int(self.char_codepoints[self.pair_char[i]]) for i in np.asarray(indices)]


class BatchSampler:
    """Shuffled epochs over a fixed set of pair indices; the state is two integers, so resuming is exact."""

    def __init__(self, data: PairData, indices: np.ndarray, batch_size: int, seed: int = 0):
        self.indices = np.asarray(indices, dtype=np.int64)
        if len(self.indices) == 0:
            raise ProjectError("there are no training pairs to sample from")
        self.batch_size = batch_size
        self.seed = seed
        self.epoch = 0
        self.position = 0
        self._order = self._permutation(0)

    def _permutation(self, epoch: int) -> np.ndarray:
        return self.indices[np.random.default_rng([self.seed, epoch]).permutation(len(self.indices))]

    def next(self) -> np.ndarray:
        """The next batch of pair indices; a batch never straddles epochs, small sets repeat within one."""
        if self.position + self.batch_size > len(self._order) and self.position > 0:
            self.epoch += 1
            self.position = 0
            self._order = self._permutation(self.epoch)
        picked = self._order[self.position:self.position + self.batch_size]
        if len(picked) < self.batch_size:  # fewer pairs than a batch: wrap around within the epoch
            picked = np.resize(self._order, self.batch_size)
        self.position += self.batch_size
        return picked

    def state_dict(self) -> dict[str, int]:
        return {"epoch": self.epoch, "position": self.position, "seed": self.seed}

    def load_state_dict(self, state: dict[str, int]) -> None:
        self.seed = int(state.get("seed", self.seed))
        self.epoch = int(state["epoch"])
        self.position = int(state["position"])
        self._order = self._permutation(self.epoch)


def to_tensor(images: np.ndarray) -> torch.Tensor:
    """uint8 (B, S, S) -> float32 (B, 1, S, S) in [-1, 1], paper = +1."""
    return torch.from_numpy(np.ascontiguousarray(images)).unsqueeze(1).float().div_(127.5).sub_(1.0)


def to_uint8(images: torch.Tensor) -> np.ndarray:
    """float (B, 1, S, S) in [-1, 1] -> uint8 (B, S, S); values outside the range are clamped."""
    return ((images.detach().float().clamp(-1, 1) + 1) * 127.5).round().to(torch.uint8)[:, 0].cpu().numpy()


# ----- building and caching ------------------------------------------------------------------------
def load_pairs(project: Project, image_size: int | None = None, designer_glyphs: bool | None = None) -> PairData:
    """The project's pairs at one size, from cache/pairs-<size>.npz when nothing they depend on changed.

    designer_glyphs (default: the project's train.use_designer_glyphs): edited glyphs replace the targets
    of their characters and accepted generated ones fill characters a style lacks (core.project.glyphs
    says what training sees for each character)."""
    size = image_size or project.config.data.image_size
    if designer_glyphs is None:
        designer_glyphs = project.config.train.use_designer_glyphs
    extra = _designer_targets(project, size) if designer_glyphs else {}
    fingerprint = _fingerprint(project, size, extra)
    cache = layout.pairs_cache_file(project.root, size)
    data = _read_cache(cache, fingerprint)
    if data is None:
        data = build_pairs(project, size, extra)
        _write_cache(cache, data, fingerprint)
    data.held_out_styles = tuple(project.held_out_style_ids())
    return data


def build_pairs(project: Project, size: int,
                designer: dict[int, dict[int, tuple[bool, np.ndarray]]] | None = None) -> PairData:
    charset = project.charset()
    source = render_glyphs(project.source_face(), charset, size)
    if source.missing:
        log.info("source font lacks %d of %d charset characters; they are skipped",
                 len(source.missing), len(charset))
    row_of = {cp: i for i, cp in enumerate(source.codepoints)}
    held = set(project.held_out)
    targets, pair_char, pair_style = [], [], []
    for style_id in range(len(project.styles)):
        bitmaps, codepoints = _style_glyphs(project, style_id, source.codepoints, size)
        if designer and designer.get(style_id):
            bitmaps, codepoints = _with_designer(bitmaps, codepoints, designer[style_id], row_of)
        targets.append(bitmaps)
        pair_char.extend(row_of[cp] for cp in codepoints)
        pair_style.extend([style_id] * len(codepoints))
    pair_char_arr = np.asarray(pair_char, dtype=np.int64)
    char_cps = np.asarray(source.codepoints, dtype=np.int64)
    return PairData(
        image_size=size, sources=source.bitmaps, char_codepoints=char_cps,
        targets=np.concatenate(targets) if targets else np.zeros((0, size, size), np.uint8),
        pair_char=pair_char_arr, pair_style=np.asarray(pair_style, dtype=np.int64),
        pair_held_out=np.isin(char_cps[pair_char_arr], list(held)) if len(pair_char_arr) else np.zeros(0, bool),
        held_out_styles=tuple(project.held_out_style_ids()))


def _style_glyphs(project: Project, style_id: int, codepoints: list[int], size: int) -> tuple[np.ndarray, list[int]]:
    style = project.styles[style_id]
    if style.kind == "font":
        rendered = render_glyphs(project.style_face(style_id), codepoints, size)
        if rendered.missing:
            log.info("style %s lacks %d characters; they are skipped", style.name, len(rendered.missing))
        return rendered.bitmaps, list(rendered.codepoints)
    folder = project.style_folder(style_id)
    wanted = set(codepoints)
    found = [cp for cp in handwriting_codepoints(folder) if cp in wanted]
    bitmaps = np.stack([_read_glyph_png(folder, cp, size) for cp in found]) if found else \
        np.zeros((0, size, size), np.uint8)
    return bitmaps, found


def _read_glyph_png(folder: Path, codepoint: int, size: int) -> np.ndarray:
    path = layout.glyph_file(folder, codepoint) or layout.glyph_files(folder)[codepoint]
    return read_glyph_image(path, size)


MIN_GLYPH_PX = 8
MAX_GLYPH_PIXELS = 4096 * 4096


def read_glyph_image(path: Path, size: int | None = None) -> np.ndarray:
    """A handwriting glyph PNG as uint8 (size, size); damaged, oversized (decompression bombs), tiny and
    blank or solid images are refused with a ProjectError naming the file (issue 16)."""
    try:
        with Image.open(path) as img:
            if img.width * img.height > MAX_GLYPH_PIXELS:  # checked on the header, before decoding
                raise ProjectError(f"glyph image {path} is {img.width}x{img.height} px, too large to be a glyph",
                                   hint="glyphs are at most 4096 px square")
            if min(img.size) < MIN_GLYPH_PX:
                raise ProjectError(f"glyph image {path} is {img.width}x{img.height} px, too small to be a glyph",
                                   hint="remove it or extract the glyph again")
            img = img.convert("L")
            if size is not None and img.size != (size, size):
                img = img.resize((size, size), Image.Resampling.LANCZOS)
            glyph = np.asarray(img, dtype=np.uint8)
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as exc:
        raise ProjectError(f"glyph image {path} cannot be read") from exc
    if int(glyph.max()) - int(glyph.min()) < 16:
        kind = "blank" if glyph.mean() >= 128 else "solid ink"
        raise ProjectError(f"glyph image {path} is {kind}, not a written character",
                           hint="remove it or write the character again")
    return glyph


def _designer_targets(project: Project, size: int) -> dict[int, dict[int, tuple[bool, np.ndarray]]]:
    """Style id -> {code point: (replaces the style's own glyph, bitmap at `size`)} of the glyphs a designer
    edited or accepted (core.project.glyphs.designer_targets)."""
    found = {}
    for style_id in range(len(project.styles)):
        targets = designer_targets(project, style_id)
        bitmaps = {cp: (training_replaces(c), _resized(_read_designer_glyph(c.path), size))
                   for cp, c in targets.items() if c.path.is_file()}
        if bitmaps:
            found[style_id] = bitmaps
    return found


def _read_designer_glyph(path: Path) -> np.ndarray:
    """An edited or accepted glyph as it looks (an edit may be blank on purpose: no read_glyph_image checks)."""
    try:
        with Image.open(path) as img:
            return np.asarray(img.convert("L"), dtype=np.uint8).copy()
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise ProjectError(f"glyph image {path} cannot be read") from exc


def _resized(bitmap: np.ndarray, size: int) -> np.ndarray:
    bitmap = np.asarray(bitmap, dtype=np.uint8)
    if bitmap.shape == (size, size):
        return bitmap
    return np.asarray(Image.fromarray(bitmap).resize((size, size), Image.Resampling.LANCZOS), dtype=np.uint8)


def _with_designer(bitmaps: np.ndarray, codepoints: list[int], extra: dict[int, tuple[bool, np.ndarray]],
                   row_of: dict[int, int]) -> tuple[np.ndarray, list[int]]:
    """A style's targets with an edit in place of (or beside) the font's or the writer's glyph, and accepted
    generated glyphs only where the style has none."""
    position = {cp: i for i, cp in enumerate(codepoints)}
    bitmaps = bitmaps.copy()
    added = [cp for cp in sorted(extra) if cp not in position and cp in row_of]
    for cp, (replaces, bitmap) in extra.items():
        if cp in position and replaces:
            bitmaps[position[cp]] = bitmap
    if added:
        bitmaps = np.concatenate([bitmaps, np.stack([extra[cp][1] for cp in added])])
    return bitmaps, list(codepoints) + added


def _fingerprint(project: Project, size: int, designer: dict[int, dict[int, tuple[bool, np.ndarray]]] | None = None) -> str:
    def font_stamp(path: Path) -> list[Any]:
        stat = path.stat()
        return [str(path), stat.st_size, int(stat.st_mtime)]

    styles = []
    for i, style in enumerate(project.styles):
        if style.kind == "font":
            styles.append([style.name, font_stamp(project.resolve(style.font.path)), style.font.index])
        else:
            folder = project.style_folder(i)
            pngs = sorted(layout.glyph_files(folder).values())
            styles.append([style.name, str(folder), [[p.name, p.stat().st_mtime_ns] for p in pngs]])
    payload = {"version": CACHE_VERSION, "size": size, "charset": project.charset(),
               "source": [font_stamp(project.resolve(project.source.path)), project.source.index],
               "styles": styles, "held_out": project.held_out}
    if designer:  # the glyphs themselves: an edit saved twice in one second still changes the pairs
        digest = hashlib.sha256()
        for style_id in sorted(designer):
            for cp in sorted(designer[style_id]):
                replaces, bitmap = designer[style_id][cp]
                digest.update(f"{style_id}:{cp}:{replaces}:".encode())
                digest.update(np.ascontiguousarray(bitmap).tobytes())
        payload["designer"] = digest.hexdigest()
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


_ARRAYS = ("sources", "char_codepoints", "targets", "pair_char", "pair_style", "pair_held_out")


def _read_cache(path: Path, fingerprint: str) -> PairData | None:
    if not path.is_file():
        return None
    try:
        with np.load(path, allow_pickle=False) as npz:
            if str(npz["fingerprint"]) != fingerprint:
                return None
            return PairData(image_size=int(npz["image_size"]), **{k: npz[k] for k in _ARRAYS})
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:
        log.warning("pair cache %s unreadable (%s); rebuilding it", path, exc)
        return None


def _write_cache(path: Path, data: PairData, fingerprint: str) -> None:
    with atomic_path(path) as tmp:
        with open(tmp, "wb") as handle:
            np.savez(handle, fingerprint=np.array(fingerprint), image_size=np.array(data.image_size),
                     **{k: getattr(data, k) for k in _ARRAYS})
