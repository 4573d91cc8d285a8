"""Training presets: settings for fine-tuning a base model on a few hundred handwritten glyphs.

Why these numbers: a few hundred samples are ~20 batches, so a from-scratch run of 20,000 steps
would see each glyph hundreds of times and learn the samples rather than the hand. Fine-tuning
starts from a model that already writes characters, so it needs fewer steps at a lower rate; the
encoder reads the source font, which does not change, so it can stay frozen (half the parameters,
less to overfit); the base styles keep appearing in the batches so the shared decoder does not
forget how characters are built; and frequent held-out evaluations with early stopping end the run
when the unseen handwritten characters stop getting better, keeping that model as best.pt. "Better"
weighs L1 with style accuracy (core.training.style_judge): a blurred average of the base styles has a
fair L1 but does not read as the hand. D sees DiffAugment copies (a few hundred glyphs are easy to
memorise), keeps its first blocks when the base carries a trained D (FreezeD), and a new style's row
starts at the mean of the base rows (core.training.engine).
"""

from __future__ import annotations

import copy
import logging
import random
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from core.atomic_io import atomic_path
from core.charsets import charset_codepoints
from core.config import Config
from core.errors import ProjectError
from core.fonts import RESOURCES_DIR, list_fonts
from core.project import RESOURCE_PREFIX, FontRef, Project, Style, handwriting_codepoints, pick_held_out_styles
from core.training.checkpoint import (
    BASE_NAME,
    CheckpointStore,
    checkpoint_config,
    is_generator_only,
    load_checkpoint,
    save_checkpoint,
)

log = logging.getLogger(__name__)

PASSES = 40                 # times each handwritten glyph is seen (half of every batch is the hand)
STEPS_MIN, STEPS_MAX = 300, 5000
LR_RATIO = 0.25             # of the base model's rates
EVALUATIONS = 40            # held-out evaluations over the run
PATIENCE = 8                # evaluations without improvement before stopping
HELD_OUT_FRACTION = 0.1     # of the handwritten characters, kept for validation
HELD_OUT_MIN = 4
AUGMENT = "translation,cutout"
FREEZE_D_BLOCKS = 2         # of D's four conv blocks: the first two see strokes, the last two styles
EMA_HORIZON = 0.1           # of the run's G updates: the averaged generator follows the last tenth
EMA_MIN, EMA_MAX = 0.99, 0.999


def finetune_ema_decay(g_updates: int) -> float:
    """G-EMA decay whose horizon (1 / (1 - decay) updates) is about a tenth of the run.

    The EMA starts at the base model's weights; the base run's 0.999 (a 1,000-update horizon) would keep
    a 600-update fine-tune close to the base at every evaluation, so short runs average over less.
    """
    horizon = max(1.0, EMA_HORIZON * g_updates)
    return float(min(EMA_MAX, max(EMA_MIN, 1.0 - 1.0 / horizon)))


