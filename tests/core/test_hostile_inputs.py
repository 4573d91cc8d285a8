"""Hostile inputs through every command that takes a path (issue 16): one plain line, a non-zero exit,
no traceback, and the user's files unchanged.

The corpus is made here: truncated, bit-flipped, empty and renamed fonts; a TTC with bad offsets;
decompression-bomb, tiny, blank and solid images; garbage, pickle-bomb, weightless, NaN and bit-flipped
checkpoints; broken project.json; unwritable outputs (a path under a regular file, /proc) and a full disk
(ENOSPC, simulated in-process: tests run as root and there is no small tmpfs). Commands run in-process
through core.cli.main, a few through a real subprocess.
"""

from __future__ import annotations

import errno
import hashlib
import json
import logging
import os
import pickle
import shutil
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

from core.cli import main
from core.fonts import demo_font_paths
from tests.core.training_fixtures import tiny_project

DEMO = demo_font_paths()


# ----- the corpus ---------------------------------------------------------------------------------------
def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def bomb_png(width: int = 60000, height: int = 60000) -> bytes:
    """A valid PNG header claiming 3.6 gigapixels, with a few KB of zlib'd zeros behind it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * (width + 1) * 16, 9)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


def _save_png(path: Path, array: np.ndarray) -> Path:
    Image.fromarray(array.astype(np.uint8), mode="L").save(path)
    return path


def make_fonts(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    good = DEMO["ukai"].read_bytes()
    rng = np.random.default_rng(0)
    flipped = bytearray(good)
    for i in rng.integers(12, 12 + 16 * 20, 40):  # the table directory: tags, offsets, lengths
        flipped[i] ^= 0xFF
    ttc = b"ttcf" + struct.pack(">HHI", 1, 0, 2) + struct.pack(">II", 10 ** 9, 2 ** 31)
    fonts = {"truncated": good[:1000], "bitflipped": bytes(flipped), "empty": b"",
             "renamed_png": bomb_png(100, 100), "bad_offsets_ttc": ttc, "garbage": rng.bytes(4096)}
    paths = {}
    for name, data in fonts.items():
        path = folder / (f"{name}.ttc" if name.endswith("ttc") else f"{name}.ttf")
        path.write_bytes(data)
        paths[name] = path
    (folder / "folder.ttf").mkdir()
    paths["a_folder"] = folder / "folder.ttf"
    return paths


def make_images(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bomb.png").write_bytes(bomb_png())
    (folder / "truncated.png").write_bytes(bomb_png(64, 64)[:40])
    (folder / "garbage.png").write_bytes(np.random.default_rng(1).bytes(2000))
    return {"bomb": folder / "bomb.png", "truncated": folder / "truncated.png", "garbage": folder / "garbage.png",
            "one_pixel": _save_png(folder / "one.png", np.zeros((1, 1))),
            "all_black": _save_png(folder / "black.png", np.zeros((64, 64))),
            "all_white": _save_png(folder / "white.png", np.full((64, 64), 255))}


class _Evil:
    def __reduce__(self):
        return (os.system, ("touch /tmp/zi2zi-pwned",))


def make_checkpoints(folder: Path, real: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    state = torch.load(real, weights_only=True)
    out = {}
    out["garbage"] = folder / "garbage.pt"
    out["garbage"].write_bytes(np.random.default_rng(2).bytes(5000))
    out["pickle_bomb"] = folder / "pickle.pt"
    out["pickle_bomb"].write_bytes(pickle.dumps(_Evil()))
    out["empty"] = folder / "empty.pt"
    out["empty"].write_bytes(b"")
    out["truncated"] = folder / "truncated.pt"
    out["truncated"].write_bytes(real.read_bytes()[: real.stat().st_size // 2])
    out["foreign"] = folder / "foreign.pt"
    torch.save({"weights": torch.zeros(3)}, out["foreign"])
    out["no_weights"] = folder / "no_weights.pt"
    torch.save({**{k: v for k, v in state.items() if k not in ("generator", "generator_ema", "digest")},
                "generator": {}}, out["no_weights"])
    out["tensor_bitflip"] = folder / "bitflip.pt"
    flipped = {k: v for k, v in state.items()}
    flipped["generator"] = {k: v.clone() for k, v in state["generator"].items()}
    name = next(k for k, v in flipped["generator"].items() if v.is_floating_point() and v.numel() > 100)
    raw = flipped["generator"][name].view(-1).view(torch.int32)
    raw[7] ^= 1 << 20  # a flipped bit in one weight, the digest kept from the original
    torch.save(flipped, out["tensor_bitflip"])
    out["nan_weights"] = folder / "nan.pt"
    nan = {k: v for k, v in state.items() if k != "digest"}
    nan["generator"] = {k: v.clone() for k, v in state["generator"].items()}
    nan["generator"][name].view(-1)[0] = float("nan")
    nan.pop("generator_ema", None)
    torch.save(nan, out["nan_weights"])
    return out


# ----- running a command --------------------------------------------------------------------------------
def tree_digest(*folders: Path) -> str:
    """Names and bytes of the user's files; cache/ (classifiers, packed pairs) is the program's to rebuild."""
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.relative_to(folder).parts[0] == "cache" or path.is_dir():
                continue  # an empty folder made on the way is no change to anything the user has
            h.update(str(path.relative_to(folder)).encode())
            h.update(path.read_bytes() if path.is_file() else b"<not a file>")
    return h.hexdigest()


class _Warnings(logging.Handler):
    """What the CLI would print to stderr at its default level (WARNING) in a real terminal."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(f"{record.levelname} {record.name}: {record.getMessage()}")


