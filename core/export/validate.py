"""Built-in export validation: reopen with fontTools, sanitize with OTS, compare FreeType rasters to the sources."""

from __future__ import annotations

import ctypes
import logging
import math
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from core.atomic_io import write_json_atomic, write_text_atomic
from core.vectorize import BASELINE_FRACTION, describe_codepoint, ink_mask

log = logging.getLogger(__name__)

BINARY_FORMATS = ("ttf", "otf", "woff", "woff2")
LOWEST_LISTED = 20


@dataclass
class FormatCheck:
    """One output file: did fontTools reopen it, did OTS accept it."""
    format: str
    path: str
    reopened: bool = False
    glyph_count: int = 0
    ots_passed: bool | None = None     # None: not a binary format (UFO)
    ots_message: str = ""
    size_bytes: int = 0


SUSPECT_SHARE_LIMIT = 0.05      # more of the glyphs flagged than this: the font is not called readable
MIN_MEAN_IOU = 0.85             # outlines that reproduce less of the bitmaps than this are not the glyphs
SPECIMEN_TEXT = "天下大事，必作于细。Hi 2024"
USABLE_CONTENT_ACCURACY = 0.8   # a model that names fewer unseen characters correctly makes an unusable font


@dataclass
class GlyphQuality:
    """Per-glyph legibility scores (0-1) the model wrote beside its glyphs; below threshold: suspect."""
    scores: dict[int, float] = field(default_factory=dict)
    threshold: float = 0.5
    flagged: set[int] = field(default_factory=set)      # marked suspect by the scorer itself
    source: str = ""
    held_out: dict[str, float] = field(default_factory=dict)   # the model's `zi2zi eval` figures (content_accuracy, ...)

    def suspects(self, codepoints) -> list[int]:
        return sorted(cp for cp in codepoints
                      if cp in self.flagged or (cp in self.scores and self.scores[cp] < self.threshold))


@dataclass
class ValidationReport:
    """Everything checked before an export is reported done; saved beside the font as JSON and text."""
    family: str
    glyphs_exported: int
    glyphs_compared: int = 0
    mean_iou: float = float("nan")
    lowest: list[dict] = field(default_factory=list)      # [{"codepoint": "U+4E00", "char", "iou"}]
    skipped: list[dict] = field(default_factory=list)     # [{"codepoint", "char", "reason"}]
    formats: list[FormatCheck] = field(default_factory=list)
    tracer: str = ""
    sources: dict[str, int] = field(default_factory=dict)        # where the glyphs came from: {label: count}
    filled: list[dict] = field(default_factory=list)             # [{"codepoint", "char", "source"}] added by coverage
    missing_required: list[dict] = field(default_factory=list)   # typing characters no source had
    companion: str = ""                                          # the companion font, and how it was fitted
    legibility_scored: bool = False
    glyphs_scored: int = 0
    suspect: list[dict] = field(default_factory=list)            # [{"codepoint", "char", "score"}]
    specimen: str = ""                                           # PNG of the specimen set in the font
    held_out: dict[str, float] = field(default_factory=dict)     # the model's held-out figures, when evaluated

    @property
    def valid(self) -> bool:
        """Every file reopened and OTS accepted every binary one."""
        return all(f.reopened and f.ots_passed is not False for f in self.formats)

    def readability_problems(self) -> list[str]:
        """Why the font would not read well; empty when nothing known is wrong."""
        problems = []
        if self.missing_required:
            chars = "".join(row["char"] for row in self.missing_required)
            problems.append(f"{len(self.missing_required)} characters needed to type a sentence are missing: {chars}")
        if not math.isnan(self.mean_iou) and self.mean_iou < MIN_MEAN_IOU:
            problems.append(f"the outlines reproduce the glyph images poorly (mean ink IoU {self.mean_iou:.3f} "
                            f"< {MIN_MEAN_IOU})")
        if self.legibility_scored and self.glyphs_scored and \
                len(self.suspect) > SUSPECT_SHARE_LIMIT * self.glyphs_scored:
            problems.append(f"{len(self.suspect)} of {self.glyphs_scored} scored glyphs look illegible "
                            f"(more than {SUSPECT_SHARE_LIMIT:.0%})")
        readable = self.held_out.get("content_accuracy")
        if readable is not None and readable < USABLE_CONTENT_ACCURACY:
            problems.append(f"the model names only {readable:.0%} of unseen characters correctly "
                            f"(a usable font needs {USABLE_CONTENT_ACCURACY:.0%}): train longer")
        return problems

    @property
    def passed(self) -> bool:
        """Valid, scored for legibility, and readable."""
        return self.valid and self.legibility_scored and not self.readability_problems()

    @property
    def verdict(self) -> str:
        if not self.valid:
            return "FAILED"
        if self.readability_problems():
            return "VALID BUT NOT READABLE"
        return "PASSED" if self.legibility_scored else "VALID (legibility not scored)"

    def to_dict(self) -> dict:
        data = asdict(self)
        data.update(passed=self.passed, valid=self.valid, verdict=self.verdict,
                    readability_problems=self.readability_problems())
        data["mean_iou"] = None if math.isnan(self.mean_iou) else round(self.mean_iou, 5)
        return data

    def to_text(self) -> str:
        lines = [f"Validation of {self.family}: {self.verdict}"]
        lines += [f"  - {problem}" for problem in self.readability_problems()]
        lines += [f"glyphs exported: {self.glyphs_exported}, compared: {self.glyphs_compared}, "
                  f"mean ink IoU: {self.mean_iou:.4f}", f"tracer: {self.tracer}"]
        if self.sources:
            lines.append("glyphs from: " + ", ".join(f"{label} {n}" for label, n in self.sources.items()))
        if self.companion:
            lines.append(f"companion font: {self.companion}")
        if self.legibility_scored:
            lines.append(f"legibility: {len(self.suspect)} of {self.glyphs_scored} scored glyphs flagged as suspect")
        else:
            lines.append("legibility: not scored (the generated glyphs carry no legibility scores)")
        if self.held_out:
            lines.append("model on unseen characters: " + ", ".join(f"{k} {v:.3f}" for k, v in self.held_out.items()))
        if self.specimen:
            lines.append(f"specimen: {self.specimen}")
        lines.append("")
        for check in self.formats:
            ots = {True: "OTS ok", False: f"OTS FAILED: {check.ots_message}", None: "OTS n/a"}
            lines.append(f"{check.format}: {check.path} ({check.size_bytes} bytes), "
                         f"{'reopened' if check.reopened else 'NOT reopened'} with "
                         f"{check.glyph_count} glyphs, {ots[check.ots_passed]}")
        if self.suspect:
            lines += ["", "suspect glyphs (lowest legibility first):"]
            lines += [f"  {row['codepoint']} {row['char']}: {row['score']}" for row in self.suspect[:LOWEST_LISTED]]
        if self.filled:
            lines += ["", "filled characters:"]
            by_source: dict[str, str] = {}
            for row in self.filled:
                by_source[row["source"]] = by_source.get(row["source"], "") + row["char"]
            lines += [f"  from {source}: {chars}" for source, chars in by_source.items()]
        if self.lowest:
            lines += ["", "lowest IoU:"]
            lines += [f"  {row['codepoint']} {row['char']}: {row['iou']:.4f}" for row in self.lowest]
        if self.skipped:
            lines += ["", "skipped or cleaned:"]
            lines += [f"  {row['codepoint']} {row['char']}: {row['reason']}" for row in self.skipped]
        return "\n".join(lines) + "\n"

    def save(self, font_path: str | Path) -> dict[str, str]:
        """Writes <font>.validation.json and .txt; returns their paths."""
        base = str(font_path)
        json_path, text_path = base + ".validation.json", base + ".validation.txt"
        write_json_atomic(json_path, self.to_dict())
        write_text_atomic(text_path, self.to_text())
        return {"json": json_path, "text": text_path}


