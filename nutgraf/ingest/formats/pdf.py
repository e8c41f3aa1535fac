"""PDF: the text layer of each page (pypdfium2), and OCR for pages that lack a usable one.

Text: pages are joined with PAGE_SEPARATOR ("\\n\\f\\n": a form feed on a line of its own, so
page breaks survive in plain text and never glue two words together); `pages` holds the
offset at which each page's text starts. A page is OCRed (rendered at 300 dpi) when its text
layer is empty or garbage (e.g. fonts without a Unicode map give control characters), or when
it holds little text over a page-sized image (a scan with a stamped page number): the OCR
text replaces the layer if it found more. Metadata "ocr_pages" lists those page numbers
(1-based) and "ocr_confidence" their mean word confidence.

Encrypted files are opened with the empty password, then each of `source.passwords`.
Embedded files (the document's EmbeddedFiles) become children.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, cast

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image

from nutgraf.errors import Corrupt, Encrypted, FileError, TooLarge, Unsupported
from nutgraf.ingest.formats._pdf_annotations import with_annotation_text
from nutgraf.ingest.formats._pdf_spacing import respaced_text
from nutgraf.ingest.formats.base import Child, Extraction, Limits, Source
from nutgraf.ingest.ocr import ocr_image, ocr_is_deferred
from nutgraf.model import WordBox

MIME_TYPES: tuple[str, ...] = ("application/pdf",)

PAGE_SEPARATOR = "\n\f\n"
OCR_DPI = 300
PREVIEW_DPI = 36  # enough to tell a blank page from a marked one before OCR is put off
MAX_RENDER_PIXELS = 30_000_000  # a poster-sized page is rendered below 300 dpi
MIN_LETTERS = 3  # fewer letters or digits than this is no text layer at all
FEW_LETTERS = 200  # below this, a page-sized image suggests a scan with a stamp on it
SCAN_COVERAGE = 0.5  # share of the page an image must cover to count as a scan
MIN_LETTER_SHARE = 0.4  # letters and digits among visible characters, in real text
MAX_BAD_SHARE = 0.1  # control, private-use or unassigned characters, in real text

_METADATA_KEYS = {
    "Title": "title",
    "Author": "author",
    "Subject": "subject",
    "Keywords": "keywords",
    "Creator": "creator",
    "Producer": "producer",
}
_DATE_KEYS = {"CreationDate": "created", "ModDate": "modified"}
_PDF_DATE = re.compile(
    r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?"
    r"(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?"
)
_NOT_ALNUM = re.compile(r"[\W_]+")  # \w is str.isalnum() or "_"
_UNWANTED_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


@dataclass
class PageText:
    text: str
    ocr_confidence: float | None = None  # set when the text came from OCR
    ocr_error: str | None = None
    # False once the page was seen to have no annotation (nor form field): when no page has
    # one, the annotation pass (`_pdf_annotations.py`) does not open the document again
    annotated: bool = True
    boxes: tuple[tuple[int, int, float, float, float, float], ...] = ()  # OCR words


def extract(source: Source) -> Extraction:
    document = open_document(source)
    try:
        page_count = len(document)
        if page_count > source.limits.max_pages:
            raise TooLarge(
                f"too_large: PDF has {page_count} pages (limit {source.limits.max_pages})"
            )
        metadata = read_metadata(document)
        metadata["page_count"] = page_count
        pages = [read_page(document, index, source.ocr_languages) for index in range(page_count)]
        pages = with_annotation_text(source, pages)  # (h-ingest) form values, annotations
        children = read_attachments(document, source.limits, metadata)
    finally:
        document.close()
    return assemble(pages, metadata, children, source.limits)


def open_document(source: Source) -> pdfium.PdfDocument:
    """Open with no password, then each supplied one; raise a FileError naming why it fails."""
    if source.path.stat().st_size == 0:
        raise Corrupt("corrupt: empty file (0 bytes)")
    for password in (None, *source.passwords):
        try:
            return pdfium.PdfDocument(source.path, password=password)
        except pdfium.PdfiumError as error:
            if getattr(error, "err_code", None) != pdfium_raw.FPDF_ERR_PASSWORD:
                raise _open_error(error) from None
    if source.passwords:
        raise Encrypted(
            f"encrypted: PDF needs a password (none of the {len(source.passwords)} "
            "supplied passwords opens it)"
        )
    raise Encrypted("encrypted: PDF needs a password")


def _open_error(error: pdfium.PdfiumError) -> FileError:
    code = getattr(error, "err_code", None)
    if code == pdfium_raw.FPDF_ERR_SECURITY:
        return Unsupported("unsupported: PDF uses an encryption scheme PDFium cannot open")
    if code == pdfium_raw.FPDF_ERR_FILE:
        return Corrupt("corrupt: PDF file cannot be opened or is truncated")
    if code == pdfium_raw.FPDF_ERR_FORMAT:
        return Corrupt("corrupt: not a readable PDF (damaged structure or not PDF data)")
    return Corrupt(f"corrupt: PDF cannot be read ({error})")


def read_metadata(document: pdfium.PdfDocument) -> dict[str, Any]:
    try:
        info = document.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return {}
    metadata: dict[str, Any] = {}
    for key, name in _METADATA_KEYS.items():
        value = _clean_value(info.get(key, ""))
        if value:
            metadata[name] = value
    for key, name in _DATE_KEYS.items():
        date = pdf_date_to_iso(info.get(key, ""))
        if date:
            metadata[name] = date
    return metadata


def pdf_date_to_iso(value: str) -> str | None:
    """PDF date ("D:20090428100656+01'00'") → ISO 8601; None when not a valid date."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, zulu, sign, tz_hour, tz_minute = match.groups()
    try:
        moment = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
        offset = None
        if zulu:
            offset = UTC
        elif sign:
            delta = timedelta(hours=int(tz_hour), minutes=int(tz_minute or 0))
            offset = timezone(delta if sign == "+" else -delta)
    except ValueError:
        return None
    if hour is None:
        return moment.date().isoformat()
    return moment.replace(tzinfo=offset).isoformat()


