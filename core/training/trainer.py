"""The Trainer: models, optimisers, G-EMA and one D-then-G step, with exact save/restore of its state."""

from __future__ import annotations

import copy
import logging
import math
import random
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from torch.nn.parallel import DistributedDataParallel

from core.config import Config, parse_augment_policy
from core.dataset import BatchSampler, PairData, to_tensor, to_uint8
from core.errors import CheckpointError
from core.model import losses
from core.model.augment import augment_pairs
from core.model.factory import build_discriminator, build_generator
from core.training.checkpoint import checkpoint_config, is_generator_only, load_checkpoint
from core.training.device import autocast_dtype
from core.training.distributed import DistInfo
from core.training.ema import GeneratorEMA
from core.training.schedule import lr_factor

log = logging.getLogger(__name__)

EVAL_PAIRS_MAX = 256   # held-out pairs scored per evaluation; enough for a stable mean, cheap on CPU
# Unwritten characters drawn in each new style for the style judge at every evaluation. Style needs no
# target glyph, and 300 written characters hold out only 30: on those alone the accuracy swung 0.33-0.47
# between evaluations of one run (+-0.09 binomial noise) and picked checkpoints by chance.
STYLE_PROBE_CHARS = 120


@dataclass
class StepResult:
    losses: dict[str, float]
    d_real_score: float
    d_fake_score: float

    @property
    def finite(self) -> bool:
        return all(math.isfinite(v) for v in self.losses.values())