def rasterize(face, codepoint: int, size: int, x_shift_units: float = 0.0) -> np.ndarray:
    """Unhinted FreeType raster of one glyph on the em-box canvas (uint8, 255 paper, 0 ink).

    `face` is a freetype.Face; `x_shift_units` moves the outline right (font units), which puts a
    proportional glyph back where its source bitmap had it."""
    import freetype

    canvas = np.full((size, size), 255, np.uint8)
    glyph_index = face.get_char_index(codepoint)
    if not glyph_index:
        return canvas
    face.set_pixel_sizes(size, size)
    baseline = BASELINE_FRACTION * size
    origin_row = math.ceil(baseline)
    shift_x = x_shift_units * size / face.units_per_EM
    # FreeType positions on whole pixels; the fractional parts go into the transform's delta.
    delta = freetype.Vector(round(shift_x * 64), round((origin_row - baseline) * 64))
    face.set_transform(freetype.Matrix(0x10000, 0, 0, 0x10000), delta)
    face.load_glyph(glyph_index, freetype.FT_LOAD_NO_HINTING | freetype.FT_LOAD_RENDER
                    | freetype.FT_LOAD_NO_BITMAP)
    slot = face.glyph
    bitmap = slot.bitmap
    if bitmap.rows and bitmap.width:
        # A view of FreeType's buffer; freetype-py's .buffer builds a Python list, 50x slower.
        raw = bitmap._FT_Bitmap
        coverage = np.ctypeslib.as_array(ctypes.cast(raw.buffer, ctypes.POINTER(ctypes.c_ubyte)),
                                         shape=(raw.rows, abs(raw.pitch)))
        _paint(canvas, coverage[:, :bitmap.width], origin_row - slot.bitmap_top, slot.bitmap_left)
    return canvas


def _paint(canvas: np.ndarray, coverage: np.ndarray, top: int, left: int) -> None:
    """Paste coverage (255 = ink) onto the canvas at (top, left), clipped to the canvas."""
    size = canvas.shape[0]
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(top + coverage.shape[0], size), min(left + coverage.shape[1], size)
    if r0 >= r1 or c0 >= c1:
        return
    patch = coverage[r0 - top:r1 - top, c0 - left:c1 - left]
    canvas[r0:r1, c0:c1] = np.minimum(canvas[r0:r1, c0:c1], 255 - patch)