def read_page(document: pdfium.PdfDocument, index: int, languages: str) -> PageText:
    try:
        page = document[index]
    except pdfium.PdfiumError:
        return PageText("")
    try:
        found = _page_text(page, languages)
        found.annotated = pdfium_raw.FPDFPage_GetAnnotCount(page.raw) > 0
        return found
    finally:
        page.close()


def _page_text(page: pdfium.PdfPage, languages: str) -> PageText:
    raw = text_layer(page)
    usable = is_usable_text(raw)
    text = clean_text(raw) if usable else ""
    if usable and count_letters(text) >= FEW_LETTERS:
        return PageText(text)
    if usable and image_coverage(page) < SCAN_COVERAGE:
        return PageText(text)
    if not usable and not _has_objects(page):
        return PageText("")
    return _ocr_page(page, text, languages)


def text_layer(page: pdfium.PdfPage) -> str:
    """The page's text as PDFium reads it, letter-spaced words rejoined (_pdf_spacing.py)."""
    textpage = page.get_textpage()
    try:
        return respaced_text(textpage) or textpage.get_text_bounded()
    finally:
        textpage.close()


def _ocr_page(page: pdfium.PdfPage, layer_text: str, languages: str) -> PageText:
    if ocr_is_deferred():
        # OCR will be refused (and counted): skip the 300-dpi render. Downsampling only
        # narrows the grey range, so a page marked at low resolution is marked at 300 dpi.
        preview = render_page(page, PREVIEW_DPI)
        if not _is_blank(preview):
            return _ocr_text(preview, layer_text, languages)
    image = render_page(page)
    if _is_blank(image):  # a blank page: nothing for OCR to find
        return PageText(layer_text)
    return _ocr_text(image, layer_text, languages)


def _is_blank(image: Image.Image) -> bool:
    # a grayscale ("L") render: one band, so the extrema are one (low, high) pair
    low, high = cast("tuple[int, int]", image.getextrema())
    return high - low < 16


def _ocr_text(image: Image.Image, layer_text: str, languages: str) -> PageText:
    try:
        result = ocr_image(image, languages)
    except FileError as error:  # keep the text layer; say why OCR failed
        return PageText(layer_text, ocr_error=str(error))
    if count_letters(result.text) <= count_letters(layer_text):
        return PageText(layer_text)
    return PageText(result.text, ocr_confidence=result.confidence, boxes=result.boxes)


def render_page(page: pdfium.PdfPage, dpi: int = OCR_DPI) -> Image.Image:
    """The page in grayscale at `dpi`, or less if that would exceed MAX_RENDER_PIXELS."""
    width, height = page.get_size()
    scale = dpi / 72
    pixels = width * height * scale * scale
    if pixels > MAX_RENDER_PIXELS:
        scale *= (MAX_RENDER_PIXELS / pixels) ** 0.5
    return page.render(scale=scale, grayscale=True).to_pil()


