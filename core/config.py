"""The one configuration: nested dataclasses saved in project.json and embedded in every checkpoint.

Each field carries its user-facing words as dataclasses metadata (see `setting`): a label, a one-line help
in a designer's words, the closed set of values it takes with a label for each, and the range validation
checks. Validation, the CLI's argparse choices and the app's settings form and export dialog all read them
through field_choices / field_label / choice_label / field_help / field_limits, so a domain is written once.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from core.errors import ConfigError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2


def setting(default: Any, label: str, help: str, *, choices: dict[Any, str] | None = None,
            limits: tuple[float | None, float | None] | None = None, below: bool = False, above: bool = False,
            check: Callable[[Any], Any] | None = None) -> Any:
    """A config field with its words: `choices` maps each allowed value to its label (menu order);
    `limits` is (lowest, highest), None for no bound, exclusive where `above` / `below`; `check` replaces
    the choices test for a value with more spellings than the menu has (it raises ConfigError)."""
    metadata: dict[str, Any] = {"label": label, "help": help}
    if choices is not None:
        metadata["choices"] = dict(choices)
    if limits is not None:
        metadata.update(limits=limits, above=above, below=below)
    if check is not None:
        metadata["check"] = check
    if isinstance(default, (list, dict)):
        return field(default_factory=lambda: copy.deepcopy(default), metadata=metadata)
    return field(default=default, metadata=metadata)


AUGMENTATIONS = ("translation", "cutout")   # DiffAugment transforms (core/model/augment.py)


def parse_augment_policy(policy: str) -> tuple[str, ...]:
    """"translation,cutout" -> ("translation", "cutout"); "" or "none" -> ()."""
    names = tuple(p.strip() for p in policy.split(",") if p.strip() and p.strip() != "none")
    unknown = [n for n in names if n not in AUGMENTATIONS]
    if unknown:
        raise ConfigError(f"unknown augmentation {', '.join(unknown)} (choose from {', '.join(AUGMENTATIONS)}, "
                          f"or none)")
    return names


DEVICES = {"auto": "Automatic (a graphics card when there is one)", "cpu": "Processor (CPU)",
           "cuda": "NVIDIA graphics card (CUDA)", "mps": "Apple graphics (MPS)"}
IMAGE_SIZES = {32: "32 px", 64: "64 px", 128: "128 px", 256: "256 px"}
ADVERSARIAL_LOSSES = {"hinge": "Hinge", "bce": "Non-saturating (BCE)", "wgan-gp": "Wasserstein, gradient penalty",
                      "wgan-clip": "Wasserstein, weight clipping (comparison only)"}
DISCRIMINATOR_NORMS = {"none": "None (spectral norm alone)", "batch": "Batch norm (zi2zi)",
                       "instance": "Instance norm"}


@dataclass
class DataConfig:
    image_size: int = setting(128, "Image size", "How finely the model draws each glyph; larger is sharper "
                              "and trains several times slower.", choices=IMAGE_SIZES)  # the canvas is the em box
    charset: str = setting("gb2312", "Characters", "The characters the finished font should have: a charset name "
                           "or a path to a text file.")
    held_out_fraction: float = setting(
        0.1, "Held-out share", "Share of characters kept aside: the model never trains on them, so they show how "
        "well it writes characters it has not seen.", limits=(0.0, 1.0), above=True, below=True)
    held_out_count_max: int = setting(200, "Held-out maximum", "At most this many characters are kept aside, so a "
                                      "big charset does not starve training.", limits=(1, None))
    split_seed: int = setting(1234, "Held-out draw", "Which characters are kept aside depends only on this number "
                              "and the characters.")


@dataclass
class ModelConfig:
    # zi2zi's 64 costs 4x the FLOPs and CPU time per glyph for a little held-out L1 (bench/README.md)
    generator_channels: int = setting(32, "Generator width", "Width of the generator's first layer (it doubles "
                                      "down to 8x); wider learns more and runs slower.", limits=(1, 4096))
    # 32, not zi2zi's 64: at 128 px a width-64 D costs 2x G's FLOPs (width 32: 0.5x) and, at equal CPU time,
    # lost on every figure in 3 of 3 seeds (docs/quality-report.md, "D width")
    discriminator_channels: int = setting(32, "Discriminator width", "Width of the discriminator's first layer.",
                                          limits=(1, 4096))
    kernel_size: int = setting(4, "Kernel size", "Size of each convolution window (zi2zi-pytorch uses 4, the "
                               "TensorFlow original 5).", choices={3: "3 x 3", 4: "4 x 4", 5: "5 x 5"})
    embedding_dim: int = setting(128, "Style embedding size", "Length of each style's vector, joined at the "
                                 "generator's narrowest point.", limits=(1, 4096))
    num_styles: int = setting(1, "Styles", "How many styles the model knows; grows when fine-tuning adds one.",
                              limits=(1, None))
    generator_norm: str = setting("batch", "Generator norm", "How the generator's layers are normalised.",
                                  choices={"batch": "Batch norm", "instance": "Instance norm",
                                           "spectral": "Spectral norm"})
    # The spectrally normalised discriminator with the SN literature's recipe (docs/quality-report.md):
    # spectral norm on every conv, no norm layer, the style by projection. zi2zi's BatchNorm D is
    # discriminator_norm="batch", discriminator_spectral_norm=False, discriminator_conditioning="category".
    discriminator_norm: str = setting("none", "Discriminator norm", "A norm layer in the discriminator (a norm "
                                      "after spectral norm undoes it).", choices=DISCRIMINATOR_NORMS)
    discriminator_spectral_norm: bool = setting(True, "Discriminator spectral norm", "Keeps the discriminator "
                                                "from overpowering the generator; steadier training.")
    discriminator_conditioning: str = setting(
        "both", "Discriminator style input", "How the discriminator is told which style a glyph should have.",
        choices={"both": "Projection and category head", "projection": "Projection",
                 "category": "Category head (zi2zi)"})
    dropout: float = setting(0.5, "Dropout", "Share of the deepest decoder layers' signals dropped while "
                             "training, so the model does not learn by rote.", limits=(0.0, 1.0), below=True)


@dataclass
class TrainConfig:
    # 8, not 16: at equal CPU time, 128 px, 3 seeds, batch 8 (twice the steps) read better (content 0.639 ±
    # 0.013 against 0.580 ± 0.024) and kept more strokes, level on SSIM, RMSE and style (quality report, 4)
    batch_size: int = setting(8, "Batch size", "Glyphs learned from at once; lower it when memory runs out.",
                              limits=(1, None))
    steps: int = setting(20000, "Training steps", "How long training runs, counted in small learning steps. "
                         "Prefer 'Train for' above: it turns minutes into steps on this computer.", limits=(0, None))
    adversarial_loss: str = setting("hinge", "Adversarial loss", "How the discriminator's verdict is scored; "
                                    "hinge suits spectral norm (Miyato et al. 2018).", choices=ADVERSARIAL_LOSSES)
    l1_weight: float = setting(100.0, "L1 weight", "How strongly glyphs are pulled towards the target pixels.",
                               limits=(0.0, None))
    # Off by default: at 128 px, 3 seeds, 3 kept 0.74 of glyphs whole against 0.62, but drew 10-15 % bolder and
    # lost style accuracy and SSIM (quality report, section 6)
    stroke_weight: float = setting(0.0, "Stroke emphasis", "How much more the pixels on the target's strokes "
                                   "count in the L1 pull: fewer broken or missing strokes, but bolder glyphs "
                                   "a little less like the target's style; 0 counts every pixel alike.",
                                   limits=(0.0, None))
    constant_weight: float = setting(15.0, "Constant loss weight", "How strongly a generated glyph must encode "
                                     "like its source character.", limits=(0.0, None))
    category_weight: float = setting(1.0, "Category loss weight", "How strongly the discriminator's style guess "
                                     "counts.", limits=(0.0, None))
    tv_weight: float = setting(0.0, "Total variation weight", "Smooths speckled glyphs; 0 turns it off.",
                               limits=(0.0, None))
    gp_weight: float = setting(10.0, "Gradient penalty weight", "Strength of the WGAN-GP gradient penalty.",
                               limits=(0.0, None))
    clip_value: float = setting(0.01, "Weight clip value", "Classic WGAN weight clipping (comparison only).",
                                limits=(0.0, None), above=True)
    optimizer: str = setting("adam", "Optimizer", "The rule that updates the weights.",
                             choices={"adam": "Adam", "adamw": "AdamW (with weight decay)"})
    generator_lr: float = setting(2e-4, "Generator learning rate", "How big the generator's learning steps are.",
                                  limits=(0.0, None), above=True)
    discriminator_lr: float = setting(4e-4, "Discriminator learning rate", "How big the discriminator's learning "
                                      "steps are (TTUR: it learns faster than the generator).",
                                      limits=(0.0, None), above=True)
    # Adam betas (0, 0.9), as the SN GANs use; zi2zi used (0.5, 0.999)
    beta1: float = setting(0.0, "Adam beta 1", "Adam's momentum.", limits=(0.0, 1.0), below=True)
    beta2: float = setting(0.9, "Adam beta 2", "Adam's memory of past step sizes.", limits=(0.0, 1.0), below=True)
    weight_decay: float = setting(0.0, "Weight decay", "Pulls weights towards zero (AdamW only).", limits=(0.0, None))
    lr_schedule: str = setting("linear", "Learning-rate schedule", "How the learning rate falls over the steps.",
                               choices={"linear": "Linear decay", "cosine": "Cosine decay", "constant": "Constant"})
    lr_min_ratio: float = setting(0.1, "Final rate share", "The schedule ends at this share of the starting rate.",
                                  limits=(0.0, 1.0))
    # zi2zi's 1 D : 2 G; measured better per CPU-second (quality report)
    g_steps_per_d_step: int = setting(2, "G steps per D step", "Generator updates for each discriminator update.",
                                      limits=(1, None))
    ema_decay: float = setting(0.999, "Generator averaging (EMA)", "Samples, evaluation and export use a running "
                               "average of the generator, which is steadier; 0 turns it off.",
                               limits=(0.0, 1.0), below=True)
    augment: str = setting("translation,cutout", "Discriminator augmentation", "Random shifts and cut-outs of what "
                           "the discriminator sees, so it cannot learn the few training glyphs by heart.",
                           choices={"translation,cutout": "Shift and cut-out", "translation": "Shift",
                                    "cutout": "Cut-out", "none": "None"}, check=parse_augment_policy)
    device: str = setting("auto", "Device", "Where training runs: the processor or a graphics card.",
                          choices=DEVICES)
    threads: int = setting(0, "CPU threads", "Processor threads training may use; 0 lets the computer decide.",
                           limits=(0, None))
    mixed_precision: bool = setting(True, "Mixed precision", "Faster training on a graphics card; no effect on a "
                                    "CPU.")  # bf16 autocast on CUDA
    seed: int = setting(0, "Random seed", "The same seed and settings train the same model again.")
    log_every: int = setting(10, "Log every (steps)", "Steps between loss reports.", limits=(1, None))
    sample_every: int = setting(200, "Samples every (steps)", "How often the panel on the right shows the model's "
                                "current glyphs.", limits=(1, None))
    eval_every: int = setting(200, "Evaluate every (steps)", "Steps between checks on the held-out characters.",
                              limits=(1, None))
    checkpoint_every: int = setting(1000, "Checkpoint every (steps)", "How often the model is saved; Stop always "
                                    "saves too.", limits=(1, None))
    keep_checkpoints: int = setting(3, "Checkpoints kept", "The last few saved models are kept, plus the best on "
                                    "held-out characters.", limits=(1, None))
    sample_count: int = setting(8, "Sample characters", "Held-out characters shown in the sample grid.",
                                limits=(1, None))
    freeze_encoder: bool = setting(False, "Freeze encoder", "Fine-tuning: keep the encoder's weights as they are.")
    freeze_discriminator_blocks: int = setting(0, "Frozen discriminator blocks", "Fine-tuning (FreezeD): keep the "
                                               "discriminator's first blocks as they are; 0 turns it off.",
                                               limits=(0, 4))
    keep_base_styles: bool = setting(True, "Keep base styles", "Fine-tuning: keep training the base model's styles "
                                     "beside the new one.")
    early_stopping_patience: int = setting(0, "Early-stopping patience", "Stop after this many checks without "
                                           "better held-out glyphs; 0 turns it off.", limits=(0, None))
    best_after: float = setting(0.0, "Judge from (share of steps)", "Share of the planned steps before held-out checks may pick "
                                "the best model or stop early.", limits=(0.0, 0.9))  # a fine-tune's first checks show the base
    judge_style: bool = setting(False, "Judge style", "Fine-tuning: also judge held-out glyphs for style when "
                                "picking the best model.")  # ranks by L1 x (2 - style accuracy)
    use_designer_glyphs: bool = setting(False, "Learn from my edits", "Glyphs you edited or accepted replace a "
                                        "style's targets in training.")  # issue 6


@dataclass
class ExportConfig:
    """What the designer chooses for an exported font; the defaults make a valid 1000-UPM TrueType font
    with CJK advances of one em. Fonts on this computer (merge into, fill from) are per run, not settings:
    core.export.pipeline.ExportRun."""
    family_name: str = setting("zi2zi Studio Demo", "Family name", "The font's name in menus.")
    style_name: str = setting("Regular", "Style name", "Regular, Bold, Italic…; Bold and Italic set the style "
                              "bits too.")
    version: str = setting("1.000", "Version", "The font's version, e.g. 1.002.")
    designer: str = setting("", "Designer", "Your name, stored in the font.")
    license: str = setting("", "Licence", "The terms people may use the font under.")
    license_url: str = setting("", "Licence URL", "Where the licence can be read.")
    description: str = setting("", "Description", "A sentence about the font, stored in it.")
    vendor_id: str = setting("NONE", "Vendor ID", "Four letters naming the maker (OS/2 achVendID).")
    localized_family: dict[str, str] = setting({}, "Localised family names", "The family name in other "
                                               "languages, e.g. {\"zh\": \"我的楷体\"}.")
    units_per_em: int = setting(1000, "Units per em", "The grid outlines are drawn on; 1000 suits most fonts.",
                                limits=(16, 16384))
    formats: list[str] = setting(["ttf"], "Formats", "Which font files are written.",
                                 choices={"ttf": "TTF", "otf": "OTF", "woff": "WOFF", "woff2": "WOFF2", "ufo": "UFO"})
    prefer_generated_for_handwriting: bool = setting(False, "Generated glyphs over handwriting", "Generated glyphs "
                                                     "replace the written ones too.")
    # Characters every font should type (ASCII, CJK punctuation, core.export.coverage) that the glyphs lack
    # come from a companion font (the CLI and the app default to the project's source font), then from
    # built-in punctuation.
    fill_required: bool = setting(True, "Fill missing characters", "Latin letters, digits and punctuation your "
                                  "glyphs lack come from another font, scaled and weighted to match.")
    replace_existing: bool = setting(False, "Replace the base font's glyphs", "When merging into an existing font, "
                                     "your glyph wins over the base font's for the same character.")
    tracer: str = setting("auto", "Tracer", "Which potrace turns bitmaps into outlines.",
                          choices={"auto": "Automatic", "potracecffi": "potrace (fast)",
                                   "potracer": "potrace in Python (slow)"})
    # Tracing small bitmaps (bench/bench_outlines.py measured these against the target font's outlines): a 4x
    # bicubic "smooth" upscale keeps strokes where they are and comes 2.5 IoU points closer to the real
    # design at 64 px than 2x bilinear; potrace's curve merge at 0.6 and extrema + overlap clean-up keep the
    # point count under 2x the target font's own.
    upscale: str = setting("smooth", "Upscaling before tracing", "How glyph bitmaps are enlarged before tracing.",
                           choices={"smooth": "Smooth (bicubic)", "bilinear": "Bilinear"})
    upscale_factor: int = setting(4, "Upscaling factor", "How many times glyph bitmaps are enlarged before tracing.",
                                  limits=(1, 8))
    opttolerance: float = setting(0.6, "Curve merging", "How freely potrace merges curves; higher gives fewer "
                                  "points.", limits=(0.0, None))
    simplify: bool = setting(True, "Clean up outlines", "Drop specks, put points at extremes and remove overlaps.")
    edge_policy: str = setting("skip", "Glyphs touching the edge", "Ink touching the canvas edge usually means a "
                               "cropped glyph; such glyphs are reported either way.",
                               choices={"skip": "Skip them (listed in the report)", "keep": "Keep them"})
    side_bearing: float = setting(0.07, "Side bearing (share of em)", "Left and right space of proportional "
                                  "glyphs, as a share of the em.", limits=(0.0, 0.3))
    cu2qu_max_err: float = setting(2.0, "Curve conversion tolerance", "How far TrueType's quadratic curves may "
                                   "stray from the traced ones, in units of a 1000-unit em.",
                                   limits=(0.0, None), above=True)
    # brotli quality for WOFF2 (core.export.webfont; sizes and times in bench/README.md, "WOFF2 compression")
    woff2_compression: str = setting("auto", "WOFF2 compression", "How hard WOFF2 files are compressed. The smallest "
                                     "file takes about ten times longer for a file 5% smaller: 23 s instead of 2.4 s "
                                     "for all 6,763 GB2312 characters. Automatic makes the smallest file when that "
                                     "takes a few seconds and the fast one for big fonts.",
                                     choices={"auto": "Automatic", "smallest": "Smallest file (slow for big fonts)",
                                              "fast": "Fast (about 5% larger)"})
    compare_rendering: bool = setting(True, "Compare the rendered font", "Render the built font back and compare "
                                      "it with the glyph bitmaps in the report.")


@dataclass
class Config:
    data: DataConfig = field(default_factory=DataConfig)
    model: ModelConfig = field(default_factory=ModelConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    export: ExportConfig = field(default_factory=ExportConfig)
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> Config:
        """Unknown keys warn, missing keys default, older schemas migrate, bad types raise."""
        raw = _migrate(dict(raw or {}))
        config = _fill(cls, raw, "config")
        config.schema_version = SCHEMA_VERSION
        config.validate()
        return config

    def validate(self) -> None:
        """Every field against its metadata (choices, limits), then the rules that span fields."""
        for name in ("data", "model", "train"):
            check_section(name, getattr(self, name))
        _check(bool(self.data.charset.strip()), "the charset must not be empty")
        validate_export(self.export)


SECTIONS: dict[str, type] = {"data": DataConfig, "model": ModelConfig, "train": TrainConfig,
                             "export": ExportConfig}
# setupNameTable wants plain language tags ("zh", not "zh-Hans"); see REFERENCE.md.
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


def validate_export(export: ExportConfig) -> None:
    """The export settings alone (the pipeline checks them before tracing)."""
    check_section("export", export)
    _check(bool(export.family_name.strip()), "the font family name is empty")
    _check(len(export.vendor_id) <= 4 and export.vendor_id.isascii(),
           f"vendor id {export.vendor_id!r} must be at most four ASCII characters")
    for tag in export.localized_family:
        _check(bool(_LANGUAGE_TAG.match(tag)),
               f"language tag {tag!r} for a localized family name is not like 'zh' or 'ja'")


# --- reading the metadata ------------------------------------------------------------------------

def _meta(section: str, name: str) -> dict[str, Any]:
    try:
        return next(f.metadata for f in dataclasses.fields(SECTIONS[section]) if f.name == name)
    except (KeyError, StopIteration):
        raise KeyError(f"no setting {section}.{name}") from None


def field_label(section: str, name: str) -> str:
    """The plain name of a setting, as forms show it (English; app/ translates it)."""
    return _meta(section, name).get("label", name.replace("_", " ").capitalize())


def field_help(section: str, name: str) -> str:
    """One line in a designer's words (tooltips, --help)."""
    return _meta(section, name).get("help", "")