def ink_iou(a: np.ndarray, b: np.ndarray) -> float:
    """Intersection over union of the ink masks; two blank glyphs match perfectly."""
    ink_a, ink_b = ink_mask(a), ink_mask(b)
    union = np.count_nonzero(ink_a | ink_b)
    return 1.0 if union == 0 else np.count_nonzero(ink_a & ink_b) / union


def compare_rasters(font_path: str, sources: dict[int, np.ndarray],
                    x_shifts: dict[int, float]) -> dict[int, float]:
    """IoU of each exported glyph's FreeType raster against its source bitmap."""
    import freetype

    face = freetype.Face(str(font_path))
    return {cp: ink_iou(rasterize(face, cp, bitmap.shape[0], -x_shifts.get(cp, 0.0)), bitmap)
            for cp, bitmap in sources.items()}


def summarize_ious(ious: dict[int, float], report: ValidationReport) -> None:
    report.glyphs_compared = len(ious)
    if ious:
        report.mean_iou = float(np.mean(list(ious.values())))
    worst = sorted(ious.items(), key=lambda item: item[1])[:LOWEST_LISTED]
    report.lowest = [{"codepoint": f"U+{cp:04X}", "char": chr(cp), "iou": round(iou, 5)}
                     for cp, iou in worst]


def check_file(fmt: str, path: str) -> FormatCheck:
    """Reopen the output (fontTools or ufoLib2) and, for binary fonts, run OTS on it."""
    check = FormatCheck(format=fmt, path=str(path))
    if fmt == "ufo":
        import ufoLib2

        font = ufoLib2.Font.open(path)
        check.reopened, check.glyph_count = True, len(font)
        return check
    check.size_bytes = Path(path).stat().st_size
    check.reopened, check.glyph_count = _reopen(path)
    check.ots_passed, check.ots_message = run_ots(path)
    return check


def _reopen(path: str) -> tuple[bool, int]:
    from fontTools.ttLib import TTFont

    try:
        # Every table but the outlines is decoded; OTS (run next) parses the outlines byte by byte,
        # and decoding thousands of glyphs again here would double the export time.
        with TTFont(path, lazy=True) as font:
            for tag in font.keys():
                if tag not in ("glyf", "loca", "CFF ", "CFF2", "GlyphOrder"):
                    font[tag]
            font.getBestCmap()
            return True, len(font.getGlyphOrder())
    except Exception as exc:  # any decoding failure means the file is broken; the report says why
        log.warning("fontTools could not reopen %s: %s", path, exc)
        return False, 0


def run_ots(path: str) -> tuple[bool, str]:
    """OTS (the sanitizer browsers use) on one font file: (passed, its messages)."""
    import ots

    result = ots.sanitize(str(path), capture_output=True)
    output = (result.stdout or b"") + (result.stderr or b"")
    message = output.decode("utf-8", "replace").strip()
    return result.returncode == 0, message[:2000]


def describe_skip(codepoint: int, reason: str) -> dict:
    return {"codepoint": f"U+{codepoint:04X}", "char": chr(codepoint), "reason": reason,
            "message": f"{describe_codepoint(codepoint)}: {reason}"}


def describe_sources(report: ValidationReport, fill, exported: set[int]) -> None:
    """Where the exported glyphs came from (core.export.coverage.FillResult), into the report."""
    from core.export.coverage import ORIGINS

    counts: dict[str, int] = {}
    rank = list(ORIGINS)
    for cp in sorted(exported, key=lambda cp: (rank.index(fill.origins.get(cp, "generated")), cp)):
        kind = fill.origins.get(cp, "generated")
        label = f"{ORIGINS['companion']} {fill.companion}" if kind == "companion" else ORIGINS.get(kind, kind)
        counts[label] = counts.get(label, 0) + 1
        if kind in ("companion", "built-in"):
            report.filled.append({"codepoint": f"U+{cp:04X}", "char": chr(cp), "source": label})
    report.sources = counts
    report.missing_required = [{"codepoint": f"U+{cp:04X}", "char": chr(cp)} for cp in fill.missing]
    if fill.companion:
        report.companion = f"{fill.companion}, {fill.fit.describe()}" if fill.fit else fill.companion


def describe_quality(report: ValidationReport, quality: GlyphQuality | None, exported: set[int]) -> None:
    """Legibility of the exported glyphs that carry a score (the model's own glyphs)."""
    if quality is None:
        return
    report.held_out = dict(quality.held_out)
    if not (quality.scores or quality.flagged):
        return
    scored = [cp for cp in exported if cp in quality.scores or cp in quality.flagged]
    report.legibility_scored, report.glyphs_scored = True, len(scored)
    suspects = sorted(quality.suspects(scored), key=lambda cp: quality.scores.get(cp, 0.0))
    report.suspect = [{"codepoint": f"U+{cp:04X}", "char": chr(cp),
                       "score": round(quality.scores[cp], 3) if cp in quality.scores else None} for cp in suspects]
