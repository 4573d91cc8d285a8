"""Config round-trips, defaults missing keys, warns on unknown ones, rejects bad values in one line."""

import logging

import pytest

from core.config import Config
from core.errors import ConfigError


def test_round_trip_keeps_every_value():
    config = Config()
    config.data.image_size = 64
    config.train.adversarial_loss = "bce"
    assert Config.from_dict(config.to_dict()) == config


def test_missing_keys_default_and_unknown_keys_warn(caplog):
    with caplog.at_level(logging.WARNING):
        config = Config.from_dict({"train": {"batch_size": 4, "colour": "red"}})
    assert config.train.batch_size == 4
    assert config.data.image_size == Config().data.image_size
    assert "train.colour" in caplog.text


@pytest.mark.parametrize("raw, words", [
    ({"data": {"image_size": 100}}, "Image size (data.image_size) cannot be 100"),
    ({"train": {"batch_size": "big"}}, "train.batch_size"),
    ({"model": {"discriminator_norm": "layer"}}, "Discriminator norm"),
    ({"train": {"generator_lr": float("nan")}}, "(train.generator_lr) must be above 0"),
    ({"export": {"formats": ["ttf", "eot"]}}, "'eot'"),
    ({"schema_version": 99}, "newer"),
])
def test_bad_values_give_one_line_errors(raw, words):
    with pytest.raises(ConfigError) as info:
        Config.from_dict(raw)
    assert words in str(info.value)
    assert "\n" not in str(info.value)
