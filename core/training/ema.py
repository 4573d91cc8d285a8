"""An exponential moving average of the generator's weights (G-EMA): what samples, evaluation and export use.

Averaging G's weights over the last few hundred steps removes most of the step-to-step GAN noise
(speckle, strokes that come and go) at the cost of one extra copy of G. The decay warms up as
min(decay, (1 + step) / (10 + step)), so early averages are not dominated by the random initial weights.
BatchNorm running statistics are copied, not averaged: they describe the activations of the live weights.
"""

from __future__ import annotations

import copy

import torch
from torch import nn


class GeneratorEMA:
    """Holds the averaged copy of a generator; `update` after every generator optimiser step."""

    def __init__(self, generator: nn.Module, decay: float):
        self.decay = float(decay)
        self.model = copy.deepcopy(generator).eval().requires_grad_(False)
        self.updates = 0

    def current_decay(self) -> float:
        return min(self.decay, (1.0 + self.updates) / (10.0 + self.updates))

    @torch.no_grad()
    def update(self, generator: nn.Module) -> None:
        decay = self.current_decay()
        for averaged, live in zip(self.model.parameters(), generator.parameters()):
            averaged.lerp_(live.detach(), 1.0 - decay)
        for averaged, live in zip(self.model.buffers(), generator.buffers()):
            averaged.copy_(live)
        self.updates += 1

    def state_dict(self) -> dict:
        return {"weights": self.model.state_dict(), "updates": self.updates}

    def load_state_dict(self, state: dict) -> None:
        self.model.load_state_dict(state["weights"])
        self.updates = int(state.get("updates", 0))

    def reset_to(self, generator: nn.Module) -> None:
        """Start the average again from the live weights (a checkpoint from before EMA existed)."""
        self.model.load_state_dict(generator.state_dict())
        self.updates = 0
