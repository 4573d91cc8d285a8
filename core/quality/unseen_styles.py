"""Score a base model on styles it never trained on: fit one new style embedding row on K samples, then the suite.

An unseen style is what a handwriting project is to a base model, so it is judged the same way a writer
would use it: the generator stays frozen and only a new embedding row is fitted (Adam on L1, a fixed
number of seeded steps) on K glyphs of the style's training characters. The fitted row then generates the
style's held-out characters, scored with the same suite, classifiers and reference rows as the seen styles.
The row starts at the mean of the trained rows, a neutral style; "before" figures are that starting row.
"""

from __future__ import annotations

import logging

import numpy as np
import torch
import torch.nn.functional as F

from core.dataset import PairData, to_tensor
from core.quality.classifiers import Classifiers
from core.quality.metrics import l1
from core.quality.suite import Labels, format_table, quality_rows, rows_to_json

log = logging.getLogger(__name__)

SPLIT = "held-out styles (K-shot embedding fit)"
SHOTS = 100             # glyphs of the unseen style the row is fitted on, from its training characters
FIT_STEPS = 200         # Adam steps on the row; fixed, so figures compare across models
FIT_LR = 0.05           # rows start near N(0, 1) entries, so a few hundred steps of this move them far enough
FIT_BATCH = 32


def starting_row(model, held_out_names: list[str]) -> torch.Tensor:
    """(1, emb) mean of the model's trained rows: the rows of every style not held out."""
    weight = model.generator.embedding.weight.detach()
    trained = [i for i, name in enumerate(model.style_names) if name not in held_out_names and i < len(weight)]
    rows = weight[trained] if trained else torch.zeros_like(weight[:1])
    return rows.mean(0, keepdim=True).float()


def fit_style_row(model, sources: np.ndarray, targets: np.ndarray, start: torch.Tensor, *,
                  steps: int = FIT_STEPS, lr: float = FIT_LR, seed: int = 0) -> torch.Tensor:
    """A style row (1, emb) fitted to uint8 (K, S, S) source/target pairs with the generator frozen."""
    generator = model.generator
    row = start.detach().clone().to(model.device).requires_grad_(True)
    optimizer = torch.optim.Adam([row], lr=lr)
    order = torch.Generator().manual_seed(seed)
    src_all, tgt_all = to_tensor(sources), to_tensor(targets)          # (K, 1, S, S) each
    batch = min(FIT_BATCH, len(sources))
    with torch.enable_grad():
        for _ in range(steps):
            idx = torch.randperm(len(sources), generator=order)[:batch]
            src, tgt = src_all[idx].to(model.device), tgt_all[idx].to(model.device)
            fake = generator.forward_with_embedding(src, row.expand(len(idx), -1))    # (B, 1, S, S)
            loss = F.l1_loss(fake.float(), tgt)
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
    return row.detach()


def _shots(data: PairData, style_id: int, shots: int, seed: int) -> np.ndarray:
    pool = data.unseen_style_indices(style_id, held_out=False)
    if len(pool) <= shots:
        return pool
    return np.sort(np.random.default_rng([seed, style_id]).choice(pool, shots, replace=False))


def _fit_and_generate(model, data: PairData, style_id: int, start: torch.Tensor, held: np.ndarray, *,
                      shots: int, steps: int, lr: float, seed: int) -> tuple[np.ndarray, dict]:
    """Generated held-out glyphs of one unseen style, and the fit's L1 on its K samples before and after."""
    fit_src, fit_tgt, _ = data.batch(_shots(data, style_id, shots, seed))
    before = float(l1(model.generate_from_sources(fit_src, embedding=start), fit_tgt).mean())
    row = fit_style_row(model, fit_src, fit_tgt, start, steps=steps, lr=lr, seed=seed + style_id)
    after = float(l1(model.generate_from_sources(fit_src, embedding=row), fit_tgt).mean())
    source = data.batch(held)[0]
    fit = {"shots": int(len(fit_src)), "l1_before": before, "l1_after": after}
    return model.generate_from_sources(source, embedding=row), fit


def evaluate_unseen_styles(model, data: PairData, style_names: list[str], held_out_names: list[str],
                           classifiers: Classifiers, *, shots: int = SHOTS, steps: int = FIT_STEPS,
                           lr: float = FIT_LR, seed: int = 0) -> dict:
    """`model` is a core.inference.GlyphGenerator; the held-out-styles section of the evaluation."""
    start = starting_row(model, held_out_names).to(model.device)
    per_style, fits, parts = {}, {}, []
    for name in held_out_names:
        style_id = style_names.index(name)
        held = data.unseen_style_indices(style_id, held_out=True)
        if len(held) == 0 or len(data.unseen_style_indices(style_id, held_out=False)) == 0:
            log.warning("held-out style %s has no held-out or no training characters; not scored", name)
            continue
        generated, fits[name] = _fit_and_generate(model, data, style_id, start, held,
                                                  shots=shots, steps=steps, lr=lr, seed=seed)
        source, target, style = data.batch(held)
        labels = Labels(content=data.pair_char[held], style=style + 1)
        per_style[name] = rows_to_json(quality_rows(generated, source, target, labels, classifiers))
        parts.append((generated, source, target, labels))
    result = {"split": SPLIT, "styles": list(per_style), "shots": shots, "fit_steps": steps,
              "fit_learning_rate": lr, "held_out_pairs": int(sum(len(p[0]) for p in parts)),
              "embedding_fit": fits, "per_style": per_style}
    if parts:
        generated, source, target = (np.concatenate([p[i] for p in parts]) for i in range(3))
        labels = Labels(np.concatenate([p[3].content for p in parts]), np.concatenate([p[3].style for p in parts]))
        overall = quality_rows(generated, source, target, labels, classifiers)
        result.update(overall=rows_to_json(overall), table=format_table(overall))
    return result