def is_usable_text(text: str) -> bool:
    """Does this text layer read as text, rather than nothing or font-encoding garbage?"""
    # Counted per distinct character (Counter runs in C): a page has a few hundred
    # characters but rarely more than a hundred distinct ones.
    visible = letters = bad = 0
    for char, times in Counter(text).items():
        if char.isspace():
            continue
        visible += times
        if char.isalnum():
            letters += times
        elif _is_bad_char(char):
            bad += times
    if not visible:
        return False
    return (
        letters >= MIN_LETTERS
        and letters / visible >= MIN_LETTER_SHARE
        and bad / visible <= MAX_BAD_SHARE
    )


def _is_bad_char(char: str) -> bool:
    return char == "\ufffd" or unicodedata.category(char) in ("Cc", "Co", "Cn", "Cs")


def count_letters(text: str) -> int:
    # what is left once the regex (in C) drops everything but letters and digits
    return len(_NOT_ALNUM.sub("", text))


def clean_text(text: str) -> str:
    """Unix line ends, words rejoined at line-end hyphens, no stray controls or trailing spaces.

    PDFium marks a hyphen that ends a line with U+0002 and joins the two halves ("taki\x02mata"):
    we drop it, so the word is found by search. A soft hyphen in a PDF is a printed hyphen.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x02", "").replace("\xad", "-").replace("\xa0", " ")
    text = _UNWANTED_CONTROLS.sub("", text)
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def image_coverage(page: pdfium.PdfPage) -> float:
    """The share of the page covered by its largest image."""
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        return 0.0
    largest = 0.0
    for image in page.get_objects(filter=[pdfium_raw.FPDF_PAGEOBJ_IMAGE], max_depth=5):
        left, bottom, right, top = image.get_bounds()
        largest = max(largest, (right - left) * (top - bottom) / (width * height))
    return min(largest, 1.0)


def _has_objects(page: pdfium.PdfPage) -> bool:
    return next(iter(page.get_objects(max_depth=1)), None) is not None


def read_attachments(
    document: pdfium.PdfDocument, limits: Limits, metadata: dict[str, Any]
) -> list[Child]:
    """Embedded files as children; one over the limits is skipped and recorded, so the
    PDF's own text is never lost to an oversized attachment."""
    children: list[Child] = []
    total = 0
    for index in range(min(document.count_attachments(), limits.max_children)):
        try:
            attachment = document.get_attachment(index)
            name = attachment.get_name() or f"attachment-{index + 1}"
            data = bytes(attachment.get_data())
        except pdfium.PdfiumError:
            continue  # an attachment entry without readable data
        if len(data) > limits.max_child_bytes or total + len(data) > limits.max_total_expanded:
            skipped = {"name": name, "size": len(data), "reason": "too_large"}
            metadata.setdefault("skipped", []).append(skipped)
            continue
        total += len(data)
        child_metadata: dict[str, Any] = {}
        description = _clean_value(attachment.get_desc())
        if description:
            child_metadata["description"] = description
        children.append(Child(name=name, data=data, metadata=child_metadata))
    return children


def assemble(
    pages: list[PageText], metadata: dict[str, Any], children: list[Child], limits: Limits
) -> Extraction:
    offsets: list[int] = []
    parts: list[str] = []
    boxes: list[WordBox] = []
    position = 0
    for number, page in enumerate(pages):
        if number:
            parts.append(PAGE_SEPARATOR)
            position += len(PAGE_SEPARATOR)
        offsets.append(position)
        parts.append(page.text)
        boxes.extend(placed_boxes(number + 1, position, page.boxes))
        position += len(page.text)
    if position > limits.max_text_chars:
        raise TooLarge(f"too_large: PDF text has {position} characters")
    ocr_pages = [number + 1 for number, page in enumerate(pages) if page.ocr_confidence is not None]
    if ocr_pages:
        confidences = [page.ocr_confidence for page in pages if page.ocr_confidence is not None]
        metadata["ocr_pages"] = ocr_pages
        metadata["ocr_confidence"] = round(sum(confidences) / len(confidences), 1)
    errors = [page.ocr_error for page in pages if page.ocr_error]
    if errors:
        metadata["ocr_error"] = errors[0]
    return Extraction(
        text="".join(parts),
        metadata=metadata,
        children=children,
        pages=offsets,
        ocr=bool(ocr_pages),
        boxes=boxes,
    )


def placed_boxes(
    page: int, offset: int, boxes: tuple[tuple[int, int, float, float, float, float], ...]
) -> list[WordBox]:
    """One page's OCR word boxes, their offsets moved to where the page starts in the text."""
    return [
        WordBox(page, start + offset, end + offset, x0, y0, x1, y1)
        for start, end, x0, y0, x1, y1 in boxes
    ]


def _clean_value(value: str) -> str:
    return _UNWANTED_CONTROLS.sub("", value or "").strip()