def run_in_process(args: list[str], capsys) -> tuple[int, str]:
    capsys.readouterr()
    warnings = _Warnings()
    logging.getLogger().addHandler(warnings)
    try:
        code = main([str(a) for a in args])
    except SystemExit as exc:  # argparse's one-line error
        code = exc.code
    finally:
        logging.getLogger().removeHandler(warnings)
    return code, "".join(line + "\n" for line in warnings.lines) + capsys.readouterr().err


def assert_clean_failure(code: int, err: str) -> None:
    lines = [line for line in err.strip().splitlines() if line.strip()]
    assert code not in (0, None), f"accepted silently: {err!r}"
    assert len(lines) == 1, f"not one line: {err!r}"
    assert "Traceback" not in err and "error: unexpected" not in err, err
    assert "weights_only" not in err, err


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A trained tiny project (checkpoints, best.pt, history) and the hostile corpus beside it."""
    root = tmp_path_factory.mktemp("hostile")
    torch.set_num_threads(1)
    project = tiny_project(root / "trained", steps=10)
    assert main(["train", str(project.root)]) == 0
    corpus = root / "corpus"
    fonts = make_fonts(corpus / "fonts")
    images = make_images(corpus / "images")
    checkpoints = make_checkpoints(corpus / "checkpoints", project.checkpoints_dir / "best.pt")
    regular = corpus / "a-file.txt"
    regular.write_text("not a folder")
    spec_dir = corpus / "template"
    assert main(["template", "--out", str(spec_dir), "--count", "4", "--script", "latin"]) == 0
    spec = json.loads((spec_dir / "spec.json").read_text())
    bad_spec = corpus / "bad-spec.json"
    bad_spec.write_text(json.dumps({**spec, "characters": [0x110000, 65]}))
    garbage_spec = corpus / "garbage-spec.json"
    garbage_spec.write_bytes(b"\xff\xfe{not json")
    empty_chars = corpus / "empty-chars.txt"
    empty_chars.write_text("   \n")
    return {"project": project.root, "corpus": corpus, "fonts": fonts, "images": images,
            "checkpoints": checkpoints, "file": regular, "spec": spec_dir / "spec.json", "bad_spec": bad_spec,
            "garbage_spec": garbage_spec, "scan": spec_dir / "page-01.png", "empty_chars": empty_chars}


@pytest.fixture
def case(world, tmp_path):
    """A fresh copy of the trained project for one case (and the paths it may use)."""
    project = tmp_path / "p"
    shutil.copytree(world["project"], project)
    return {**world, "p": project, "tmp": tmp_path}


# ----- the cases: (name, argv template); {p} the project, {tmp} a scratch folder, others from the corpus --
FONT_NAMES = ("truncated", "bitflipped", "empty", "renamed_png", "bad_offsets_ttc", "garbage", "a_folder")
IMAGE_NAMES = ("bomb", "truncated", "garbage", "one_pixel", "all_black", "all_white")
CHECKPOINT_NAMES = ("garbage", "pickle_bomb", "empty", "truncated", "foreign", "no_weights", "tensor_bitflip",
                    "nan_weights")


def _font_cases():
    for name in FONT_NAMES:
        yield f"new-source-{name}", ["new", "{tmp}/new", "--source", f"font:{name}", "--target", "demo:ukai"]
        yield f"new-target-{name}", ["new", "{tmp}/new", "--source", "demo:microhei", "--target", f"font:{name}"]
        yield f"base-model-source-{name}", ["base-model", "{tmp}/base", "--fonts", "{corpus}/fonts",
                                            "--source", f"font:{name}"]
    for name in ("truncated", "empty", "garbage", "bad_offsets_ttc"):
        yield f"export-merge-into-{name}", ["export", "{p}", "--out", "{tmp}/o.ttf", "--merge-into", f"font:{name}"]
    yield "new-ttc-face-out-of-range", ["new", "{tmp}/new", "--source", f"{DEMO['ukai']}#7", "--target", "demo:ukai"]
    yield "new-ttc-face-not-a-number", ["new", "{tmp}/new", "--source", f"{DEMO['ukai']}#x", "--target", "demo:ukai"]


def _checkpoint_cases():
    for name in CHECKPOINT_NAMES:
        yield f"generate-{name}", ["generate", "{p}", "--checkpoint", f"ckpt:{name}", "--text", "中"]
        yield f"pack-model-{name}", ["pack-model", "{p}", "--checkpoint", f"ckpt:{name}", "--out", "{tmp}/o.pt"]
        yield f"eval-{name}", ["eval", "{p}", "--checkpoint", f"ckpt:{name}", "--classifier-epochs", "1"]
        yield f"train-init-from-{name}", ["train", "{p}", "--no-resume", "--init-from", f"ckpt:{name}"]
        yield f"handwriting-project-{name}", ["handwriting-project", "{tmp}/hw", "--base", "{p}",
                                               "--glyphs", "{corpus}/images", "--checkpoint", f"ckpt:{name}"]


def _image_cases():
    for name in IMAGE_NAMES:
        yield f"handwriting-glyph-{name}", ["handwriting-project", "{tmp}/hw", "--base", "{p}",
                                            "--glyphs", f"glyphdir:{name}"]
        yield f"extract-scan-{name}", ["extract", "{spec}", f"image:{name}", "--out", "{tmp}/x"]


PROJECT_JSON = {
    "empty": b"", "garbage": b"\x00\xff\xfe garbage", "not-utf8": b'{"format": "\xff\xfe"}',
    "a-list": b"[]", "no-keys": b'{"format": "zi2zi-studio-project"}',
    "styles-a-number": json.dumps({"format": "zi2zi-studio-project", "styles": 5, "source": {"path": "x"}}).encode(),
    "no-styles": json.dumps({"format": "zi2zi-studio-project", "styles": [], "source": {"path": "x"}}).encode(),
    "deep-nesting": b"[" * 100000 + b"]" * 100000,
}


def _project_json_cases():
    for kind in PROJECT_JSON:
        for command in (["train", "{p}"], ["generate", "{p}", "--text", "中"], ["eval", "{p}"],
                        ["pack-model", "{p}", "--out", "{tmp}/o.pt"], ["export", "{p}", "--out", "{tmp}/o.ttf"]):
            yield f"{command[0]}-project-json-{kind}", command, {"project.json": kind}


def _settings_cases():
    sets = ["train.log_every=0", "train.sample_every=0", "train.eval_every=0", "train.checkpoint_every=0",
            "train.sample_count=0", "train.generator_lr=-1", "train.generator_lr=NaN", "train.discriminator_lr=NaN",
            "train.discriminator_lr=0", "model.generator_channels=0", "model.discriminator_channels=-4",
            "train.batch_size=0", "train.keep_checkpoints=0", "train.ema_decay=1.5", "model.dropout=1",
            "train.batch_size=\"x\"", "train.l1_weight=Infinity", "data.image_size=100", "garbage",
            "train.nosuch=1", "data.held_out_fraction=NaN", "train.beta1=1"]
    for item in sets:
        yield f"train-set-{item}", ["train", "{p}", "--set", item]
    yield "train-batch-100000", ["train", "{p}", "--batch-size", "100000"]
    yield "train-steps-negative", ["train", "{p}", "--steps", "-5"]
    yield "train-threads-negative", ["train", "{p}", "--threads", "-1"]
    yield "train-init-from-beside-checkpoints", ["train", "{p}", "--init-from", "{p}/checkpoints/best.pt"]
    yield "train-init-from-missing", ["train", "{p}", "--no-resume", "--init-from", "{tmp}/missing.pt"]
    for value in ("0", "-3", "x"):
        yield f"generate-batch-size-{value}", ["generate", "{p}", "--batch-size", value, "--text", "中"]
    for t in ("abc", "nan", "inf"):
        yield f"generate-interpolate-{t}", ["generate", "{p}", "--interpolate", "0", "1", t, "--text", "中"]
    yield "generate-style-99", ["generate", "{p}", "--style", "99", "--text", "中"]
    yield "generate-style-unknown", ["generate", "{p}", "--style", "nosuch", "--text", "中"]
    yield "generate-empty-text", ["generate", "{p}", "--text", ""]
    yield "generate-empty-charset-file", ["generate", "{p}", "--charset", "{empty_chars}"]
    yield "generate-unknown-charset", ["generate", "{p}", "--charset", "klingon"]
    for option in ("--classifier-epochs", "--shots", "--fit-steps"):
        yield f"eval{option}-0", ["eval", "{p}", option, "0"]
    yield "template-count-0", ["template", "--out", "{tmp}/t", "--count", "0"]
    yield "template-count-negative", ["template", "--out", "{tmp}/t", "--count", "-1"]
    yield "template-empty-chars", ["template", "--out", "{tmp}/t", "--chars", "{empty_chars}"]
    yield "extract-spec-outside-unicode", ["extract", "{bad_spec}", "{scan}", "--out", "{tmp}/x"]
    yield "extract-spec-garbage", ["extract", "{garbage_spec}", "{scan}", "--out", "{tmp}/x"]
    yield "extract-spec-missing", ["extract", "{tmp}/none.json", "{scan}", "--out", "{tmp}/x"]
    yield "extract-size-0", ["extract", "{spec}", "{scan}", "--out", "{tmp}/x", "--size", "0"]
    yield "extract-size-huge", ["extract", "{spec}", "{scan}", "--out", "{tmp}/x", "--size", "100000"]
    yield "extract-scan-missing", ["extract", "{spec}", "{tmp}/none.png", "--out", "{tmp}/x"]
    yield "new-image-size-0", ["new", "{tmp}/new", "--source", "demo:microhei", "--target", "demo:ukai",
                               "--image-size", "0"]
    yield "new-empty-charset", ["new", "{tmp}/new", "--source", "demo:microhei", "--target", "demo:ukai",
                                "--charset", "text:"]
    yield "new-into-the-project", ["new", "{p}", "--source", "demo:microhei", "--target", "demo:ukai"]
    yield "fonts-folder-missing", ["fonts", "{tmp}/none"]
    yield "fonts-folder-is-a-file", ["fonts", "{file}"]
    yield "base-model-fonts-missing", ["base-model", "{tmp}/b", "--fonts", "{tmp}/none", "--source", "demo:microhei"]


def _output_cases():
    """Unwritable and impossible outputs: under a regular file, under /proc, and owned by the project."""
    for where, bad in (("under-a-file", "{file}/sub"), ("proc", "/proc/version/sub")):
        yield f"new-{where}", ["new", f"{bad}/new", "--source", "demo:microhei", "--target", "demo:ukai"]
        yield f"base-model-{where}", ["base-model", f"{bad}/b", "--fonts", str(DEMO["ukai"].parent),
                                      "--source", "demo:microhei", "--charset", "text:永和九年"]
        yield f"pack-model-{where}", ["pack-model", "{p}", "--out", f"{bad}/o.pt"]
        yield f"template-{where}", ["template", "--out", f"{bad}/t", "--count", "4"]
        yield f"extract-{where}", ["extract", "{spec}", "{scan}", "--out", f"{bad}/x"]
        yield f"export-{where}", ["export", "{p}", "--out", f"{bad}/o.ttf"]
        yield f"handwriting-project-{where}", ["handwriting-project", f"{bad}/hw", "--base", "{p}",
                                               "--glyphs", "glyphdir:good"]
    for target in ("checkpoints/best.pt", "checkpoints/step-00000010.pt", "checkpoints", "checkpoints/new.pt", "."):
        yield f"pack-model-into-{target}", ["pack-model", "{p}", "--out", "{p}/" + target]
    yield "generate-output-folder-is-a-file", ["generate", "{p}", "--text", "中"], {"glyphs/generated": "file"}
    yield "eval-output-is-a-folder", ["eval", "{p}", "--classifier-epochs", "1"], {"evaluation.json": "folder"}
    yield "train-checkpoints-is-a-file", ["train", "{p}", "--steps", "11"], {"checkpoints": "file"}


CASES = [c if len(c) == 3 else (*c, {}) for c in
         (*_font_cases(), *_checkpoint_cases(), *_image_cases(), *_project_json_cases(), *_settings_cases(),
          *_output_cases())]


def _prepare(case, argv: list[str], damage: dict) -> list[str]:
    p = case["p"]
    for rel, kind in damage.items():
        target = p / rel
        if rel == "project.json":
            target.write_bytes(PROJECT_JSON[kind])
        elif kind == "file":
            shutil.rmtree(target, ignore_errors=True)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("a file where a folder belongs")
        elif kind == "folder":
            target.mkdir(parents=True, exist_ok=True)
    out = []
    for arg in argv:
        if arg.startswith("font:"):
            arg = str(case["fonts"][arg[5:]])
        elif arg.startswith("ckpt:"):
            arg = str(case["checkpoints"][arg[5:]])
        elif arg.startswith("image:"):
            arg = str(case["images"][arg[6:]])
        elif arg.startswith("glyphdir:"):
            arg = str(_glyph_folder(case, arg[9:]))
        out.append(arg.format(p=p, tmp=case["tmp"], corpus=case["corpus"], file=case["file"], spec=case["spec"],
                              bad_spec=case["bad_spec"], garbage_spec=case["garbage_spec"], scan=case["scan"],
                              empty_chars=case["empty_chars"]))
    return out


def _glyph_folder(case, name: str) -> Path:
    """Handwritten glyphs for the base project's characters, one of them replaced by a hostile image."""
    folder = case["tmp"] / f"glyphs-{name}"
    folder.mkdir()
    from core.project import Project
    from core.render import render_glyphs

    project = Project.open(case["p"])
    codepoints = project.charset()[:12]
    rendered = render_glyphs(project.style_face(0), codepoints, 64)
    for cp, bitmap in zip(rendered.codepoints, rendered.bitmaps):
        _save_png(folder / f"{cp:04X}.png", bitmap)
    if name != "good":
        shutil.copyfile(case["images"][name], folder / f"{rendered.codepoints[3]:04X}.png")
    return folder


