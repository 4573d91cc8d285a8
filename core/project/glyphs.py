"""Which glyph wins for a style and a code point: the one precedence rule that preview, editor, training,
generation and export ask.

For the font (preview, glyph editor, export), highest first:

1. edited       the designer's edit (glyphs/edited/<style>/XXXX.png, or its .json): always wins.
2. handwriting  a handwriting style's own glyph (Project.style_folder).
3. generated    what the model wrote (glyphs/generated/<style>/XXXX.png), unless the designer rejected it
                (review.json; skip_rejected), or, with only_accepted, unless the designer accepted it.

export.prefer_generated_for_handwriting swaps 2 and 3: a generated glyph wins over the handwritten one
(for an even look); a rejected generated glyph still drops out, and the handwritten one then shows.
A character with none of these has no glyph (the preview generates one in memory to show, nothing is saved).

Training learns only what people made or vouched for (core.dataset asks designer_targets and
training_replaces); for each character of a style its target is:

- the edit, when train.use_designer_glyphs is on (in place of the font's or the hand's glyph);
- else the font's own glyph (a font style) or the hand's glyph (a handwriting style), even where the
  export prefers a generated glyph: that option is about the font, not about what the hand looks like;
- else, with use_designer_glyphs on, a generated glyph the designer accepted (it only fills a character
  the style lacks; it never replaces a written or a font glyph);
- else nothing: an unreviewed or rejected generated glyph is never a target (a model learning its own
  output only learns its own mistakes).

Generation (core.inference) writes the generated layer only; it leaves characters with an edit alone
unless told to replace them (core.project.glyphs.edited_codepoints says which).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from core.project.layout import (
    ORIGIN_EDITED,
    ORIGIN_GENERATED,
    ORIGIN_HANDWRITING,
    edited_dir,
    generated_dir,
    glyph_file,
    glyph_files,
    glyph_path,
)
from core.project.review_marks import ACCEPTED, REJECTED, ReviewStore


@dataclass(frozen=True)
class GlyphChoice:
    """The glyph that wins for one character: where it came from and its PNG (an edit's PNG is what it looks like)."""

    codepoint: int
    origin: str          # ORIGIN_EDITED | ORIGIN_HANDWRITING | ORIGIN_GENERATED
    path: Path


def glyph_sources(project, style_id: int, prefer_generated: bool | None = None) -> list[tuple[str, Path]]:
    """(origin, folder) in rising precedence: a later folder's glyph replaces an earlier one's."""
    style = project.styles[style_id]
    if prefer_generated is None:
        prefer_generated = bool(project.config.export.prefer_generated_for_handwriting)
    folders = [(ORIGIN_GENERATED, generated_dir(project.root, style.name))]
    if style.kind == "handwriting":   # a style kind, not a folder
        folders.insert(0 if prefer_generated else 1, (ORIGIN_HANDWRITING, Path(project.style_folder(style_id))))
    folders.append((ORIGIN_EDITED, edited_dir(project.root, style.name)))
    return folders


def choose_glyphs(project, style_id: int, codepoints: Iterable[int] | None = None, *, skip_rejected: bool = True,
                  only_accepted: bool = False, prefer_generated: bool | None = None, with_edits: bool = True,
                  review: ReviewStore | None = None) -> dict[int, GlyphChoice]:
    """{code point: the winning glyph} of a style, for every character that has one (or for `codepoints`).

    with_edits=False: the glyph as it would be without an edit (what the editor starts from).
    review: the marks to judge by (default: read from the project)."""
    style_name = project.styles[style_id].name
    wanted = None if codepoints is None else list(dict.fromkeys(int(cp) for cp in codepoints))
    if skip_rejected or only_accepted:
        review = review or ReviewStore(project.root)
    dropped = _dropped(review, style_name, skip_rejected, only_accepted)
    chosen: dict[int, GlyphChoice] = {}
    for origin, folder in glyph_sources(project, style_id, prefer_generated):
        if origin == ORIGIN_EDITED and not with_edits:
            continue
        for cp, path in _files(origin, folder, wanted).items():
            if origin == ORIGIN_GENERATED and dropped(cp):
                continue  # left out; an edit or a handwritten glyph of it still counts
            chosen[cp] = GlyphChoice(cp, origin, path)
    return chosen


def choose_glyph(project, style_id: int, codepoint: int, **options) -> GlyphChoice | None:
    """The winning glyph of one character (choose_glyphs' options), or None when it has none."""
    return choose_glyphs(project, style_id, [codepoint], **options).get(int(codepoint))


def edited_codepoints(project, style_name: str) -> set[int]:
    """Code points with an edit (a PNG or a JSON) in this style."""
    folder = edited_dir(project.root, style_name)
    return set(glyph_files(folder)) | set(glyph_files(folder, ".json"))


def designer_targets(project, style_id: int) -> dict[int, GlyphChoice]:
    """The glyphs a designer made or vouched for, as training targets: every edit, and generated glyphs
    marked accepted (see the module docstring for where each goes)."""
    style_name = project.styles[style_id].name
    accepted = ReviewStore(project.root).codepoints(style_name, ACCEPTED)
    folder = generated_dir(project.root, style_name)
    found = {cp: GlyphChoice(cp, ORIGIN_GENERATED, path) for cp, path in _files(ORIGIN_GENERATED, folder, accepted).items()}
    for cp, path in _files(ORIGIN_EDITED, edited_dir(project.root, style_name), None).items():
        found[cp] = GlyphChoice(cp, ORIGIN_EDITED, path)
    return found


def training_replaces(choice: GlyphChoice) -> bool:
    """Whether a designer target replaces the style's own glyph of its character (an edit) or only fills a
    character the style lacks (an accepted generated glyph)."""
    return choice.origin == ORIGIN_EDITED


def _dropped(review: ReviewStore | None, style_name: str, skip_rejected: bool, only_accepted: bool):
    rejected = set(review.codepoints(style_name, REJECTED)) if review is not None and skip_rejected else set()
    accepted = set(review.codepoints(style_name, ACCEPTED)) if review is not None and only_accepted else None
    return lambda cp: cp in rejected or (accepted is not None and cp not in accepted)


def _files(origin: str, folder: Path, wanted: list[int] | None) -> dict[int, Path]:
    """{code point: PNG} of one layer; looked up one by one for a few characters, listed for a whole style."""
    if origin == ORIGIN_EDITED:   # an edit saved as JSON alone still counts (its PNG may be missing)
        if wanted is None:
            return {cp: glyph_path(folder, cp) for cp in sorted(set(glyph_files(folder)) | set(glyph_files(folder, ".json")))}
        return {cp: glyph_path(folder, cp) for cp in wanted
                if glyph_path(folder, cp).is_file() or glyph_path(folder, cp, ".json").is_file()}
    if wanted is None:
        return glyph_files(folder)
    found = {}
    for cp in wanted:
        path = glyph_file(folder, cp)
        if path is not None:
            found[cp] = path
    return found
