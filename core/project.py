"""A project is a folder: project.json (human-readable, written atomically) plus glyphs/, checkpoints/, samples/, exports/, cache/."""

from __future__ import annotations

import datetime as _dt
import json
import logging
import random
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.atomic_io import atomic_path, write_json_atomic
from core.charsets import charset_codepoints
from core.config import Config
from core.errors import ConfigError, CoreError, ProjectError
from core.fonts import RESOURCES_DIR, FontFace, demo_font_paths, open_face

log = logging.getLogger(__name__)

PROJECT_FILE = "project.json"
PROJECT_FORMAT = "zi2zi-studio-project"
FOLDERS = ("glyphs", "checkpoints", "samples", "exports", "cache")
# Paths under resources/ are stored as "resource:<relative path>" so a project that uses the bundled
# demo fonts keeps working when the application is installed somewhere else.
RESOURCE_PREFIX = "resource:"


@dataclass
class FontRef:
    path: str
    index: int = 0


@dataclass
class Style:
    name: str
    kind: str = "font"                 # font | handwriting
    font: FontRef | None = None        # for kind == font
    folder: str | None = None          # for kind == handwriting: glyph PNGs named by code point


class Project:
    def __init__(self, root: Path, name: str, config: Config, source: FontRef, styles: list[Style],
                 held_out: list[int], created: str, held_out_styles: list[str] | None = None):
        self.root = Path(root)
        self.name = name
        self.config = config
        self.source = source
        self.styles = styles
        self.held_out = held_out
        self.created = created
        # Whole styles (fonts) that never reach training: a base model is judged on them by few-shot fitting.
        self.held_out_styles = list(held_out_styles or [])

    # ----- folders ------------------------------------------------------------------------------
    @property
    def glyphs_dir(self) -> Path:
        return self.root / "glyphs"

    @property
    def checkpoints_dir(self) -> Path:
        return self.root / "checkpoints"

    @property
    def samples_dir(self) -> Path:
        return self.root / "samples"

    @property
    def exports_dir(self) -> Path:
        return self.root / "exports"

    @property
    def cache_dir(self) -> Path:
        return self.root / "cache"

    # ----- reading ------------------------------------------------------------------------------
    def resolve(self, stored: str) -> Path:
        """A stored path: resource:..., absolute, or relative to the project folder."""
        if stored.startswith(RESOURCE_PREFIX):
            return RESOURCES_DIR / stored[len(RESOURCE_PREFIX):]
        path = Path(stored).expanduser()
        return path if path.is_absolute() else self.root / path

    def source_face(self) -> FontFace:
        return open_face(self.resolve(self.source.path), self.source.index)

    def style_face(self, style_id: int) -> FontFace:
        style = self.styles[style_id]
        if style.font is None:
            raise ProjectError(f"style {style.name!r} is handwriting, not a font")
        return open_face(self.resolve(style.font.path), style.font.index)

    def style_folder(self, style_id: int) -> Path:
        style = self.styles[style_id]
        return self.resolve(style.folder) if style.folder else self.glyphs_dir / "handwriting" / style.name

    def charset(self) -> list[int]:
        spec = self.config.data.charset
        if spec.startswith(RESOURCE_PREFIX):
            spec = str(self.resolve(spec))
        return charset_codepoints(spec)

    def style_id(self, name: str) -> int:
        for i, style in enumerate(self.styles):
            if style.name == name:
                return i
        raise ProjectError(f"project {self.root} has no style named {name!r}")

    def held_out_style_ids(self) -> list[int]:
        return [self.style_id(name) for name in self.held_out_styles]

    def hold_out_styles(self, spec: int | str | list[str]) -> list[str]:
        """Keep whole font styles out of training (see pick_held_out_styles); saves the project."""
        self.held_out_styles = pick_held_out_styles(self.styles, spec, self.config.data.split_seed)
        self.save()
        return self.held_out_styles

    # ----- writing ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"format": PROJECT_FORMAT, "name": self.name, "created": self.created,
                "source": asdict(self.source), "styles": [asdict(s) for s in self.styles],
                "held_out": "".join(chr(c) for c in self.held_out),
                "held_out_styles": list(self.held_out_styles),
                "config": self.config.to_dict()}

    def save(self) -> None:
        for folder in FOLDERS:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        write_json_atomic(self.root / PROJECT_FILE, self.to_dict())

    def add_style(self, style: Style) -> int:
        if any(s.name == style.name for s in self.styles):
            raise ProjectError(f"project already has a style named {style.name!r}")
        self.styles.append(style)
        self.config.model.num_styles = max(self.config.model.num_styles, len(self.styles))
        self.save()
        return len(self.styles) - 1

    # ----- creating and opening -----------------------------------------------------------------
    @classmethod
    def create(cls, root: str | Path, *, source: FontRef, styles: list[Style], config: Config | None = None,
               name: str | None = None) -> "Project":
        root = Path(root)
        if (root / PROJECT_FILE).exists():
            raise ProjectError(f"{root} is already a project", hint="open it instead")
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise ProjectError(f"{root} exists and is not an empty folder", hint="choose a new folder")
        if not styles:
            raise ProjectError("a project needs at least one target style")
        config = config or Config()
        config.model.num_styles = len(styles)
        project = cls(root, name or root.name, config, source, list(styles), [],
                      _dt.datetime.now().astimezone().isoformat(timespec="seconds"))
        project.held_out = project._choose_held_out()
        project.save()
        return project

    def covered_charset(self) -> list[int]:
        """Charset characters the source has and at least one target style can supply."""
        source = self.source_face().codepoints
        targets: set[int] = set()
        for i, style in enumerate(self.styles):
            if style.kind == "font":
                targets |= self.style_face(i).codepoints
            else:
                targets |= set(handwriting_codepoints(self.style_folder(i)))
        return [c for c in self.charset() if c in source and c in targets]

    def _choose_held_out(self) -> list[int]:
        covered = self.covered_charset()
        if len(covered) < 2:
            raise ProjectError(
                f"the source font and the target styles share {len(covered)} characters of charset "
                f"{self.config.data.charset!r}", hint="choose fonts that cover it, or another charset")
        d = self.config.data
        count = max(1, min(d.held_out_count_max, round(d.held_out_fraction * len(covered)), len(covered) - 1))
        return sorted(random.Random(d.split_seed).sample(covered, count))

    @classmethod
    def open(cls, root: str | Path) -> "Project":
        root = Path(root)
        if not root.is_dir():
            raise ProjectError(f"project folder {root} does not exist")
        path = root / PROJECT_FILE
        if not path.is_file():
            raise ProjectError(f"{root} is not a zi2zi Studio project (it has no {PROJECT_FILE})")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if raw.get("format") != PROJECT_FORMAT:
                raise ValueError("not a zi2zi Studio project file")
            styles = [Style(name=s["name"], kind=s.get("kind", "font"),
                            font=FontRef(**s["font"]) if s.get("font") else None, folder=s.get("folder"))
                      for s in raw["styles"]]
            return cls(root, raw.get("name", root.name), Config.from_dict(raw.get("config")),
                       FontRef(**raw["source"]), styles, [ord(c) for c in raw.get("held_out", "")],
                       raw.get("created", ""), [str(n) for n in raw.get("held_out_styles", [])])
        except ConfigError as exc:  # a bad setting: say which file holds it, not "correct the training form"
            raise ProjectError(f"cannot open {path}: {exc}") from exc
        except CoreError:
            raise
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ProjectError(f"{path} is damaged and cannot be read ({exc})") from exc


