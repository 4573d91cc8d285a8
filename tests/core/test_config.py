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


def test_every_setting_has_words_and_every_choice_a_label():
    import dataclasses

    from core.config import SECTIONS, choice_label, field_choices, field_help, field_label

    for section, cls in SECTIONS.items():
        for f in dataclasses.fields(cls):
            assert field_label(section, f.name).strip() and field_help(section, f.name).strip(), f.name
            for value in field_choices(section, f.name) or ():
                label = choice_label(section, f.name, value)
                assert label.strip() and label != str(value), (section, f.name, value)


def test_defaults_lie_inside_their_own_domains():
    import dataclasses

    from core.config import SECTIONS, field_choices

    config = Config()
    for section in SECTIONS:
        for f in dataclasses.fields(SECTIONS[section]):
            choices = field_choices(section, f.name)
            value = getattr(getattr(config, section), f.name)
            if choices is not None:
                assert set(value if isinstance(value, list) else [value]) <= set(choices), f.name


# Every flag of the command line that picks a setting's value, and the setting it picks.
CLI_DOMAINS = [
    ("train", "--loss", "train", "adversarial_loss"), ("train", "--d-norm", "model", "discriminator_norm"),
    ("train", "--device", "train", "device"), ("generate", "--device", "train", "device"),
    ("eval", "--device", "train", "device"), ("bench", "--device", "train", "device"),
    ("bench", "--image-size", "data", "image_size"), ("bench", "--loss", "train", "adversarial_loss"),
    ("demo", "--image-size", "data", "image_size"), ("export", "--format", "export", "formats"),
]


@pytest.mark.parametrize("command, flag, section, name", CLI_DOMAINS)
def test_command_line_choices_are_the_settings_domain(command, flag, section, name):
    import argparse

    from core.cli import build_parser
    from core.config import field_choices

    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if flag in a.option_strings)
    assert list(action.choices) == list(field_choices(section, name))


def test_old_project_settings_still_load():
    """A schema-2 project.json written before the export settings grew (and one with a retired key)."""
    raw = {"schema_version": 2, "export": {"family_name": "Old Kai", "license": "OFL", "units_per_em": 2048,
                                           "formats": ["ttf", "woff2"], "prefer_generated_for_handwriting": True}}
    config = Config.from_dict(raw)
    assert (config.export.family_name, config.export.license, config.export.units_per_em) == ("Old Kai", "OFL", 2048)
    assert config.export.formats == ["ttf", "woff2"] and config.export.edge_policy == "skip"
