"""The generator and the SN discriminator: shapes at every size, spectral norm everywhere, growing styles, inference copy."""

import pytest
import torch
from torch import nn
from torch.nn.utils import parametrize
from torch.nn.utils.parametrizations import _SpectralNorm

from core.config import Config
from core.model import (
    Discriminator,
    UNetGenerator,
    build_discriminator,
    build_generator,
    model_flops_per_image,
    prepare_for_inference,
)


def _images(batch: int, size: int) -> torch.Tensor:
    return torch.rand(batch, 1, size, size) * 2 - 1


@pytest.mark.parametrize("size, channels", [(32, 8), (64, 8), (128, 8), (256, 4)])
def test_generator_and_discriminator_shapes_at_every_size(size, channels):
    torch.manual_seed(0)
    g = UNetGenerator(size, channels=channels, num_styles=3, embedding_dim=16)
    d = Discriminator(size, channels=channels, num_styles=3)
    source = _images(2, size)
    fake, encoded = g(source, torch.tensor([0, 2]))
    assert fake.shape == (2, 1, size, size)
    assert encoded.shape == (2, channels * 8, 1, 1)
    assert fake.abs().max() <= 1.0
    assert torch.allclose(g.encode(source), encoded)
    logit, categories = d(source, fake, torch.tensor([0, 2]))
    assert logit.shape == (2,)
    assert categories.shape == (2, 3)


def _is_spectral(layer: nn.Module) -> bool:
    return parametrize.is_parametrized(layer, "weight") and any(
        isinstance(p, _SpectralNorm) for p in layer.parametrizations.weight)


def test_default_discriminator_has_spectral_norm_on_every_conv_and_no_batchnorm():
    d = build_discriminator(Config())
    convs = [m for m in d.modules() if isinstance(m, nn.Conv2d)]
    assert len(convs) == 4 and all(_is_spectral(c) for c in convs)
    assert _is_spectral(d.real_fake) and _is_spectral(d.projection)
    assert not any(isinstance(m, (nn.BatchNorm2d, nn.InstanceNorm2d)) for m in d.modules())
    # The category head's Linear stays unnormalised: bounded logits only flatten its cross entropy.
    assert d.category is not None and not _is_spectral(d.category)


def test_projection_adds_the_style_term_to_the_real_fake_logit():
    torch.manual_seed(0)
    d = Discriminator(32, channels=8, num_styles=2, conditioning="projection").eval()
    assert d.category is None
    source, image = _images(2, 32), _images(2, 32)
    logit_a, categories = d(source, image, torch.tensor([0, 0]))
    logit_b, _ = d(source, image, torch.tensor([1, 1]))
    assert categories is None
    assert not torch.allclose(logit_a, logit_b)   # the same pair judged for another style scores differently
    with pytest.raises(ValueError):
        d(source, image)


def test_batchnorm_comparison_discriminator_can_drop_spectral_norm():
    config = Config()
    config.data.image_size = 32
    config.model.discriminator_norm = "batch"
    d = build_discriminator(config, spectral=False)
    assert any(isinstance(m, nn.BatchNorm2d) for m in d.modules())
    assert not any(parametrize.is_parametrized(m) for m in d.modules())
    assert d(_images(2, 32), _images(2, 32), torch.tensor([0, 0]))[0].shape == (2,)


def test_spectral_norms_stay_near_one_while_training():
    torch.manual_seed(0)
    d = Discriminator(32, channels=8, num_styles=2, conditioning="projection")
    optimizer = torch.optim.Adam(d.parameters(), lr=2e-4, betas=(0.0, 0.9))
    source = _images(8, 32)
    real = torch.sign(_images(8, 32))
    style = torch.tensor([0, 1] * 4)
    for _ in range(50):
        fake = _images(8, 32)
        loss = (torch.relu(1 - d(source, real, style)[0]).mean()
                + torch.relu(1 + d(source, fake, style)[0]).mean())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    norms = d.spectral_norms()
    assert len(norms) == 6  # four convs, the real/fake head, the projection embedding
    for name, value in norms.items():
        assert 0.9 <= value <= 1.1, (name, value)


def test_reading_spectral_norms_does_not_change_the_discriminator():
    d = Discriminator(32, channels=8)
    before = {k: v.clone() for k, v in d.state_dict().items()}
    d.spectral_norms()
    after = d.state_dict()
    assert all(torch.equal(before[k], after[k]) for k in before)


def test_forward_with_embedding_matches_forward_on_a_row():
    torch.manual_seed(0)
    g = UNetGenerator(32, channels=8, num_styles=2, embedding_dim=16).eval()
    source = _images(2, 32)
    row = g.embedding.weight[1].expand(2, -1)
    assert torch.allclose(g.forward_with_embedding(source, row), g(source, torch.tensor([1, 1]))[0])


