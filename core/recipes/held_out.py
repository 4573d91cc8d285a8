"""The one held-out policy: which characters never reach training, so the model is judged on unseen ones.

Every recipe (fonts, demo, base model, handwriting; the CLI, the wizard and the New project dialog alike)
calls `choose_held_out`. The policy, with d = the project's config.data:

1. **Font styles.** The fonts' characters are those of the charset that the source font and at least one
   target font have. `font_count(n)` of them are held out: d.held_out_fraction of n (10 %), at least 1,
   at most d.held_out_count_max (200), and never all (one at least stays to train on); drawn with
   random.Random(d.split_seed) from the charset-ordered list. With fewer than two such characters the
   fonts hold none out (a font project refuses to be made then: see `check_fonts_share`).
2. **Handwriting styles.** A hand's characters are those of the charset that the source has and the
   writer wrote (a glyph file in the style's folder). `hand_count(n)` of them are held out:
   d.held_out_fraction of n, at least HAND_MIN (4), at most a quarter of n (a small sample needs most of
   its glyphs to train on) and d.held_out_count_max. Written characters already held out by step 1 (or by
   an earlier hand) count; the rest are drawn from the others with random.Random(d.split_seed).
3. **Nothing written yet.** A hand with no glyphs holds nothing out; the recipe calls `choose_held_out`
   again when glyphs arrive (the wizard before training, the CLI once it has the glyph folder).

The result depends only on the charset, the source and target fonts, the written characters and the
seed; never on the order in which things happened. So a project that fine-tunes a base model with the
base's source, fonts, charset and seed holds out the very characters the base model never saw, and the
CLI and the wizard hold out the same characters for the same inputs. Once training has written a
checkpoint the set is left alone (core.recipes.handwriting.prepare_handwriting), so evaluations stay
comparable across sessions. Whole styles held out (project.held_out_styles) are a separate choice
(core.project.pick_held_out_styles).
"""

from __future__ import annotations

import random

from core.errors import ProjectError
from core.project import Project, handwriting_codepoints

HAND_MIN = 4          # fewer unseen written characters make the hand's evaluation noise


def font_count(n: int, fraction: float, cap: int) -> int:
    """How many of n font characters are held out (0 when fewer than two: none would be left to train)."""
    if n < 2:
        return 0
    return max(1, min(cap, round(fraction * n), n - 1))


def hand_count(n: int, fraction: float, cap: int) -> int:
    """How many of n written characters are held out."""
    return min(max(HAND_MIN, round(fraction * n)), n // 4, cap)


def font_characters(project: Project) -> list[int]:
    """Charset characters (in charset order) the source has and at least one target font has."""
    fonts = [i for i, s in enumerate(project.styles) if s.kind == "font"]
    if not fonts:
        return []
    source = project.source_face().codepoints
    targets: set[int] = set()
    for i in fonts:
        targets |= project.style_face(i).codepoints
    return [c for c in project.charset() if c in source and c in targets]


def written_characters(project: Project, style_id: int) -> list[int]:
    """Charset characters (in charset order) the source has and the hand of `style_id` wrote."""
    written = set(handwriting_codepoints(project.style_folder(style_id)))
    source = project.source_face().codepoints
    return [c for c in project.charset() if c in written and c in source]


def choose_held_out(project: Project) -> list[int]:
    """The project's held-out characters by the policy above (sorted code points); changes nothing."""
    d = project.config.data
    fonts = font_characters(project)
    held = set(random.Random(d.split_seed).sample(fonts, font_count(len(fonts), d.held_out_fraction,
                                                                     d.held_out_count_max)))
    for i, style in enumerate(project.styles):
        if style.kind != "handwriting":
            continue
        written = written_characters(project, i)
        want = hand_count(len(written), d.held_out_fraction, d.held_out_count_max)
        rest = [c for c in written if c not in held]
        missing = want - (len(written) - len(rest))
        if missing > 0:
            held |= set(random.Random(d.split_seed).sample(rest, missing))
    return sorted(held)


def check_fonts_share(project: Project) -> list[int]:
    """choose_held_out, refused when the project has target fonts that share too little to learn from."""
    shared = font_characters(project)
    if len(shared) < 2 and any(s.kind == "font" for s in project.styles):
        raise ProjectError(
            f"the source font and the target styles share {len(shared)} characters of charset "
            f"{project.config.data.charset!r}", hint="choose fonts that cover it, or another charset")
    return choose_held_out(project)
