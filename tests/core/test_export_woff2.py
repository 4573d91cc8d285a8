"""The WOFF2 compression setting reaches brotli, and the file it gives opens like the TTF it came from."""

from __future__ import annotations

import brotli
import numpy as np
import pytest
from fontTools.ttLib import TTFont

from core.config import ExportConfig
from core.export import webfont
from core.export.run import ExportRun
from tests.core.export_helpers import export_font_sync


def _glyphs() -> dict[int, np.ndarray]:
    """Three boxes with a counter: enough for a font, cheap to trace."""
    glyphs = {}
    for i in range(3):
        bitmap = np.full((64, 64), 255, np.uint8)
        bitmap[12:52, 12 + i:52 - i] = 0
        bitmap[24:40, 24:40] = 255
        glyphs[0x4E00 + i] = bitmap
    return glyphs


@pytest.fixture
def qualities(monkeypatch) -> list[int | None]:
    """The quality of every brotli.compress call (None: brotli's default, 11)."""
    seen: list[int | None] = []
    real = brotli.compress

    def spy(data, **options):
        seen.append(options.get("quality"))
        return real(data, **options)

    monkeypatch.setattr(brotli, "compress", spy)
    return seen


@pytest.mark.parametrize(("compression", "quality"), [("fast", 9), ("smallest", 11), ("auto", 11)])
def test_the_woff2_setting_picks_brotlis_quality(tmp_path, qualities, compression, quality):
    settings = ExportConfig(formats=["ttf", "woff2"], woff2_compression=compression, fill_required=False,
                            compare_rendering=False)
    result = export_font_sync(_glyphs(), tmp_path / "box.ttf", settings, ExportRun(workers=1))
    assert result.reason == "completed"
    assert qualities == [quality]          # a small font: "auto" takes the smallest file
    woff2, ttf = TTFont(result.outputs["woff2"]), TTFont(result.outputs["ttf"])
    assert woff2.flavor == "woff2" and woff2.getBestCmap() == ttf.getBestCmap()
    assert woff2["glyf"]["uni4E00"].numberOfContours == 2


def test_auto_compresses_big_fonts_fast():
    assert webfont.brotli_quality("auto", webfont.AUTO_SMALLEST_BELOW - 1) == 11
    assert webfont.brotli_quality("auto", webfont.AUTO_SMALLEST_BELOW) == 9
    assert webfont.brotli_quality("smallest", 10 ** 8) == 11


def test_fonttools_own_woff2_saves_keep_their_quality(tmp_path, qualities):
    settings = ExportConfig(formats=["ttf", "woff2"], woff2_compression="fast", fill_required=False,
                            compare_rendering=False)
    result = export_font_sync(_glyphs(), tmp_path / "box.ttf", settings, ExportRun(workers=1))
    with TTFont(result.outputs["ttf"]) as font:    # after our WOFF2, a plain fontTools save is untouched
        font.flavor = "woff2"
        font.save(tmp_path / "plain.woff2")
    assert qualities == [9, None]
