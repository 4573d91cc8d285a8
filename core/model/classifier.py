"""A small CNN that names a glyph's class, and how it is fitted: the judges of core.quality and the style judge.

Training renders get a small random shift and scale so the network learns shapes, not exact pixels; style
judges also get a random edge texture (hard-thresholded or softened), so anti-aliasing, which a renderer
adds and a generator draws differently, does not name a face.
Inputs larger than 64 px are area-averaged to 64 px inside the network (the classifiers' one resize policy).
It sits with the models, below training and quality, because both fit it.
"""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from core.dataset import to_tensor

INPUT_MAX = 64          # px seen by the network; larger glyphs are area-averaged down to this
FEATURE_DIM = 64


class GlyphClassifier(nn.Module):
    """(B, 1, S, S) in [-1, 1] -> features (B, FEATURE_DIM) and logits (B, classes)."""

    def __init__(self, classes: int, width: int = 16):
        super().__init__()
        self.classes = classes
        self.body = nn.Sequential(
            nn.Conv2d(1, width, 3, stride=2, padding=1), nn.BatchNorm2d(width), nn.ReLU(inplace=True),
            nn.Conv2d(width, width * 2, 3, stride=2, padding=1), nn.BatchNorm2d(width * 2), nn.ReLU(inplace=True),
            nn.Conv2d(width * 2, width * 4, 3, stride=2, padding=1), nn.BatchNorm2d(width * 4), nn.ReLU(inplace=True),
            nn.AdaptiveAvgPool2d(4), nn.Flatten(),
            nn.Linear(width * 4 * 16, FEATURE_DIM), nn.ReLU(inplace=True))
        self.head = nn.Linear(FEATURE_DIM, classes)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        if x.shape[-1] > INPUT_MAX:
            x = F.adaptive_avg_pool2d(x, INPUT_MAX)                 # (B, 1, 64, 64)
        features = self.body(x)                                       # (B, FEATURE_DIM)
        return features, self.head(features)



def _jitter(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """Random scale (0.9-1.1) and shift (up to 6% of the size) per glyph; paper fills the border."""
    b = x.shape[0]
    scale = 1 + (torch.rand(b, generator=generator) - 0.5) * 0.2
    shift = (torch.rand(b, 2, generator=generator) - 0.5) * 0.12
    theta = torch.zeros(b, 2, 3)
    theta[:, 0, 0] = theta[:, 1, 1] = 1 / scale
    theta[:, :, 2] = shift
    grid = F.affine_grid(theta, list(x.shape), align_corners=False)
    # Sampling 1 - x with zero padding pads with paper (+1).
    return 1 - F.grid_sample(1 - x, grid, align_corners=False, padding_mode="zeros")


def _edge_texture(x: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """A third of the glyphs as they are, a third hard-thresholded (no anti-aliasing), a third softened.

    Why: the fonts' renders carry one rasteriser's anti-aliasing and a generator draws its own; a style judge
    fitted on renders alone read LXGW WenKai's own glyphs, thresholded, as WenQuanYi Zen Hei (0.82 -> 0.70
    of them read as WenKai) and a fine-tuned model's crisp-edged WenKai mostly as Zen Hei too.
    """
    b = x.shape[0]
    kind = torch.randint(0, 3, (b, 1, 1, 1), generator=generator)
    threshold = (torch.rand(b, 1, 1, 1, generator=generator) - 0.5) * 0.8
    hard = torch.where(x < threshold, -1.0, 1.0)
    amount = 0.3 + 0.7 * torch.rand(b, 1, 1, 1, generator=generator)
    soft = (1 - amount) * x + amount * F.avg_pool2d(x, 3, stride=1, padding=1, count_include_pad=False)
    return torch.where(kind == 1, hard, torch.where(kind == 2, soft, x))


def fit(images: np.ndarray, labels: np.ndarray, classes: int, epochs: int, seed: int,
        edge_texture: bool = False) -> tuple[GlyphClassifier, float]:
    """A classifier fitted on uint8 glyphs (N, S, S) and their labels (N,): (model, validation accuracy).

    edge_texture: also vary the glyphs' edges while fitting (_edge_texture), for judges of style.
    """
    fitting = fit_epochs(images, labels, classes, epochs, seed, edge_texture)
    while True:
        try:
            next(fitting)
        except StopIteration as done:
            return done.value


def fit_epochs(images: np.ndarray, labels: np.ndarray, classes: int, epochs: int, seed: int,
               edge_texture: bool = False):
    """Yields after each epoch (so a caller can show progress); returns (model, validation accuracy)."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    # channels_last: oneDNN runs these small convolutions about 1.7x faster on CPU.
    model = GlyphClassifier(classes).to(memory_format=torch.channels_last)
    optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
    x_all, y_all = to_tensor(images).contiguous(memory_format=torch.channels_last), torch.from_numpy(labels)
    steps_per_epoch = max(1, (len(images) + 63) // 64)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimizer, 3e-3, total_steps=epochs * steps_per_epoch)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(images), generator=generator)
        for start in range(0, len(order), 64):
            idx = order[start:start + 64]
            x = _jitter(x_all[idx], generator)
            _, logits = model(_edge_texture(x, generator) if edge_texture else x)
            loss = F.cross_entropy(logits, y_all[idx])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
            schedule.step()
        yield
    model.eval()
    with torch.no_grad():  # validation: one fresh jitter of every glyph
        predicted = torch.cat([model(_jitter(x_all[s:s + 256], generator))[1].argmax(1)
                               for s in range(0, len(x_all), 256)])
    return model, float((predicted == y_all).float().mean())
