"""Every path and file name of a project folder, and the one mapping between a code point and a glyph file.

    <project>/project.json                         the project (core.project.model)
    <project>/.training.lock                       one trainer at a time
    <project>/review.json                          accept / reject marks on generated glyphs (review_marks)
    <project>/evaluation.json                      the last `zi2zi eval` (core.quality.progress)
    <project>/glyphs/generated/<style>/XXXX.png    what the model wrote, plus legibility.json, contact-sheet.png
    <project>/glyphs/edited/<style>/XXXX.png|json  the designer's edits (core.editing.store)
    <project>/glyphs/handwriting/<style>/XXXX.png  a handwriting style's glyphs when its folder is not set
                                                   elsewhere (Style.folder), plus writer-metrics.json
    <project>/handwriting/wizard.json              where the handwriting wizard is
    <project>/handwriting/<style>/review.json      the capture review of scanned samples, template/, scans/
    <project>/checkpoints/base.pt, best.pt, index.json, step files (core.training.checkpoint)
    <project>/samples/ exports/ cache/pairs-<size>.npz, style-judge-<size>.pt training/history.jsonl

Everything else asks these functions; nothing outside core/project/ spells a folder or file name of
the layout (tests/core/test_project_layout.py greps for it). Functions take the project root (a Path),
so modules that only hold a root (the app's panels, capture) can use them without a Project.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

PROJECT_FILE = "project.json"
LOCK_FILE = ".training.lock"
REVIEW_MARKS_FILE = "review.json"
EVALUATION_FILE = "evaluation.json"

GLYPHS = "glyphs"
CHECKPOINTS = "checkpoints"
SAMPLES = "samples"
EXPORTS = "exports"
CACHE = "cache"
TRAINING = "training"
FOLDERS = (GLYPHS, CHECKPOINTS, SAMPLES, EXPORTS, CACHE)   # made with every project

# Where a glyph came from. The names are also the folders under glyphs/ (a label and a folder that
# could drift apart would make a glyph's origin lie), and they are what reports and the app show.
ORIGIN_GENERATED = "generated"
ORIGIN_HANDWRITING = "handwriting"
ORIGIN_EDITED = "edited"
ORIGINS = (ORIGIN_EDITED, ORIGIN_HANDWRITING, ORIGIN_GENERATED)   # the precedence, highest first

CAPTURE = "handwriting"               # <project>/handwriting/: the wizard's state and each style's capture
WIZARD_FILE = "wizard.json"
CAPTURE_REVIEW_FILE = "review.json"
TEMPLATE = "template"
TEMPLATE_SPEC_FILE = "spec.json"
TEMPLATE_PDF_FILE = "template.pdf"
SCANS = "scans"

LEGIBILITY_FILE = "legibility.json"        # beside generated glyphs (core.quality.legibility)
# Files beside generated glyphs that export reads legibility scores from, in order (issue 6 formats).
QUALITY_FILES = (LEGIBILITY_FILE, "scores.json", "metadata.json", "glyphs.json")
CONTACT_SHEET_FILE = "contact-sheet.png"
WRITER_METRICS_FILE = "writer-metrics.json"   # beside a hand's glyphs (core.capture.normalize)
HISTORY_FILE = "history.jsonl"
BASE_MODEL_FILE = "base.pt"   # checkpoints/base.pt: a generator a project starts from before it has its own
BEST_MODEL_FILE = "best.pt"   # checkpoints/best.pt: the best checkpoint so far (core.training.checkpoint)
CHECKPOINT_INDEX_FILE = "index.json"
CAPTURE_SOURCES = "sources"   # handwriting/<style>/sources/: the box images samples are cut from


# ----- the project folder ----------------------------------------------------------------------------
def project_file(root: str | os.PathLike) -> Path:
    return Path(root) / PROJECT_FILE


def is_project(root: str | os.PathLike) -> bool:
    """True when the folder holds a project file (a project to open, not a folder to make one in)."""
    return project_file(root).is_file()


def lock_file(root: str | os.PathLike) -> Path:
    return Path(root) / LOCK_FILE


def glyphs_dir(root: str | os.PathLike) -> Path:
    return Path(root) / GLYPHS


def checkpoints_dir(root: str | os.PathLike) -> Path:
    return Path(root) / CHECKPOINTS


def base_model_file(root: str | os.PathLike) -> Path:
    return checkpoints_dir(root) / BASE_MODEL_FILE


def samples_dir(root: str | os.PathLike) -> Path:
    return Path(root) / SAMPLES


def exports_dir(root: str | os.PathLike) -> Path:
    return Path(root) / EXPORTS


def cache_dir(root: str | os.PathLike) -> Path:
    return Path(root) / CACHE


def training_dir(root: str | os.PathLike) -> Path:
    return Path(root) / TRAINING


def history_file(root: str | os.PathLike) -> Path:
    return training_dir(root) / HISTORY_FILE


def pairs_cache_file(root: str | os.PathLike, image_size: int) -> Path:
    return cache_dir(root) / f"pairs-{int(image_size)}.npz"


def style_judge_file(root: str | os.PathLike, image_size: int) -> Path:
    """The fine-tune's fitted style judge (core.training.style_judge), reused when training resumes."""
    return cache_dir(root) / f"style-judge-{int(image_size)}.pt"


