"""The demo recipe: the bundled demo fonts (WenQuanYi Micro Hei -> AR PL UKai and LXGW WenKai) and model."""

from __future__ import annotations

import shutil
from pathlib import Path

from core.atomic_io import atomic_path
from core.config import Config
from core.fonts import RESOURCES_DIR, demo_font_paths
from core.project import RESOURCE_PREFIX, FontRef, Project, Style, layout
from core.recipes.held_out import check_fonts_share

DEMO_MODEL = RESOURCES_DIR / "demo-model" / "demo-generator.pt"
DEMO_CHARSET = RESOURCE_PREFIX + "charsets/demo-hanzi.txt"


def _bundled(name: str) -> FontRef:
    # Stored as resource:... so the project keeps working when the application is installed elsewhere.
    return FontRef(RESOURCE_PREFIX + str(demo_font_paths()[name].relative_to(RESOURCES_DIR)), 0)


def demo_source() -> FontRef:
    """WenQuanYi Micro Hei, the neutral sans every bundled recipe starts from."""
    return _bundled("microhei")


def demo_font_styles() -> list[Style]:
    """The demo project's target styles (the bundled demo model's embedding rows, in order)."""
    return [Style(name="AR PL UKai", font=_bundled("ukai")), Style(name="LXGW WenKai", font=_bundled("wenkai"))]


def demo_config(image_size: int = 64) -> Config:
    """The demo's settings: its characters, half-width networks (minutes on a laptop CPU), its family name."""
    config = Config()
    config.data.image_size = image_size
    config.data.charset = DEMO_CHARSET
    config.model.generator_channels = 32
    config.model.discriminator_channels = 32
    config.export.family_name = "zi2zi Demo Kai"
    return config


def demo_project(root: str | Path, image_size: int = 64) -> Project:
    """A project from the bundled demo fonts; at 64 px it starts from the bundled model (checkpoints/base.pt)."""
    project = Project.create(root, source=demo_source(), styles=demo_font_styles(), config=demo_config(image_size),
                             name="Demo", held_out=check_fonts_share)
    if image_size == 64:  # the bundled model was trained at 64 px; other sizes start from scratch
        install_demo_model(project)
    return project


def install_demo_model(project: Project) -> bool:
    """Copy the bundled demo model into checkpoints/base.pt, so preview and export work before any training.

    Only when the project has no model of its own; True when it was copied.
    """
    target = layout.base_model_file(project.root)
    if not DEMO_MODEL.is_file() or target.exists() or any(project.checkpoints_dir.glob("*.pt")):
        return False
    with atomic_path(target) as tmp:
        shutil.copyfile(DEMO_MODEL, tmp)
    return True
