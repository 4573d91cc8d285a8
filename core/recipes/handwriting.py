"""Handwriting recipes: a project whose last style is a writer's hand, from scratch or fine-tuning a base model.

One path for the wizard and the CLI. The wizard calls `handwriting_project` before anything is written
and `prepare_handwriting` each time the writer comes to training; `zi2zi handwriting-project` calls
`handwriting_from_base`, which is the same two calls with a trained base project's source, characters,
fonts and model and a folder of glyphs. So both hold out the same characters for the same inputs
(core.recipes.held_out) and fine-tune with the same settings (core.training.presets).
"""

from __future__ import annotations

import copy
import logging
from pathlib import Path

from core.charsets import charset_codepoints
from core.config import Config, DataConfig
from core.errors import ProjectError
from core.fonts import RESOURCES_DIR, open_face
from core.project import RESOURCE_PREFIX, FontRef, Project, Style, handwriting_codepoints, layout
from core.recipes.base_model import BaseModel, covering_fonts, has_trained, install_base_model
from core.recipes.demo import DEMO_CHARSET, demo_font_styles, demo_source
from core.recipes.held_out import choose_held_out, written_characters

log = logging.getLogger(__name__)

DEFAULT_STYLE = "My handwriting"
SCRIPT_CHARSETS = {"hanzi": DEMO_CHARSET, "latin": "ascii"}   # what a script's project generates by default


def default_handwriting_size() -> int:
    """Glyph size for a hand trained without a base model: 128 px on a CPU, 256 px where CUDA can train it."""
    import torch
    return 256 if torch.cuda.is_available() else 128


def handwriting_project(root: str | Path, *, name: str | None = None, script: str = "hanzi", image_size: int = 128,
                        source: FontRef | None = None, charset: str | None = None, data: DataConfig | None = None,
                        style_name: str = DEFAULT_STYLE, base_model: BaseModel | None = None,
                        glyphs: str | Path | None = None, normalize: bool = True) -> Project:
    """A project whose last target style is the writer's hand, before it is trained.

    source: the source font (default: the bundled WenQuanYi Micro Hei subset, or the base model's own source
    font where the subset lacks some of the characters and this machine has it). charset: what to generate
    (default: the bundled demo characters for hanzi, ASCII for latin); data: data settings to start from
    (a base project's, so its split seed and held-out share carry over). base_model: a model to fine-tune
    (its image size replaces image_size, see `set_base_model`); None trains from scratch beside the bundled
    fonts. glyphs: a folder of written glyph PNGs named by code point; without it, glyphs arrive later (the
    wizard's review writes them) and `prepare_handwriting` holds some out then. normalize: copy the glyphs
    in at one size, baseline and weight (core.capture.normalize); False uses the folder as it is.
    """
    if script not in SCRIPT_CHARSETS:
        raise ProjectError(f"unknown script {script!r}", hint=f"use {' or '.join(SCRIPT_CHARSETS)}")
    if base_model is not None and style_name in base_model.style_names:
        raise ProjectError(f"the base model {base_model.path.name} already has a style named {style_name!r}",
                           hint="choose another name for the hand")
    config = Config()
    if data is not None:
        config.data = copy.deepcopy(data)
    if charset or data is None:
        config.data.charset = charset or SCRIPT_CHARSETS[script]
    config.data.image_size = int(base_model.image_size if base_model else image_size)
    config.export.family_name = name or Path(root).name
    config.validate()
    project = Project.create(root, source=source or default_source(config.data.charset, base_model),
                             styles=[Style(style_name, "handwriting")], config=config, name=name,
                             held_out=choose_held_out)
    if glyphs is not None:
        _take_glyphs(project, Path(glyphs), normalize)
    set_base_model(project, style_name, base_model)
    return project


