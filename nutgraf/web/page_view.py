"""The page viewer of the document page: the page image with its hits, facts and names drawn
as boxes where they stand (nutgraf/page_view.py places them), and its JSON for paging.

Boxes are SVG rectangles over the image, in 1/10000 of the page: the page policy forbids
inline styles, and SVG geometry is markup, not style. Each box links to its mark in the text;
static/pages.js does the other way (a click on a mark in the text shows it on the page).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from nutgraf import page_view
from nutgraf.model import Document
from nutgraf.page_view import PageMarks, Span
from nutgraf.search import document_hits
from nutgraf.web import params, render
from nutgraf.web.api import case_of

SVG_UNITS = 10_000
PAD = 0.15  # of a box's height, around it
METHODS = {
    "ocr": "boxes from OCR (word by word)",
    "text layer": "boxes from the PDF's text layer",
    "": "no positions on this page",
}


def spans_of(facts: list[dict], mentions: list[dict], hits: list[tuple[int, int]]) -> list[Span]:
    spans = [Span("hit", start, end, "hit", "search hit") for start, end in hits]
    spans += [Span("fact", f["start"], f["end"], f["kind"], render.fact_title(f)) for f in facts]
    for m in mentions:
        if m.get("start") is not None:
            title = f"{m['type']}: {m['name']}"
            spans.append(Span("mention", m["start"], m["end"], m["type"], title, m["entity_id"]))
    return spans


def marks_for(
    request: Request, doc: Document, page: int, spans: list[Span], text: str, pages: list[int]
) -> PageMarks:
    case = case_of(request)
    original = case.blobs.path(doc.sha256)
    return page_view.page_marks(case.store, original, doc, page, spans, (text, pages))


def view_context(marks: PageMarks) -> dict[str, Any]:
    """What the template draws: each placed span with its rectangles in SVG units."""
    order = {"mention": 0, "fact": 1, "hit": 2}  # hits drawn last, on top
    boxes = []
    for placed in sorted(marks.placed, key=lambda placed: order[placed.span.kind]):
        span = placed.span
        anchor = {"fact": f"f{span.start}", "mention": f"m{span.start}"}.get(span.kind, "")
        rects = [_svg_rect(rect) for rect in placed.rects]
        boxes.append({"span": span, "anchor": anchor, "rects": rects})
    return {"marks": marks, "boxes": boxes, "method_text": METHODS[marks.method]}


def _svg_rect(rect: tuple[float, float, float, float]) -> dict[str, int]:
    """In SVG units, a little larger than the glyphs (PDFium's boxes are tight to the ink,
    so a box would cut descenders and hide the first and last stroke)."""
    x0, y0, x1, y1 = rect
    pad = (y1 - y0) * PAD
    return {
        "x": round((x0 - pad / 2) * SVG_UNITS),
        "y": round((y0 - pad) * SVG_UNITS),
        "width": max(round((x1 - x0 + pad) * SVG_UNITS), 1),
        "height": max(round((y1 - y0 + 2 * pad) * SVG_UNITS), 1),
    }


def as_json(doc: Document, marks: PageMarks) -> dict[str, Any]:
    return {
        "id": doc.id,
        "page": marks.page,
        "page_count": marks.page_count,
        "start": marks.start,
        "end": marks.end,
        "method": marks.method or None,
        "image": f"/documents/{doc.id}/preview.png?page={marks.page}",
        "unplaced": marks.unplaced,
        "marks": [
            {
                "kind": placed.span.kind,
                "start": placed.span.start,
                "end": placed.span.end,
                "label": placed.span.label,
                "title": placed.span.title,
                "entity_id": placed.span.target or None,
                "rects": [[round(value, 5) for value in rect] for rect in placed.rects],
            }
            for placed in marks.placed
        ],
    }


async def page_api(request: Request) -> Response:
    """One page's marks, placed: for the page viewer's paging and for scripts."""
    store = case_of(request).store
    doc = store.document(request.path_params["doc_id"])
    page = params.integer(request, "page", 1, low=1, high=100_000)
    text, pages = store.text_and_pages(doc.id)
    query = (params.text(request, "q", "") or "").strip()
    hits = document_hits(case_of(request).index, query, text, doc.language) if query else []
    facts = list(store.facts(doc_id=doc.id))
    mentions = store.document_mentions(doc.id)
    marks = marks_for(request, doc, page, spans_of(facts, mentions, hits), text, pages)
    return JSONResponse(as_json(doc, marks))


routes = [Route("/api/documents/{doc_id}/page", page_api, name="api_page")]
