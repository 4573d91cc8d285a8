"""The model a project starts from: the bundled demo model or a trained checkpoint, its fonts, and base.pt."""

from __future__ import annotations

import logging
import shutil
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from core.atomic_io import atomic_path
from core.config import Config
from core.errors import ProjectError
from core.fonts import RESOURCES_DIR, open_face
from core.project import RESOURCE_PREFIX, FontRef, Project, Style, layout
from core.recipes.demo import DEMO_MODEL, demo_font_styles

log = logging.getLogger(__name__)

BASE_FONT_COVERAGE = 0.5    # a font style is worth replaying only when it has most of the characters


@dataclass
class BaseModel:
    """A model a handwriting project fine-tunes from, with what the project needs to know about it."""
    path: Path
    stored: str                  # how the project remembers it: resource:... for the bundled one
    config: Config               # the model's own config (architecture, image size)
    style_names: list[str]       # its style-embedding rows
    fonts: list[Style]           # font styles for those rows found on this machine (replayed in training)
    held_out_styles: list[str] = field(default_factory=list)  # fonts its project kept unseen: they stay unseen

    @property
    def bundled(self) -> bool:
        return self.stored.startswith(RESOURCE_PREFIX)

    @property
    def image_size(self) -> int:
        return self.config.data.image_size


@lru_cache(maxsize=1)
def bundled_model_size() -> int | None:
    """The image size the bundled base model was trained at (read from its file), None when it is missing."""
    from core.training.checkpoint import checkpoint_config, load_checkpoint

    if not DEMO_MODEL.is_file():
        return None
    return checkpoint_config(load_checkpoint(DEMO_MODEL)).data.image_size


def read_base_model(path: str | Path | None = None, project: Project | None = None) -> BaseModel:
    """The bundled demo model (path None) or a chosen checkpoint, with the fonts its styles were trained on.

    Fonts are found by style name: the bundled demo fonts, then the font styles of `project` or of the
    project the checkpoint sits in (<project>/checkpoints/x.pt). Rows whose font is not found are not replayed.
    """
    from core.training.checkpoint import checkpoint_config, load_checkpoint

    if path is None and not DEMO_MODEL.is_file():
        raise ProjectError("the bundled base model is missing from this installation",
                           hint="choose a trained model, or train from scratch")
    model = Path(path).expanduser().resolve() if path else DEMO_MODEL.resolve()
    bundled = model == DEMO_MODEL.resolve()
    stored = RESOURCE_PREFIX + str(DEMO_MODEL.relative_to(RESOURCES_DIR)) if bundled else str(model)
    state = load_checkpoint(model)
    names = [str(n) for n in state.get("style_names") or []]
    home = project if project is not None else _home_project(model)
    known = {s.name: s for s in demo_font_styles()}
    known.update({s.name: s for s in portable_fonts(home)} if home else {})
    fonts = [known[n] for n in names if n in known]
    missing = [n for n in names if n not in known]
    if missing:  # rows after a missing font no longer line up with the project's styles in inference
        log.warning("the fonts of %s's styles %s were not found; they are not replayed", model.name, missing)
    unseen = [n for n in (home.held_out_styles if home else []) if any(f.name == n for f in fonts)]
    return BaseModel(model, stored, checkpoint_config(state), names, fonts, unseen)


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
