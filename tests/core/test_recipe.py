"""The SN recipe's parts: DiffAugment of glyph pairs, the generator EMA, and its place in checkpoints."""

import pytest
import torch

from core.config import Config, parse_augment_policy
from core.errors import ConfigError
from core.model.augment import augment_pairs, cutout, translate
from core.training.checkpoint import CheckpointStore, inference_weights, load_checkpoint, pack_generator
from core.training.ema import GeneratorEMA
from core.training.loop import train
from tests.core.training_fixtures import tiny_project


def _run(project, **kwargs):
    return list(train(project, **kwargs))


def test_a_pair_gets_one_shift_so_source_and_glyph_stay_aligned():
    torch.manual_seed(0)
    source = torch.rand(16, 1, 32, 32) * 2 - 1
    out_source, out_image = augment_pairs(source, source.clone(), ("translation", "cutout"))
    assert torch.equal(out_source, out_image)            # identical inputs stay identical: one transform a pair
    assert not torch.equal(out_source, source)            # and something did move


def test_translation_brings_in_paper_and_keeps_gradients():
    x = torch.full((4, 1, 16, 16), -1.0, requires_grad=True)   # all ink
    torch.manual_seed(1)
    y = translate(x, 0.25)
    assert y.shape == x.shape
    shifted = [(y[i] == 1.0).any() for i in range(4)]
    assert any(shifted)                                     # what enters from outside is paper, not grey
    y.sum().backward()
    assert x.grad is not None and x.grad.abs().sum() > 0


def test_cutout_papers_over_one_square():
    x = torch.full((3, 2, 16, 16), -1.0)
    y = cutout(x, 0.25)
    assert ((y == 1.0).sum(dim=(1, 2, 3)) == 2 * 4 * 4).all()


def test_augmentation_policy_is_checked():
    assert parse_augment_policy("none") == () and parse_augment_policy("translation, cutout") == ("translation", "cutout")
    with pytest.raises(ConfigError, match="colour"):
        parse_augment_policy("colour")
    with pytest.raises(ConfigError):
        Config.from_dict({"train": {"augment": "flip"}})


def test_ema_warms_up_then_follows_the_generator_slowly():
    live = torch.nn.Linear(2, 2)
    ema = GeneratorEMA(live, decay=0.999)
    assert ema.current_decay() == pytest.approx(0.1)       # the first average mostly takes the live weights
    with torch.no_grad():
        live.weight.add_(1.0)
    before = ema.model.weight.clone()
    ema.update(live)
    assert torch.allclose(ema.model.weight, before + 0.9)
    for _ in range(20000):
        ema.updates += 1
    assert ema.current_decay() == pytest.approx(0.999)


def test_checkpoints_keep_the_ema_and_generation_uses_it(tmp_path):
    project = tiny_project(tmp_path / "p", steps=6)
    _run(project)
    path = CheckpointStore(project.checkpoints_dir).latest()
    state = load_checkpoint(path)
    assert state["generator_ema"]["updates"] == 6 * project.config.train.g_steps_per_d_step
    assert inference_weights(state) is state["generator_ema"]["weights"]
    key = next(k for k, v in state["generator"].items() if v.is_floating_point() and v.ndim == 4)
    assert not torch.equal(state["generator"][key], state["generator_ema"]["weights"][key])
    packed = load_checkpoint(pack_generator(path, tmp_path / "g.pt"))
    assert torch.allclose(packed["generator"][key].float(), state["generator_ema"]["weights"][key], atol=1e-3)


def test_schema_1_settings_keep_their_category_only_discriminator_and_no_augmentation():
    old = Config.from_dict({"schema_version": 1, "model": {"discriminator_norm": "batch"}})
    assert old.model.discriminator_conditioning == "category" and old.train.augment == "none"
    new = Config()
    assert new.model.discriminator_conditioning == "both" and new.train.augment == "translation,cutout"


def test_fine_tuning_starts_a_new_style_at_the_mean_and_freeze_d_keeps_the_first_blocks(tmp_path):
    from core.project import Style

    base = tiny_project(tmp_path / "base", steps=4)
    _run(base)
    base_path = CheckpointStore(base.checkpoints_dir).latest()
    base_state = load_checkpoint(base_path)
    project = tiny_project(tmp_path / "new", steps=3)
    project.styles = [project.styles[0], Style(name="My hand", kind="font", font=project.styles[1].font)]
    project.config.train.freeze_discriminator_blocks = 2
    project.config.train.generator_lr = 0.0   # keep G still, so the new row is exactly where it started
    project.save()
    _run(project, init_from=base_path)
    state = load_checkpoint(CheckpointStore(project.checkpoints_dir).latest())
    rows = base_state["generator_ema"]["weights"]["embedding.weight"]
    assert torch.allclose(state["generator"]["embedding.weight"][2], rows.mean(dim=0), atol=1e-6)
    first = "features.0.parametrizations.weight.original"
    third = "features.4.parametrizations.weight.original"
    assert torch.equal(state["discriminator"][first], base_state["discriminator"][first])   # frozen
    assert not torch.equal(state["discriminator"][third], base_state["discriminator"][third])  # still learning
