"""The model a project starts from: the bundled base model or a trained checkpoint, its fonts, and base.pt."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from core.atomic_io import atomic_path
from core.config import Config
from core.errors import ProjectError
from core.fonts import RESOURCES_DIR, demo_font_paths, face_names, open_face
from core.project import RESOURCE_PREFIX, FontRef, Project, Style, layout
from core.recipes.demo import DEMO_MODEL, demo_font_styles

log = logging.getLogger(__name__)

BASE_FONT_COVERAGE = 0.5    # a font style is worth replaying only when it has most of the characters
# The multi-style base model (issue 13; resources/base-model/README.md). Installations without it (it is
# packed at the end of its training) fall back to the two-style demo model (also 128 px now): see bundled_base_model().
BUNDLED_BASE_MODEL = RESOURCES_DIR / "base-model" / "base-generator.pt"
DPKG_INFO = Path("/var/lib/dpkg/info")   # Debian's per-package file lists: which package brought a font


@dataclass
class BaseModel:
    """A model a handwriting project fine-tunes from, with what the project needs to know about it."""
    path: Path
    stored: str                  # how the project remembers it: resource:... for the bundled one
    config: Config               # the model's own config (architecture, image size)
    style_names: list[str]       # its style-embedding rows
    fonts: list[Style]           # font styles for those rows found on this machine (replayed in training)
    held_out_styles: list[str] = field(default_factory=list)  # fonts its project kept unseen: they stay unseen
    source: FontRef | None = None  # its source font as found on this machine (a packed model names it)

    @property
    def bundled(self) -> bool:
        return self.stored.startswith(RESOURCE_PREFIX)

    @property
    def image_size(self) -> int:
        return self.config.data.image_size


def bundled_base_model() -> Path:
    """The model the handwriting wizard and `zi2zi handwriting-project` fine-tune by default: the multi-style
    base model when this installation has it, else the demo model (which may be missing too)."""
    return BUNDLED_BASE_MODEL if BUNDLED_BASE_MODEL.is_file() else DEMO_MODEL


def bundled_model_size() -> int | None:
    """The image size the bundled base model was trained at (read from its file), None when it is missing."""
    model = bundled_base_model()
    return _model_size(model, model.stat().st_mtime_ns) if model.is_file() else None


@lru_cache(maxsize=4)
def _model_size(model: Path, _mtime: int) -> int:
    from core.training.checkpoint import checkpoint_config, load_checkpoint

    return checkpoint_config(load_checkpoint(model)).data.image_size


def _stored_name(model: Path) -> str:
    """How a project remembers the bundled model: resource:..., valid wherever the application is installed."""
    try:
        return RESOURCE_PREFIX + str(model.relative_to(RESOURCES_DIR.resolve()))
    except ValueError:  # a bundled model outside resources/ (tests point the constant elsewhere)
        return str(model)


def read_base_model(path: str | Path | None = None, project: Project | None = None) -> BaseModel:
    """The bundled base model (path None: `bundled_base_model`) or a chosen checkpoint, with the fonts its
    styles were trained on.

    Fonts are found by style name, in order: the bundled demo fonts, the font styles of `project` or of the
    project the checkpoint sits in (<project>/checkpoints/x.pt), then the font references a packed model
    stores (`zi2zi pack-model`) where that font is on this machine with the same family name. Rows whose
    font is not found are not replayed; one log line says how many were found and which packages bring the rest.
    """
    from core.training.checkpoint import checkpoint_config, load_checkpoint, packed_fonts

    bundled_file = bundled_base_model()
    if path is None and not bundled_file.is_file():
        raise ProjectError("the bundled base model is missing from this installation",
                           hint="choose a trained model, or train from scratch")
    model = Path(path).expanduser().resolve() if path else bundled_file.resolve()
    bundled = model in (BUNDLED_BASE_MODEL.resolve(), DEMO_MODEL.resolve())
    stored = _stored_name(model) if bundled else str(model)
    state = load_checkpoint(model)
    names = [str(n) for n in state.get("style_names") or []]
    home = project if project is not None else _home_project(model)
    packed = packed_fonts(state)
    known = {s.name: s for s in demo_font_styles()}
    known.update({s.name: s for s in portable_fonts(home)} if home else {})
    known.update(_stored_fonts(packed["style_fonts"], [n for n in names if n not in known]))
    fonts = [known[n] for n in names if n in known]
    _log_missing(model, names, known, packed["style_fonts"])
    held = home.held_out_styles if home else packed["held_out_styles"]
    unseen = [n for n in held if any(f.name == n for f in fonts)]
    source = _font_here(packed["source_font"]) if packed["source_font"] else None
    return BaseModel(model, stored, checkpoint_config(state), names, fonts, unseen, source)


def _stored_fonts(refs: dict[str, dict[str, Any]], wanted: list[str]) -> dict[str, Style]:
    """The packed model's font references for `wanted` styles that are on this machine, same family."""
    found = {}
    for name in wanted:
        font = _font_here(refs[name]) if name in refs else None
        if font is not None:
            found[name] = Style(name, "font", font)
    return found


