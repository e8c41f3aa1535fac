"""Previews as freshly encoded PNG: a browser never parses a leaked file's own bytes.

Images are decoded by Pillow and re-encoded, PDF pages are rendered by pdfium. Whatever the
original hid (a polyglot, an SVG script, a malformed header aimed at the browser's decoder)
does not survive into what the browser is handed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image, ImageOps, UnidentifiedImageError

from nutgraf.errors import NotFound

PREVIEW_SIZE = 1400  # longest side in pixels
RASTER_TYPES = (
    "image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp", "image/tiff", "image/jp2",
)  # fmt: skip
PDF_TYPE = "application/pdf"


def can_preview(mime: str) -> bool:
    return mime in RASTER_TYPES or mime == PDF_TYPE


def preview_png(path: Path, mime: str, page: int = 1) -> bytes:
    """A PNG of one page (1-based) of the PDF or of a multi-page image; NotFound when impossible."""
    if mime in RASTER_TYPES:
        return _image_png(path, page)
    if mime == PDF_TYPE:
        return _pdf_page_png(path, page)
    raise NotFound(f"no preview for {mime or 'this type'}")


def _image_png(path: Path, page: int = 1) -> bytes:
    """The frame as OCR read it (ingest/formats/image.py): turned upright by its orientation
    tag, so that word boxes drawn over it stand where the words are."""
    try:
        with Image.open(path) as image:
            frames = getattr(image, "n_frames", 1) if image.format == "TIFF" else 1
            if not 1 <= page <= frames:
                raise NotFound(f"no page {page}: the image has {frames}")
            image.seek(page - 1)
            shown = ImageOps.exif_transpose(image) or image
            shown.thumbnail((PREVIEW_SIZE, PREVIEW_SIZE))
            return _png(shown.convert("RGBA") if shown.mode not in ("RGB", "RGBA") else shown)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise NotFound(f"the image cannot be previewed ({type(error).__name__})") from error


def _pdf_page_png(path: Path, page: int) -> bytes:
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        raise NotFound(f"the PDF cannot be previewed ({error})") from error
    try:
        if not 1 <= page <= len(document):
            raise NotFound(f"no page {page}: the PDF has {len(document)} pages")
        pdf_page = document[page - 1]
        width, height = pdf_page.get_size()
        scale = min(2.0, PREVIEW_SIZE / max(width, height, 1))
        return _png(pdf_page.render(scale=scale).to_pil())
    finally:
        document.close()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
