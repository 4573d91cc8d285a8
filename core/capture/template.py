"""Printable handwriting templates: a grid of writing boxes, ArUco corner markers and a QR code per page.

Page geometry is derived from the `TemplateSpec` alone (`page_layout`), so extraction recomputes the
box -> character map from the spec JSON saved beside the scans; the QR code only carries
{"t": template id, "p": page index, "n": page count}.

Marker ids 0, 1, 2, 3 sit at the top-left, top-right, bottom-right and bottom-left page corners; since
each id has a known place, a scan in any 90-degree rotation (or upside down) is warped back upright.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from core.atomic_io import atomic_path, write_json_atomic
from core.capture import CaptureError
from core.fonts import demo_font_paths

log = logging.getLogger(__name__)

SPEC_FORMAT = "zi2zi-capture-template"
SPEC_VERSION = 1
PAPER_MM = {"A4": (210.0, 297.0), "Letter": (215.9, 279.4)}
ARUCO_DICT = cv2.aruco.DICT_4X4_50
MARKER_IDS = (0, 1, 2, 3)  # top-left, top-right, bottom-right, bottom-left

# Layout in inches, so every dpi gives the same printed page.
MARGIN_IN = 0.4          # inside the unprintable edge of most printers
MARKER_IN = 0.45
QR_IN = 0.75
GAP_IN = 0.15            # between the header/footer band and the grid
LABEL_IN = 0.17          # the strip above each box holding its small reference glyph
BOX_GAP_IN = 0.08        # free paper between neighbouring boxes

# Grey levels (0 = black). The guide cross is far lighter than any pen so thresholding drops it;
# the box border is dark so a writer sees it, and extraction cuts inside it.
BORDER_GREY = 70
GUIDE_GREY = 205
REFERENCE_GREY = 150

LATIN_CHARACTERS = ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                    ".,;:!?'\"()[]{}-_/\\&@#%*+=<>")


@dataclass
class TemplateSpec:
    """Everything needed to print a template and to map its scanned boxes back to characters."""

    template_id: str
    paper: str
    dpi: int
    columns: int
    rows: int
    characters: list[int] = field(default_factory=list)

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def pages(self) -> int:
        return max(1, math.ceil(len(self.characters) / self.per_page))

    def page_characters(self, page: int) -> list[int]:
        return self.characters[page * self.per_page:(page + 1) * self.per_page]

    def to_dict(self) -> dict:
        return {"format": SPEC_FORMAT, "version": SPEC_VERSION, "template_id": self.template_id,
                "paper": self.paper, "dpi": self.dpi, "columns": self.columns, "rows": self.rows,
                "pages": self.pages, "characters": list(self.characters),
                "text": "".join(chr(c) for c in self.characters)}  # for people reading the file

    @classmethod
    def from_dict(cls, data: dict) -> TemplateSpec:
        if not isinstance(data, dict) or data.get("format") != SPEC_FORMAT:
            raise CaptureError("not a zi2zi handwriting template spec (format field missing or different)")
        try:
            spec = cls(template_id=str(data["template_id"]), paper=str(data["paper"]), dpi=int(data["dpi"]),
                       columns=int(data["columns"]), rows=int(data["rows"]),
                       characters=[int(c) for c in data["characters"]])
        except (KeyError, TypeError, ValueError) as exc:
            raise CaptureError(f"template spec is damaged: {exc!r}") from exc
        _validate(spec.paper, spec.dpi, spec.columns, spec.rows, spec.characters)
        return spec

    def save(self, path: str | Path) -> None:
        write_json_atomic(path, self.to_dict())

    @classmethod
    def load(cls, path: str | Path) -> TemplateSpec:
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CaptureError(f"cannot read template spec {path}: {exc}") from exc
        try:
            return cls.from_dict(data)
        except CaptureError as exc:
            raise CaptureError(f"{path}: {exc.message}") from exc


def _validate(paper: str, dpi: int, columns: int, rows: int, characters: list[int]) -> None:
    if paper not in PAPER_MM:
        raise CaptureError(f"unknown paper {paper!r} (use {' or '.join(PAPER_MM)})")
    if not 100 <= dpi <= 1200:
        raise CaptureError(f"template dpi {dpi} is out of range (100 to 1200; 300 is usual)")
    if not (1 <= columns <= 30 and 1 <= rows <= 40):
        raise CaptureError(f"a {columns} x {rows} grid does not fit a page (columns 1-30, rows 1-40)")
    if not characters:
        raise CaptureError("a template needs at least one character")


def _template_id(paper: str, dpi: int, columns: int, rows: int, characters: list[int]) -> str:
    # Deterministic: printing the same template twice gives the same id, so either print's scans match.
    blob = json.dumps([paper, dpi, columns, rows, characters], separators=(",", ":")).encode()
    return hashlib.sha1(blob).hexdigest()[:10]


def make_template(characters: list[int], paper: str = "A4", dpi: int = 300, columns: int = 10,
                  rows: int = 12) -> TemplateSpec:
    """A template spec for `characters` (duplicates dropped, order kept)."""
    seen: dict[int, None] = {}
    for cp in characters:
        seen.setdefault(int(cp), None)
    chars = [cp for cp in seen if not chr(cp).isspace()]
    _validate(paper, dpi, columns, rows, chars)
    return TemplateSpec(_template_id(paper, dpi, columns, rows, chars), paper, dpi, columns, rows, chars)


def default_characters(script: str = "hanzi", count: int = 300, candidates: list[int] | None = None) -> list[int]:
    """The characters a new writer should write first.

    hanzi: chosen by core.capture.planner for component coverage (every common component and stroke
    type in a few characters) from `candidates` (default: the demo characters in frequency order, then
    GB2312 level 1). latin: upper- and lower-case letters, digits, then ASCII punctuation (count caps
    the list).
    """
    if count < 1:
        raise CaptureError(f"character count must be positive, got {count}")
    if script == "latin":
        return [ord(c) for c in LATIN_CHARACTERS][:count]
    if script != "hanzi":
        raise CaptureError(f"unknown script {script!r} (use hanzi or latin)")
    from core.capture.planner import plan_characters
    return plan_characters(count, candidates)


@dataclass(frozen=True)
class PageLayout:
    """Pixel geometry of one page at the spec's dpi (x right, y down)."""

    width: int
    height: int
    markers: dict[int, tuple[int, int, int]]   # marker id -> (x, y, side) of its outer square
    qr: tuple[int, int, int]                   # (x, y, side) of the QR area incl. its quiet zone
    boxes: list[tuple[int, int, int, int]]     # (x0, y0, x1, y1) of each box's border, in grid order
    labels: list[tuple[int, int, int]]         # (x, y, px) of each reference glyph
    border: int                                # box border line width in px
    guide: int                                 # guide line width in px


