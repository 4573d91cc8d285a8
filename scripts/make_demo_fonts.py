"""Regenerate the bundled demo fonts and resources/charsets/demo.txt from Debian's installed CJK fonts.

Demo charset rule (reproducible, offline): take the 3,755 GB 2312 level-1 hanzi, order them by the
character-frequency rank table GB2312_CHAR_TO_FREQ_ORDER of Mozilla's universal charset detector
(chardet's gb2312freq.py, built from a corpus of Chinese text; pip vendors a copy, so it is on every
machine with pip), keep those that all four source fonts map, and take the first DEMO_HANZI.
ASCII printable (U+0021-U+007E) follows on its own line. Each font is subset to exactly that set,
hinting dropped, saved as a single-face TTF.

Run: python scripts/make_demo_fonts.py  (from the repository root)
"""

from __future__ import annotations

import argparse
import importlib
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
FONTS_OUT = ROOT / "resources" / "fonts"
CHARSET_OUT = ROOT / "resources" / "charsets" / "demo.txt"
HANZI_OUT = ROOT / "resources" / "charsets" / "demo-hanzi.txt"  # what the demo project learns
DEMO_HANZI = 540  # the most frequent ~600 would push the Arphic subsets past 300 KB each

# short name: (source file, face index, output file, Debian package)
SOURCES = {
    "ukai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0, "ukai-demo.ttf", "fonts-arphic-ukai"),
    "uming": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, "uming-demo.ttf", "fonts-arphic-uming"),
    "wenkai": ("/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf", 0, "wenkai-demo.ttf",
               "fonts-lxgw-wenkai"),
    "microhei": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "microhei-demo.ttf", "fonts-wqy-microhei"),
}

# Full texts the Debian copyright files only point to (WenQuanYi: Apache-2.0 or GPL-3+ with font exception).
EXTRA_LICENSES = {"fonts-wqy-microhei": ("Apache-2.0", "GPL-3")}

log = logging.getLogger("make_demo_fonts")


def _frequency_table() -> tuple[int, ...]:
    for module in ("chardet.gb2312freq", "pip._vendor.chardet.gb2312freq"):
        try:
            return importlib.import_module(module).GB2312_CHAR_TO_FREQ_ORDER
        except ImportError:
            continue
    sys.exit("needs chardet's gb2312freq table (pip install chardet, or a pip that vendors it)")


def level1_by_frequency() -> list[int]:
    """GB 2312 level-1 hanzi (rows 16-55) ordered from most to least frequent; ties keep code order."""
    table = _frequency_table()
    ranked = []
    for lead in range(0xB0, 0xD8):
        for trail in range(0xA1, 0xFF):
            try:
                ch = bytes((lead, trail)).decode("gb2312")
            except UnicodeDecodeError:
                continue
            order = (lead - 0xB0) * 94 + (trail - 0xA1)  # chardet's own index into the table
            ranked.append((table[order], order, ord(ch)))
    return [cp for _, _, cp in sorted(ranked)]


def load(path: str, index: int) -> TTFont:
    return TTFont(path, fontNumber=index) if path.endswith((".ttc", ".otc")) else TTFont(path)


def choose_charset(fonts: dict[str, TTFont]) -> tuple[list[int], list[int]]:
    covered = set.intersection(*(set(f.getBestCmap()) for f in fonts.values()))
    hanzi = [cp for cp in level1_by_frequency() if cp in covered][:DEMO_HANZI]
    ascii_cps = [cp for cp in range(0x21, 0x7F) if cp in covered]
    return hanzi, ascii_cps


def subset_font(font: TTFont, codepoints: list[int], out: Path) -> None:
    options = subset.Options()
    options.hinting = False            # the renderer is unhinted; instructions only cost bytes
    options.name_IDs = ["*"]           # keep copyright, licence and vendor names
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.layout_features = []       # the demo renders single glyphs; no shaping needed
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "vhea", "vmtx", "FFTM"]  # ditto; keeps files small
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints + [0x20])
    subsetter.subset(font)
    font.save(str(out))
    TTFont(str(out)).close()  # must reopen cleanly


def package_version(package: str) -> str:
    result = subprocess.run(["dpkg-query", "-W", "-f=${Version}", package], capture_output=True, text=True)
    return result.stdout.strip() or "unknown"


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("fontTools").setLevel(logging.WARNING)  # the subsetter lists every glyph at INFO
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    fonts = {name: load(path, index) for name, (path, index, _, _) in SOURCES.items()}
    hanzi, ascii_cps = choose_charset(fonts)
    CHARSET_OUT.parent.mkdir(parents=True, exist_ok=True)
    CHARSET_OUT.write_text("".join(map(chr, hanzi)) + "\n" + "".join(map(chr, ascii_cps)) + "\n", encoding="utf-8")
    HANZI_OUT.write_text("".join(map(chr, hanzi)) + "\n", encoding="utf-8")
    log.info("demo charset: %d hanzi + %d ASCII -> %s", len(hanzi), len(ascii_cps), CHARSET_OUT)
    (FONTS_OUT / "licenses").mkdir(parents=True, exist_ok=True)
    for name, (path, index, filename, package) in SOURCES.items():
        out = FONTS_OUT / filename
        subset_font(fonts[name], hanzi + ascii_cps, out)
        shutil.copyfile(f"/usr/share/doc/{package}/copyright", FONTS_OUT / "licenses" / f"{package}.copyright")
        for extra in EXTRA_LICENSES.get(package, ()):
            shutil.copyfile(f"/usr/share/common-licenses/{extra}", FONTS_OUT / "licenses" / extra)
        log.info("%s: %s face %d (%s %s) -> %s, %d KB", name, path, index, package,
                 package_version(package), out.name, out.stat().st_size // 1024)


if __name__ == "__main__":
    main()
