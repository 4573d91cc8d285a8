"""ExportOptions: what the designer chooses for an exported font (names, formats, merge, tracer)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from core.errors import ExportError

FORMATS = ("ttf", "otf", "woff", "woff2", "ufo")
EDGE_POLICIES = ("skip", "keep")
# setupNameTable wants plain language tags ("zh", not "zh-Hans"); see REFERENCE.md.
_LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")


@dataclass
class ExportOptions:
    """Export settings; defaults make a valid 1000-UPM TrueType font with CJK advances of one em."""
    family: str = "zi2zi Studio Demo"
    style: str = "Regular"
    version: str = "1.000"
    designer: str = ""
    licence: str = ""
    licence_url: str = ""
    description: str = ""
    vendor_id: str = "NONE"                 # OS/2 achVendID, four ASCII characters
    localized_family: dict[str, str] = field(default_factory=dict)   # {"zh": "字体名"}
    upm: int = 1000
    formats: list[str] = field(default_factory=lambda: ["ttf"])
    merge_into: str | None = None           # an existing font the glyphs are added to
    replace_existing: bool = False          # in merge mode: our glyph wins over the base font's
    # Characters every font should type (ASCII, CJK punctuation, core.export.coverage) that the glyphs
    # lack come from this companion font (the CLI and the app default to the project's source font),
    # then from built-in punctuation; fill_required=False exports the glyphs alone.
    fill_from: str | None = None
    fill_from_index: int = 0
    fill_required: bool = True
    # Vertical metrics (OS/2 typo and win, hhea) from this font, scaled to upm; None: the em box.
    metrics_from: str | None = None
    metrics_from_index: int = 0
    tracer: str = "auto"                    # auto | potracecffi | potracer
    # Tracing small bitmaps (bench/bench_outlines.py measured these against the target font's outlines):
    # a 4x bicubic "smooth" upscale keeps strokes where they are and comes 2.5 IoU points closer to the
    # real design at 64 px than 2x bilinear; potrace's curve merge at 0.6 and extrema + overlap clean-up
    # keep the point count under 2x the target font's own.
    upscale: str = "smooth"                 # smooth | bilinear
    upscale_factor: int = 4
    opttolerance: float = 0.6
    simplify: bool = True                   # specks dropped, points at extrema, overlaps removed
    workers: int = max(1, min(4, os.cpu_count() or 1))
    edge_policy: str = "skip"               # glyphs touching the canvas edge: skip | keep (reported either way)
    side_bearing: float = 0.07              # proportional glyphs: each side bearing, fraction of the em
    cu2qu_max_err: float = 2.0              # at 1000 UPM (0.2% of the em); scaled with upm
    validate: bool = True
    progress_every: int = 200               # a ProgressReport per this many glyphs

    def validated(self) -> ExportOptions:
        """Raise ExportError naming the first bad value; returns self for chaining."""
        if not self.family.strip():
            raise ExportError("the font family name is empty")
        if not 16 <= self.upm <= 16384:
            raise ExportError(f"units per em {self.upm} is outside 16..16384")
        bad = [f for f in self.formats if f not in FORMATS]
        if bad or not self.formats:
            raise ExportError(f"unknown export format {bad or self.formats}", hint="use " + ", ".join(FORMATS))
        if self.tracer not in ("auto", "potracecffi", "potracer"):
            raise ExportError(f"unknown tracer {self.tracer!r}", hint="auto, potracecffi or potracer")
        if self.upscale not in ("smooth", "bilinear") or not 1 <= self.upscale_factor <= 8:
            raise ExportError(f"unknown upscale {self.upscale!r} x{self.upscale_factor}", hint="smooth or bilinear, x1 to x8")
        if self.edge_policy not in EDGE_POLICIES:
            raise ExportError(f"unknown edge policy {self.edge_policy!r}", hint="skip or keep")
        if self.workers < 1:
            raise ExportError(f"workers must be at least 1, got {self.workers}")
        for tag in self.localized_family:
            if not _LANGUAGE_TAG.match(tag):
                raise ExportError(f"language tag {tag!r} for a localized family name is not like 'zh' or 'ja'")
        if len(self.vendor_id) > 4 or not self.vendor_id.isascii():
            raise ExportError(f"vendor id {self.vendor_id!r} must be at most four ASCII characters")
        for label, path in (("fill missing characters from", self.fill_from), ("take metrics from", self.metrics_from)):
            if path and not os.path.isfile(path):
                raise ExportError(f"the font to {label} was not found: {path}", hint="pick an existing font file")
        return self

    @classmethod
    def from_export_config(cls, config, **overrides) -> ExportOptions:
        """Options from a project's ExportConfig (core.config), then explicit overrides."""
        values = dict(family=config.family_name, style=config.style_name, version=config.version,
                      designer=config.designer, licence=config.license,
                      description=config.description, upm=config.units_per_em,
                      formats=list(config.formats))
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)
