"""The HTML pages about documents: search, one document, its original, preview and HTML view."""

from __future__ import annotations

import bisect
import json
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import Route

from nutgraf.errors import NotFound, QueryError
from nutgraf.families import family_of
from nutgraf.search import SORTS, document_date, document_hits
from nutgraf.search.combine import top_level, unparse, without
from nutgraf.search.query import Filter, Phrase, Term, parse
from nutgraf.web import page_view, params, preview, reading, render, safe_html
from nutgraf.web.api import case_of, document_summary
from nutgraf.web.text_html import pieces_html

PAGE_SIZE = 20
HTML_VIEW_TYPES = ("message/rfc822", "text/html", "application/xhtml+xml")
# The frame that shows a mail's HTML may fetch nothing at all; inline data images only.
FRAME_POLICY = "default-src 'none'; img-src data:; frame-ancestors 'self'; sandbox"
FACET_LABELS = {
    "type": "Type",
    "lang": "Language",
    "year": "Year",
    "sender": "Sender",
    "entity": "Named",
    "has": "Has",
    "currency": "Currency",
}


def render_page(request: Request, template: str, context: dict[str, Any], status: int = 200):
    templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status)


# facet → the query field that filters on it (facets count ids and addresses; people type names)
# (the sender and entity facets filter on the exact value counted: an address, an entity id)
FACET_FILTERS = {"sender": "sender", "entity": "entity"}


def facet_filter(name: str, bucket: dict[str, Any]) -> str:
    """The filter a facet value stands for: `type:html`, `sender:ana@x.example`, `entity:ID`.

    Each names exactly the value the facet counted, so the filter returns exactly its count.
    """
    value = str(bucket["value"]).replace('"', " ").strip()  # no quote inside a query's quotes
    return f"{FACET_FILTERS.get(name, name)}:{_quoted(value)}"


def _quoted(value: str) -> str:
    return f'"{value}"' if any(c.isspace() or c in "()" for c in value) or not value else value


def search_url(
    query: str,
    sort: str,
    filters: list[str] | tuple[str, ...],
    page: int = 1,
    collapse: bool = False,
) -> str:
    pairs = [("q", query), ("sort", sort)] + [("filter", f) for f in filters]
    pairs += [("collapse", "1")] if collapse else []  # one hit per version group
    return "/?" + urlencode(pairs + ([("page", page)] if page > 1 else []))


def _facet_links(
    query: str,
    sort: str,
    filters: tuple[str, ...],
    found: dict[str, list[dict]] | None,
    collapse: bool = False,
) -> list[dict]:
    """Each facet value with the URL that adds it as a filter, or takes it away when present.

    A filter is combined with the query as a whole (`(query) AND filter`), never pasted
    after it. A filter typed in the query itself at its top level (`type:email payment`)
    shows as chosen too, and its link takes it out of the query.
    """
    tree = parse(query)
    typed = {
        unparse(part): part for part in top_level(tree) if isinstance(part, Filter | Term | Phrase)
    }
    groups = []
    for name, buckets in (found or {}).items():
        items = []
        for bucket in buckets:
            term = facet_filter(name, bucket)
            try:
                canonical = unparse(parse(term))
            except QueryError:  # a value no query can name (no letters): no link for it
                continue
            if term in filters:
                kept = tuple(f for f in filters if f != term)
                url = search_url(query, sort, kept, collapse=collapse)
            elif canonical in typed:
                url = search_url(without(tree, typed[canonical]), sort, filters, collapse=collapse)
            else:
                url = search_url(query, sort, (*filters, term), collapse=collapse)
            items.append(
                {
                    "value": bucket.get("name") or str(bucket["value"]),
                    "count": bucket["count"],
                    "active": term in filters or canonical in typed,
                    "url": url,
                }
            )
        if items:
            groups.append({"field": name, "label": FACET_LABELS.get(name, name), "items": items})
    return groups