@pytest.mark.parametrize("name, argv, damage", CASES, ids=[c[0] for c in CASES])
def test_a_hostile_input_fails_cleanly_and_changes_nothing(case, capsys, name, argv, damage):
    args = _prepare(case, argv, damage)
    before = tree_digest(case["p"], case["corpus"])
    code, err = run_in_process(args, capsys)
    assert_clean_failure(code, err)
    assert tree_digest(case["p"], case["corpus"]) == before, "the command changed the user's files"
    assert not list(case["p"].rglob("*.tmp")), "half-written files left behind"
    assert not Path("/tmp/zi2zi-pwned").exists()


# ----- a full disk (ENOSPC), simulated in-process ---------------------------------------------------------
def _no_space(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device", "simulated")


FULL_DISK = [
    ("new", ["new", "{tmp}/new", "--source", "demo:microhei", "--target", "demo:ukai", "--charset", "text:永和九年"],
     "pathlib.Path.write_bytes"),
    ("pack-model", ["pack-model", "{p}", "--out", "{tmp}/o.pt"], "torch.save"),
    ("generate", ["generate", "{p}", "--text", "中国"], "PIL.Image.Image.save"),
    ("template", ["template", "--out", "{tmp}/t", "--count", "4"], "PIL.Image.Image.save"),
    ("train", ["train", "{p}", "--steps", "20"], "torch.save"),
    ("eval", ["eval", "{p}", "--classifier-epochs", "1"], "pathlib.Path.write_bytes"),
    ("base-model", ["base-model", "{tmp}/b", "--fonts", str(DEMO["ukai"].parent), "--source", "demo:microhei",
                    "--charset", "text:永和九年"], "pathlib.Path.write_bytes"),
]


@pytest.mark.parametrize("name, argv, target", FULL_DISK, ids=[c[0] for c in FULL_DISK])
def test_a_full_disk_is_one_plain_line(case, capsys, monkeypatch, name, argv, target):
    args = _prepare(case, argv, {})
    checkpoints_before = tree_digest(case["p"] / "checkpoints")
    before = tree_digest(case["p"])
    monkeypatch.setattr(target, _no_space)
    code, err = run_in_process(args, capsys)
    assert_clean_failure(code, err)
    assert "disk is full" in err
    assert tree_digest(case["p"] / "checkpoints") == checkpoints_before
    if name != "train":  # training writes its history and samples before the first checkpoint fails
        assert tree_digest(case["p"]) == before
    assert not list(case["p"].rglob("*.tmp")) and not list(case["tmp"].rglob("*.tmp"))
    assert not (case["tmp"] / "new").exists(), "a half-made project was left behind"


@pytest.mark.parametrize("code, words", [(errno.EACCES, "permission denied"), (errno.EROFS, "read-only"),
                                         (errno.EPERM, "not permitted")])
@pytest.mark.parametrize("name, argv, target", [c for c in FULL_DISK if c[0] in ("pack-model", "generate", "new")],
                         ids=["new", "pack-model", "generate"])
def test_read_only_and_immutable_folders_are_one_plain_line(case, capsys, monkeypatch, name, argv, target, code,
                                                            words):
    """Root ignores chmod, so a read-only (EROFS), unwritable (EACCES) or immutable (EPERM) folder is simulated."""
    args = _prepare(case, argv, {})
    before = tree_digest(case["p"])

    def refuse(*a, **k):
        raise OSError(code, os.strerror(code), str(case["tmp"]))

    monkeypatch.setattr(target, refuse)
    status, err = run_in_process(args, capsys)
    assert_clean_failure(status, err)
    assert words in err and str(case["tmp"]) in err
    assert tree_digest(case["p"]) == before


def test_inference_refuses_a_batch_size_below_one(case):
    from core.errors import CoreError
    from core.generation import generate_to_project
    from core.project import Project

    with pytest.raises(CoreError, match="batch size"):
        list(generate_to_project(Project.open(case["p"]), [ord("中")], batch_size=0))


# ----- damaged small files that must not stop anything -------------------------------------------------
@pytest.mark.parametrize("index", ["[]", '{"checkpoints": 5}', '{"checkpoints": [{"file": 3}]}', "\x00garbage",
                                   '{"checkpoints": [{"file": "step-00000099.pt", "step": 99}], "best": null}'])
def test_a_damaged_index_is_rebuilt_from_the_files(case, capsys, index):
    p = case["p"]
    (p / "checkpoints" / "index.json").write_text(index)
    from core.training.checkpoint import CheckpointStore

    store = CheckpointStore(p / "checkpoints")
    assert store.latest().name == "step-00000010.pt"
    assert store.read_index()["best"]["step"] == 10  # from best.pt itself
    code, err = run_in_process(["generate", str(p), "--text", "中"], capsys)
    assert code == 0 and "Traceback" not in err


def test_a_non_utf8_history_keeps_its_readable_lines(case):
    from core.training.history import history_path, load_history, read_records

    path = history_path(case["p"])
    good = len(read_records(path))
    with open(path, "ab") as handle:
        handle.write(b'{"type": "train", "step": 11, "losses": {"g_l1": \xff\xfe}}\n')
        handle.write(b'{"type": "train", "step": "12", "losses": 5}\n')
    assert len(read_records(path)) == good
    assert load_history(case["p"]).last_step() == 10


def test_a_garbage_classifier_cache_is_retrained_without_torch_advice(case, caplog):
    from core.dataset import load_pairs
    from core.project import Project
    from core.quality.classifiers import cache_path, ensure_classifiers

    project = Project.open(case["p"])
    data = load_pairs(project)
    path = cache_path(project.cache_dir, data)
    path.parent.mkdir(exist_ok=True)
    for garbage in (np.random.default_rng(3).bytes(3000), pickle.dumps(_Evil())):
        path.write_bytes(garbage)
        classifiers = ensure_classifiers(project.cache_dir, data, epochs=1)
        assert classifiers.accuracy["content"] >= 0
        assert torch.load(path, weights_only=True)["fingerprint"] == classifiers.fingerprint  # rewritten
    assert "weights_only" not in caplog.text and "retraining" in caplog.text


def test_generate_uses_the_projects_resource_charset(case, capsys):
    """Issue 16 #8: the demo project's charset is resource:charsets/demo-hanzi.txt."""
    from core.project import Project

    project = Project.open(case["p"])
    assert project.config.data.charset.startswith("resource:")
    code, err = run_in_process(["generate", str(case["p"]), "--json"], capsys)
    assert code == 0, err


# ----- a few through a real process: nothing but the one line reaches stderr -----------------------------
@pytest.mark.parametrize("argv, damage, words", [
    (["train", "{p}", "--batch-size", "100000"], {}, "batch size 100000"),
    (["pack-model", "{p}", "--out", "{p}/checkpoints/best.pt"], {}, "checkpoints folder"),
    (["generate", "{p}", "--text", "中"], {"project.json": "garbage"}, "damaged"),
    (["extract", "{spec}", "image:bomb", "--out", "{tmp}/x"], {}, "too large"),
    (["pack-model", "{p}", "--out", "{file}/o.pt"], {}, "not a folder"),
    (["new", "{file}/sub/new", "--source", "demo:microhei", "--target", "demo:ukai"], {}, "not a folder"),
])
def test_in_a_real_process_stderr_holds_one_line(case, argv, damage, words):
    args = _prepare(case, argv, damage)
    before = tree_digest(case["p"])
    result = subprocess.run([sys.executable, "-m", "core.cli", *args], capture_output=True, text=True, timeout=300,
                            cwd=Path(__file__).resolve().parents[2])
    assert_clean_failure(result.returncode, result.stderr)
    assert words in result.stderr
    assert tree_digest(case["p"]) == before
