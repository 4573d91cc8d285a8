"""The one configuration: nested dataclasses saved in project.json and embedded in every checkpoint."""

from __future__ import annotations

import dataclasses
import logging
import math
from dataclasses import dataclass, field
from typing import Any

from core.errors import ConfigError

log = logging.getLogger(__name__)

SCHEMA_VERSION = 2
SUPPORTED_IMAGE_SIZES = (32, 64, 128, 256)


@dataclass
class DataConfig:
    image_size: int = 128            # glyph canvas in px; the canvas is exactly the em box
    charset: str = "gb2312"          # name from core.charsets, or a path to a text file of characters
    held_out_fraction: float = 0.1   # share of characters never shown to training
    held_out_count_max: int = 200    # cap, so a big charset does not starve training
    split_seed: int = 1234           # the held-out split depends only on this and the characters


@dataclass
class ModelConfig:
    generator_channels: int = 32     # first encoder layer width, doubling up to 8x; zi2zi's 64 costs 4x the
                                     # FLOPs and CPU time per glyph for a little held-out L1 (bench/README.md)
    discriminator_channels: int = 64
    kernel_size: int = 4             # 4x4 stride-2 convs as in zi2zi-pytorch (5 in the TF original)
    embedding_dim: int = 128         # style embedding joined at the U-Net bottleneck
    num_styles: int = 1              # rows in the style embedding; grows when fine-tuning adds one
    generator_norm: str = "batch"    # batch | instance | spectral
    # The spectrally normalised discriminator with the SN literature's recipe (docs/quality-report.md):
    # spectral norm on every conv, no norm layer, the style by projection. zi2zi's BatchNorm D is
    # discriminator_norm="batch", discriminator_spectral_norm=False, discriminator_conditioning="category".
    discriminator_norm: str = "none"  # none | batch | instance (a norm after SN undoes it)
    discriminator_spectral_norm: bool = True
    discriminator_conditioning: str = "both"  # projection | both (projection + zi2zi's category head) | category
    dropout: float = 0.5             # on the three deepest decoder layers, training only


@dataclass
class TrainConfig:
    batch_size: int = 16
    steps: int = 20000
    adversarial_loss: str = "hinge"  # hinge | bce | wgan-gp | wgan-clip; hinge with SN (Miyato et al. 2018)
    l1_weight: float = 100.0
    constant_weight: float = 15.0
    category_weight: float = 1.0
    tv_weight: float = 0.0
    gp_weight: float = 10.0          # WGAN-GP gradient penalty
    clip_value: float = 0.01         # classic WGAN weight clipping (comparison only)
    optimizer: str = "adam"          # adam | adamw
    generator_lr: float = 2e-4
    discriminator_lr: float = 4e-4   # TTUR: D learns faster than G
    beta1: float = 0.0               # Adam betas (0, 0.9), as the SN GANs use; zi2zi used (0.5, 0.999)
    beta2: float = 0.9
    weight_decay: float = 0.0        # AdamW only
    lr_schedule: str = "linear"      # constant | linear | cosine decay over `steps`
    lr_min_ratio: float = 0.1        # the schedule ends at this fraction of the start rate
    g_steps_per_d_step: int = 2      # zi2zi's 1 D : 2 G; measured better per CPU-second (quality report)
    ema_decay: float = 0.999         # generator EMA (samples, evaluation, export use it); 0 turns it off
    augment: str = "translation,cutout"  # DiffAugment of D's inputs: translation, cutout, both, or none
    device: str = "auto"             # auto (cuda, mps, cpu) | cuda | mps | cpu
    threads: int = 0                 # CPU threads; 0 lets torch decide
    mixed_precision: bool = True     # bf16 autocast on CUDA; ignored on CPU
    seed: int = 0
    log_every: int = 10              # steps between loss reports
    sample_every: int = 200          # steps between sample grids
    eval_every: int = 200            # steps between held-out L1 evaluations
    checkpoint_every: int = 1000
    keep_checkpoints: int = 3        # the last few, plus the best by held-out L1
    sample_count: int = 8            # fixed held-out characters in the sample grid
    freeze_encoder: bool = False     # fine-tuning: keep the encoder's weights
    freeze_discriminator_blocks: int = 0  # fine-tuning (FreezeD): keep D's first N conv blocks; 0: off
    keep_base_styles: bool = True    # fine-tuning: keep the base model's styles in the batches
    early_stopping_patience: int = 0 # stop after this many evaluations without a better held-out L1; 0: off
    judge_style: bool = False        # fine-tuning: held-out glyphs also judged for style; ranks L1 x (2 - style acc.)
    use_designer_glyphs: bool = False  # edited and accepted glyphs replace a style's targets (issue 6)


