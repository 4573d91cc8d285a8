"""The Project model: project.json (human-readable, written atomically), its styles, held-out sets and training lock."""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.atomic_io import write_json_atomic
from core.charsets import charset_codepoints
from core.config import Config
from core.errors import ConfigError, CoreError, ProjectBusyError, ProjectError
from core.fonts import RESOURCES_DIR, FontFace, open_face
from core.project import layout
from core.project.layout import FOLDERS, PROJECT_FILE

log = logging.getLogger(__name__)

PROJECT_FORMAT = "zi2zi-studio-project"
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
        return layout.glyphs_dir(self.root)

    @property
    def checkpoints_dir(self) -> Path:
        return layout.checkpoints_dir(self.root)

    @property
    def samples_dir(self) -> Path:
        return layout.samples_dir(self.root)

    @property
    def exports_dir(self) -> Path:
        return layout.exports_dir(self.root)

    @property
    def cache_dir(self) -> Path:
        return layout.cache_dir(self.root)

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
        return self.resolve(style.folder) if style.folder else layout.handwriting_dir(self.root, style.name)

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
        write_json_atomic(layout.project_file(self.root), self.to_dict())

    # ----- creating and opening -----------------------------------------------------------------
    @classmethod
    def create(cls, root: str | Path, *, source: FontRef, styles: list[Style], config: Config | None = None,
               name: str | None = None, held_out: Callable[[Project], list[int]] | None = None) -> Project:
        """The low-level maker; projects are made by core.recipes, whose `held_out` (the one held-out
        policy, core.recipes.held_out) picks the held-out characters before anything is written."""
        root = Path(root)
        if layout.project_file(root).exists():
            raise ProjectError(f"{root} is already a project", hint="open it instead")
        if root.exists() and (not root.is_dir() or any(root.iterdir())):
            raise ProjectError(f"{root} exists and is not an empty folder", hint="choose a new folder")
        if not styles:
            raise ProjectError("a project needs at least one target style")
        config = config or Config()
        config.model.num_styles = len(styles)
        project = cls(root, name or root.name, config, source, list(styles), [],
                      _dt.datetime.now().astimezone().isoformat(timespec="seconds"))
        project.held_out = list(held_out(project)) if held_out else []
        existed = root.exists()
        try:
            project.save()
        except BaseException:  # a full disk or an unwritable folder leaves no half-made project behind
            _remove_new_project(root, existed)
            raise
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

    @classmethod
    def open(cls, root: str | Path) -> Project:
        root = Path(root)
        if not root.is_dir():
            raise ProjectError(f"project folder {root} does not exist")
        path = layout.project_file(root)
        if not path.is_file():
            raise ProjectError(f"{root} is not a zi2zi Studio project (it has no {PROJECT_FILE})")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(raw, dict) or raw.get("format") != PROJECT_FORMAT:
                raise ValueError("not a zi2zi Studio project file")
            styles = [_style_from(s) for s in raw["styles"]]
            if not styles:
                raise ValueError("it lists no styles")
            held_out = raw.get("held_out", "")
            if not isinstance(held_out, str):
                raise ValueError("held_out should be a string of characters")
            project = cls(root, str(raw.get("name", root.name)), Config.from_dict(raw.get("config")),
                          _font_ref(raw["source"]), styles, [ord(c) for c in held_out],
                          str(raw.get("created", "")), [str(n) for n in raw.get("held_out_styles", [])])
        except ConfigError as exc:  # a bad setting: say which file holds it, not "correct the training form"
            raise ProjectError(f"cannot open {path}: {exc}") from exc
        except CoreError:
            raise
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            reason = f"{type(exc).__name__} {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ProjectError(f"{path} is damaged and cannot be read ({reason.splitlines()[0] if reason else type(exc).__name__})") from exc
        return project

    # ----- one trainer at a time -----------------------------------------------------------------
    @property
    def lock_path(self) -> Path:
        return layout.lock_file(self.root)

    def training_lock(self) -> TrainingLock:
        return TrainingLock(self.lock_path, self.name)