def field_choices(section: str, name: str) -> tuple | None:
    """The values a setting can take, in menu order; None for an open setting."""
    choices = _meta(section, name).get("choices")
    return tuple(choices) if choices is not None else None


def choice_label(section: str, name: str, value: Any) -> str:
    """The plain name of one value of a setting with choices (the value itself when it has none)."""
    return _meta(section, name).get("choices", {}).get(value, str(value))


class Limits(NamedTuple):
    low: float | None           # None: no bound
    high: float | None
    above: bool                 # True: low itself is refused
    below: bool                 # True: high itself is refused


def field_limits(section: str, name: str) -> Limits | None:
    """The range validation accepts for a number setting, or None."""
    meta = _meta(section, name)
    return Limits(*meta["limits"], meta["above"], meta["below"]) if "limits" in meta else None


def check_section(section: str, settings: Any) -> None:
    """Raise ConfigError naming the first field of one section outside its choices or limits."""
    for f in dataclasses.fields(settings):
        _check_value(section, f.name, f.metadata, getattr(settings, f.name))


def _check_value(section: str, name: str, meta: Any, value: Any) -> None:
    where = f"{re.sub(r' [(].*[)]$', '', meta.get('label', name))} ({section}.{name})"
    if "check" in meta:
        meta["check"](value)
    elif "choices" in meta:
        values = value if isinstance(value, list) else [value]
        bad = [v for v in values if v not in meta["choices"]]
        options = ", ".join(map(str, meta["choices"]))
        _check(bool(values), f"{where} needs at least one of {options}")
        _check(not bad, f"{where} cannot be {', '.join(map(repr, bad))}; choose {options}")
    if "limits" in meta:
        _check_limits(where, value, *meta["limits"], above=meta["above"], below=meta["below"])