def default_source(charset: str, model: BaseModel | None) -> FontRef:
    """The bundled WenQuanYi Micro Hei subset (the source every bundled model was trained from) when it has
    the characters; else the base model's own source font, when this machine has it (a packed model names it)."""
    bundled = demo_source()
    if model is None or model.source is None or model.source == bundled:
        return bundled
    have = open_face(_local(bundled.path), bundled.index).codepoints
    return bundled if set(charset_codepoints(_local(charset))) <= have else model.source


def _local(stored: str) -> str:
    """A stored resource:... path (font or charset) as a path of this installation; anything else as it is."""
    return str(RESOURCES_DIR / stored[len(RESOURCE_PREFIX):]) if stored.startswith(RESOURCE_PREFIX) else stored


def _take_glyphs(project: Project, glyphs: Path, normalize: bool) -> None:
    hand = len(project.styles) - 1
    if not normalize:
        project.styles[hand].folder = str(glyphs.resolve())
        return
    from core.capture.normalize import normalize_folder

    inside = project.style_folder(hand)   # the project's own copy, at the writer's metrics
    metrics = normalize_folder(glyphs, inside, project.source_face())
    log.info("written glyphs normalised into %s (writer scale %.3f)", inside, metrics.scale)


def set_base_model(project: Project, style_name: str, model: BaseModel | None) -> None:
    """Fine-tune `model`, or train from scratch (None); only before training has begun. Saves the project.

    The project gets the model's font styles before the hand (fine-tuning replays them so the shared
    decoder keeps how characters are built; from scratch, the bundled fonts help the same way), the
    model's architecture and unseen fonts, the model itself as checkpoints/base.pt, and held-out
    characters by the one policy.
    """
    if has_trained(project):
        raise ProjectError("training has already begun from the current model",
                           hint="to start from another, start a new handwriting project with the same scans")
    size = project.config.data.image_size
    if model is not None and model.image_size != size:
        raise ProjectError(f"{model.path.name} was trained at {model.image_size} px but this project's glyphs "
                           f"are {size} px", hint=f"start a new handwriting project at {model.image_size} px to use it")
    if model is not None and style_name in model.style_names:
        raise ProjectError(f"the base model {model.path.name} already has a style named {style_name!r}",
                           hint="start a new handwriting project with another name")
    hand = project.styles[project.style_id(style_name)]
    project.styles = [hand]
    # The model's fonts in its row order, then the hand: fine-tuning appends the hand's row after the
    # model's, and inference reads a project style's index as the model row, so none may be left out.
    fonts = model.fonts if model is not None else covering_fonts(project, demo_font_styles())
    project.styles = list(fonts) + [hand]
    project.held_out_styles = list(model.held_out_styles) if model is not None else []
    layout.base_model_file(project.root).unlink(missing_ok=True)
    if model is not None:
        project.config.model = copy.deepcopy(model.config.model)
        install_base_model(project, model)
    project.config.model.num_styles = len(project.styles)
    project.held_out = choose_held_out(project)
    project.save()


def hand_style(project: Project) -> int:
    """The project's (first) handwriting style."""
    for i, style in enumerate(project.styles):
        if style.kind == "handwriting":
            return i
    raise ProjectError(f"project {project.name} has no handwriting style")


def prepare_handwriting(project: Project) -> int:
    """Before training a hand: held-out characters by the one policy and, when fine-tuning
    checkpoints/base.pt, presets.handwriting_finetune_config for the characters written. Saves the project.

    Called again each time glyphs may have changed; once training has written a checkpoint nothing
    changes, so evaluation stays comparable. Returns how many written characters are usable.
    """
    usable = len(written_characters(project, hand_style(project)))
    trained = has_trained(project)
    if trained and project.held_out:
        return usable
    if not trained and layout.base_model_file(project.root).is_file():
        project.config = _finetune_config(project, usable)
    project.held_out = choose_held_out(project)
    project.save()
    return usable


