"""Where a span of a PDF page's text layer sits on the page, measured when the page is shown.

Nothing is stored at ingest for a text layer: PDFium knows each character's box, so a span
of the stored text is mapped back to PDFium's characters when a page is shown. The mapping is
only given when it is proven: the page's stored text must begin with the text layer as
`pdf.read_page` cleans it, and every character of that text must be found, in order, in
PDFium's characters (cleaning only drops characters or replaces one by one). Otherwise the
page has no boxes rather than boxes in the wrong place.
"""

from __future__ import annotations

import ctypes
import re
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from nutgraf.ingest.formats._pdf_spacing import respaced_text
from nutgraf.ingest.formats.pdf import clean_text

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1: fractions of the shown page
DEVICE = 100_000  # device units the page is mapped onto, for fractions to 1/100000

# what pdf.read_page and the reader make of a character, one for one
_SAME_AS = {"\r": "\n", "\xad": "-", "\xa0": " "}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")  # as nutgraf.ingest.reader stores it


def layer_rects(path: Path, page_index: int, page_text: str, spans: list[tuple[int, int]]):
    """For each span (offsets into the stored text of this page), its rectangles on the page.

    Returns None when the page's text is not its text layer (an OCRed page, another reading)
    or the PDF cannot be opened; a span beyond the text layer (annotation text) gets [].
    """
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return None
    try:
        if not 0 <= page_index < len(document):
            return None
        page = document[page_index]
        try:
            return _page_rects(page, page_text, spans)
        finally:
            page.close()
    finally:
        document.close()


def _page_rects(page: pdfium.PdfPage, page_text: str, spans: list[tuple[int, int]]):
    textpage = page.get_textpage()
    try:
        layer = _CONTROL.sub(
            " ", clean_text(respaced_text(textpage) or textpage.get_text_bounded())
        )
        if not layer or not page_text.startswith(layer):
            return None
        char_of = _char_indices(textpage, layer)
        if char_of is None:
            return None
        return [_span_rects(page, textpage, char_of, start, end) for start, end in spans]
    finally:
        textpage.close()


def _char_indices(textpage: pdfium.PdfTextPage, layer: str) -> list[int] | None:
    """PDFium's character index for each character of `layer`, or None if one is missing."""
    found: list[int] = []
    position = 0
    for index, char in enumerate(_characters(textpage)):
        if position == len(layer):
            break
        if _SAME_AS.get(char, char) == layer[position] or (
            layer[position] == " " and _CONTROL.match(char)
        ):
            found.append(index)
            position += 1
    return found if position == len(layer) else None


def _characters(textpage: pdfium.PdfTextPage) -> str | list[str]:
    """PDFium's characters, one per character index: the page's text in one call when it has
    one code unit per index (nearly always), else asked for one by one."""
    count = textpage.count_chars()
    whole = textpage.get_text_range(0, count) if count > 0 else ""
    if len(whole) == count:
        return whole
    return [chr(pdfium_raw.FPDFText_GetUnicode(textpage.raw, index)) for index in range(count)]


def _span_rects(
    page: pdfium.PdfPage,
    textpage: pdfium.PdfTextPage,
    char_of: list[int],
    start: int,
    end: int,
) -> list[Rect]:
    start, end = max(start, 0), min(end, len(char_of))
    if start >= end:
        return []
    first, last = char_of[start], char_of[end - 1]
    rects = []
    for number in range(textpage.count_rects(first, last - first + 1)):
        left, bottom, right, top = textpage.get_rect(number)
        x0, y0 = _to_page_fraction(page, left, top)
        x1, y1 = _to_page_fraction(page, right, bottom)
        rect = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
        if _on_page(rect):  # text set off the page (or a broken matrix) is not shown
            rects.append(rect)
    return merged_lines(rects)


def _on_page(rect: Rect) -> bool:
    return all(-0.01 <= value <= 1.01 for value in rect)


def merged_lines(rects: list[Rect]) -> list[Rect]:
    """Neighbouring rectangles of one line as one (some PDFs give a rectangle per glyph)."""
    lines: list[Rect] = []
    for rect in rects:
        if lines and _same_line(lines[-1], rect):
            last = lines[-1]
            lines[-1] = (
                min(last[0], rect[0]), min(last[1], rect[1]),
                max(last[2], rect[2]), max(last[3], rect[3]),
            )  # fmt: skip
        else:
            lines.append(rect)
    return lines


def _same_line(left: Rect, right: Rect) -> bool:
    """Do the two overlap in height by half the smaller one, with at most a space between?"""
    overlap = min(left[3], right[3]) - max(left[1], right[1])
    height = min(left[3] - left[1], right[3] - right[1])
    gap = right[0] - left[2]
    return height > 0 and overlap >= height / 2 and -height <= gap <= 1.5 * height


def _to_page_fraction(page: pdfium.PdfPage, x: float, y: float) -> tuple[float, float]:
    """A point in PDF page space as fractions of the page as rendered (crop box, /Rotate)."""
    device_x, device_y = ctypes.c_int(), ctypes.c_int()
    pdfium_raw.FPDF_PageToDevice(
        page.raw, 0, 0, DEVICE, DEVICE, 0, x, y, ctypes.byref(device_x), ctypes.byref(device_y)
    )
    return device_x.value / DEVICE, device_y.value / DEVICE