def _check_limits(where: str, value: float, low, high, above: bool, below: bool) -> None:
    ok = not (isinstance(value, float) and not math.isfinite(value))
    if low is not None:
        ok = ok and (value > low if above else value >= low)
    if high is not None:
        ok = ok and (value < high if below else value <= high)
    if low is not None and high is not None:
        rule = f"between {low} and {high}" + (" (exclusive)" if above and below else
                                              f" (below {high})" if below else f" (above {low})" if above else "")
    elif low is not None:
        rule = f"above {low}" if above else f"at least {low}"
    else:
        rule = f"below {high}" if below else f"at most {high}"
    _check(ok, f"{where} must be {rule}, not {value}")


def _check(ok: bool, message: str) -> None:
    if not ok:
        raise ConfigError(message)


def _migrate(raw: dict[str, Any]) -> dict[str, Any]:
    version = raw.get("schema_version", SCHEMA_VERSION)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise ConfigError(f"settings were written by a newer zi2zi Studio (schema {version}); update the app")
    if version < 2:
        # Schema 2 added D conditioning and augmentation; a schema-1 D had only zi2zi's category head and
        # no augmentation, and its checkpoints must keep loading into the same architecture.
        for section, key, value in (("model", "discriminator_conditioning", "category"), ("train", "augment", "none")):
            if isinstance(raw.get(section, {}), dict):
                raw[section] = {key: value, **raw.get(section, {})}
    return raw


def _fill(cls: type, raw: Any, where: str) -> Any:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where} should be a table of settings, not {type(raw).__name__}")
    kwargs: dict[str, Any] = {}
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for key, value in raw.items():
        if key not in fields:
            log.warning("ignoring unknown setting %s.%s", where, key)
            continue
        f = fields[key]
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if dataclasses.is_dataclass(default):
            kwargs[key] = _fill(type(default), value, f"{where}.{key}")
        else:
            kwargs[key] = _coerce(value, default, f"{where}.{key}")
    return cls(**kwargs)


def _coerce(value: Any, default: Any, where: str) -> Any:
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, str):
        if isinstance(value, str):
            return value
    elif isinstance(default, list):
        if isinstance(value, list):
            return list(value)
    elif isinstance(default, dict):
        if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return dict(value)
    raise ConfigError(f"setting {where} should be {type(default).__name__}, got {value!r}")