@dataclass
class ExportConfig:
    family_name: str = "zi2zi Studio Demo"
    style_name: str = "Regular"
    version: str = "1.000"
    designer: str = ""
    license: str = ""
    description: str = ""
    units_per_em: int = 1000
    formats: list[str] = field(default_factory=lambda: ["ttf"])
    prefer_generated_for_handwriting: bool = False  # True: generated glyphs replace the written ones too


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
        _check(self.data.image_size in SUPPORTED_IMAGE_SIZES,
               f"image size {self.data.image_size} px is not supported "
               f"(choose one of {', '.join(map(str, SUPPORTED_IMAGE_SIZES))})")
        _check(0.0 < self.data.held_out_fraction < 1.0, "held-out fraction must be between 0 and 1")
        _check(self.model.generator_norm in ("batch", "instance", "spectral"),
               f"unknown generator norm {self.model.generator_norm!r} (batch, instance or spectral)")
        _check(self.model.discriminator_norm in ("none", "batch", "instance"),
               f"unknown discriminator norm {self.model.discriminator_norm!r} (none, batch or instance)")
        _check(self.model.discriminator_conditioning in ("projection", "both", "category"),
               f"unknown discriminator conditioning {self.model.discriminator_conditioning!r} "
               f"(projection, both or category)")
        _check(self.model.num_styles >= 1, "a model needs at least one style")
        _check(0 <= self.train.freeze_discriminator_blocks <= 4, "FreezeD can keep 0 to 4 discriminator blocks")
        _check(0.0 <= self.train.ema_decay < 1.0, "the generator EMA decay must be at least 0 and below 1")
        parse_augment_policy(self.train.augment)  # raises ConfigError naming an unknown augmentation
        _check(self.train.adversarial_loss in ("bce", "hinge", "wgan-gp", "wgan-clip"),
               f"unknown adversarial loss {self.train.adversarial_loss!r} (bce, hinge, wgan-gp or wgan-clip)")
        _check(self.train.optimizer in ("adam", "adamw"), f"unknown optimizer {self.train.optimizer!r}")
        _check(self.train.lr_schedule in ("constant", "linear", "cosine"),
               f"unknown learning-rate schedule {self.train.lr_schedule!r}")
        _check(self.train.device in ("auto", "cuda", "mps", "cpu"), f"unknown device {self.train.device!r}")
        _check(self.train.batch_size >= 1, "batch size must be at least 1")
        _check(self.train.steps >= 0, "steps must not be negative")
        _check(self.train.threads >= 0, "threads must not be negative")
        _check(self.train.early_stopping_patience >= 0, "early-stopping patience must not be negative")
        _check(self.train.g_steps_per_d_step >= 1, "generator steps per discriminator step must be at least 1")
        self._validate_ranges()

    def _validate_ranges(self) -> None:
        """Numbers that would crash training later (a zero interval, a NaN rate) are refused now."""
        d, m, t = self.data, self.model, self.train
        _check(bool(d.charset.strip()), "the charset must not be empty")
        _check(d.held_out_count_max >= 1, "the held-out count cap must be at least 1")
        for name in ("generator_channels", "discriminator_channels", "embedding_dim"):
            _check(1 <= getattr(m, name) <= 4096, f"model.{name} must be between 1 and 4096")
        _check(m.kernel_size in (3, 4, 5), "kernel size must be 3, 4 or 5")
        _check(0.0 <= m.dropout < 1.0, "dropout must be at least 0 and below 1")
        for name in ("generator_lr", "discriminator_lr"):
            value = getattr(t, name)
            _check(math.isfinite(value) and value > 0, f"train.{name} must be a positive number, not {value}")
        for name in ("l1_weight", "constant_weight", "category_weight", "tv_weight", "gp_weight", "weight_decay"):
            value = getattr(t, name)
            _check(math.isfinite(value) and value >= 0, f"train.{name} must be zero or more, not {value}")
        _check(math.isfinite(t.clip_value) and t.clip_value > 0, "train.clip_value must be a positive number")
        _check(0.0 <= t.beta1 < 1.0 and 0.0 <= t.beta2 < 1.0, "Adam betas must be at least 0 and below 1")
        _check(0.0 <= t.lr_min_ratio <= 1.0, "train.lr_min_ratio must be between 0 and 1")
        for name in ("log_every", "sample_every", "eval_every", "checkpoint_every", "keep_checkpoints",
                     "sample_count"):
            _check(getattr(t, name) >= 1, f"train.{name} must be at least 1, not {getattr(t, name)}")
        _check(16 <= self.export.units_per_em <= 16384, "units per em must be between 16 and 16384")


AUGMENTATIONS = ("translation", "cutout")   # DiffAugment transforms (core/model/augment.py)


def parse_augment_policy(policy: str) -> tuple[str, ...]:
    """"translation,cutout" -> ("translation", "cutout"); "" or "none" -> ()."""
    names = tuple(p.strip() for p in policy.split(",") if p.strip() and p.strip() != "none")
    unknown = [n for n in names if n not in AUGMENTATIONS]
    if unknown:
        raise ConfigError(f"unknown augmentation {', '.join(unknown)} (choose from {', '.join(AUGMENTATIONS)}, "
                          f"or none)")
    return names


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
    raise ConfigError(f"setting {where} should be {type(default).__name__}, got {value!r}")
