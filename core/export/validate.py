"""Built-in export validation: reopen with fontTools, sanitize with OTS, compare FreeType rasters to the sources."""

from __future__ import annotations

import logging
import ctypes
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

    @property
    def passed(self) -> bool:
        return all(f.reopened and f.ots_passed is not False for f in self.formats)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["passed"] = self.passed
        data["mean_iou"] = None if math.isnan(self.mean_iou) else round(self.mean_iou, 5)
        return data

    def to_text(self) -> str:
        lines = [f"Validation of {self.family}: {'PASSED' if self.passed else 'FAILED'}",
                 f"glyphs exported: {self.glyphs_exported}, compared: {self.glyphs_compared}, "
                 f"mean ink IoU: {self.mean_iou:.4f}", f"tracer: {self.tracer}", ""]
        for check in self.formats:
            ots = {True: "OTS ok", False: f"OTS FAILED: {check.ots_message}", None: "OTS n/a"}
            lines.append(f"{check.format}: {check.path} ({check.size_bytes} bytes), "
                         f"{'reopened' if check.reopened else 'NOT reopened'} with "
                         f"{check.glyph_count} glyphs, {ots[check.ots_passed]}")
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
