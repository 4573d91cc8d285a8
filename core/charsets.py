"""Character sets computed from Python's codecs (no shipped lists), text files of characters, or literal text."""

from __future__ import annotations

import logging
import unicodedata
from functools import cache
from pathlib import Path

from core.errors import CharsetError

log = logging.getLogger(__name__)

CHARSET_NAMES = ("gb2312", "gb2312-level1", "big5-level1", "jisx0208-kanji", "ksx1001-hangul", "ascii", "latin1")


def _decode_rows(codec: str, first_bytes: range, second_bytes: list[int], last: int | None = None) -> list[int]:
    """Decode every double-byte cell of a codec's table, in code order; unassigned cells are skipped."""
    out: list[int] = []
    for lead in first_bytes:
        for trail in second_bytes:
            if last is not None and (lead << 8 | trail) > last:
                return out
            try:
                text = bytes((lead, trail)).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1 and unicodedata.category(text) != "Co":  # private-use cells are not characters
                out.append(ord(text))
    return out


_EUC_TRAIL = list(range(0xA1, 0xFF))
_BIG5_TRAIL = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))


@cache
def _named(name: str) -> tuple[int, ...]:
    # EUC row r is lead byte 0xA0 + r: GB 2312 hanzi rows 16-87, JIS kanji rows 16-84, KS hangul rows 16-40.
    if name == "gb2312":
        cps = _decode_rows("gb2312", range(0xB0, 0xF8), _EUC_TRAIL)
    elif name == "gb2312-level1":  # the 3,755 common hanzi, rows 16-55 in pinyin order
        cps = _decode_rows("gb2312", range(0xB0, 0xD8), _EUC_TRAIL)
    elif name == "big5-level1":
        cps = _decode_rows("big5", range(0xA4, 0xC7), _BIG5_TRAIL, last=0xC67E)
    elif name == "jisx0208-kanji":
        cps = _decode_rows("euc_jp", range(0xB0, 0xF5), _EUC_TRAIL)
    elif name == "ksx1001-hangul":
        cps = _decode_rows("euc_kr", range(0xB0, 0xC9), _EUC_TRAIL)
    elif name == "ascii":
        cps = list(range(0x21, 0x7F))
    elif name == "latin1":
        cps = list(range(0x21, 0x7F)) + [c for c in range(0xA1, 0x100) if chr(c).isprintable()]
    else:
        raise KeyError(name)
    return tuple(cps)


def _unique(chars: str) -> list[int]:
    seen: dict[int, None] = {}
    for ch in chars:
        if not ch.isspace():
            seen.setdefault(ord(ch), None)
    return list(seen)


def charset_codepoints(spec: str) -> list[int]:
    """Code points of a named charset, a UTF-8 text file of characters, or 'text:<characters>'."""
    if not isinstance(spec, str) or not spec.strip():
        raise CharsetError(f"empty charset (use one of {', '.join(CHARSET_NAMES)}, a text file, or text:...)")
    if spec.startswith("text:"):
        return _unique(spec[len("text:"):])
    if spec.lower() in CHARSET_NAMES:
        return list(_named(spec.lower()))
    path = Path(spec).expanduser()
    if not path.is_file():
        raise CharsetError(f"unknown charset {spec!r}: not a file and not one of {', '.join(CHARSET_NAMES)}")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise CharsetError(f"cannot read character list {path}: {exc} "
                           f"(or use one of {', '.join(CHARSET_NAMES)})") from exc
    return _unique(text)
