"""Project folders: create, open, save, the held-out split, and the errors a designer can run into."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PIL import Image

from core.config import Config
from core.errors import ProjectError
from core.fonts import demo_font_paths
from core.project import (
    FOLDERS,
    PROJECT_FILE,
    FontRef,
    Project,
    Style,
    handwriting_codepoints,
)
from core.recipes.demo import demo_model_size, demo_project, install_demo_model
from core.recipes.held_out import check_fonts_share


def font_ref(name: str) -> FontRef:
    return FontRef(str(demo_font_paths()[name]), 0)


def small_project(root, *, charset="resources/charsets/demo.txt", seed=1234, styles=None) -> Project:
    config = Config()
    config.data.image_size = 32
    config.data.charset = str(demo_font_paths()["ukai"].parents[1] / "charsets" / "demo.txt") \
        if charset == "resources/charsets/demo.txt" else charset
    config.data.split_seed = seed
    styles = styles or [Style(name="UKai", font=font_ref("ukai"))]
    return Project.create(root, source=font_ref("microhei"), styles=styles, config=config, held_out=check_fonts_share)


def write_glyph_png(path, size=48, ink_box=(10, 10, 30, 30)):
    pixels = np.full((size, size), 255, np.uint8)
    x0, y0, x1, y1 = ink_box
    pixels[y0:y1, x0:x1] = 0
    Image.fromarray(pixels).save(path)


def test_demo_project_round_trip(tmp_path):
    created = demo_project(tmp_path / "demo", image_size=64)
    assert [s.name for s in created.styles] == ["AR PL UKai", "LXGW WenKai"]
    assert created.config.model.num_styles == 2
    assert created.config.data.image_size == 64
    assert created.held_out and created.held_out == sorted(created.held_out)
    assert set(created.held_out) <= set(created.charset())
    for folder in FOLDERS:
        assert (tmp_path / "demo" / folder).is_dir()
    created.config.train.steps = 1234
    created.config.train.adversarial_loss = "bce"
    created.config.export.designer = "Ada"
    created.save()

    opened = Project.open(tmp_path / "demo")
    assert opened.name == "Demo"
    assert [(s.name, s.kind, s.font) for s in opened.styles] == [(s.name, s.kind, s.font) for s in created.styles]
    assert opened.source == created.source
    assert opened.held_out == created.held_out
    assert opened.created == created.created
    assert opened.config.to_dict() == created.config.to_dict()
    assert opened.config.train.steps == 1234 and opened.config.train.adversarial_loss == "bce"
    assert opened.config.export.designer == "Ada"
    assert opened.source_face().family == "WenQuanYi Micro Hei"
    assert opened.style_face(1).family == "LXGW WenKai"
    assert opened.charset() == created.charset() and len(opened.charset()) == 540


def test_the_demo_is_made_at_its_model_size_and_starts_from_it(tmp_path):
    demo = demo_project(tmp_path / "demo")
    assert demo.config.data.image_size == demo_model_size()      # the tests' stand-in model: 64 px
    assert (demo.checkpoints_dir / "base.pt").is_file()           # preview and export work at once
    other = demo_project(tmp_path / "other", image_size=32)       # a model cannot draw at another size
    assert not (other.checkpoints_dir / "base.pt").exists()


def test_a_demo_from_an_older_model_keeps_its_own_model(tmp_path, monkeypatch):
    from tests.core.base_model_fixtures import tiny_demo_model, use_tiny_demo_model

    old = demo_project(tmp_path / "old")                          # made when the bundled model was 64 px
    before = (old.checkpoints_dir / "base.pt").read_bytes()
    use_tiny_demo_model(monkeypatch, tiny_demo_model(tmp_path / "new-install", image_size=32))
    assert demo_model_size() == 32
    reopened = Project.open(old.root)
    assert not install_demo_model(reopened) and reopened.config.data.image_size == 64
    assert (old.checkpoints_dir / "base.pt").read_bytes() == before
    assert demo_project(tmp_path / "new").config.data.image_size == 32


def test_demo_project_stores_bundled_fonts_relative_to_resources(tmp_path):
    project = demo_project(tmp_path / "demo")
    assert project.source.path.startswith("resource:")
    assert str(tmp_path) not in (tmp_path / "demo" / PROJECT_FILE).read_text(encoding="utf-8")


def test_project_json_is_human_readable_with_visible_held_out_characters(tmp_path):
    project = demo_project(tmp_path / "demo")
    text = (tmp_path / "demo" / PROJECT_FILE).read_text(encoding="utf-8")
    assert text.count("\n") > 20                      # indented, one setting per line
    held = "".join(chr(c) for c in project.held_out)
    assert held in text                               # the characters themselves, not \u escapes
    assert "\\u" not in text
    raw = json.loads(text)
    assert raw["held_out"] == held
    assert raw["styles"][0]["name"] == "AR PL UKai"
    assert raw["config"]["data"]["image_size"] == 64


def test_open_missing_folder(tmp_path):
    with pytest.raises(ProjectError) as info:
        Project.open(tmp_path / "nope")
    assert "nope" in str(info.value) and "\n" not in str(info.value)


def test_open_folder_without_project_json(tmp_path):
    (tmp_path / "photos").mkdir()
    with pytest.raises(ProjectError) as info:
        Project.open(tmp_path / "photos")
    message = str(info.value)
    assert "photos" in message and PROJECT_FILE in message and "\n" not in message


@pytest.mark.parametrize("content", [
    "{\"format\": \"zi2zi-studio-project\", \"name\": \"x\",",            # cut off mid-write
    "[1, 2, 3]",                                                           # not an object
    "{\"format\": \"something-else\"}",                                    # another program's file
    "{\"format\": \"zi2zi-studio-project\", \"styles\": []}",              # no source
    "\xff\xfe garbage",                                                    # not UTF-8
])
def test_open_damaged_project_json(tmp_path, content):
    project = demo_project(tmp_path / "demo")
    path = project.root / PROJECT_FILE
    path.write_bytes(content.encode("latin-1") if content.startswith("\xff") else content.encode("utf-8"))
    with pytest.raises(ProjectError) as info:
        Project.open(project.root)
    message = str(info.value)
    assert PROJECT_FILE in message and "\n" not in message


def test_open_project_json_with_bad_setting_names_the_file(tmp_path):
    project = demo_project(tmp_path / "demo")
    path = project.root / PROJECT_FILE
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw["config"]["data"]["image_size"] = "big"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ProjectError) as info:
        Project.open(project.root)
    message = str(info.value)
    assert PROJECT_FILE in message and "image_size" in message and "\n" not in message


def test_create_refuses_non_empty_folder(tmp_path):
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "thesis.docx").write_text("precious")
    with pytest.raises(ProjectError) as info:
        demo_project(folder)
    assert "documents" in str(info.value) and "\n" not in str(info.value)
    assert sorted(p.name for p in folder.iterdir()) == ["thesis.docx"]


def test_create_refuses_existing_project(tmp_path):
    demo_project(tmp_path / "demo")
    with pytest.raises(ProjectError) as info:
        demo_project(tmp_path / "demo")
    assert "already a project" in str(info.value)


def test_create_in_empty_existing_folder(tmp_path):
    (tmp_path / "empty").mkdir()
    assert demo_project(tmp_path / "empty").root == tmp_path / "empty"


def test_held_out_split_is_deterministic_given_seed(tmp_path):
    a = small_project(tmp_path / "a", seed=7)
    b = small_project(tmp_path / "b", seed=7)
    c = small_project(tmp_path / "c", seed=8)
    assert a.held_out == b.held_out
    assert a.held_out != c.held_out
    assert len(a.held_out) == len(c.held_out) == round(0.1 * 634)
    assert set(a.held_out) <= set(a.covered_charset())


def test_charset_the_fonts_do_not_cover_is_refused(tmp_path):
    with pytest.raises(ProjectError) as info:
        small_project(tmp_path / "korean", charset="ksx1001-hangul")
    message = str(info.value)
    assert "ksx1001-hangul" in message and "\n" not in message
    assert not (tmp_path / "korean" / PROJECT_FILE).exists()


def test_handwriting_style_folder_is_read(tmp_path):
    hand = tmp_path / "scans"
    hand.mkdir()
    for name in ("4E00.png", "U+4E2D.png", "uni56FD.png", "u5927.png"):   # 一 中 国 大
        write_glyph_png(hand / name)
    (hand / "notes.png.txt").write_text("ignored")
    (hand / "scan-001.png").write_bytes(b"not named by code point")
    assert handwriting_codepoints(hand) == sorted([0x4E00, 0x4E2D, 0x56FD, 0x5927])

    project = small_project(tmp_path / "proj", charset="text:一中国大人",
                            styles=[Style(name="My hand", kind="handwriting", folder=str(hand))])
    assert project.style_folder(0) == hand
    assert project.covered_charset() == [ord(c) for c in "一中国大"]   # 人 has no scan
    assert len(project.held_out) == 1 and chr(project.held_out[0]) in "一中国大"
    reopened = Project.open(project.root)
    assert reopened.styles[0].kind == "handwriting" and reopened.style_folder(0) == hand
    with pytest.raises(ProjectError):
        reopened.style_face(0)


def test_codepoint_from_file_name():
    from core.project.layout import codepoint_of

    assert codepoint_of("4E00") == 0x4E00
    assert codepoint_of("U+4e00") == 0x4E00
    assert codepoint_of("uni4E00.png") == 0x4E00
    assert codepoint_of("scan-001") is None
    assert codepoint_of("0") is None
