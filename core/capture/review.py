"""Handwriting review: every extracted sample, its problem flags and the writer's decisions, with undo/redo (no Qt).

<project>/handwriting/<style>/ keeps the capture: review.json (every decision, human-readable), sources/
(each sample's box image, re-cut when the crop is redone), scans/ (copies of the imported scans) and
template/. The style's glyph folder (glyphs/handwriting/<style>/XXXX.png), which training and export read,
is rewritten after every decision: one PNG per character, from its chosen usable sample, so the folder
always agrees with review.json.

extract.py does not keep the corrected page image, so a re-cut works on the stored box image (the box is
the em square, kept at SOURCE_SIZE px or more); a rectangle reaching outside the box is paper.
Every operation is one command on an undo stack of sample snapshots: a command stores the samples it
changed before and after, so undo and redo are exact whatever the operation did.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import math
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image

from core.atomic_io import write_json_atomic, write_png_atomic
from core.capture import CaptureError
from core.capture.extract import count_pieces as count_on_page
from core.project.layout import (
    capture_dir,
    capture_review_file,
    capture_source_name,
    codepoint_key,
    codepoint_of,
    glyph_path,
)

log = logging.getLogger(__name__)

FORMAT = "zi2zi-handwriting-review"
VERSION = 1
USABLE, UNUSABLE = "usable", "unusable"
EMPTY, FAINT, EDGE, PIECES = "empty", "faint", "touches edge", "several pieces"
FLAGS = (EMPTY, FAINT, EDGE, PIECES)
SOURCE_SIZE = 256        # box images are cut at least this large so a tighter re-cut stays sharp
INK_LEVEL = 192          # grey below this counts as ink when flagging and erasing
UNDO_LIMIT = 200
_CACHE_MAX = 4000


def review_folder(project_root: Path, style_name: str) -> Path:
    return capture_dir(project_root, style_name)


# ------------------------------------------------------------------------------------------ bitmaps

def glyph_flags(glyph: np.ndarray) -> list[str]:
    """Problems visible in a (S, S) glyph bitmap (255 = paper): empty, faint, touches edge, several pieces."""
    ink = glyph < INK_LEVEL
    count = int(ink.sum())
    side = glyph.shape[0]
    if count < max(3, 0.001 * side * side):
        return [EMPTY]
    flags = []
    if float(np.median(glyph[ink])) > 110:  # grey strokes: pencil or a dry pen
        flags.append(FAINT)
    # extract.py removes the printed border, a band ~3 % of the box wide, and continues strokes that reach
    # it to the edge; ink within 4 % of the edge ran into the border.
    r = max(1, math.ceil(0.04 * side))
    ring = np.ones_like(ink)
    ring[r:side - r, r:side - r] = False
    if ink[ring].sum() > 0.01 * count:
        flags.append(EDGE)
    if count_pieces(ink) > 1:
        flags.append(PIECES)
    return flags


def count_pieces(ink: np.ndarray) -> int:
    """Groups of ink set apart from the main group, by the same rule extraction applies to the page crop."""
    return count_on_page(ink, ink.shape[0])


def erase_specks(glyph: np.ndarray, max_area: int) -> np.ndarray:
    """The glyph with every ink component smaller than max_area pixels turned to paper."""
    if max_area <= 0:
        return glyph
    n, labels, stats, _ = cv2.connectedComponentsWithStats((glyph < INK_LEVEL).astype(np.uint8), connectivity=8)
    small = stats[:, cv2.CC_STAT_AREA] < max_area
    small[0] = False
    out = glyph.copy()
    out[small[labels]] = 255
    return out


def recut(source: np.ndarray, crop: tuple[int, int, int, int], size: int) -> np.ndarray:
    """The square crop (x0, y0, x1, y1) of a box image as a (size, size) glyph; outside the image is paper."""
    x0, y0, x1, y1 = crop
    h, w = source.shape
    canvas = np.full((y1 - y0, x1 - x0), 255, np.uint8)
    sx0, sy0, sx1, sy1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if sx1 > sx0 and sy1 > sy0:
        canvas[sy0 - y0:sy1 - y0, sx0 - x0:sx1 - x0] = source[sy0:sy1, sx0:sx1]
    shrink = canvas.shape[0] >= size
    return cv2.resize(canvas, (size, size), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)


def square_crop(rect, width: int, height: int) -> tuple[int, int, int, int]:
    """A rectangle grown to a square about its centre (the em box is square); checked against the image."""
    x0, y0, x1, y1 = (int(round(v)) for v in rect)
    if x1 - x0 < 4 or y1 - y0 < 4:
        raise CaptureError(f"the crop {x0},{y0}-{x1},{y1} is too small; draw a rectangle around the whole character")
    side = max(x1 - x0, y1 - y0)
    cx, cy = (x0 + x1) // 2, (y0 + y1) // 2
    x0, y0 = cx - side // 2, cy - side // 2
    x1, y1 = x0 + side, y0 + side
    if x1 <= 0 or y1 <= 0 or x0 >= width or y0 >= height or side > 3 * max(width, height):
        raise CaptureError("the crop lies outside the sample's box image; draw it over the character")
    return x0, y0, x1, y1


# ------------------------------------------------------------------------------------------ samples


def _optional_int(value) -> int | None:
    return None if value is None else int(value)


@dataclass
class Sample:
    """One written instance of a character and the decisions about it."""

    id: str
    codepoint: int
    source: str                           # box image, relative to the review folder
    crop: tuple[int, int, int, int]       # square in source pixels that becomes the em box
    status: str = USABLE
    chosen: bool = False                  # the one sample of its character that training and export use
    speck_size: int = 0                   # ink components under this many glyph pixels are erased
    edited: bool = False                  # re-cut or erased since extraction
    flags: list[str] = field(default_factory=list)
    extract_status: str = ""              # what extraction said about the box ("ok", "faint", ...)
    page: int | None = None               # 1-based template page and box, for extracted samples
    box: int | None = None
    scan: str | None = None               # the scan copy it came from, relative to the review folder

    @property
    def usable(self) -> bool:
        return self.status == USABLE

    @property
    def problems(self) -> list[str]:
        """Flags from the bitmap, plus what extraction saw on the page while the glyph is unchanged."""
        extra = [self.extract_status] if (not self.edited and self.extract_status in FLAGS
                                           and self.extract_status not in self.flags) else []
        return list(self.flags) + extra

    def copy(self) -> Sample:
        return dataclasses.replace(self, flags=list(self.flags))

    def to_dict(self) -> dict:
        return {"id": self.id, "char": chr(self.codepoint), "codepoint": codepoint_key(self.codepoint),
                "status": self.status, "chosen": self.chosen, "flags": list(self.flags),
                "crop": list(self.crop), "speck_size": self.speck_size, "edited": self.edited,
                "source": self.source, "extract_status": self.extract_status,
                "page": self.page, "box": self.box, "scan": self.scan}

    @classmethod
    def from_dict(cls, raw: dict) -> Sample:
        status = str(raw.get("status", USABLE))
        if status not in (USABLE, UNUSABLE):
            raise ValueError(f"sample {raw.get('id')!r} has unknown status {status!r}")
        crop = tuple(int(v) for v in raw["crop"])
        if len(crop) != 4:
            raise ValueError(f"sample {raw.get('id')!r} has a crop of {len(crop)} numbers, not 4")
        codepoint = codepoint_of(str(raw["codepoint"]))
        if codepoint is None:
            raise ValueError(f"sample {raw.get('id')!r} has no code point ({raw['codepoint']!r})")
        return cls(id=str(raw["id"]), codepoint=codepoint, source=str(raw["source"]),
                   crop=crop, status=status, chosen=bool(raw.get("chosen", False)),
                   speck_size=int(raw.get("speck_size", 0)), edited=bool(raw.get("edited", False)),
                   flags=[str(f) for f in raw.get("flags", [])], extract_status=str(raw.get("extract_status", "")),
                   page=_optional_int(raw.get("page")), box=_optional_int(raw.get("box")), scan=raw.get("scan"))


@dataclass
class _Command:
    text: str
    before: dict[str, Sample | None]
    after: dict[str, Sample | None]


# ------------------------------------------------------------------------------------------- review

class HandwritingReview:
    """The samples of one handwriting style, the operations on them, and their undo/redo stack.

    Every operation saves review.json and rewrites the affected characters' PNGs before it returns, and
    returns the ids of the samples it changed (so a view updates only those).
    """

    def __init__(self, folder: Path, glyph_folder: Path, size: int, style: str = "") -> None:
        self.folder = Path(folder)
        self.glyph_folder = Path(glyph_folder)
        self.size = int(size)
        self.style = style
        self.samples: dict[str, Sample] = {}
        self._undo: list[_Command] = []
        self._redo: list[_Command] = []
        self._sources: OrderedDict[str, np.ndarray] = OrderedDict()
        self._glyphs: OrderedDict[str, tuple[tuple, np.ndarray]] = OrderedDict()

    # ----- opening and saving -------------------------------------------------------------------
    @classmethod
    def for_style(cls, project, style_id: int) -> HandwritingReview:
        style = project.styles[style_id]
        return cls.load(review_folder(project.root, style.name), project.style_folder(style_id),
                        project.config.data.image_size, style.name)

    @classmethod
    def load(cls, folder: Path, glyph_folder: Path, size: int, style: str = "") -> HandwritingReview:
        review = cls(folder, glyph_folder, size, style)
        path = review.path
        if not path.is_file():
            return review
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                raise ValueError("not a handwriting review file")
            if int(raw.get("version", VERSION)) > VERSION:
                raise ValueError("written by a newer zi2zi Studio")
            for item in raw.get("samples", []):
                sample = Sample.from_dict(item)
                review.samples[sample.id] = sample
            stored_size = int(raw.get("size", size))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise CaptureError(f"the handwriting review {path} is damaged ({exc}); restore it from a backup "
                               f"or delete it and import the scans again") from exc
        if stored_size != review.size:  # the project's glyph size changed: redraw every PNG at the new size
            for sample in review.samples.values():
                sample.flags = glyph_flags(review.glyph(sample.id))
            review.save()
            review.sync_all()
        return review

    @property
    def path(self) -> Path:
        return capture_review_file(self.folder)

    def save(self) -> None:
        write_json_atomic(self.path, {"format": FORMAT, "version": VERSION, "style": self.style,
                                      "size": self.size, "samples": [s.to_dict() for s in self.samples.values()]})

    # ----- reading ------------------------------------------------------------------------------
    def codepoints(self) -> list[int]:
        return sorted({s.codepoint for s in self.samples.values()})

    def samples_of(self, codepoint: int) -> list[Sample]:
        return [s for s in self.samples.values() if s.codepoint == codepoint]

    def chosen(self, codepoint: int) -> Sample | None:
        return next((s for s in self.samples_of(codepoint) if s.chosen and s.usable), None)

    def usable_codepoints(self) -> list[int]:
        return sorted({s.codepoint for s in self.samples.values() if s.chosen and s.usable and EMPTY not in s.flags})

    def ordered_ids(self) -> list[str]:
        """Problem glyphs first, then the rest, unusable last; each group in page and box order."""
        def key(s: Sample):
            rank = 2 if not s.usable else (0 if s.problems else 1)
            return rank, s.page if s.page is not None else 1 << 30, s.box or 0, s.id
        return [s.id for s in sorted(self.samples.values(), key=key)]

    def source_image(self, sample_id: str) -> np.ndarray:
        rel = self.samples[sample_id].source
        image = self._sources.get(rel)
        if image is None:
            try:
                with Image.open(self.folder / rel) as img:
                    image = np.asarray(img.convert("L"), dtype=np.uint8)
            except OSError as exc:
                raise CaptureError(f"the box image {self.folder / rel} of sample {sample_id} cannot be read; "
                                   f"import the scan again") from exc
            self._sources[rel] = image
            if len(self._sources) > 256:
                self._sources.popitem(last=False)
        return image

    def glyph(self, sample_id: str) -> np.ndarray:
        """The sample as it is exported: re-cut, specks erased, at the project's glyph size."""
        s = self.samples[sample_id]
        key = (s.source, s.crop, s.speck_size, self.size)
        hit = self._glyphs.get(sample_id)
        if hit is not None and hit[0] == key:
            return hit[1]
        glyph = erase_specks(recut(self.source_image(sample_id), s.crop, self.size), s.speck_size)
        self._glyphs[sample_id] = (key, glyph)
        if len(self._glyphs) > _CACHE_MAX:
            self._glyphs.popitem(last=False)
        return glyph

    # ----- operations ---------------------------------------------------------------------------
    def set_usable(self, ids, usable: bool) -> set[str]:
        ids = self._known(ids)
        status = USABLE if usable else UNUSABLE
        text = "mark usable" if usable else "mark unusable"

        def mutate():
            for i in ids:
                self.samples[i].status = status
                if not usable:
                    self.samples[i].chosen = False
        return self._edit(text, mutate)

    def reassign(self, ids, codepoint: int) -> set[str]:
        """The samples belong to another character; they join its samples (chosen only if it had none)."""
        ids = self._known(ids)
        if not 0 < int(codepoint) <= 0x10FFFF:
            raise CaptureError(f"U+{int(codepoint):04X} is not a character")

        def mutate():
            for i in ids:
                s = self.samples[i]
                if s.codepoint != codepoint:
                    s.codepoint, s.chosen = int(codepoint), False
        return self._edit(f"reassign to {chr(codepoint)}", mutate)

    def recrop(self, sample_id: str, rect) -> set[str]:
        """Cut the sample again from its box image with a new (square) rectangle in box-image pixels."""
        (sample_id,) = self._known([sample_id])
        h, w = self.source_image(sample_id).shape
        crop = square_crop(rect, w, h)

        def mutate():
            s = self.samples[sample_id]
            s.crop, s.edited = crop, True
            self._reflag(s)
        return self._edit("redo crop", mutate)

    def erase_specks(self, ids, max_area: int) -> set[str]:
        """Erase ink components smaller than max_area pixels (at the glyph size) from the samples."""
        ids = self._known(ids)
        if max_area < 0:
            raise CaptureError("the speck size cannot be negative")

        def mutate():
            for i in ids:
                s = self.samples[i]
                s.speck_size, s.edited = int(max_area), True
                self._reflag(s)
        return self._edit("erase specks", mutate)

    def choose(self, sample_id: str) -> set[str]:
        """Use this sample for its character (it becomes usable; the character's other samples are kept)."""
        (sample_id,) = self._known([sample_id])

        def mutate():
            chosen = self.samples[sample_id]
            for s in self.samples_of(chosen.codepoint):
                s.chosen = s is chosen
            chosen.status = USABLE
        return self._edit("choose sample", mutate)

    def add_sample(self, codepoint: int, image: np.ndarray, *, choose: bool = False) -> str:
        """Another sample of a character from a grey image of it (the whole image becomes the em box)."""
        image = np.asarray(image)
        if image.ndim != 2 or min(image.shape) < 8:
            raise CaptureError("a sample image must be a grey picture of one character, at least 8 px")
        n = 1
        while f"added-{codepoint:04X}-{n}" in self.samples:
            n += 1
        sample_id = f"added-{codepoint:04X}-{n}"
        rel = capture_source_name(sample_id)
        write_png_atomic(self.folder / rel, np.ascontiguousarray(image, dtype=np.uint8))
        self._sources.pop(rel, None)
        h, w = image.shape
        crop = square_crop((0, 0, w, h), w, h)

        def mutate():
            sample = Sample(sample_id, int(codepoint), rel, crop, extract_status="added")
            self.samples[sample_id] = sample
            self._reflag(sample)
            if choose:
                for s in self.samples_of(codepoint):
                    s.chosen = s is sample
        self._edit(f"add a sample of {chr(codepoint)}", mutate)
        return sample_id

    def add_extracted(self, items: list[dict], text: str = "import scans") -> set[str]:
        """Samples made by extract_scans (dicts as in review.json); one undoable step."""
        def mutate():
            for item in items:
                sample = Sample.from_dict(item)
                base, n = sample.id, 1
                while sample.id in self.samples:  # the same page imported again: a second sample
                    n += 1
                    sample.id = f"{base}-{n}"
                sample.chosen = False
                self.samples[sample.id] = sample
        return self._edit(text, mutate)

    # ----- undo / redo --------------------------------------------------------------------------
    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_text(self) -> str:
        return self._undo[-1].text if self._undo else ""

    def redo_text(self) -> str:
        return self._redo[-1].text if self._redo else ""

    def undo(self) -> set[str]:
        if not self._undo:
            return set()
        command = self._undo.pop()
        self._redo.append(command)
        return self._apply(command.before, command)

    def redo(self) -> set[str]:
        if not self._redo:
            return set()
        command = self._redo.pop()
        self._undo.append(command)
        return self._apply(command.after, command)

    # ----- internals ----------------------------------------------------------------------------
    def _known(self, ids) -> list[str]:
        ids = [ids] if isinstance(ids, str) else list(ids)
        missing = [i for i in ids if i not in self.samples]
        if missing:
            raise CaptureError(f"no handwriting sample {missing[0]!r} in {self.path}")
        return ids

    def _reflag(self, sample: Sample) -> None:
        sample.flags = glyph_flags(self.glyph(sample.id))

    def _edit(self, text: str, mutate) -> set[str]:
        before = {i: s.copy() for i, s in self.samples.items()}
        mutate()
        touched = {s.codepoint for i, s in self.samples.items() if before.get(i) != s}
        touched |= {s.codepoint for i, s in before.items() if self.samples.get(i) != s}
        for cp in touched:
            self._normalise(cp)
        changed = {i for i in set(before) | set(self.samples) if before.get(i) != self.samples.get(i)}
        if not changed:
            return set()
        command = _Command(text, {i: before.get(i) for i in changed},
                           {i: self.samples[i].copy() if i in self.samples else None for i in changed})
        self._undo.append(command)
        del self._undo[:-UNDO_LIMIT]
        self._redo.clear()
        self._commit(command)
        return changed

    def _normalise(self, codepoint: int) -> None:
        """Exactly one chosen sample per character while any is usable: the first usable one by default."""
        usable = [s for s in self.samples_of(codepoint) if s.usable]
        chosen = [s for s in usable if s.chosen]
        keep = chosen[0] if chosen else (usable[0] if usable else None)
        for s in self.samples_of(codepoint):
            s.chosen = s is keep

    def _apply(self, states: dict[str, Sample | None], command: _Command) -> set[str]:
        for i, state in states.items():
            if state is None:
                self.samples.pop(i, None)
            else:
                self.samples[i] = state.copy()
        self._commit(command)
        return set(states)

    def _commit(self, command: _Command) -> None:
        self.save()
        cps = {s.codepoint for side in (command.before, command.after) for s in side.values() if s is not None}
        self.sync(cps)

    def sync(self, codepoints) -> None:
        """Write each character's chosen usable glyph to the style folder, or remove a PNG it no longer has."""
        self.glyph_folder.mkdir(parents=True, exist_ok=True)
        for cp in codepoints:
            path = glyph_path(self.glyph_folder, cp)
            sample = self.chosen(cp)
            if sample is not None and EMPTY not in sample.flags:
                write_png_atomic(path, self.glyph(sample.id))
            else:
                path.unlink(missing_ok=True)

    def sync_all(self) -> None:
        self.sync(self.codepoints())