def evaluation_file(root: str | os.PathLike) -> Path:
    return Path(root) / EVALUATION_FILE


def review_marks_file(root: str | os.PathLike) -> Path:
    return Path(root) / REVIEW_MARKS_FILE


def copy_ignore_names() -> tuple[str, ...]:
    """Folders a copy of a project leaves behind: what training and caching rebuild."""
    return (CACHE, CHECKPOINTS, SAMPLES)


# ----- glyph folders ---------------------------------------------------------------------------------
def generated_dir(root: str | os.PathLike, style_name: str) -> Path:
    return glyphs_dir(root) / ORIGIN_GENERATED / style_name


def edited_dir(root: str | os.PathLike, style_name: str) -> Path:
    return glyphs_dir(root) / ORIGIN_EDITED / style_name


def handwriting_dir(root: str | os.PathLike, style_name: str) -> Path:
    """A handwriting style's glyph folder inside the project (Project.style_folder may point elsewhere)."""
    return glyphs_dir(root) / ORIGIN_HANDWRITING / style_name


def legibility_file(folder: str | os.PathLike) -> Path:
    return Path(folder) / LEGIBILITY_FILE


def contact_sheet_file(folder: str | os.PathLike) -> Path:
    return Path(folder) / CONTACT_SHEET_FILE


def writer_metrics_file(folder: str | os.PathLike) -> Path:
    return Path(folder) / WRITER_METRICS_FILE


# ----- handwriting capture ---------------------------------------------------------------------------
def capture_root(root: str | os.PathLike) -> Path:
    return Path(root) / CAPTURE


def wizard_file(root: str | os.PathLike) -> Path:
    return capture_root(root) / WIZARD_FILE


def capture_dir(root: str | os.PathLike, style_name: str) -> Path:
    """Where one hand's capture lives: the review of its samples, its template and its scans."""
    return capture_root(root) / style_name


def capture_review_file(folder: str | os.PathLike) -> Path:
    return Path(folder) / CAPTURE_REVIEW_FILE


def capture_source_name(sample_id: str, n: int = 1) -> str:
    """A sample's box image, relative to its capture folder (as review.json stores it): sources/<id>.png,
    or sources/<id>-<n>.png when that name is taken."""
    return f"{CAPTURE_SOURCES}/{sample_id}.png" if n == 1 else f"{CAPTURE_SOURCES}/{sample_id}-{n}.png"


def template_dir(root: str | os.PathLike, style_name: str) -> Path:
    return capture_dir(root, style_name) / TEMPLATE


def scans_dir(root: str | os.PathLike, style_name: str) -> Path:
    return capture_dir(root, style_name) / SCANS


# ----- code point <-> file name -----------------------------------------------------------------------
# 4E00.png as written; U+4E00, uni4E00, u20000 and lower case as people name files they bring.
_GLYPH_NAME = re.compile(r"^(?:U\+|uni|u)?([0-9A-F]{4,6})(?:\.[A-Za-z0-9]+)?$", re.IGNORECASE)


def glyph_file_name(codepoint: int, suffix: str = ".png") -> str:
    """The file name of a glyph: 4E00.png (at least four upper-case hex digits)."""
    return f"{int(codepoint):04X}{suffix}"


def codepoint_key(codepoint: int) -> str:
    """A code point as a JSON key or list entry: 4E00 (the glyph file's name without its suffix)."""
    return glyph_file_name(codepoint, "")


def codepoint_of(path_or_name: str | os.PathLike) -> int | None:
    """The code point a glyph file (or its stem, or a JSON key) names, or None when it names none."""
    match = _GLYPH_NAME.match(Path(path_or_name).name if isinstance(path_or_name, os.PathLike) else str(path_or_name))
    if not match:
        return None
    codepoint = int(match.group(1), 16)
    return codepoint if 0 < codepoint <= 0x10FFFF else None


def glyph_path(folder: str | os.PathLike, codepoint: int, suffix: str = ".png") -> Path:
    """Where a glyph is written in a folder (4E00.png); glyph_file finds one under another spelling too."""
    return Path(folder) / glyph_file_name(codepoint, suffix)


def glyph_files(folder: str | os.PathLike, suffix: str = ".png") -> dict[int, Path]:
    """{code point: file} of the glyph files in a folder ({} when it is missing); for a code point spelled
    twice (4E00.png and U+4E00.png) the first name in sorted order."""
    folder = Path(folder)
    found: dict[int, Path] = {}
    if not folder.is_dir():
        return found
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() == suffix:
            codepoint = codepoint_of(path.name)
            if codepoint is not None:
                found.setdefault(codepoint, path)
    return found


def glyph_file(folder: str | os.PathLike, codepoint: int, suffix: str = ".png") -> Path | None:
    """The file of one glyph in a folder, or None: 4E00.png, else the other usual spellings (U+4E00, uni4E00,
    u4E00, in upper or lower case) tried by name, so looking one glyph up never lists a big folder."""
    folder = Path(folder)
    digits = f"{int(codepoint):04X}"
    for prefix in ("", "U+", "uni", "u", "u+", "UNI", "U"):
        for hex_digits in (digits, digits.lower()):
            path = folder / f"{prefix}{hex_digits}{suffix}"
            if path.is_file():
                return path
    return None
