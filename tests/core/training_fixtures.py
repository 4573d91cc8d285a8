"""Tiny demo projects for training tests: 32 px glyphs, narrow nets, a few hundred steps at most."""

from __future__ import annotations

from pathlib import Path

from core.config import Config
from core.project import Project
from core.recipes.demo import demo_project


def tiny_config(config: Config, *, steps: int = 20, image_size: int = 32) -> Config:
    config.data.image_size = image_size
    config.model.generator_channels = 8
    config.model.discriminator_channels = 8
    config.model.embedding_dim = 16
    config.train.batch_size = 8
    config.train.steps = steps
    config.train.log_every = 1
    config.train.eval_every = 10
    config.train.sample_every = 10
    config.train.checkpoint_every = 10
    config.train.sample_count = 4
    config.train.threads = 1
    config.train.device = "cpu"
    return config


def tiny_project(root: Path, *, steps: int = 20, image_size: int = 32) -> Project:
    project = demo_project(root, image_size=image_size)
    tiny_config(project.config, steps=steps, image_size=image_size)
    project.save()
    return project