def test_dropout_is_on_in_training_and_off_in_eval():
    torch.manual_seed(0)
    g = UNetGenerator(32, channels=8, embedding_dim=16, norm="instance")
    source, style = _images(2, 32), torch.zeros(2, dtype=torch.long)
    assert not torch.equal(g(source, style)[0], g(source, style)[0])
    g.eval()
    assert torch.equal(g(source, style)[0], g(source, style)[0])


@pytest.mark.parametrize("norm", ["instance", "spectral"])
def test_generator_norm_variants_train(norm):
    torch.manual_seed(0)
    g = UNetGenerator(32, channels=8, num_styles=2, embedding_dim=16, norm=norm)
    source = _images(2, 32)
    fake, encoded = g(source, torch.tensor([0, 1]))
    loss = (fake - source).abs().mean() + (g.encode(fake) - encoded).pow(2).mean()
    loss.backward()
    assert all(p.grad is not None and torch.isfinite(p.grad).all() for p in g.parameters())
    if norm == "spectral":
        convs = [m for m in g.modules() if isinstance(m, (nn.Conv2d, nn.ConvTranspose2d))]
        assert all(parametrize.is_parametrized(m, "weight") for m in convs)
        assert not any(isinstance(m, (nn.BatchNorm2d, nn.InstanceNorm2d)) for m in g.modules())


def test_encoder_parameters_freeze_the_encoder_only():
    g = UNetGenerator(32, channels=8, embedding_dim=16)
    encoder = {id(p) for p in g.encoder_parameters()}
    assert encoder and len(encoder) < len(list(g.parameters()))
    assert id(g.embedding.weight) not in encoder


@pytest.mark.parametrize("norm", ["batch", "spectral"])
def test_inference_copy_removes_parametrizations_and_matches_eval(norm):
    torch.manual_seed(0)
    g = UNetGenerator(32, channels=8, num_styles=2, embedding_dim=16, norm=norm)
    source, style = _images(4, 32), torch.tensor([0, 1, 0, 1])
    g(source, style)  # a training-mode pass moves BN statistics and SN vectors away from their start
    g.eval()
    expected = g(source, style)[0]
    frozen = prepare_for_inference(g)
    assert not any(parametrize.is_parametrized(m) for m in frozen.modules())
    assert not frozen.training
    assert not any(p.requires_grad for p in frozen.parameters())
    if norm == "spectral":  # the trained model itself keeps its parametrizations
        assert parametrize.is_parametrized(g.levels[0].down[0], "weight")
    out = frozen(source.contiguous(memory_format=torch.channels_last), style)[0]
    assert torch.allclose(out, expected, atol=1e-5)


def test_factory_reads_the_config_and_counts():
    config = Config()
    config.data.image_size = 64
    config.model.generator_channels = 8
    config.model.discriminator_channels = 8
    config.model.embedding_dim = 16
    config.model.num_styles = 3
    g, d = build_generator(config), build_discriminator(config)
    assert g.num_styles == d.num_styles == 3
    assert g.encode(_images(1, 64)).shape == (1, 64, 1, 1)
    flops = model_flops_per_image(g, d, 64)
    assert 0 < flops["encoder_forward"] < flops["generator_forward"]
    assert flops["discriminator_forward"] > 0 and flops["train_step"] > flops["generator_forward"]
    assert g.training and d.training  # counting must not leave the models in eval mode


def test_a_checkpoint_keeps_its_own_generator_width(tmp_path):
    """The config inside a checkpoint rebuilds its architecture, so a change of the default width never
    orphans a model trained before it."""
    from core.inference import GlyphGenerator
    from core.training.checkpoint import save_checkpoint

    config = Config()
    config.data.image_size = 32
    config.model.generator_channels = Config().model.generator_channels * 2  # some other width
    config.model.embedding_dim = 16
    torch.manual_seed(0)
    g = build_generator(config)
    path = save_checkpoint(tmp_path / "old.pt", {"config": config.to_dict(), "generator": g.state_dict(),
                                                 "style_names": ["kai"]})
    model = GlyphGenerator.from_checkpoint(path, device="cpu")
    assert model.generator.channels == config.model.generator_channels
    sources = ((_images(3, 32) + 1) * 127.5).to(torch.uint8).squeeze(1).numpy()
    glyphs = model.generate_from_sources(sources, "kai")
    assert glyphs.shape == (3, 32, 32) and glyphs.dtype.name == "uint8"
