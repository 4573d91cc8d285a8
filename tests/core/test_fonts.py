"""Font files as a designer drops them in: bundled TTFs, collections, damaged and missing files."""

from __future__ import annotations

import logging
import random
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from fontTools.ttLib.ttCollection import TTCollection

from core.errors import FontError
from core.fonts import demo_font_paths, face_count, list_fonts, open_face, open_faces

UKAI_TTC = Path("/usr/share/fonts/truetype/arphic/ukai.ttc")

EXPECTED_FAMILIES = {
    "ukai": "AR PL UKai CN",
    "uming": "AR PL UMing CN",
    "wenkai": "LXGW WenKai",
    "microhei": "WenQuanYi Micro Hei",
}


@pytest.fixture(scope="module")
def ttc_path(tmp_path_factory):
    """A two-face collection built from two bundled fonts (ukai, then wenkai)."""
    fonts = demo_font_paths()
    collection = TTCollection()
    collection.fonts = [TTFont(fonts["ukai"]), TTFont(fonts["wenkai"])]
    path = tmp_path_factory.mktemp("ttc") / "pair.ttc"
    collection.save(str(path))
    return path


def test_demo_font_paths_exist():
    paths = demo_font_paths()
    assert set(paths) == set(EXPECTED_FAMILIES)
    assert all(p.is_file() for p in paths.values())


@pytest.mark.parametrize("name", sorted(EXPECTED_FAMILIES))
def test_bundled_font_opens_with_family_and_coverage(name):
    face = open_face(demo_font_paths()[name])
    assert face.family == EXPECTED_FAMILIES[name]
    assert face.name.startswith(EXPECTED_FAMILIES[name])
    assert face.index == 0
    assert face.units_per_em in (1000, 1024, 2048)
    assert len(face.codepoints) > 600
    assert ord("国") in face and ord("一") in face and ord("A") in face
    assert ord("가") not in face
    assert face.font_id == f"{name}-demo-0"
    assert "glyphs=" in repr(face) and len(repr(face)) < 200


def test_single_font_has_one_face():
    path = demo_font_paths()["microhei"]
    assert face_count(path) == 1
    assert len(open_faces(path)) == 1


def test_ttc_exposes_every_face(ttc_path):
    assert face_count(ttc_path) == 2
    faces = open_faces(ttc_path)
    assert [f.index for f in faces] == [0, 1]
    assert [f.family for f in faces] == ["AR PL UKai CN", "LXGW WenKai"]
    assert faces[0].font_id != faces[1].font_id
    assert open_face(ttc_path, 1).family == "LXGW WenKai"
    assert open_face(ttc_path, 1).units_per_em == 1000
    assert ord("国") in faces[1]


def test_ttc_bad_index_names_face_count(ttc_path):
    with pytest.raises(FontError) as info:
        open_face(ttc_path, 5)
    message = str(info.value)
    assert "2 faces" in message and "pair.ttc" in message and "\n" not in message
    with pytest.raises(FontError):
        open_face(ttc_path, -1)


def test_single_font_bad_index():
    with pytest.raises(FontError) as info:
        open_face(demo_font_paths()["ukai"], 1)
    assert "1 face" in str(info.value)


def test_corrupt_file_gives_one_line_error_naming_it(tmp_path):
    path = tmp_path / "broken.ttf"
    path.write_bytes(random.Random(0).randbytes(4096))
    with pytest.raises(FontError) as info:
        open_face(path)
    message = str(info.value)
    assert "broken.ttf" in message and "\n" not in message
    assert info.value.__cause__ is not None


def test_truncated_font_gives_font_error(tmp_path):
    path = tmp_path / "half.ttf"
    data = demo_font_paths()["wenkai"].read_bytes()
    path.write_bytes(data[:200])
    with pytest.raises(FontError) as info:
        open_faces(path)
    assert "half.ttf" in str(info.value) and "\n" not in str(info.value)


def test_missing_file_gives_one_line_error_naming_it(tmp_path):
    path = tmp_path / "nowhere.otf"
    for opener in (open_face, open_faces):
        with pytest.raises(FontError) as info:
            opener(path)
        message = str(info.value)
        assert "nowhere.otf" in message and "\n" not in message


def test_list_fonts_skips_unreadable_file(tmp_path, ttc_path, caplog):
    folder = tmp_path / "fonts"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "good.ttf").write_bytes(demo_font_paths()["microhei"].read_bytes())
    (folder / "pair.ttc").write_bytes(ttc_path.read_bytes())
    (folder / "bad.otf").write_bytes(random.Random(1).randbytes(1024))
    (folder / "notes.txt").write_text("not a font")
    with caplog.at_level(logging.WARNING, logger="core.fonts"):
        faces = list_fonts([folder, tmp_path / "missing-folder"])
    assert sorted((f.path.name, f.index) for f in faces) == [("good.ttf", 0), ("pair.ttc", 0), ("pair.ttc", 1)]
    assert "bad.otf" in caplog.text


def test_system_ukai_collection_lists_every_face():
    if not UKAI_TTC.is_file():
        pytest.skip("ukai.ttc is not installed")
    faces = open_faces(UKAI_TTC)
    assert len(faces) == face_count(UKAI_TTC) >= 2
    assert len({f.family for f in faces}) == len(faces)          # CN, TW, HK, ... each listed
    assert all(f.family.startswith("AR PL UKai") for f in faces)
    assert open_face(UKAI_TTC, len(faces) - 1).family == faces[-1].family
