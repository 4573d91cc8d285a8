"""Charsets a designer picks in the new-project dialog: exact sizes, expected members, text lists, errors."""

from __future__ import annotations

import pytest

from core.charsets import CHARSET_NAMES, charset_codepoints
from core.errors import CharsetError


@pytest.mark.parametrize("name, count, members", [
    ("gb2312", 6763, "啊齄中国"),
    ("gb2312-level1", 3755, "啊座中国"),
    ("big5-level1", 5401, "一乙中國"),
    ("jisx0208-kanji", 6355, "亜腕漢字"),
    ("ksx1001-hangul", 2350, "가힝한글"),
    ("ascii", 94, "!~Aa0"),
])
def test_named_charset_has_exact_size_and_expected_members(name, count, members):
    cps = charset_codepoints(name)
    assert len(cps) == count
    assert len(set(cps)) == count  # no duplicates
    for ch in members:
        assert ord(ch) in cps, f"{ch} missing from {name}"


def test_gb2312_level1_is_the_first_3755_of_gb2312():
    assert charset_codepoints("gb2312-level1") == charset_codepoints("gb2312")[:3755]
    assert ord("亍") not in charset_codepoints("gb2312-level1")  # the first character of level 2


def test_named_charsets_exclude_what_they_should_not_hold():
    gb = set(charset_codepoints("gb2312"))
    assert ord("國") not in gb          # traditional form is not in GB 2312
    assert ord("A") not in gb           # only the hanzi rows
    assert all(0x4E00 <= c <= 0x9FFF for c in gb)
    hangul = charset_codepoints("ksx1001-hangul")
    assert all(0xAC00 <= c <= 0xD7A3 for c in hangul)
    ascii_cps = charset_codepoints("ascii")
    assert ord(" ") not in ascii_cps and ascii_cps[0] == ord("!") and ascii_cps[-1] == ord("~")


def test_gb2312_is_in_code_order_starting_with_a():
    cps = charset_codepoints("gb2312")
    assert cps[0] == ord("啊") and cps[-1] == ord("齄")


def test_names_are_case_insensitive():
    assert charset_codepoints("GB2312") == charset_codepoints("gb2312")


def test_text_file_drops_duplicates_and_whitespace_keeping_first_order(tmp_path):
    path = tmp_path / "chars.txt"
    path.write_text("\ufeff永 和\n九年\t永和 \r\n\u3000歲\n", encoding="utf-8")
    assert charset_codepoints(str(path)) == [ord(c) for c in "永和九年歲"]


def test_literal_text_spec():
    assert charset_codepoints("text:永和 永和九") == [ord(c) for c in "永和九"]


def test_unknown_name_gives_one_line_error_naming_valid_names():
    with pytest.raises(CharsetError) as info:
        charset_codepoints("gb18030-full")
    message = str(info.value)
    assert "\n" not in message
    assert "gb18030-full" in message
    for name in CHARSET_NAMES:
        assert name in message


def test_empty_spec_is_an_error():
    with pytest.raises(CharsetError):
        charset_codepoints("  ")


def test_unreadable_text_file_names_the_file(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"\xff\xfe\xfa not utf-8 \x81")
    with pytest.raises(CharsetError) as info:
        charset_codepoints(str(path))
    assert "latin1.txt" in str(info.value) and "\n" not in str(info.value)