def handwriting_finetune_config(base_config: Config, sample_count: int, *,
                                base_has_discriminator: bool = False) -> Config:
    """A copy of `base_config` set for fine-tuning on `sample_count` handwritten glyphs.

    base_has_discriminator: the base checkpoint carries a trained D (a "discriminator" key); only then
    does FreezeD keep D's first blocks, since a generator-only base starts D from random weights.
    """
    if sample_count < 1:
        raise ProjectError("there are no handwritten glyphs to fine-tune on", hint="import scans first")
    config = copy.deepcopy(base_config)
    t = config.train
    per_step = max(1, t.batch_size // 2)  # keep_base_styles makes about half of each batch handwriting
    t.steps = int(min(STEPS_MAX, max(STEPS_MIN, round(PASSES * sample_count / per_step))))
    t.generator_lr = base_config.train.generator_lr * LR_RATIO
    t.discriminator_lr = base_config.train.discriminator_lr * LR_RATIO
    t.freeze_encoder = True
    t.keep_base_styles = True
    # A few hundred real glyphs: D would memorise them; DiffAugment shows it shifted and holed copies.
    t.augment = AUGMENT
    t.freeze_discriminator_blocks = FREEZE_D_BLOCKS if base_has_discriminator else 0
    t.ema_decay = finetune_ema_decay(t.steps * t.g_steps_per_d_step)
    t.judge_style = True
    t.eval_every = max(10, t.steps // EVALUATIONS)
    t.sample_every = t.eval_every * 4
    t.checkpoint_every = t.eval_every * 5
    t.early_stopping_patience = PATIENCE
    config.validate()
    return config


def hold_out_handwriting(project: Project, style_id: int, fraction: float = HELD_OUT_FRACTION,
                         minimum: int = HELD_OUT_MIN) -> list[int]:
    """Make sure some handwritten characters are held out (never trained on) so fine-tuning is judged on them.

    The project's split was drawn from the whole charset, so a few hundred handwritten characters may
    hold none or very few of it. Adds characters (seeded by data.split_seed, so it is repeatable),
    saves the project, and returns the handwritten characters that are now held out. Never takes more
    than a quarter of the hand: a small sample needs most of its glyphs for training.
    """
    style = project.styles[style_id]
    if style.kind != "handwriting":
        raise ProjectError(f"style {style.name!r} is a font, not handwriting")
    source = project.source_face().codepoints
    charset = set(project.charset())
    written = [cp for cp in handwriting_codepoints(project.style_folder(style_id)) if cp in source and cp in charset]
    held = set(project.held_out)
    already = [cp for cp in written if cp in held]
    want = min(max(minimum, round(fraction * len(written))), len(written) // 4)
    if len(already) < want:
        rest = [cp for cp in written if cp not in held]
        extra = random.Random(project.config.data.split_seed).sample(rest, want - len(already))
        project.held_out = sorted(held | set(extra))
        project.save()
        already = sorted(already + extra)
        log.info("held out %d of %d handwritten characters of %s", len(already), len(written), style.name)
    return sorted(already)


def base_model_project(root: str | Path, *, fonts_dir: str | Path, source: FontRef, charset: str,
                       image_size: int | None = None, min_coverage: float = 0.5,
                       hold_out_styles: int | str | list[str] | None = None) -> Project:
    """A project whose styles are every font in `fonts_dir` covering at least `min_coverage` of the charset.

    Training it (`zi2zi train`) gives a multi-style base model that handwriting projects fine-tune from.
    hold_out_styles: fonts kept out of training for evaluation (core.project.pick_held_out_styles).
    """
    wanted = set(charset_codepoints(charset))
    styles: list[Style] = []
    for face in list_fonts([Path(fonts_dir)]):
        if (str(face.path.resolve()), face.index) == (str(Path(source.path).resolve()), source.index):
            continue  # the source font teaches nothing as a target
        if len(wanted & face.codepoints) < min_coverage * len(wanted):
            log.info("%s covers too little of %s; skipped", face.name, charset)
            continue
        name, n = face.name, 2
        while any(s.name == name for s in styles):
            name, n = f"{face.name} {n}", n + 1
        styles.append(Style(name=name, font=FontRef(str(face.path.resolve()), face.index)))
    if not styles:
        raise ProjectError(f"no font in {fonts_dir} covers at least {min_coverage:.0%} of charset {charset!r}",
                           hint="put TTF/OTF/TTC files of the script in that folder")
    config = Config()
    config.data.charset = charset
    if image_size is not None:
        config.data.image_size = image_size
    config.validate()
    held = pick_held_out_styles(styles, hold_out_styles, config.data.split_seed) if hold_out_styles else []
    project = Project.create(root, source=source, styles=styles, config=config)
    if held:
        project.held_out_styles = held
        project.save()
    return project


def handwriting_finetune_project(root: str | Path, *, base_root: str | Path, glyphs_dir: str | Path,
                                 style_name: str = "My handwriting",
                                 checkpoint: str | Path | None = None, normalize: bool = True) -> Project:
    """A project that fine-tunes a trained base project's model on handwritten glyph PNGs.

    It keeps the base project's source, charset, font styles (so keep_base_styles has their pairs) and
    held-out characters, adds the hand as a new style with some of its characters held out, uses
    `handwriting_finetune_config`, and puts the base model in checkpoints/base.pt, so a plain
    `zi2zi train PROJECT` fine-tunes it. The model's image size is the project's.

    normalize: the written glyphs are copied into the project at their own resolution, placed by the
    writer's metrics (core.capture.normalize: one size, baseline and weight), and generated glyphs
    follow the same metrics; False uses the folder's glyphs as they are.
    """
    base = Project.open(base_root)
    ckpt = Path(checkpoint) if checkpoint else CheckpointStore(base.checkpoints_dir).best()
    if ckpt is None:
        raise ProjectError(f"base project {base.root} has no trained model yet", hint=f"run zi2zi train {base.root}")
    glyphs = Path(glyphs_dir).resolve()
    written = handwriting_codepoints(glyphs)
    if not written:
        raise ProjectError(f"{glyphs} holds no glyph PNGs named by code point (4E00.png)",
                           hint="cut them from scans with zi2zi extract first")
    if any(s.name == style_name for s in base.styles):
        raise ProjectError(f"the base project already has a style named {style_name!r}", hint="choose another name")
    state = load_checkpoint(ckpt)
    config = handwriting_finetune_config(checkpoint_config(state), len(written),
                                         base_has_discriminator="discriminator" in state)
    size = config.data.image_size  # the model's size: a checkpoint from elsewhere may differ from the project
    config.data = copy.deepcopy(base.config.data)
    config.data.image_size = size
    config.export.family_name = style_name
    styles = [Style(s.name, "font", FontRef(_portable(base, s.font.path), s.font.index))
              for s in base.styles if s.kind == "font"]
    styles.append(Style(style_name, "handwriting", folder=str(glyphs)))
    source = FontRef(_portable(base, base.source.path), base.source.index)
    project = Project.create(root, source=source, styles=styles, config=config)
    project.held_out = sorted(base.held_out)  # the fonts' split stays the one the base model never saw
    project.held_out_styles = list(base.held_out_styles)  # and its unseen fonts stay unseen
    if normalize:
        from core.capture.normalize import normalize_folder

        inside = project.glyphs_dir / "handwriting" / style_name
        metrics = normalize_folder(glyphs, inside, project.source_face())
        project.styles[-1].folder = str(inside.relative_to(project.root))
        log.info("written glyphs normalised into %s (writer scale %.3f)", inside, metrics.scale)
    project.save()
    hold_out_handwriting(project, len(styles) - 1)
    _write_base_model(ckpt, state, project.checkpoints_dir / BASE_NAME)
    return project


def _portable(base: Project, stored: str) -> str:
    """A path stored in the base project, made valid from any other folder."""
    return stored if stored.startswith(RESOURCE_PREFIX) else str(base.resolve(stored).resolve())


def _write_base_model(path: Path, state: dict, target: Path) -> None:
    if is_generator_only(state):
        with atomic_path(target) as tmp:
            shutil.copyfile(path, tmp)
        return
    # Weights, discriminator included (a trained critic helps fine-tuning), without the optimiser state.
    keep = ("config", "step", "style_names", "best_held_out_l1", "generator", "discriminator")
    save_checkpoint(target, {k: state[k] for k in keep if k in state})


# ----- the handwriting wizard's model: a bundled or chosen base model, or none --------------------------
BASE_FONT_COVERAGE = 0.5    # a font style is worth replaying only when it has most of the characters


@dataclass
class BaseModel:
    """A model a handwriting project fine-tunes from, with what the project needs to know about it."""
    path: Path
    stored: str                  # how the project remembers it: resource:... for the bundled one
    config: Config               # the model's own config (architecture, image size)
    style_names: list[str]       # its style-embedding rows
    fonts: list[Style]           # font styles for those rows found on this machine (replayed in training)

    @property
    def bundled(self) -> bool:
        return self.stored.startswith(RESOURCE_PREFIX)

    @property
    def image_size(self) -> int:
        return self.config.data.image_size


@lru_cache(maxsize=1)
def bundled_model_size() -> int | None:
    """The image size the bundled base model was trained at (read from its file), None when it is missing."""
    from core.project import DEMO_MODEL
    if not DEMO_MODEL.is_file():
        return None
    return checkpoint_config(load_checkpoint(DEMO_MODEL)).data.image_size


def default_handwriting_size() -> int:
    """Glyph size for a hand trained without a base model: 128 px on a CPU, 256 px where CUDA can train it."""
    import torch
    return 256 if torch.cuda.is_available() else 128


def read_base_model(path: str | Path | None = None) -> BaseModel:
    """The bundled demo model (path None) or a chosen checkpoint, with the fonts its styles were trained on.

    Fonts are found by style name: the bundled demo fonts, then the font styles of the project the
    checkpoint sits in (<project>/checkpoints/x.pt). Rows whose font is not found are not replayed.
    """
    from core.project import DEMO_MODEL, demo_font_styles

    if path is None and not DEMO_MODEL.is_file():
        raise ProjectError("the bundled base model is missing from this installation",
                           hint="choose a trained model, or train from scratch")
    model = Path(path).expanduser().resolve() if path else DEMO_MODEL.resolve()
    bundled = model == DEMO_MODEL.resolve()
    stored = RESOURCE_PREFIX + str(DEMO_MODEL.relative_to(RESOURCES_DIR)) if bundled else str(model)
    state = load_checkpoint(model)
    names = [str(n) for n in state.get("style_names") or []]
    known = {s.name: s for s in demo_font_styles()}
    known.update({s.name: s for s in _project_fonts(model)})
    fonts = [known[n] for n in names if n in known]
    missing = [n for n in names if n not in known]
    if missing:  # rows after a missing font no longer line up with the project's styles in inference
        log.warning("the fonts of %s's styles %s were not found; they are not replayed", model.name, missing)
    return BaseModel(model, stored, checkpoint_config(state), names, fonts)


def _project_fonts(model: Path) -> list[Style]:
    """Font styles of the project a checkpoint belongs to, with paths valid from any folder."""
    root = model.parent.parent
    if model.parent.name != "checkpoints" or not (root / "project.json").is_file():
        return []
    try:
        base = Project.open(root)
    except ProjectError:
        log.warning("cannot read the project of %s; its fonts are not replayed", model, exc_info=True)
        return []
    return [Style(s.name, "font", FontRef(_portable(base, s.font.path), s.font.index))
            for s in base.styles if s.kind == "font"]


def covering_fonts(project: Project, fonts: list[Style], minimum: float = BASE_FONT_COVERAGE) -> list[Style]:
    """The fonts that have at least `minimum` of the project's characters (the others teach little)."""
    wanted = set(project.charset())
    kept = []
    for style in fonts:
        try:
            face = _face(project, style)
        except Exception as exc:  # noqa: BLE001 - a font that cannot be read is left out, with a log line
            log.warning("font %s cannot be read (%s); left out", style.font.path, exc)
            continue
        if wanted and len(wanted & face.codepoints) >= minimum * len(wanted):
            kept.append(style)
    return kept


def _face(project: Project, style: Style):
    from core.fonts import open_face
    return open_face(project.resolve(style.font.path), style.font.index)


def install_base_model(project: Project, model: BaseModel) -> Path:
    """The model as the project's checkpoints/base.pt, where training starts when it has no checkpoint."""
    target = project.checkpoints_dir / BASE_NAME
    _write_base_model(model.path, load_checkpoint(model.path), target)
    return target


def has_trained(project: Project) -> bool:
    """Whether training has written a checkpoint of the project's own (base.pt does not count)."""
    return CheckpointStore(project.checkpoints_dir).latest() is not None


def prepare_handwriting_finetune(project: Project, style_id: int, sample_count: int) -> Config:
    """Before fine-tuning from checkpoints/base.pt: the fonts' held-out split, some of the hand held out,
    and `handwriting_finetune_config` of the base model with the project's characters and size.

    Called again each time the writer comes to training, until training has written a checkpoint."""
    state = load_checkpoint(project.checkpoints_dir / BASE_NAME)
    config = handwriting_finetune_config(checkpoint_config(state), sample_count,
                                         base_has_discriminator="discriminator" in state)
    size = config.data.image_size  # fine-tuning works at the base model's size
    config.data = copy.deepcopy(project.config.data)
    config.data.image_size = size
    config.export = copy.deepcopy(project.config.export)
    config.model.num_styles = max(config.model.num_styles, len(project.styles))
    project.config = config
    project.held_out = project._choose_held_out()  # the fonts' split: the same seed and characters as the base
    project.save()
    hold_out_handwriting(project, style_id)
    return config
