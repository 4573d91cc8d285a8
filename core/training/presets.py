"""Training presets: settings for fine-tuning a base model on a few hundred handwritten glyphs.

(The projects that use them are made by core.recipes.handwriting; held-out characters by core.recipes.held_out.)

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
starts at the mean of the base rows (core.training.trainer).

The rate: half the base model's (LR_RATIO), decaying linearly over the run like the base's. Measured on a
300-glyph LXGW WenKai hand fine-tuned from the 128 px base (bench/few_shot_curve.py's project, one thread,
the same 3,000-step schedule; the hand's held-out L1 at steps 200 / 400): a quarter of the base rates
0.1251 / 0.1181, half 0.1209 / 0.1149, the full rates 0.1164 / 0.1112. A quarter was too slow for a
30-minute budget; half keeps the shared decoder nearer the base for the replayed fonts.
"""

from __future__ import annotations

import copy

from core.config import Config
from core.errors import ProjectError

PASSES = 40                 # times each handwritten glyph is seen (half of every batch is the hand)
STEPS_MIN, STEPS_MAX = 300, 5000
LR_RATIO = 0.5              # of the base model's rates (see the module docstring)
EVALUATIONS = 40            # held-out evaluations over the run
PATIENCE = 8                # evaluations without improvement before stopping
BEST_AFTER = 0.2            # of the planned steps: earlier evaluations mostly score the base model
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
    t.best_after = BEST_AFTER
    config.validate()
    return config