def _font_here(ref: dict[str, Any]) -> FontRef | None:
    """A packed font reference as a font of this machine: the stored path when the font there has the same
    family name, else a bundled demo subset of that very face (same family and style), else None."""
    path = ref["path"]
    try:
        family, _ = face_names(RESOURCES_DIR / path[len(RESOURCE_PREFIX):] if path.startswith(RESOURCE_PREFIX)
                               else Path(path), ref["index"])
        if ref["family"] is None or family == ref["family"]:
            return FontRef(path, ref["index"])
        # Another font now lives at that path: replaying it would teach the row another style.
        log.info("%s is %s, not %s; it is not used for that style", path, family, ref["family"])
    except Exception:  # noqa: BLE001 - not on this machine, or unreadable
        pass
    return _bundled_subsets().get((ref["family"], ref["style"]))


@lru_cache(maxsize=1)
def _bundled_subsets() -> dict[tuple[str, str], FontRef]:
    """(family, style) -> the bundled demo subset of that face (resources/fonts: the demo characters only)."""
    subsets = {}
    for path in demo_font_paths().values():
        try:
            names = face_names(path, 0)
        except Exception:  # noqa: BLE001 - a damaged installation: the packed paths may still serve
            continue
        subsets[names] = FontRef(RESOURCE_PREFIX + str(path.relative_to(RESOURCES_DIR)), 0)
    return subsets


def _log_missing(model: Path, names: list[str], known: dict[str, Style], refs: dict[str, dict[str, Any]]) -> None:
    """One line: how many of the model's font styles were found, and which packages would bring the rest."""
    missing = [n for n in names if n not in known]
    if not missing:
        return
    packages = sorted({p for n in missing if (p := (refs.get(n) or {}).get("package"))})
    bring = f"; the Debian packages {', '.join(packages)} bring them" if packages else ""
    # Not an error: fine-tuning works without them, it only keeps less of the base styles in training.
    log.info("%d of %d styles of %s have their font on this computer; the others are not replayed in "
             "fine-tuning: %s%s", len(names) - len(missing), len(names), model.name, ", ".join(missing), bring)


def font_reference(project: Project, font: FontRef) -> dict[str, Any] | None:
    """A font as a packed model stores it: portable path, face index, family and style names, Debian
    package (None off Debian); None when the font cannot be read here."""
    path = project.resolve(font.path)
    try:
        family, style = face_names(path, font.index)
    except Exception as exc:  # noqa: BLE001 - the model is packed anyway, without that reference
        log.warning("font %s cannot be read (%s); the packed model will not name it", font.path, exc)
        return None
    stored = portable_path(project, font.path)
    if Path(stored).is_absolute() and Path(stored).resolve().is_relative_to(RESOURCES_DIR.resolve()):
        stored = RESOURCE_PREFIX + str(Path(stored).resolve().relative_to(RESOURCES_DIR.resolve()))  # a bundled font
    return {"path": stored, "index": font.index, "family": family, "style": style, "package": debian_package(path)}