def _remove_new_project(root: Path, existed: bool) -> None:
    for folder in FOLDERS:
        try:
            (root / folder).rmdir()  # only empty folders we just made; never anything with content
        except OSError:
            pass
    if not existed:
        try:
            root.rmdir()
        except OSError:
            pass


def _font_ref(raw: Any) -> FontRef:
    if not isinstance(raw, dict) or not isinstance(raw.get("path"), str) or not isinstance(raw.get("index", 0), int):
        raise ValueError("a font reference should have a path and a face number")
    return FontRef(raw["path"], raw.get("index", 0))


def _style_from(raw: Any) -> Style:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str):
        raise ValueError("a style should have a name")
    folder = raw.get("folder")
    if folder is not None and not isinstance(folder, str):
        raise ValueError(f"style {raw['name']!r} has a folder that is not a path")
    return Style(name=raw["name"], kind=str(raw.get("kind", "font")),
                 font=_font_ref(raw["font"]) if raw.get("font") else None, folder=folder)


class TrainingLock:
    """An advisory lock that lets one trainer at a time write a project's checkpoints and history.

    fcntl.flock on <project>/.training.lock, which holds the holder's PID and start time. The kernel
    drops the lock when its process dies (even by kill -9), so a lock file left behind is stale by
    definition and is simply taken over. Where flock is missing (Windows), the PID is checked instead.
    """

    def __init__(self, path: Path, project_name: str):
        self.path = Path(path)
        self.project_name = project_name
        self._fd: int | None = None

    def acquire(self) -> TrainingLock:
        if self._fd is not None:
            return self
        for _ in range(5):  # another process may unlink the file between our open and our lock
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if not _try_lock(fd, self.path):
                holder = _read_holder(self.path)
                os.close(fd)
                raise ProjectBusyError(busy_message(self.project_name, holder))
            try:
                same = os.fstat(fd).st_ino == os.stat(self.path).st_ino
            except FileNotFoundError:
                same = False
            if same:
                break
            os.close(fd)
        else:
            raise ProjectBusyError(f"project {self.project_name} is locked by another process; stop it first")
        stale = _read_holder(self.path)
        if stale and stale.get("pid") != os.getpid():
            log.info("taking over a stale training lock of process %s", stale.get("pid"))
        now = _dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "started": now}).encode())
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is None:
            return
        try:
            os.unlink(self.path)  # while still locked, so nobody takes over a file we are about to remove
        except OSError:
            pass
        os.close(self._fd)
        self._fd = None

    def __enter__(self) -> TrainingLock:
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()


def _try_lock(fd: int, path: Path) -> bool:
    try:
        import fcntl
    except ImportError:  # no flock: the recorded PID decides
        holder = _read_holder(path)
        return not (holder and holder.get("pid") != os.getpid() and _pid_alive(holder.get("pid")))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False


def _pid_alive(pid: Any) -> bool:
    if not isinstance(pid, int) or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _read_holder(path: Path) -> dict[str, Any] | None:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def busy_message(project_name: str, holder: dict[str, Any] | None) -> str:
    pid = holder.get("pid") if holder else None
    started = ""
    if holder and isinstance(holder.get("started"), str):
        try:
            started = f" (started {_dt.datetime.fromisoformat(holder['started']).strftime('%H:%M')})"
        except ValueError:
            pass
    who = f"process {pid}" if pid else "another process"
    return f"project {project_name} is being trained by {who}{started}; stop it first"


def training_holder(root: str | Path, project_name: str | None = None) -> str | None:
    """The sentence saying who trains the project now, or None when nobody does (for the app and CLI).

    A shared lock, tried and dropped at once: looking never blocks a trainer for longer than that.
    """
    path = layout.lock_file(root)
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None
    try:
        try:
            import fcntl
        except ImportError:
            holder = _read_holder(path)
            busy = bool(holder) and _pid_alive(holder.get("pid"))
        else:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                fcntl.flock(fd, fcntl.LOCK_UN)
                busy = False
            except OSError:
                busy = True
    finally:
        os.close(fd)
    return busy_message(project_name or Path(root).name, _read_holder(path)) if busy else None


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
    return sorted(layout.glyph_files(folder))
