"""A page as it looks, with the hits, facts and names of its text drawn where they stand.

A span of the document's text is placed on its page in one of two ways:
- an OCRed page (a scan, an image): the word boxes tesseract gave, kept with the text at
  ingest (store/boxes.py); a span covers the words it overlaps, one rectangle per line;
- a PDF page read from its text layer: PDFium's character boxes, measured now
  (ingest/formats/pdf_geometry.py), only where the stored text is proven to be that layer.
A span that cannot be placed is counted, never drawn at a guessed place.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from nutgraf.ingest.formats.pdf import PAGE_SEPARATOR
from nutgraf.ingest.formats.pdf_geometry import Rect, layer_rects, merged_lines
from nutgraf.model import Document, WordBox
from nutgraf.store.sql import SqlStore

PDF = "application/pdf"


@dataclass(frozen=True)
class Span:
    """Something to show on the page: a hit, a fact or a mention, by its text offsets."""

    kind: str  # hit | fact | mention
    start: int
    end: int
    label: str = ""  # the fact's kind or the entity's type
    title: str = ""  # what a reader sees when pointing at it
    target: str = ""  # the entity id of a mention


@dataclass(frozen=True)
class Placed:
    span: Span
    rects: list[Rect]


@dataclass
class PageMarks:
    page: int  # 1-based
    page_count: int
    start: int  # the page's text in the document's text
    end: int
    method: str  # "ocr", "text layer", or "" when nothing on this page can be placed
    placed: list[Placed] = field(default_factory=list)
    unplaced: int = 0  # spans of this page that have no place on it


def page_count(doc: Document, pages: list[int]) -> int:
    return max(len(pages), 1) if doc.mime == PDF or doc.mime.startswith("image/") else 0


def page_of(pages: list[int], offset: int) -> int:
    """The 1-based page a text offset falls on."""
    return max(bisect.bisect_right(pages, offset), 1)


def page_range(pages: list[int], page: int, text_length: int) -> tuple[int, int]:
    start = pages[page - 1] if pages else 0
    end = pages[page] - len(PAGE_SEPARATOR) if page < len(pages) else text_length
    return start, max(start, end)


def page_marks(
    store: SqlStore,
    original: Path,
    doc: Document,
    page: int,
    spans: Iterable[Span],
    text_and_pages: tuple[str, list[int]] | None = None,
) -> PageMarks:
    """The spans that fall on `page`, each with its rectangles on that page (`text_and_pages`:
    the document's, when the caller has already read them)."""
    text, pages = text_and_pages or store.text_and_pages(doc.id)
    count = page_count(doc, pages)
    page = min(max(page, 1), max(count, 1))
    start, end = page_range(pages, page, len(text))
    mine = [span for span in spans if span.start < end and span.end > start]
    marks = PageMarks(page, count, start, end, method="")
    if not mine:
        marks.method = _method(store, doc, page)
        return marks
    rects = _rects(store, original, doc, page, text[start:end], start, mine)
    if rects is not None:
        marks.method, found = rects
        for span, span_rects in zip(mine, found, strict=True):
            if span_rects:
                marks.placed.append(Placed(span, span_rects))
    marks.unplaced = len(mine) - len(marks.placed)
    return marks


def _is_ocr_page(doc: Document, page: int) -> bool:
    if doc.mime.startswith("image/"):
        return True
    return page in (doc.metadata.get("ocr_pages") or [])


def _method(store: SqlStore, doc: Document, page: int) -> str:
    if _is_ocr_page(doc, page):
        return "ocr" if page in store.pages_with_boxes(doc.id) else ""
    return "text layer" if doc.mime == PDF else ""


def _rects(
    store: SqlStore,
    original: Path,
    doc: Document,
    page: int,
    page_text: str,
    offset: int,
    spans: list[Span],
) -> tuple[str, list[list[Rect]]] | None:
    if _is_ocr_page(doc, page):
        words = store.page_boxes(doc.id, page)
        if not words:
            return None
        return "ocr", [word_rects(words, span.start, span.end) for span in spans]
    if doc.mime != PDF or not original.is_file():
        return None
    local = [(span.start - offset, span.end - offset) for span in spans]
    found = layer_rects(original, page - 1, page_text, local)
    return None if found is None else ("text layer", found)


def word_rects(words: list[WordBox], start: int, end: int) -> list[Rect]:
    """The boxes of the words a span overlaps, a rectangle per line."""
    covered = [
        (word.x0, word.y0, word.x1, word.y1)
        for word in words
        if word.start < end and word.end > start
    ]
    return merged_lines(covered)