def _finetune_config(project: Project, sample_count: int) -> Config:
    """The fine-tuning preset of the base model, at the model's size, with the project's characters and export."""
    from core.training.checkpoint import checkpoint_config, load_checkpoint
    from core.training.presets import handwriting_finetune_config

    state = load_checkpoint(layout.base_model_file(project.root))
    config = handwriting_finetune_config(checkpoint_config(state), sample_count,
                                         base_has_discriminator="discriminator" in state)
    size = config.data.image_size  # fine-tuning works at the base model's size
    config.data = copy.deepcopy(project.config.data)
    config.data.image_size = size
    config.export = copy.deepcopy(project.config.export)
    config.model.num_styles = max(config.model.num_styles, len(project.styles))
    return config


def handwriting_from_base(root: str | Path, *, glyphs_dir: str | Path, base_root: str | Path | None = None,
                          style_name: str = DEFAULT_STYLE, checkpoint: str | Path | None = None,
                          normalize: bool = True, charset: str | None = None) -> Project:
    """A project that fine-tunes a base model on a folder of handwritten glyph PNGs (`zi2zi handwriting-project`).

    With base_root, a trained base project's model: the project keeps its source, data settings
    (characters, split seed), font styles and unseen fonts. Without it, the bundled base model (or the
    packed model `checkpoint`), the bundled demo characters (or `charset`) and its fonts found on this
    machine, as the wizard does. Either way the hand is added as a new style and the model goes in
    checkpoints/base.pt with the fine-tuning preset, so a plain `zi2zi train PROJECT` fine-tunes it.
    The image size is the model's.
    """
    glyphs = Path(glyphs_dir).resolve()
    written = set(handwriting_codepoints(glyphs))
    if not written:
        raise ProjectError(f"{glyphs} holds no glyph PNGs named by code point (4E00.png)",
                           hint="cut them from scans with zi2zi extract first")
    if base_root is None:
        return _handwriting_from_model(root, glyphs, written, style_name, checkpoint, normalize, charset)
    if charset is not None:
        raise ProjectError("a handwriting project made from a base project learns that project's characters",
                           hint="leave out --charset, or leave out --base to start from the bundled base model")
    from core.recipes.base_model import portable_path, read_base_model
    from core.training.checkpoint import CheckpointStore

    base = Project.open(base_root)
    ckpt = Path(checkpoint) if checkpoint else CheckpointStore(base.checkpoints_dir).best()
    if ckpt is None:
        raise ProjectError(f"base project {base.root} has no trained model yet", hint=f"run zi2zi train {base.root}")
    source = base.source_face().codepoints
    if not any(c in written and c in source for c in base.charset()):
        raise ProjectError(f"none of the {len(written)} glyphs in {glyphs} is one of base project {base.name}'s "
                           f"characters", hint="write characters of its charset")
    if any(s.name == style_name for s in base.styles):
        raise ProjectError(f"the base project already has a style named {style_name!r}", hint="choose another name")
    project = handwriting_project(root, name=style_name, data=base.config.data, style_name=style_name,
                                  source=FontRef(portable_path(base, base.source.path), base.source.index),
                                  base_model=read_base_model(ckpt, project=base), glyphs=glyphs, normalize=normalize)
    prepare_handwriting(project)
    return project


def _handwriting_from_model(root: str | Path, glyphs: Path, written: set[int], style_name: str,
                            checkpoint: str | Path | None, normalize: bool, charset: str | None) -> Project:
    """handwriting_from_base without a base project: the bundled base model (or a packed model file)."""
    from core.recipes.base_model import read_base_model

    model = read_base_model(checkpoint)
    spec = charset or SCRIPT_CHARSETS["hanzi"]
    source = default_source(spec, model)
    have = open_face(_local(source.path), source.index).codepoints
    if not any(c in written and c in have for c in charset_codepoints(_local(spec))):
        raise ProjectError(f"none of the {len(written)} glyphs in {glyphs} is one of the characters to learn "
                           f"({'the bundled demo characters' if charset is None else charset})",
                           hint="write characters of that set, or name the set of the written ones with --charset")
    project = handwriting_project(root, name=style_name, charset=spec, style_name=style_name, source=source,
                                  base_model=model, glyphs=glyphs, normalize=normalize)
    prepare_handwriting(project)
    return project
