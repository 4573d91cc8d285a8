"""Tiny projects for app tests: core.project's demo when it exists, else a stand-in with the same attributes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from core.config import Config


def tiny_config(image_size: int = 32) -> Config:
    config = Config()
    config.data.image_size = image_size
    config.model.generator_channels = 8
    config.model.discriminator_channels = 8
    config.model.embedding_dim = 8
    config.train.batch_size = 4
    config.train.steps = 6
    config.train.log_every = 1
    config.train.sample_every = 3
    config.train.eval_every = 3
    config.train.checkpoint_every = 3
    config.train.sample_count = 2
    config.train.device = "cpu"
    config.train.threads = 1
    return config


@dataclass
class _Style:
    name: str
    kind: str = "font"


class StandInProject:
    """Enough of core.project.Project for the preview and export panels (no training)."""

    def __init__(self, root: Path, text: str = "永和九年岁在癸丑暮春之初会于") -> None:
        from core.fonts import demo_font_paths, open_face
        fonts = demo_font_paths()
        self.root = Path(root)
        self.name = "stand-in"
        self.config = tiny_config()
        self._source = open_face(fonts["uming"])
        self._style = open_face(fonts["ukai"])
        self.styles = [_Style("ukai")]
        self._charset = [ord(c) for c in text if ord(c) in self._source.codepoints]
        for sub in ("glyphs", "checkpoints", "samples", "exports"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)

    glyphs_dir = property(lambda self: self.root / "glyphs")
    checkpoints_dir = property(lambda self: self.root / "checkpoints")
    samples_dir = property(lambda self: self.root / "samples")
    exports_dir = property(lambda self: self.root / "exports")

    def charset(self) -> list[int]:
        return list(self._charset)

    def source_face(self):
        return self._source

    def style_face(self, i: int):
        return self._style


def make_project(root: Path, image_size: int = 32):
    """core.recipes.demo.demo_project with a tiny config."""
    from core.recipes.demo import demo_project
    project = demo_project(root, image_size=image_size)
    tiny = tiny_config(image_size)
    tiny.data.charset = project.config.data.charset
    project.config = tiny
    project.save()
    return project


def fake_generated_glyphs(project, count: int = 8) -> list[int]:
    """Write 'generated' PNGs (the style font's own glyphs) so preview and export work without training."""
    from PIL import Image

    from core.render import render_glyph
    size = project.config.data.image_size
    face = project.style_face(0)
    out = Path(project.glyphs_dir) / "generated" / project.styles[0].name
    out.mkdir(parents=True, exist_ok=True)
    done = []
    for cp in project.charset():
        if cp in face.codepoints and len(done) < count:
            Image.fromarray(np.asarray(render_glyph(face, cp, size)), mode="L").save(out / f"{cp:04X}.png")
            done.append(cp)
    return done
