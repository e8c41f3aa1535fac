"""Text a PDF holds outside its pages' content: form field values and annotations.

An AcroForm's filled-in values and a FreeText or sticky-note annotation are not in the page's
text layer, and a page that holds nothing else renders blank, so OCR never runs on it. PDFium
reads them: form fields through a form environment, annotations through their `Contents`.
Each page's such text is appended to that page's text, one item per line, unless the page
text already holds it (some writers also draw the value into the page).
"""

from __future__ import annotations

import ctypes
from dataclasses import replace
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from nutgraf.ingest.formats.base import Source

MAX_ITEM_CHARS = 100_000
MAX_ANNOTATIONS_PER_PAGE = 5_000
# buttons, check boxes and radio buttons hold states ("Off", "Yes"), not text
_STATES = {
    pdfium_raw.FPDF_FORMFIELD_PUSHBUTTON,
    pdfium_raw.FPDF_FORMFIELD_CHECKBOX,
    pdfium_raw.FPDF_FORMFIELD_RADIOBUTTON,
}
_SKIPPED = {pdfium_raw.FPDF_ANNOT_POPUP, pdfium_raw.FPDF_ANNOT_LINK}  # a popup repeats its parent


def with_annotation_text(source: Source, pages: list[Any]) -> list[Any]:
    """`pages` (PageText items) with each page's form values and annotation text appended."""
    if not any(getattr(page, "annotated", True) for page in pages):
        return pages  # no page has any: not worth a second handle and every page again
    document = _open(source)
    if document is None:
        return pages
    try:
        document.init_forms()
        form = document.formenv.raw if document.formenv else None
        found = list(pages)
        for index, page_text in enumerate(pages):
            extra = [
                item for item in _page_items(document, index, form) if item not in page_text.text
            ]
            if extra:
                joined = "\n".join(dict.fromkeys(extra))
                separator = "\n\n" if page_text.text else ""
                found[index] = replace(page_text, text=page_text.text + separator + joined)
        return found
    except pdfium.PdfiumError:
        return pages
    finally:
        document.close()


def _open(source: Source) -> pdfium.PdfDocument | None:
    # its own handle: a form environment must exist before any page is loaded
    for password in (None, *source.passwords):
        try:
            return pdfium.PdfDocument(source.path, password=password)
        except pdfium.PdfiumError:
            continue
    return None


def _page_items(document: pdfium.PdfDocument, index: int, form: Any) -> list[str]:
    page = document[index]
    try:
        count = min(pdfium_raw.FPDFPage_GetAnnotCount(page.raw), MAX_ANNOTATIONS_PER_PAGE)
        items = []
        for number in range(count):
            annotation = pdfium_raw.FPDFPage_GetAnnot(page.raw, number)
            if not annotation:
                continue
            try:
                text = _annotation_text(annotation, form)
            finally:
                pdfium_raw.FPDFPage_CloseAnnot(annotation)
            if text:
                items.append(text)
        return items
    finally:
        page.close()


def _annotation_text(annotation: Any, form: Any) -> str:
    subtype = pdfium_raw.FPDFAnnot_GetSubtype(annotation)
    if subtype in _SKIPPED:
        return ""
    if subtype == pdfium_raw.FPDF_ANNOT_WIDGET:
        if form is None or pdfium_raw.FPDFAnnot_GetFormFieldType(form, annotation) in _STATES:
            return ""
        return _utf16(
            lambda buffer, size: pdfium_raw.FPDFAnnot_GetFormFieldValue(
                form, annotation, buffer, size
            )
        )
    return _utf16(
        lambda buffer, size: pdfium_raw.FPDFAnnot_GetStringValue(
            annotation, b"Contents", buffer, size
        )
    )


def _utf16(call: Any) -> str:
    """PDFium's two-call pattern: ask the size in bytes, then fill a UTF-16LE buffer."""
    size = call(None, 0)
    if size <= 2 or size > MAX_ITEM_CHARS * 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    call(ctypes.cast(buffer, ctypes.POINTER(pdfium_raw.FPDF_WCHAR)), size)
    text = buffer.raw[: size - 2].decode("utf-16-le", "replace")
    return " ".join(text.replace("\r", "\n").split()) if "\n" not in text else text.strip()