async def search_page(request: Request) -> Response:
    query = params.text(request, "q", "") or ""
    sort = params.choice(request, "sort", SORTS, "relevance")
    page = params.integer(request, "page", 1, low=1, high=100_000)
    filters = params.filters(request)
    collapse = params.text(request, "collapse") == "1"
    case = case_of(request)
    results, versions = reading.search_for_page(
        case, query, PAGE_SIZE, (page - 1) * PAGE_SIZE, collapse, sort=sort, filters=filters
    )
    hits = [
        {
            "doc": hit.document,
            "date": (document_date(hit.document) or "")[:10],
            "family": family_of(hit.document.mime),
            "snippets": [(s.page, render.snippet_parts(s)) for s in hit.snippets],
            "versions": versions.get(hit.document.id, {}).get("versions", 0),
            "via": hit.via,
        }
        for hit in results.hits
    ]
    last_page = max(1, -(-results.total // PAGE_SIZE))
    return render_page(
        request,
        "search.html",
        {
            "query": query,
            "sort": sort,
            "sorts": SORTS,
            "page": page,
            "last_page": last_page,
            "total": results.total,
            "hits": hits,
            "notes": results.notes(),
            "filters": [
                {
                    "text": f,
                    "remove": search_url(
                        query, sort, tuple(x for x in filters if x != f), collapse=collapse
                    ),
                }
                for f in filters
            ],
            "facets": _facet_links(query, sort, filters, results.facets, collapse),
            "page_url": lambda n: search_url(query, sort, filters, n, collapse),
            "collapse": collapse,
        },
    )


def _metadata_rows(metadata: dict[str, Any]) -> list[tuple[str, str]]:
    rows = []
    for key, value in metadata.items():
        if key.endswith("_addresses"):
            continue  # the same people as from/to/cc, listed under the mentions
        shown = ", ".join(map(str, value)) if isinstance(value, list) else value
        if isinstance(shown, dict):
            shown = json.dumps(shown, ensure_ascii=False)
        rows.append((key, str(shown)))
    return rows


async def document_page(request: Request) -> Response:
    store = case_of(request).store
    doc = store.document(request.path_params["doc_id"])
    facts = list(store.facts(doc_id=doc.id))
    mentions = store.document_mentions(doc.id)
    pages = store.pages(doc.id)
    text = store.text(doc.id)
    query = (params.text(request, "q", "") or "").strip()
    hits = document_hits(case_of(request).index, query, text, doc.language) if query else []
    # a paged document's page opens at the page of the first hit
    first_hit_page = bisect.bisect_right(pages, hits[0][0]) if hits and pages else 1
    kinds: dict[str, int] = {}
    for fact in facts:
        kinds[fact["kind"]] = kinds.get(fact["kind"], 0) + 1
    parent = None
    if doc.parent_id:
        parent = document_summary(store.document(doc.parent_id))
    context = {
        "doc": doc,
        "family": family_of(doc.mime),
        "parent": parent,
        "paths": store.paths(doc.id),
        "metadata": _metadata_rows(doc.metadata),
        "text_html": pieces_html(
            render.with_hits(render.text_pieces(text, facts, mentions, pages), hits)
        ),
        "query": query,
        "hit_count": len(hits),
        "first_hit_page": first_hit_page,
        "truncated": len(text) > render.DISPLAY_LIMIT,
        "page_count": len(pages),
        "fact_kinds": sorted(kinds.items(), key=lambda item: -item[1]),
        "header_mentions": [m for m in mentions if m["start"] is None],
        "text_entities": _distinct_entities(m for m in mentions if m["start"] is not None),
        "can_preview": preview.can_preview(doc.mime),
        "is_pdf": doc.mime == preview.PDF_TYPE,
        "has_html_view": _has_html_view(case_of(request), doc),
    }
    if context["can_preview"]:  # the page image with its marks drawn (web/page_view.py)
        shown = params.integer(request, "page", 0, low=0, high=100_000) or first_hit_page
        spans = page_view.spans_of(facts, mentions, hits)
        marks = page_view.marks_for(request, doc, shown, spans, text, pages)
        context["page_view"] = page_view.view_context(marks) | {"offsets": pages or [0]}
    context |= reading.document_extras(store, doc.id)  # children, conversation (reading.py)
    context["translated_segments"] = len(store.translated_segments(doc.id))  # translation.py
    return render_page(request, "document.html", context)


def _has_html_view(case: Any, doc: Any) -> bool:
    """A web page has one; a mail only when it has an HTML body (else an empty frame would
    push its text below the fold)."""
    if doc.mime not in HTML_VIEW_TYPES:
        return False
    if doc.mime != "message/rfc822":
        return True
    path = case.blobs.path(doc.sha256)
    return path.is_file() and safe_html.has_mail_html(path.read_bytes())


def _distinct_entities(mentions) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for mention in mentions:
        entry = seen.setdefault(mention["entity_id"], mention | {"count": 0})
        entry["count"] += 1
    return sorted(seen.values(), key=lambda m: -m["count"])


def _blob_path(request: Request):
    case = case_of(request)
    doc = case.store.document(request.path_params["doc_id"])
    path = case.blobs.path(doc.sha256)
    if not path.is_file():
        raise NotFound(f"the original of {doc.id} is not in the blob store")
    return doc, path


async def original(request: Request) -> Response:
    """The original bytes, always as a download of an opaque type: never rendered inline."""
    doc, path = _blob_path(request)
    name = doc.path.rsplit("/", 1)[-1] or doc.id
    return FileResponse(
        path,
        media_type="application/octet-stream",
        filename=name,
        content_disposition_type="attachment",
        headers={"content-security-policy": "default-src 'none'; sandbox"},
    )


async def preview_image(request: Request) -> Response:
    doc, path = _blob_path(request)
    page = params.integer(request, "page", 1, low=1, high=100_000)
    png = preview.preview_png(path, doc.mime, page)
    return Response(
        png, media_type="image/png", headers={"content-security-policy": "default-src 'none'"}
    )


async def html_view(request: Request) -> Response:
    """A mail's (or web page's) HTML, sanitised, for the sandboxed frame of the document page."""
    doc, path = _blob_path(request)
    if doc.mime not in HTML_VIEW_TYPES:
        raise NotFound(f"{doc.id} is {doc.mime}: no HTML view")
    data = path.read_bytes()
    body = safe_html.mail_html(data) if doc.mime == "message/rfc822" else safe_html.page_html(data)
    if body is None:
        body = "<p>This message has no HTML body; its text is on the document page.</p>"
    page = (
        '<!doctype html><html><head><meta charset="utf-8"><title>HTML view</title></head>'
        f'<body dir="auto">{body}</body></html>'
    )
    return HTMLResponse(page, headers={"content-security-policy": FRAME_POLICY})


routes = [
    Route("/", search_page, name="search"),
    Route("/documents/{doc_id}", document_page, name="document"),
    Route("/documents/{doc_id}/original", original, name="original"),
    Route("/documents/{doc_id}/preview.png", preview_image, name="preview"),
    Route("/documents/{doc_id}/view.html", html_view, name="html_view"),
]
