"""Generating a project's glyphs: the model's glyphs written into the project, edits kept, a hand followed.

The job behind `zi2zi generate`, the demo and the preview's Generate: it writes glyphs/generated/<style>/,
scores each glyph's legibility (core.quality.legibility) and leaves a contact sheet. The model alone
(GlyphGenerator) lives in core.inference, below the quality suite that judges it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np

from core.atomic_io import write_png_atomic
from core.capture.normalize import follower
from core.control import JobControl
from core.editing.store import delete_edit
from core.inference import GlyphGenerator, check_batch_size, write_contact_sheet
from core.project import Project, layout
from core.project.glyphs import edited_codepoints
from core.project.review_marks import ACCEPTED, REJECTED, UNREVIEWED, ReviewStore
from core.quality.legibility import LegibilityScorer, write_scores
from core.reports import FinishedReport, NoticeReport, ProgressReport


def generate_to_project(project: Project, codepoints: list[int], style: int | str = 0, *,
                        checkpoint: str | Path | None = None, control: JobControl | None = None,
                        batch_size: int = 64, device: str = "auto",
                        overwrite_edited: bool = False) -> Iterator[ProgressReport | NoticeReport | FinishedReport]:
    """Write generated glyph PNGs to glyphs/generated/<style>/ and a contact sheet beside them.

    Glyphs the designer edited (glyphs/edited/) are skipped with a notice, so regenerating never
    replaces an edit; with overwrite_edited=True (the user said so) they are generated and the edits removed.
    An accept or reject mark belongs to the glyph it was given to: a glyph that comes out different (a
    newer model) is unreviewed again, so a rejected character gets its new glyph into the font instead of
    staying out for good; the same glyph again keeps its mark.
    """
    control = control or JobControl()
    check_batch_size(batch_size)
    model = GlyphGenerator.from_project(project, checkpoint, device, bf16_on_cpu=True)
    row = model.style_row(style)
    style_name = model.style_names[row]
    codepoints, replaced = yield from _guard_edited(project, style_name, codepoints, overwrite_edited)
    out_dir = layout.generated_dir(project.root, style_name)
    source = project.source_face()
    scorer = _legibility_scorer(project, model.image_size)
    follow = _writer_follower(project, style_name, source)  # a hand's size and baseline (issue 13)
    scores: dict[int, float] = {}
    marks = ReviewStore(project.root)
    marked = set(marks.codepoints(style_name, ACCEPTED)) | set(marks.codepoints(style_name, REJECTED))
    changed: list[int] = []
    done: list[int] = []
    sheet_glyphs: list[np.ndarray] = []
    total = len(codepoints)
    for start in range(0, total, batch_size):
        if not control.wait_while_paused():
            break
        chunk = codepoints[start:start + batch_size]
        glyphs, made, missing = model.generate(source, chunk, row, batch_size)
        for cp in missing:
            yield NoticeReport(0, f"U+{cp:04X} {chr(cp)} skipped: the source font has no glyph for it")
        for cp, glyph in zip(made, glyphs):
            glyph = follow(cp, glyph) if follow else glyph
            path = layout.glyph_path(out_dir, cp)
            if cp in marked and not _same_glyph(path, glyph):
                changed.append(cp)
            write_png_atomic(path, glyph, durable=False)   # regenerable, so no fsync per glyph (see atomic_path)
        if scorer is not None and made:
            scores.update(scorer.score(glyphs, list(made)))
        done.extend(made)
        if len(sheet_glyphs) < 400:
            sheet_glyphs.extend(glyphs[: 400 - len(sheet_glyphs)])
        yield ProgressReport(min(start + batch_size, total), total, f"generated {len(done)} glyphs")
    _drop_edits(project, style_name, replaced.intersection(done))
    if changed:
        marks.mark(style_name, changed, UNREVIEWED)
        yield NoticeReport(0, f"{len(changed)} reviewed glyph{'s' if len(changed) != 1 else ''} came out different "
                              f"and {'are' if len(changed) != 1 else 'is'} unreviewed again")
    if scores:
        write_scores(out_dir, scores)
    sheet = layout.contact_sheet_file(out_dir)
    if sheet_glyphs:
        write_contact_sheet(np.stack(sheet_glyphs), sheet)
    reason = "cancelled" if control.is_cancelled else "completed"
    yield FinishedReport(0, reason, outputs={"folder": str(out_dir), "contact_sheet": str(sheet),
                                             "count": str(len(done))})


def _writer_follower(project: Project, style_name: str, source):
    """For a handwriting style whose folder holds the writer's metrics: core.capture.normalize.follower."""
    style_id = next((i for i, s in enumerate(project.styles) if s.name == style_name and s.kind == "handwriting"),
                    None)
    if style_id is None:
        return None
    return follower(project.style_folder(style_id), source)


def _legibility_scorer(project: Project, image_size: int):
    """Per-glyph legibility from the project's cached classifiers (None until `zi2zi eval` trained them)."""
    return LegibilityScorer.for_project(project, image_size)


def _guard_edited(project: Project, style_name: str, codepoints: list[int], overwrite: bool):
    """(code points to generate, edited ones whose edits go once regenerated); edited glyphs are left
    out unless overwrite, and a notice says which way it went."""
    edited = edited_codepoints(project, style_name) & set(codepoints)
    if not edited:
        return codepoints, set()
    if overwrite:
        yield NoticeReport(0, f"{len(edited)} edited glyphs are regenerated; their edits are removed")
        return codepoints, edited
    yield NoticeReport(0, f"{len(edited)} edited glyphs were kept as you edited them, not regenerated")
    return [cp for cp in codepoints if cp not in edited], set()


def _same_glyph(path: Path, glyph: np.ndarray) -> bool:
    """Whether the glyph file there already holds exactly these pixels (a missing or unreadable file does not)."""
    from core.errors import ExportError
    from core.export.pipeline import read_glyph  # only for marked glyphs: export's one PNG reader

    try:
        old = read_glyph(path)
    except ExportError:
        return False
    return old.shape == glyph.shape and bool(np.array_equal(old, glyph))


def _drop_edits(project: Project, style_name: str, codepoints) -> None:
    for cp in codepoints:
        delete_edit(project, style_name, cp)