def pick_held_out_styles(styles: list[Style], spec: int | str | list[str], seed: int) -> list[str]:
    """Font styles to hold out whole: a count (a "3" too), drawn by `seed`, or names (a list or "a,b")."""
    fonts = [s.name for s in styles if s.kind == "font"]
    if isinstance(spec, str):
        spec = int(spec) if spec.strip().isdigit() else [n.strip() for n in spec.split(",") if n.strip()]
    if isinstance(spec, int):
        chosen = random.Random(seed).sample(fonts, min(spec, len(fonts)))
    else:
        unknown = [n for n in spec if n not in fonts]
        if unknown:
            raise ProjectError(f"there is no font style named {unknown[0]!r} to hold out",
                               hint=f"choose among: {', '.join(fonts)}")
        chosen = list(set(spec))
    if chosen and len(chosen) >= len(styles):
        raise ProjectError(f"holding out {len(chosen)} of {len(styles)} styles leaves none to train on",
                           hint="hold out fewer styles, or add fonts")
    return sorted(chosen, key=fonts.index)


def handwriting_codepoints(folder: Path) -> list[int]:
    """Code points with a glyph PNG in the folder (4E00.png, U+4E00.png or uni4E00.png)."""
    if not folder.is_dir():
        return []
    found = []
    for png in folder.glob("*.png"):
        cp = codepoint_from_name(png.stem)
        if cp is not None:
            found.append(cp)
    return sorted(set(found))


def codepoint_from_name(stem: str) -> int | None:
    text = stem.upper()
    for prefix in ("U+", "UNI", "U"):
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix):]
            break
    try:
        cp = int(text, 16)
    except ValueError:
        return None
    return cp if 0 < cp <= 0x10FFFF else None


def demo_font_styles() -> list[Style]:
    """The demo project's target styles (the bundled demo model's embedding rows, in order)."""
    fonts = demo_font_paths()

    def ref(name: str) -> FontRef:
        return FontRef(RESOURCE_PREFIX + str(fonts[name].relative_to(RESOURCES_DIR)), 0)

    return [Style(name="AR PL UKai", font=ref("ukai")), Style(name="LXGW WenKai", font=ref("wenkai"))]


def demo_project(root: str | Path, image_size: int = 64) -> Project:
    """A project from the bundled demo fonts: WenQuanYi Micro Hei (a neutral sans) -> AR PL UKai and LXGW WenKai."""
    fonts = demo_font_paths()
    config = Config()
    config.data.image_size = image_size
    config.data.charset = RESOURCE_PREFIX + "charsets/demo-hanzi.txt"
    # Half-width networks: the demo trains in minutes on a laptop CPU and its model stays small.
    config.model.generator_channels = 32
    config.model.discriminator_channels = 32
    config.export.family_name = "zi2zi Demo Kai"
    source = FontRef(RESOURCE_PREFIX + str(fonts["microhei"].relative_to(RESOURCES_DIR)), 0)
    project = Project.create(root, source=source, styles=demo_font_styles(), config=config, name="Demo")
    if image_size == 64:  # the bundled model was trained at 64 px; other sizes start from scratch
        install_demo_model(project)
    return project


DEMO_MODEL = RESOURCES_DIR / "demo-model" / "demo-generator.pt"


def install_demo_model(project: Project) -> bool:
    """Copy the bundled demo model into checkpoints/base.pt, so preview and export work before any training.

    Only when the project has no model of its own; True when it was copied.
    """
    folder = project.checkpoints_dir
    if not DEMO_MODEL.is_file() or (folder / "base.pt").exists() or any(folder.glob("*.pt")):
        return False
    with atomic_path(folder / "base.pt") as tmp:
        shutil.copyfile(DEMO_MODEL, tmp)
    return True