class Trainer:
    """Holds G, D, their optimisers and the batch sampler; `train_step` runs one D step then G step(s).

    Model rows (style embedding, D category head) are named by `style_names`; a project's style i
    uses row `style_rows[i]`, which lets fine-tuning keep a base model's styles and add new ones.
    """

    def __init__(self, config: Config, data: PairData, project_styles: list[str], device: torch.device,
                 dist_info: DistInfo = DistInfo(), init_from: str | Path | None = None,
                 model_styles: list[str] | None = None):
        self.config = copy.deepcopy(config)
        self.data = data
        self.device = device
        self.dist = dist_info
        self.step = 0
        self.lr_scale = 1.0          # halved once by a non-finite-loss rollback
        self.best_held_out_l1: float | None = None
        self.project_styles = list(project_styles)
        self.base_style_names: list[str] = []  # styles a fine-tuned base model already knew
        self._style_judge = None               # fitted on first use (train.judge_style)
        self.style_judge_file: Path | None = None  # where a fitted judge is kept for resumes (set by the loop)
        # Rows of a resumed model keep their order; project styles it lacks are appended.
        self.style_names = list(model_styles or []) + [n for n in project_styles if n not in (model_styles or [])]
        base_state = self._load_base(init_from) if init_from else None
        self.style_rows = torch.tensor([self.style_names.index(n) for n in project_styles], dtype=torch.long)
        self.config.model.num_styles = len(self.style_names)
        self._seed_everything(self.config.train.seed + dist_info.rank)
        self.generator = build_generator(self.config).to(device)
        self.discriminator = build_discriminator(self.config).to(device)
        if base_state is not None:
            self._apply_base(base_state)
        # channels_last roughly halves CPU step time with 2 threads (oneDNN) and suits CUDA tensor cores.
        self._memory_format = torch.channels_last if device.type in ("cpu", "cuda") else torch.contiguous_format
        self.generator.to(memory_format=self._memory_format)
        self.discriminator.to(memory_format=self._memory_format)
        # Samples, evaluation, best.pt and export use the averaged generator when EMA is on.
        self.ema = GeneratorEMA(self.generator, self.config.train.ema_decay) if self.config.train.ema_decay > 0 else None
        self._augment = parse_augment_policy(self.config.train.augment)
        self._make_optimizers()
        self.sampler = self._make_sampler()
        self._autocast = autocast_dtype(device, self.config.train.mixed_precision)
        self._g_train = self.generator
        self._d_train = self.discriminator
        if dist_info.enabled:
            ids = [device.index] if device.type == "cuda" else None
            self._g_train = DistributedDataParallel(self.generator, device_ids=ids)
            self._d_train = DistributedDataParallel(self.discriminator, device_ids=ids)

    # ----- set-up -------------------------------------------------------------------------------
    def _load_base(self, path: str | Path) -> dict[str, Any]:
        """Fine-tuning: adopt the base model's architecture and styles, then append the project's new ones."""
        state = load_checkpoint(path)
        base_config = checkpoint_config(state)
        if base_config.data.image_size != self.config.data.image_size:
            raise CheckpointError(
                f"base checkpoint {path} was trained at {base_config.data.image_size} px but the project "
                f"uses {self.config.data.image_size} px", hint="set the project's image size to match")
        own_model = self.config.model
        self.config.model = copy.deepcopy(base_config.model)
        if is_generator_only(state):
            # The discriminator starts fresh, so it is the one this project's settings ask for.
            for name in ("discriminator_channels", "discriminator_norm", "discriminator_spectral_norm",
                         "discriminator_conditioning"):
                setattr(self.config.model, name, getattr(own_model, name))
        elif "generator_ema" in state:  # fine-tune from the averaged weights, the ones that were judged best
            state["generator"] = state["generator_ema"]["weights"]
        base_styles = list(state.get("style_names") or [f"style {i}" for i in range(base_config.model.num_styles)])
        self.style_names = base_styles + [n for n in self.style_names if n not in base_styles]
        state["_base_num_styles"] = len(base_styles)
        self.base_style_names = base_styles
        return state

    def _apply_base(self, state: dict[str, Any]) -> None:
        base_rows = state["_base_num_styles"]
        for model, key in ((self.generator, "generator"), (self.discriminator, "discriminator")):
            if key not in state:  # a generator-only base model: the discriminator starts fresh
                continue
            own = model.state_dict()
            merged = {}
            for name, tensor in state[key].items():
                target = own.get(name)
                if target is None:
                    raise CheckpointError(f"base checkpoint does not fit the model (unexpected {name})")
                if target.shape != tensor.shape and tensor.shape[:1] == (base_rows,):
                    # Per-style rows: keep the base rows; a new style starts at the mean of the known ones
                    # (an average hand, not a random point of the embedding space far from every style).
                    grown = target.clone()
                    grown[:base_rows] = tensor
                    if name.endswith("weight") or name.endswith("weight.original"):
                        grown[base_rows:] = tensor.float().mean(dim=0).to(tensor.dtype)
                    tensor = grown
                merged[name] = tensor
            model.load_state_dict(merged)

    def _make_sampler(self) -> BatchSampler:
        return BatchSampler(self.data, self.training_indices(), self.config.train.batch_size,
                            seed=self.config.train.seed + 7919 * self.dist.rank)

    def _new_style_mask(self, indices: np.ndarray) -> np.ndarray:
        """Which pairs belong to styles the base model did not know (all of them when not fine-tuning)."""
        base_ids = [i for i, n in enumerate(self.project_styles) if n in self.base_style_names]
        return ~np.isin(self.data.pair_style[indices], base_ids)

    def training_indices(self) -> np.ndarray:
        """Pairs the batches draw from. Fine-tuning with keep_base_styles replays the base styles beside
        the new ones, about half and half (a few hundred handwritten glyphs would otherwise be a few per
        cent of each batch); without it, batches hold only the new styles."""
        indices = self.data.train_indices
        new = self._new_style_mask(indices)
        if not self.base_style_names or new.all() or not new.any():
            return indices
        if not self.config.train.keep_base_styles:
            return indices[new]
        repeat = max(1, int((~new).sum()) // int(new.sum()))
        return np.concatenate([np.tile(indices[new], repeat), indices[~new]])

    def _make_optimizers(self) -> None:
        t = self.config.train
        g_params = list(self.generator.parameters())
        if t.freeze_encoder:
            frozen = {id(p) for p in self.generator.encoder_parameters()}
            for p in self.generator.encoder_parameters():
                p.requires_grad_(False)
            g_params = [p for p in g_params if id(p) not in frozen]
        d_params = list(self.discriminator.parameters())
        if t.freeze_discriminator_blocks:
            # FreezeD (Mo et al. 2020): a fine-tuned D keeps its first blocks, which see strokes, not styles.
            convs = [m for m in self.discriminator.features if isinstance(m, torch.nn.Conv2d)]
            frozen = {id(p) for conv in convs[:t.freeze_discriminator_blocks] for p in conv.parameters()}
            for p in d_params:
                if id(p) in frozen:
                    p.requires_grad_(False)
            d_params = [p for p in d_params if id(p) not in frozen]
        opt = torch.optim.AdamW if t.optimizer == "adamw" else torch.optim.Adam
        extra = {"weight_decay": t.weight_decay} if t.optimizer == "adamw" else {}
        self.g_optimizer = opt(g_params, lr=t.generator_lr, betas=(t.beta1, t.beta2), **extra)
        self.d_optimizer = opt(d_params, lr=t.discriminator_lr, betas=(t.beta1, t.beta2), **extra)

    @staticmethod
    def _seed_everything(seed: int) -> None:
        random.seed(seed)
        np.random.seed(seed % 2**32)
        torch.manual_seed(seed)

    # ----- one step -----------------------------------------------------------------------------
    def current_lrs(self) -> tuple[float, float]:
        t = self.config.train
        factor = lr_factor(t.lr_schedule, self.step, t.steps, t.lr_min_ratio) * self.lr_scale
        return t.generator_lr * factor, t.discriminator_lr * factor

    def _set_lrs(self) -> None:
        g_lr, d_lr = self.current_lrs()
        for group in self.g_optimizer.param_groups:
            group["lr"] = g_lr
        for group in self.d_optimizer.param_groups:
            group["lr"] = d_lr

    def _autocast_context(self):
        if self._autocast is None:
            return nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self._autocast)

    def next_batch(self) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        source, target, style = self.data.batch(self.sampler.next())
        rows = self.style_rows[torch.from_numpy(style)]
        fmt = self._memory_format
        return (to_tensor(source).to(self.device).contiguous(memory_format=fmt),   # (B, 1, S, S)
                to_tensor(target).to(self.device).contiguous(memory_format=fmt),   # (B, 1, S, S)
                rows.to(self.device))                                               # (B,)

    def train_step(self) -> StepResult:
        """One D step, then `g_steps_per_d_step` G steps, on one batch (zi2zi used 1 D : 2 G)."""
        t = self.config.train
        self._set_lrs()
        source, real, style = self.next_batch()
        with self._autocast_context():
            fake, encoded_source = self._g_train(source, style)        # (B, 1, S, S), (B, C, 1, 1)
            d_losses, real_score, fake_score = self._discriminator_step(source, real, fake.detach(), style)
        g_losses: dict[str, float] = {}
        for g_step in range(t.g_steps_per_d_step):
            if g_step > 0:  # later G steps see the generator after its previous update
                with self._autocast_context():
                    fake, encoded_source = self._g_train(source, style)
            g_losses = self._generator_step(source, real, fake, encoded_source, style)
        self.step += 1
        return StepResult({**d_losses, **g_losses}, real_score, fake_score)

    def _judge(self, discriminator, source, image, style):
        """D on augmented pairs (the same shift and hole for a pair's source and glyph)."""
        source, image = augment_pairs(source, image, self._augment)
        return discriminator(source, image, style)

    def _discriminator_step(self, source, real, fake, style) -> tuple[dict[str, float], float, float]:
        t = self.config.train
        if self.config.model.discriminator_norm == "none":
            # One forward over real and fake together: same result without batch statistics, less overhead.
            logits, categories = self._judge(self._d_train, torch.cat([source, source]), torch.cat([real, fake]),
                                             torch.cat([style, style]))
            real_logit, fake_logit = logits.chunk(2)                      # (B,), (B,)
            real_category, fake_category = categories.chunk(2) if categories is not None else (None, None)
        else:  # batch/instance norm must see real and fake apart, as zi2zi did
            real_logit, real_category = self._judge(self._d_train, source, real, style)
            fake_logit, fake_category = self._judge(self._d_train, source, fake, style)
        adversarial = losses.discriminator_adversarial_loss(t.adversarial_loss, real_logit, fake_logit)
        total = adversarial
        terms = {"d_adversarial": adversarial}
        if real_category is not None:  # zi2zi's category head: D names the style of real and fake pairs
            category = (losses.category_loss(real_category, style) + losses.category_loss(fake_category, style)) / 2
            total = total + t.category_weight * category
            terms["d_category"] = category
        if t.adversarial_loss == "wgan-gp":
            penalty = losses.gradient_penalty(self.discriminator, source, real, fake, style)
            total = total + t.gp_weight * penalty
            terms["d_gp"] = penalty
        self.d_optimizer.zero_grad(set_to_none=True)
        total.backward()
        self.d_optimizer.step()
        if t.adversarial_loss == "wgan-clip":
            losses.clip_weights(self.discriminator, t.clip_value)
        terms["d_total"] = total
        return ({k: float(v.detach()) for k, v in terms.items()},
                losses.scores(t.adversarial_loss, real_logit.detach()),
                losses.scores(t.adversarial_loss, fake_logit.detach()))

    def _generator_step(self, source, real, fake, encoded_source, style) -> dict[str, float]:
        t = self.config.train
        # D's weight gradients are not needed for the G update. The unwrapped D is used here so DDP
        # never waits for gradients that this backward pass does not produce.
        self._d_trainable = [p for p in self.discriminator.parameters() if p.requires_grad]
        self.discriminator.requires_grad_(False)
        try:
            with self._autocast_context():
                fake_logit, fake_category = self._judge(self.discriminator, source, fake, style)
                encoded_fake = self.generator.encode(fake)                    # (B, C, 1, 1)
                terms = {
                    "g_adversarial": losses.generator_adversarial_loss(t.adversarial_loss, fake_logit),
                    "g_l1": losses.stroke_weighted_l1(fake.float(), real.float(), t.stroke_weight),
                    "g_constant": losses.constant_loss(encoded_source.float(), encoded_fake.float()),
                }
                total = (terms["g_adversarial"] + t.l1_weight * terms["g_l1"]
                         + t.constant_weight * terms["g_constant"])
                if fake_category is not None:
                    terms["g_category"] = losses.category_loss(fake_category, style)
                    total = total + t.category_weight * terms["g_category"]
                if t.tv_weight > 0:
                    terms["g_tv"] = losses.total_variation(fake.float())
                    total = total + t.tv_weight * terms["g_tv"]
            self.g_optimizer.zero_grad(set_to_none=True)
            total.backward()
            self.g_optimizer.step()
            if self.ema is not None:
                self.ema.update(self.generator)
        finally:
            for p in self._d_trainable:
                p.requires_grad_(True)
        terms["g_total"] = total
        return {k: float(v.detach()) for k, v in terms.items()}

    # ----- evaluation ---------------------------------------------------------------------------
    @torch.no_grad()
    def generate(self, source_u8: np.ndarray, project_style: np.ndarray, batch_size: int = 64) -> np.ndarray:
        """The generator that export will use (EMA when on), eval mode, uint8 sources (N, S, S) -> glyphs (N, S, S)."""
        model = self.inference_generator
        was_training = model.training
        model.eval()
        out = []
        try:
            for start in range(0, len(source_u8), batch_size):
                src = to_tensor(source_u8[start:start + batch_size]).to(self.device)
                rows = self.style_rows[torch.from_numpy(project_style[start:start + batch_size])].to(self.device)
                with self._autocast_context():
                    fake, _ = model(src, rows)
                out.append(to_uint8(fake))
        finally:
            model.train(was_training)
        return np.concatenate(out) if out else np.zeros((0,) + source_u8.shape[1:], np.uint8)

    def held_out_style_accuracy(self, glyphs: np.ndarray) -> float | None:
        """Share of glyphs the style judge names as their own style: held_out_evaluation's glyphs and the
        new styles drawn on STYLE_PROBE_CHARS characters they never wrote. None when train.judge_style is
        off. The judge is fitted (or read from style_judge_file) on the first call."""
        if not self.config.train.judge_style or len(glyphs) == 0:
            return None
        new = [i for i, n in enumerate(self.project_styles) if n not in self.base_style_names]
        if self._style_judge is None:
            from core.training.style_judge import StyleJudge
            with torch.random.fork_rng(devices=[]):  # fitting must not move the training's random stream
                self._style_judge = StyleJudge.fit(self.data, self.config.train.seed, new_styles=new,
                                                   cache=self.style_judge_file, save=self.dist.is_main)
        chars, styles = self.style_probe(new)
        probe = self.generate(self.data.sources[chars], styles)
        return self._style_judge.accuracy(np.concatenate([glyphs, probe]),
                                          np.concatenate([self.data.pair_style[self.evaluation_pairs()], styles]))

    def style_probe(self, styles: list[int]) -> tuple[np.ndarray, np.ndarray]:
        """(character indices, style ids): for each style, STYLE_PROBE_CHARS characters it has no glyph of,
        evenly spread over the charset (fixed, so evaluations compare)."""
        chars, ids = [], []
        for style in styles:
            has = np.unique(self.data.pair_char[self.data.pair_style == style])
            free = np.setdiff1d(np.arange(len(self.data.sources)), has)
            if len(free) > STYLE_PROBE_CHARS:
                free = free[np.linspace(0, len(free) - 1, STYLE_PROBE_CHARS).round().astype(int)]
            chars.append(free)
            ids.append(np.full(len(free), style, np.int64))
        if not chars:
            return np.zeros(0, np.int64), np.zeros(0, np.int64)
        return np.concatenate(chars), np.concatenate(ids)

    @property
    def inference_generator(self) -> torch.nn.Module:
        return self.ema.model if self.ema is not None else self.generator

    def evaluation_pairs(self) -> np.ndarray:
        held = self.data.held_out_indices
        new = self._new_style_mask(held)
        if self.base_style_names and new.any():  # fine-tuning is judged on the styles it learns
            held = held[new]
        if len(held) > EVAL_PAIRS_MAX:  # an evenly spread, fixed subset keeps the curve comparable
            held = held[np.linspace(0, len(held) - 1, EVAL_PAIRS_MAX).round().astype(int)]
        return held

    def held_out_l1(self) -> tuple[float, float]:
        """(generated, copy-the-source) mean absolute error on held-out pairs, 0..1 scale."""
        l1, copy_l1, _ = self.held_out_evaluation()
        return l1, copy_l1

    def held_out_evaluation(self) -> tuple[float, float, np.ndarray]:
        """held_out_l1's two figures and the generated glyphs (N, S, S), for the trainer's sanity checks."""
        pairs = self.evaluation_pairs()
        if len(pairs) == 0:
            return float("nan"), float("nan"), np.zeros((0,) + self.data.sources.shape[1:], np.uint8)
        source, target, style = self.data.batch(pairs)
        fake = self.generate(source, style)
        l1 = np.abs(fake.astype(np.float32) - target).mean() / 255.0
        copy_l1 = np.abs(source.astype(np.float32) - target).mean() / 255.0
        return float(l1), float(copy_l1), fake

    # ----- state --------------------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """Everything needed to reproduce the next step exactly; tensors and plain values only."""
        return {
            "config": self.config.to_dict(),
            "step": self.step,
            "lr_scale": self.lr_scale,
            "best_held_out_l1": self.best_held_out_l1,
            "style_names": list(self.style_names),
            "base_style_names": list(self.base_style_names),
            "generator": self.generator.state_dict(),
            **({"generator_ema": self.ema.state_dict()} if self.ema is not None else {}),
            "discriminator": self.discriminator.state_dict(),
            "g_optimizer": self.g_optimizer.state_dict(),
            "d_optimizer": self.d_optimizer.state_dict(),
            "sampler": self.sampler.state_dict(),
            "rng": {"torch": torch.get_rng_state(), "numpy": _numpy_state(), "python": _python_state(),
                    "cuda": torch.cuda.get_rng_state_all() if torch.cuda.is_available() else []},
        }

    def load_state_dict(self, state: dict[str, Any]) -> None:
        try:
            self.generator.load_state_dict(state["generator"])
            self.discriminator.load_state_dict(state["discriminator"])
            self.g_optimizer.load_state_dict(state["g_optimizer"])
            self.d_optimizer.load_state_dict(state["d_optimizer"])
            if self.ema is not None and "generator_ema" in state:
                self.ema.load_state_dict(state["generator_ema"])
            elif self.ema is not None:  # a checkpoint from before EMA: average from here on
                self.ema.reset_to(self.generator)
        except (KeyError, RuntimeError, ValueError) as exc:
            raise CheckpointError("checkpoint does not fit this project's model "
                                  "(different image size, width or styles)") from exc
        self.step = int(state["step"])
        self.lr_scale = float(state.get("lr_scale", 1.0))
        self.best_held_out_l1 = state.get("best_held_out_l1")
        if list(state.get("base_style_names") or []) != self.base_style_names:  # a resumed fine-tuning run
            self.base_style_names = list(state.get("base_style_names") or [])
            self.sampler = self._make_sampler()
        self.sampler.load_state_dict(state["sampler"])
        rng = state["rng"]
        torch.set_rng_state(rng["torch"])
        np.random.set_state(_numpy_state_from(rng["numpy"]))
        random.setstate(_python_state_from(rng["python"]))
        if rng.get("cuda") and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(rng["cuda"])

    def snapshot(self) -> dict[str, Any]:
        """An in-memory copy to roll back to when a loss turns non-finite."""
        return copy.deepcopy(self.state_dict())


# numpy's and Python's RNG states become plain lists so torch.load(weights_only=True) accepts them.
def _numpy_state() -> dict[str, Any]:
    name, keys, pos, has_gauss, cached = np.random.get_state()
    return {"name": name, "keys": torch.from_numpy(keys.astype(np.int64)), "pos": int(pos),
            "has_gauss": int(has_gauss), "cached": float(cached)}


def _numpy_state_from(s: dict[str, Any]):
    return (s["name"], s["keys"].numpy().astype(np.uint32), s["pos"], s["has_gauss"], s["cached"])


def _python_state() -> list:
    version, internal, gauss = random.getstate()
    return [version, list(internal), gauss]


def _python_state_from(s: list):
    return (s[0], tuple(s[1]), s[2])

