"""Loss functions give the textbook values on hand-made logits and images."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from core.errors import ConfigError
from core.model import Discriminator
from core.model.losses import (
    category_loss,
    clip_weights,
    constant_loss,
    discriminator_adversarial_loss,
    generator_adversarial_loss,
    gradient_penalty,
    scores,
    stroke_weighted_l1,
    total_variation,
)

REAL = torch.tensor([2.0, 0.0])
FAKE = torch.tensor([-2.0, 0.5])


def test_hinge_values():
    # real: relu(1-2)=0, relu(1-0)=1 -> 0.5; fake: relu(1-2)=0, relu(1+0.5)=1.5 -> 0.75
    assert discriminator_adversarial_loss("hinge", REAL, FAKE).item() == pytest.approx(1.25)
    assert generator_adversarial_loss("hinge", FAKE).item() == pytest.approx(0.75)


def test_bce_values_match_bce_with_logits():
    zero = torch.zeros(3)
    assert discriminator_adversarial_loss("bce", zero, zero).item() == pytest.approx(2 * math.log(2))
    expected = (F.binary_cross_entropy_with_logits(REAL, torch.ones(2))
                + F.binary_cross_entropy_with_logits(FAKE, torch.zeros(2)))
    assert discriminator_adversarial_loss("bce", REAL, FAKE).item() == pytest.approx(expected.item())
    # Non-saturating: the G maximises log D(fake).
    expected_g = F.binary_cross_entropy_with_logits(FAKE, torch.ones(2))
    assert generator_adversarial_loss("bce", FAKE).item() == pytest.approx(expected_g.item())


@pytest.mark.parametrize("kind", ["wgan-gp", "wgan-clip"])
def test_wasserstein_values(kind):
    assert discriminator_adversarial_loss(kind, REAL, FAKE).item() == pytest.approx(-0.75 - 1.0)
    assert generator_adversarial_loss(kind, FAKE).item() == pytest.approx(0.75)


def test_unknown_kind_is_a_config_error():
    with pytest.raises(ConfigError, match="lsgan"):
        discriminator_adversarial_loss("lsgan", REAL, FAKE)


def test_scores_are_probabilities_for_bce_and_raw_otherwise():
    assert scores("bce", torch.zeros(4)) == pytest.approx(0.5)
    assert scores("hinge", REAL) == pytest.approx(1.0)


class _LinearCritic(nn.Module):
    """D(source, x) = <w, x> with ||w|| = 1: its input gradient has norm exactly 1 everywhere."""

    def __init__(self, size: int):
        super().__init__()
        w = torch.randn(1, 1, size, size)
        self.w = nn.Parameter(w / w.norm())

    def forward(self, source, image, style=None):
        return (image * self.w).flatten(1).sum(1), torch.zeros(image.shape[0], 1)


def test_gradient_penalty_is_zero_for_a_unit_norm_linear_critic():
    torch.manual_seed(0)
    real, fake = torch.rand(4, 1, 8, 8), torch.rand(4, 1, 8, 8)
    penalty = gradient_penalty(_LinearCritic(8), real, real, fake)
    assert penalty.item() == pytest.approx(0.0, abs=1e-10)


def test_gradient_penalty_reaches_the_discriminator_weights():
    torch.manual_seed(0)
    d = Discriminator(32, channels=4, conditioning="category")
    real, fake = torch.rand(2, 1, 32, 32), torch.rand(2, 1, 32, 32, requires_grad=True)
    penalty = gradient_penalty(d, real, real, fake)
    assert torch.isfinite(penalty) and penalty.item() > 0
    penalty.backward()
    # Conv weights get the penalty's gradient (biases and the category head cannot: the input gradient ignores them).
    assert all(conv.parametrizations.weight.original.grad is not None for conv in d.features if isinstance(conv, nn.Conv2d))
    assert fake.grad is None  # the penalty must not push the generator


def test_clip_weights_clamps_the_stored_original_weights():
    torch.manual_seed(0)
    d = Discriminator(32, channels=4)
    clip_weights(d, 0.01)
    assert all(p.abs().max() <= 0.01 for p in d.parameters())
    assert d.features[0].parametrizations.weight.original.abs().max() <= 0.01


def test_total_variation():
    assert total_variation(torch.full((2, 1, 8, 8), 0.3)).item() == 0.0
    stripes = torch.zeros(1, 1, 4, 4)
    stripes[..., ::2] = 1.0  # every horizontal neighbour differs by 1, no vertical one does
    assert total_variation(stripes).item() == pytest.approx(1.0)


def _stroke_and_paper() -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """A 16 px target with one 1 px hairline; a fake that drops the hairline; one that draws it 4 rows away."""
    target = torch.ones(1, 1, 16, 16)
    target[..., 8, 2:14] = -1.0
    dropped = torch.ones_like(target)
    elsewhere = torch.ones_like(target)
    elsewhere[..., 2, 2:14] = -1.0
    return target, dropped, elsewhere


def test_stroke_weighted_l1_is_plain_l1_when_off_and_weighs_a_dropped_stroke_more_when_on():
    target, dropped, elsewhere = _stroke_and_paper()
    assert stroke_weighted_l1(dropped, target, 0.0).item() == pytest.approx(F.l1_loss(dropped, target).item())
    # 12 wrong pixels of 256, each off by 2: plain L1 is 12 * 2 / 256. With weight 3 the hairline grown by
    # a pixel all round (3 rows x 14 columns = 42 px) counts 4x: 12 * 2 * 4 / (256 + 3 * 42).
    assert stroke_weighted_l1(dropped, target, 3.0).item() == pytest.approx(12 * 2 * 4 / (256 + 3 * 42))
    assert stroke_weighted_l1(dropped, target, 3.0) > stroke_weighted_l1(dropped, target, 0.0)
    # Ink drawn where the target has paper still costs, but less than the stroke it should have drawn.
    extra_only = stroke_weighted_l1(torch.minimum(elsewhere, target), target, 3.0)
    assert 0 < extra_only < stroke_weighted_l1(dropped, target, 3.0)
    assert stroke_weighted_l1(target, target, 3.0).item() == 0.0


def test_stroke_weighted_l1_pulls_harder_on_a_missing_stroke_than_on_a_speck():
    target, dropped, _ = _stroke_and_paper()
    fake = dropped.clone()
    fake[..., 0, 0] = -1.0                     # a speck of ink where the target has paper
    fake.requires_grad_(True)
    stroke_weighted_l1(fake, target, 3.0).backward()
    stroke_pull, speck_pull = fake.grad[0, 0, 8, 5].item(), fake.grad[0, 0, 0, 0].item()
    assert stroke_pull > 0 > speck_pull        # darken the missing stroke, lighten the speck
    assert stroke_pull == pytest.approx(-4 * speck_pull)


def test_constant_and_category_losses():
    a, b = torch.zeros(2, 8, 1, 1), torch.full((2, 8, 1, 1), 2.0)
    assert constant_loss(a, b).item() == pytest.approx(4.0)
    logits = torch.tensor([[10.0, 0.0], [0.0, 10.0]])
    assert category_loss(logits, torch.tensor([0, 1])).item() < 1e-3
    assert category_loss(logits, torch.tensor([1, 0])).item() > 9