def packed_font_info(project: Project, style_names: list[str]) -> dict[str, Any]:
    """What `zi2zi pack-model` stores beside the weights (core.training.checkpoint.packed_fonts): the
    source font, the font of each of the model's font styles, and the styles the project kept unseen."""
    styles = {s.name: s for s in project.styles if s.kind == "font" and s.font is not None}
    refs = {name: font_reference(project, styles[name].font) for name in style_names if name in styles}
    return {"source_font": font_reference(project, project.source),
            "style_fonts": {name: ref for name, ref in refs.items() if ref is not None},
            "held_out_styles": [n for n in project.held_out_styles if n in style_names]}


@lru_cache(maxsize=256)
def debian_package(path: Path) -> str | None:
    """The Debian package that installed a font file, from dpkg's file lists of font packages; None elsewhere."""
    wanted = {str(path), str(Path(path).resolve())}
    lists = sorted(DPKG_INFO.glob("fonts-*.list")) + sorted(DPKG_INFO.glob("ttf-*.list")) if DPKG_INFO.is_dir() else []
    for listing in lists:
        try:
            if wanted & set(listing.read_text(encoding="utf-8", errors="replace").splitlines()):
                return listing.stem.split(":")[0]   # fonts-noto-cjk:amd64.list on multi-arch systems
        except OSError:
            continue
    return None


def _home_project(model: Path) -> Project | None:
    """The project a checkpoint belongs to (<project>/checkpoints/x.pt), or None."""
    root = model.parent.parent
    if model.parent != layout.checkpoints_dir(root) or not layout.is_project(root):
        return None
    try:
        return Project.open(root)
    except ProjectError:
        log.warning("cannot read the project of %s; its fonts are not replayed", model, exc_info=True)
        return None


def portable_path(base: Project, stored: str) -> str:
    """A path stored in the base project, made valid from any other folder."""
    return stored if stored.startswith(RESOURCE_PREFIX) else str(base.resolve(stored).resolve())


def portable_fonts(base: Project) -> list[Style]:
    """A project's font styles, with paths valid from any folder."""
    return [Style(s.name, "font", FontRef(portable_path(base, s.font.path), s.font.index))
            for s in base.styles if s.kind == "font"]


def covering_fonts(project: Project, fonts: list[Style], minimum: float = BASE_FONT_COVERAGE) -> list[Style]:
    """The fonts that have at least `minimum` of the project's characters (the others teach little)."""
    wanted = set(project.charset())
    kept = []
    for style in fonts:
        try:
            face = open_face(project.resolve(style.font.path), style.font.index)
        except Exception as exc:  # noqa: BLE001 - a font that cannot be read is left out, with a log line
            log.warning("font %s cannot be read (%s); left out", style.font.path, exc)
            continue
        if wanted and len(wanted & face.codepoints) >= minimum * len(wanted):
            kept.append(style)
    return kept


def install_base_model(project: Project, model: BaseModel) -> Path:
    """The model as the project's checkpoints/base.pt, where training starts when it has no checkpoint."""
    from core.training.checkpoint import is_generator_only, load_checkpoint, save_checkpoint

    target = layout.base_model_file(project.root)
    state = load_checkpoint(model.path)
    if is_generator_only(state):
        with atomic_path(target) as tmp:
            shutil.copyfile(model.path, tmp)
        return target
    # Weights, discriminator included (a trained critic helps fine-tuning), without the optimiser state.
    keep = ("config", "step", "style_names", "best_held_out_l1", "generator", "discriminator")
    save_checkpoint(target, {k: state[k] for k in keep if k in state})
    return target


def has_trained(project: Project) -> bool:
    """Whether training has written a checkpoint of the project's own (base.pt does not count)."""
    from core.training.checkpoint import CheckpointStore

    return CheckpointStore(project.checkpoints_dir).latest() is not None
