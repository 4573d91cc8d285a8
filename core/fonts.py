"""Font files as FontFace records: TTF, OTF and every face of a TTC/OTC, read with fontTools."""

from __future__ import annotations

import logging
import re
import struct
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont

import core
from core.errors import FontError

log = logging.getLogger(__name__)

FONT_SUFFIXES = (".ttf", ".otf", ".ttc", ".otc")
RESOURCES_DIR = Path(core.__file__).resolve().parent.parent / "resources"
DEMO_FONTS_DIR = RESOURCES_DIR / "fonts"
# Short name -> bundled subset (made by scripts/make_demo_fonts.py; see resources/fonts/README.md).
_DEMO_FONT_FILES = {
    "ukai": "ukai-demo.ttf",
    "uming": "uming-demo.ttf",
    "wenkai": "wenkai-demo.ttf",
    "microhei": "microhei-demo.ttf",
}


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int
    family: str
    style: str
    units_per_em: int
    codepoints: frozenset[int]

    @property
    def name(self) -> str:
        return f"{self.family} {self.style}".strip()

    @property
    def font_id(self) -> str:
        """A filesystem-safe ASCII slug that depends only on the file name and face index."""
        stem = unicodedata.normalize("NFKD", self.path.stem).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower() or "font"
        return f"{slug}-{self.index}"

    def __contains__(self, codepoint: object) -> bool:
        return codepoint in self.codepoints

    def __repr__(self) -> str:  # the default would print thousands of code points
        return f"FontFace({str(self.path)!r}, index={self.index}, name={self.name!r}, glyphs={len(self.codepoints)})"


def face_count(path: str | Path) -> int:
    """How many faces the file holds: the TTC/OTC header count, or 1 for a single font."""
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(12)
    except OSError as exc:
        raise FontError(f"cannot read font file {path}: {exc.strerror or exc}") from exc
    if head[:4] == b"ttcf":
        if len(head) < 12:
            raise FontError(f"font file {path} is damaged (truncated collection header)")
        return struct.unpack(">I", head[8:12])[0]
    return 1


def _names(font: TTFont, path: Path) -> tuple[str, str]:
    names = font["name"]
    return str(names.getBestFamilyName() or path.stem), str(names.getBestSubFamilyName() or "Regular")


def face_names(path: str | Path, index: int = 0) -> tuple[str, str]:
    """A face's family and style names as open_face reads them, from the name table alone (a CJK font's
    character map takes about half a second to read). Raises what fontTools raises for a bad file."""
    path = Path(path)
    with open(path, "rb") as handle:
        collection = handle.read(4) == b"ttcf"
        handle.seek(0)
        return _names(TTFont(handle, fontNumber=index if collection else -1, lazy=True), path)


def _read_face(path: Path, index: int, is_collection: bool) -> FontFace:
    try:
        # Our own file handle, so a file fontTools rejects half-way is closed too (no ResourceWarning).
        with open(path, "rb") as handle:
            font = TTFont(handle, fontNumber=index if is_collection else -1, lazy=True)
            cmap = font.getBestCmap() or {}
            family, style = _names(font, path)
            upm = int(font["head"].unitsPerEm)
    except Exception as exc:  # fontTools raises many types for damaged files; all mean "unusable"
        raise FontError(f"cannot read font {path} (face {index}): {exc or type(exc).__name__}") from exc
    return FontFace(path=path, index=index, family=family, style=style,
                    units_per_em=upm, codepoints=frozenset(cmap))


def open_faces(path: str | Path) -> list[FontFace]:
    """Every face in a font file (one for TTF/OTF, all of them for TTC/OTC)."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    count = face_count(path)
    is_collection = _is_collection(path)
    return [_read_face(path, i, is_collection) for i in range(count)]


def open_face(path: str | Path, index: int = 0) -> FontFace:
    """One face of a font file; index counts faces in a TTC/OTC from 0."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise FontError(f"font file not found: {path}")
    count = face_count(path)
    if not 0 <= index < count:
        raise FontError(f"font {path} has {count} face{'s' if count != 1 else ''}; "
                        f"face {index} does not exist (use 0 to {count - 1})")
    return _read_face(path, index, _is_collection(path))


def _is_collection(path: Path) -> bool:
    with open(path, "rb") as handle:
        return handle.read(4) == b"ttcf"


def list_fonts(dirs: list[Path]) -> list[FontFace]:
    """Every face of every font under the folders (recursive); unreadable files are skipped with a warning."""
    faces: list[FontFace] = []
    for folder in dirs:
        folder = Path(folder).expanduser()
        if not folder.is_dir():
            log.warning("font folder %s does not exist; skipped", folder)
            continue
        files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in FONT_SUFFIXES and p.is_file())
        for path in files:
            try:
                faces.extend(open_faces(path))
            except FontError as exc:
                log.warning("skipping font: %s", exc)
    return faces


def demo_font_paths() -> dict[str, Path]:
    """Short name -> path of each bundled demo subset font (ukai, uming, wenkai, microhei)."""
    return {name: DEMO_FONTS_DIR / filename for name, filename in _DEMO_FONT_FILES.items()}
