"""The demo recipe: the bundled demo fonts (WenQuanYi Micro Hei -> AR PL UKai and LXGW WenKai) and model."""

from __future__ import annotations

import shutil
from functools import lru_cache
from pathlib import Path

from core.atomic_io import atomic_path
from core.config import Config
from core.fonts import RESOURCES_DIR, demo_font_paths
from core.project import RESOURCE_PREFIX, FontRef, Project, Style, layout
from core.recipes.held_out import check_fonts_share

DEMO_MODEL = RESOURCES_DIR / "demo-model" / "demo-generator.pt"
DEMO_CHARSET = RESOURCE_PREFIX + "charsets/demo-hanzi.txt"
# Without the demo model (an installation that lacks it) the demo trains from scratch: 64 px is the size
# where minutes of CPU training already teach the style.
SIZE_WITHOUT_MODEL = 64


def _bundled(name: str) -> FontRef:
    # Stored as resource:... so the project keeps working when the application is installed elsewhere.
    return FontRef(RESOURCE_PREFIX + str(demo_font_paths()[name].relative_to(RESOURCES_DIR)), 0)


def demo_source() -> FontRef:
    """WenQuanYi Micro Hei, the neutral sans every bundled recipe starts from."""
    return _bundled("microhei")


def demo_font_styles() -> list[Style]:
    """The demo project's target styles (the bundled demo model's embedding rows, in order)."""
    return [Style(name="AR PL UKai", font=_bundled("ukai")), Style(name="LXGW WenKai", font=_bundled("wenkai"))]


def demo_model_size() -> int | None:
    """The image size the bundled demo model was trained at (read from its file), None when it is missing."""
    return _file_image_size(DEMO_MODEL, DEMO_MODEL.stat().st_mtime_ns) if DEMO_MODEL.is_file() else None


@lru_cache(maxsize=4)
def _file_image_size(model: Path, _mtime: int) -> int:
    from core.training.checkpoint import checkpoint_config, load_checkpoint

    return checkpoint_config(load_checkpoint(model)).data.image_size


def demo_image_size() -> int:
    """The size a new demo project is made at: the demo model's, so it starts from it."""
    return demo_model_size() or SIZE_WITHOUT_MODEL


def demo_config(image_size: int | None = None) -> Config:
    """The demo's settings: its characters, half-width networks (minutes on a laptop CPU), its family name.

    image_size None: the bundled demo model's size (demo_image_size)."""
    config = Config()
    config.data.image_size = image_size or demo_image_size()
    config.data.charset = DEMO_CHARSET
    config.model.generator_channels = 32
    config.model.discriminator_channels = 32
    config.export.family_name = "zi2zi Demo Kai"
    return config


def demo_project(root: str | Path, image_size: int | None = None) -> Project:
    """A project from the bundled demo fonts, at the demo model's size unless told (demo_image_size).

    At the model's size it starts from the bundled model (checkpoints/base.pt); other sizes start from scratch."""
    project = Project.create(root, source=demo_source(), styles=demo_font_styles(), config=demo_config(image_size),
                             name="Demo", held_out=check_fonts_share)
    install_demo_model(project)
    return project


def install_demo_model(project: Project) -> bool:
    """Copy the bundled demo model into checkpoints/base.pt, so preview and export work before any training.

    Only when the project has no model of its own and uses the model's image size (a model cannot draw
    at another size); True when it was copied.
    """
    target = layout.base_model_file(project.root)
    if target.exists() or any(project.checkpoints_dir.glob("*.pt")):
        return False
    if project.config.data.image_size != demo_model_size():   # None (no model here) never matches
        return False
    with atomic_path(target) as tmp:
        shutil.copyfile(DEMO_MODEL, tmp)
    return True
