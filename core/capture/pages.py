"""Scan and photo decoding for capture: PNG/JPEG/TIFF/BMP/WebP, HEIC (pillow-heif) and PDF (pypdfium2) to grey pages.

Every page is checked against a pixel limit before it is decoded, so a decompression bomb (a tiny file
that claims a huge image) fails with a CaptureError instead of filling memory; Pillow's own guard
stays on as a second line.
"""

from __future__ import annotations

import logging
import math
import warnings
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageOps

from core.capture import CaptureError

log = logging.getLogger(__name__)

MAX_PIXELS = 80_000_000          # a 600 dpi A3 scan is ~70 MP; more is a mistake or a decompression bomb
MIN_SIDE = 600                   # below this a 15 mm box is a handful of pixels
PDF_DPI = 300                    # what a PDF page is rasterised at: the template's own resolution
HEIF_SUFFIXES = (".heic", ".heif", ".hif")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp", *HEIF_SUFFIXES, ".pdf")

_heif_ready: bool | None = None


def check_pixels(width: int, height: int, name: str) -> None:
    """Refuse pages that are implausibly large (bombs, 2400 dpi scans) or too small to hold readable boxes."""
    if width * height > MAX_PIXELS:
        raise CaptureError(f"{name}: {width} x {height} px is too large ({width * height / 1e6:.0f} MP; "
                           f"the limit is {MAX_PIXELS / 1e6:.0f} MP); scan at 300 dpi")
    if min(width, height) < MIN_SIDE:
        raise CaptureError(f"{name}: {width} x {height} px is too small; scan the whole page at 200-300 dpi")


def pil_to_gray(img: Image.Image, name: str) -> np.ndarray:
    check_pixels(img.width, img.height, name)  # before decoding: Image.open only read the header
    img = ImageOps.exif_transpose(img)  # phone photos store their rotation in EXIF
    if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
        # Transparent areas are paper, not black.
        rgba = img.convert("RGBA")
        img = Image.alpha_composite(Image.new("RGBA", rgba.size, (255, 255, 255, 255)), rgba)
    return np.asarray(img.convert("L"))


def as_gray(image) -> np.ndarray:
    """A page given in memory (PIL image, grey or RGB(A) array) as a uint8 grey array."""
    if isinstance(image, Image.Image):
        return pil_to_gray(image, "image")
    arr = np.asarray(image)
    if arr.ndim == 3 and arr.shape[2] in (3, 4):
        check_pixels(arr.shape[1], arr.shape[0], "image")
        code = cv2.COLOR_RGB2GRAY if arr.shape[2] == 3 else cv2.COLOR_RGBA2GRAY
        arr = cv2.cvtColor(arr.astype(np.uint8), code)
    elif arr.ndim != 2:
        raise CaptureError(f"a page image must be 2-D grey or RGB, got shape {arr.shape}")
    check_pixels(arr.shape[1], arr.shape[0], "image")
    return arr.astype(np.uint8, copy=False)


def load_pages(path: str | Path) -> list[np.ndarray]:
    """Grey pages of one file: every frame of a multi-page TIFF, every page of a PDF, one page otherwise."""
    path = Path(path)
    if not path.is_file():
        raise CaptureError(f"scan not found: {path}")
    if path.suffix.lower() == ".pdf":
        return _rasterise_pdf(path)
    if path.suffix.lower() in HEIF_SUFFIXES:
        _enable_heif(path.name)
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its two bomb limits; here any such file is refused.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as img:
                pages = []
                for i in range(getattr(img, "n_frames", 1)):
                    img.seek(i)
                    pages.append(pil_to_gray(img, path.name))
                return pages
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise CaptureError(f"{path.name}: the image is too large to be a page scan (over {MAX_PIXELS / 1e6:.0f} MP; "
                           f"a damaged or malicious file?); scan at 300 dpi") from exc
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise CaptureError(f"cannot read scan {path}: {exc} (use PNG, JPEG, TIFF, HEIC or PDF)") from exc


def _enable_heif(name: str) -> None:
    global _heif_ready
    if _heif_ready is None:
        try:
            import pillow_heif

            pillow_heif.register_heif_opener()
            _heif_ready = True
        except ImportError:
            _heif_ready = False
    if not _heif_ready:
        raise CaptureError(f"{name}: reading HEIC photos needs the pillow-heif package "
                           f"(pip install pillow-heif); or export the photo as JPEG")


def _rasterise_pdf(path: Path) -> list[np.ndarray]:
    try:
        import pypdfium2 as pdfium
    except ImportError as exc:
        raise CaptureError(f"{path.name}: reading PDF scans needs the pypdfium2 package "
                           f"(pip install pypdfium2); or save the scans as PNG or JPEG") from exc
    try:
        doc = pdfium.PdfDocument(str(path))
    except Exception as exc:  # pdfium raises its own PdfiumError for damaged or encrypted files
        raise CaptureError(f"cannot read PDF {path}: {exc}; save the scans again as PDF, PNG or JPEG") from exc
    try:
        if len(doc) == 0:
            raise CaptureError(f"{path.name}: the PDF has no pages")
        pages = []
        for k in range(len(doc)):
            page = doc[k]
            width, height = page.get_size()  # points, 1/72 inch
            name = f"{path.name} page {k + 1}"
            # Checked before rendering: a PDF page can claim any size.
            check_pixels(math.ceil(width * PDF_DPI / 72), math.ceil(height * PDF_DPI / 72), name)
            bitmap = page.render(scale=PDF_DPI / 72, grayscale=True)
            pages.append(pil_to_gray(bitmap.to_pil(), name))
        return pages
    except CaptureError:
        raise
    except Exception as exc:
        raise CaptureError(f"cannot rasterise {path}: {exc}; save the scans again as PNG or JPEG") from exc
    finally:
        doc.close()


def sharpness(gray: np.ndarray) -> float:
    """Edge steepness at ~1,600 px: how fast the page's edges rise, over the page's contrast (1.0: blank).

    A focused scan has ink and marker edges that go from dark to light within a pixel or two (~0.23 for
    the test scans); a photo out of focus spreads them over many pixels (markers stop being found near
    0.09). Only edge pixels are looked at, so a sparse page is not taken for a blurred one, and noise
    barely moves it, unlike the variance of the Laplacian.
    """
    scale = min(1.0, 1600 / max(gray.shape))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    small = cv2.GaussianBlur(small.astype(np.float32), (0, 0), 0.7)  # tames sensor noise and JPEG blocks
    lo, hi = np.percentile(small, (0.1, 99.9))
    contrast = float(hi - lo)
    if contrast < 40:  # a blank or nearly blank image: nothing to judge focus by
        return 1.0
    gradient = np.hypot(cv2.Sobel(small, cv2.CV_32F, 1, 0, ksize=3), cv2.Sobel(small, cv2.CV_32F, 0, 1, ksize=3)) / 8
    edges = gradient[gradient > 0.05 * contrast]
    return float(np.percentile(edges, 90)) / contrast if edges.size else 1.0