def page_size_px(paper: str, dpi: int) -> tuple[int, int]:
    w_mm, h_mm = PAPER_MM[paper]
    return round(w_mm / 25.4 * dpi), round(h_mm / 25.4 * dpi)


def page_layout(spec: TemplateSpec) -> PageLayout:
    """Where everything sits on a page; the same for every page of the spec (the last may hold fewer boxes)."""
    dpi = spec.dpi
    W, H = page_size_px(spec.paper, dpi)
    px = lambda inches: int(round(inches * dpi))  # noqa: E731
    m, ms, qs, gap = px(MARGIN_IN), px(MARKER_IN), px(QR_IN), px(GAP_IN)
    markers = {0: (m, m, ms), 1: (W - m - ms, m, ms), 2: (W - m - ms, H - m - ms, ms), 3: (m, H - m - ms, ms)}
    qr = ((W - qs) // 2, m, qs)
    top = m + max(ms, qs) + gap
    bottom = H - m - ms - gap
    cell_w = (W - 2 * m) / spec.columns
    cell_h = (bottom - top) / spec.rows
    label, box_gap = px(LABEL_IN), px(BOX_GAP_IN)
    side = int(min(cell_w, cell_h - label) - box_gap)
    if side < px(0.3):
        raise CaptureError(f"a {spec.columns} x {spec.rows} grid leaves boxes of {side / dpi * 25.4:.0f} mm; "
                           f"use fewer columns or rows")
    boxes, labels = [], []
    for r in range(spec.rows):
        for c in range(spec.columns):
            x0 = int(round(m + c * cell_w + (cell_w - side) / 2))
            y0 = int(round(top + r * cell_h + label))
            boxes.append((x0, y0, x0 + side, y0 + side))
            labels.append((x0, y0 - label + max(1, label // 12), int(label * 0.85)))
    return PageLayout(W, H, markers, qr, boxes, labels, border=max(2, round(dpi / 100)),
                      guide=max(1, round(dpi / 150)))


def qr_payload(spec: TemplateSpec, page: int) -> str:
    return json.dumps({"t": spec.template_id, "p": page, "n": spec.pages}, separators=(",", ":"))


def _qr_image(payload: str, side: int) -> np.ndarray:
    modules = cv2.QRCodeEncoder.create().encode(payload)  # uint8, 255 = light, includes a quiet zone
    if modules is None or modules.size == 0:
        raise CaptureError("OpenCV could not encode the page QR code")
    # A quiet zone of 4 modules (the QR standard's) keeps the box borders from confusing detectors.
    modules = cv2.copyMakeBorder(modules, 4, 4, 4, 4, cv2.BORDER_CONSTANT, value=255)
    return cv2.resize(modules, (side, side), interpolation=cv2.INTER_NEAREST)


def _marker_image(marker_id: int, side: int) -> np.ndarray:
    dictionary = cv2.aruco.getPredefinedDictionary(ARUCO_DICT)
    return cv2.aruco.generateImageMarker(dictionary, marker_id, side, borderBits=1)


def _dashed(draw: ImageDraw.ImageDraw, start, end, width: int, dash: int, fill: int) -> None:
    (x0, y0), (x1, y1) = start, end
    length = math.hypot(x1 - x0, y1 - y0)
    steps = max(1, int(length // (2 * dash)))
    for i in range(steps + 1):
        a = i * 2 * dash / length
        b = min(1.0, (i * 2 * dash + dash) / length)
        if a >= 1:
            break
        draw.line([(x0 + (x1 - x0) * a, y0 + (y1 - y0) * a), (x0 + (x1 - x0) * b, y0 + (y1 - y0) * b)],
                  fill=fill, width=width)


def render_pages(spec: TemplateSpec) -> list[Image.Image]:
    """The template's pages as greyscale ("L") images at spec.dpi, ready to print at 100 %."""
    lay = page_layout(spec)
    ref_path = demo_font_paths()["microhei"]
    from core.fonts import open_face
    try:
        ref_cover = open_face(ref_path).codepoints
        ref_fonts = {}
    except Exception as exc:  # the reference glyph is a courtesy; a broken font must not stop printing
        log.warning("reference font unavailable: %s", exc)
        ref_cover, ref_fonts = set(), {}
    small = ImageFont.load_default()
    pages = []
    for page in range(spec.pages):
        img = Image.new("L", (lay.width, lay.height), 255)
        canvas = np.asarray(img).copy()
        for mid, (x, y, s) in lay.markers.items():
            canvas[y:y + s, x:x + s] = _marker_image(mid, s)
        qx, qy, qs = lay.qr
        canvas[qy:qy + qs, qx:qx + qs] = _qr_image(qr_payload(spec, page), qs)
        img = Image.fromarray(canvas)
        draw = ImageDraw.Draw(img)
        dash = max(2, spec.dpi // 50)
        for cp, (x0, y0, x1, y1), (lx, ly, lpx) in zip(spec.page_characters(page), lay.boxes, lay.labels):
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            _dashed(draw, (x0, cy), (x1, cy), lay.guide, dash, GUIDE_GREY)
            _dashed(draw, (cx, y0), (cx, y1), lay.guide, dash, GUIDE_GREY)
            draw.rectangle([x0, y0, x1 - 1, y1 - 1], outline=BORDER_GREY, width=lay.border)
            if cp in ref_cover:
                font = ref_fonts.get(lpx) or ref_fonts.setdefault(lpx, ImageFont.truetype(str(ref_path), lpx))
                draw.text((lx, ly), chr(cp), font=font, fill=REFERENCE_GREY)
            else:  # the reference font lacks it: name the code point instead
                draw.text((lx, ly), f"{chr(cp)} U+{cp:04X}", font=small, fill=REFERENCE_GREY)
        footer = (f"zi2zi handwriting template {spec.template_id}  page {page + 1} of {spec.pages}  "
                  f"- write one character per box, keep all four corner squares in the scan")
        mx, my, ms = lay.markers[3]
        draw.text((mx + ms + spec.dpi // 10, my + ms // 2), footer, font=small, fill=100)
        img.info["dpi"] = (spec.dpi, spec.dpi)
        pages.append(img)
    return pages


def write_template_pdf(spec: TemplateSpec, path: str | Path, pages: list[Image.Image] | None = None) -> None:
    """All pages as one PDF at the spec's dpi (print at 100 %, no 'fit to page')."""
    pages = pages if pages is not None else render_pages(spec)
    with atomic_path(path) as tmp:
        pages[0].save(tmp, format="PDF", save_all=True, append_images=pages[1:], resolution=float(spec.dpi))


def write_template_pngs(spec: TemplateSpec, folder: str | Path,
                        pages: list[Image.Image] | None = None) -> list[Path]:
    """One PNG per page, page-01.png, page-02.png, ..."""
    pages = pages if pages is not None else render_pages(spec)
    folder = Path(folder)
    written = []
    for i, page in enumerate(pages):
        target = folder / f"page-{i + 1:02d}.png"
        with atomic_path(target) as tmp:
            page.save(tmp, format="PNG", dpi=(spec.dpi, spec.dpi))
        written.append(target)
    return written
