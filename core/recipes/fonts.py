"""Font recipes: a source font and target fonts (`zi2zi new`, the New project dialog, experiment grids), and
every usable font of a folder (`zi2zi base-model`, a multi-style base model for handwriting to fine-tune)."""

from __future__ import annotations

import logging
from pathlib import Path

from core.charsets import charset_codepoints
from core.config import Config
from core.errors import FontError, ProjectError
from core.fonts import RESOURCES_DIR, demo_font_paths, list_fonts, open_face
from core.project import RESOURCE_PREFIX, FontRef, Project, Style, pick_held_out_styles
from core.recipes.held_out import check_fonts_share

log = logging.getLogger(__name__)


def parse_font_spec(spec: str) -> FontRef:
    """FONT, FONT#INDEX or demo:NAME -> FontRef; the font is opened to fail early with a clear message."""
    if spec.startswith("demo:"):
        demos = demo_font_paths()
        name = spec[5:]
        if name not in demos:
            raise FontError(f"no bundled demo font named {name!r} (choose from {', '.join(sorted(demos))})")
        return FontRef(str(demos[name]), 0)
    path, _, index = spec.partition("#")
    try:
        face_index = int(index) if index else 0
    except ValueError:
        raise FontError(f"{spec!r}: the part after # must be a face number, e.g. font.ttc#1") from None
    open_face(path, face_index)
    return FontRef(str(Path(path).resolve()), face_index)


def _bundled(stored: str) -> str:
    """A stored path with resource:... (the demo's fonts and characters) made a real path, as a project reads it."""
    return str(RESOURCES_DIR / stored[len(RESOURCE_PREFIX):]) if stored.startswith(RESOURCE_PREFIX) else stored


def unique_name(name: str, styles: list[Style]) -> str:
    """`name`, or `name 2`, `name 3`... when a style already has it."""
    taken = {s.name for s in styles}
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name} {n}", n + 1
    return candidate


def font_styles(targets: list[FontRef]) -> list[Style]:
    """One style per target font, named after the font (opened here, so a bad font fails before any folder)."""
    styles: list[Style] = []
    for ref in targets:
        styles.append(Style(name=unique_name(open_face(_bundled(ref.path), ref.index).name, styles), kind="font",
                            font=ref))
    return styles


def font_project(root: str | Path, *, source: FontRef, targets: list[FontRef], config: Config | None = None,
                 name: str | None = None, bundled_model: bool = False) -> Project:
    """A project that learns to turn the source font's glyphs into each target font's style.

    config: the settings (charset, image size...; default Config()). bundled_model: start training from
    the bundled demo model (checkpoints/base.pt), which was trained at its own image size.
    """
    config = config or Config()
    charset_codepoints(_bundled(config.data.charset))  # an unknown charset fails now, not at training time
    config.validate()
    open_face(_bundled(source.path), source.index)
    if not targets:
        raise ProjectError("a project needs at least one target font", hint="add a target font")
    project = Project.create(root, source=source, styles=font_styles(targets), config=config, name=name,
                             held_out=check_fonts_share)
    if bundled_model:
        from core.recipes.demo import install_demo_model
        install_demo_model(project)
    return project


def read_faces_file(path: str | Path) -> list[FontRef]:
    """The faces listed in a text file, one FONT or FONT#FACE a line; # starts a comment, blank lines are skipped.

    Relative paths are read from the file's folder. Each face is opened, so a missing font fails here.
    """
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise FontError(f"cannot read the list of faces {path}: {exc}") from exc
    faces = []
    for number, line in enumerate(lines, 1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        spec = text.split(" #", 1)[0].strip()  # a comment after a face follows a space; FONT#FACE has none
        font, _, index = spec.partition("#")
        if not Path(font).is_absolute():
            spec = str(path.parent / font) + (f"#{index}" if index else "")
        try:
            faces.append(parse_font_spec(spec))
        except FontError as exc:
            raise FontError(f"{path}, line {number}: {exc}",
                            hint="install the font's package or remove the line") from None
    if not faces:
        raise FontError(f"the list of faces {path} names no font")
    return faces


def base_model_project(root: str | Path, *, source: FontRef, charset: str, fonts_dir: str | Path | None = None,
                       faces: list[FontRef] | None = None, image_size: int | None = None,
                       min_coverage: float = 0.5,
                       hold_out_styles: int | str | list[str] | None = None) -> Project:
    """A project whose styles are the listed `faces`, or every font in `fonts_dir`, covering at least
    `min_coverage` of the charset.

    Training it (`zi2zi train`) gives a multi-style base model that handwriting projects fine-tune from.
    hold_out_styles: fonts kept out of training for evaluation (core.project.pick_held_out_styles).
    """
    if (fonts_dir is None) == (faces is None):
        raise ProjectError("a base model project takes either a folder of fonts or a list of faces")
    wanted = set(charset_codepoints(charset))
    styles: list[Style] = []
    candidates = [open_face(f.path, f.index) for f in faces] if faces is not None else list_fonts([Path(fonts_dir)])
    for face in candidates:
        if (str(face.path.resolve()), face.index) == (str(Path(source.path).resolve()), source.index):
            continue  # the source font teaches nothing as a target
        if len(wanted & face.codepoints) < min_coverage * len(wanted):
            log.info("%s covers too little of %s; skipped", face.name, charset)
            continue
        styles.append(Style(name=unique_name(face.name, styles), font=FontRef(str(face.path.resolve()), face.index)))
    if not styles:
        raise ProjectError(f"no font in {fonts_dir or 'the list'} covers at least {min_coverage:.0%} of charset {charset!r}",
                           hint="put TTF/OTF/TTC files of the script in that folder")
    config = Config()
    config.data.charset = charset
    if image_size is not None:
        config.data.image_size = image_size
    config.validate()
    held = pick_held_out_styles(styles, hold_out_styles, config.data.split_seed) if hold_out_styles else []
    project = Project.create(root, source=source, styles=styles, config=config, held_out=check_fonts_share)
    if held:
        project.held_out_styles = held
        project.save()
    return project
