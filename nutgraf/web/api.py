"""The JSON API under /api/: the library's reading calls, one route each."""

from __future__ import annotations

import itertools
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from nutgraf import search as run_search
from nutgraf.case import Case
from nutgraf.model import Document
from nutgraf.names_across import links_of
from nutgraf.search import SORTS, values
from nutgraf.store.queries_entities import facts_in_context
from nutgraf.store.totals import money_totals
from nutgraf.web import params
from nutgraf.web.graph import graph_filter, network

ENTITY_TYPES = ("person", "organization", "location")
MAX_LIMIT = 1000


def case_of(request: Request) -> Case:
    """The case as this request's user may see it: kept to their collections, if granted any
    (nutgraf/web/gate.py puts that scoped case on the request), else the whole case."""
    scoped = request.scope.get("state", {}).get("case")
    return scoped if scoped is not None else request.app.state.case


def document_summary(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.id,
        "path": doc.path,
        "title": doc.title,
        "mime": doc.mime,
        "language": doc.language,
        "size": doc.size,
        "error": doc.error,
    }


def fact_filters(request: Request) -> dict[str, Any]:
    """kind, doc, min, max, currency, from, to and entity from the query string, in
    facts_in_context's words (from/to: YYYY[-MM[-DD]]; entity: a name, alias or id whose
    sentence the fact is in)."""
    case = case_of(request)
    doc = params.text(request, "doc")
    kind = params.text(request, "kind")
    currency = params.text(request, "currency")
    filters = {  # a typo in kind or currency is a 400 naming the valid values, not 0 facts
        "kind": values.check_kind(kind) if kind else None,
        "doc_id": case.store.resolve_id(doc) if doc else None,
        "minimum": params.number(request, "min"),
        "maximum": params.number(request, "max"),
        "currency": values.check_currency(currency) if currency else None,
    }
    for name, key in (("from", "date_from"), ("to", "date_to")):
        if value := params.text(request, name):
            values.check_date(value, f"{name}=")
            filters[key] = value.strip()
    if entity := params.text(request, "entity"):
        filters["entity"] = entity.strip()
    return filters


def fact_count(case: Case, filters: dict[str, Any]) -> int:
    """How many facts the filters keep (dates and entities need the sentence: counted one by
    one; the others in SQL)."""
    if {"date_from", "date_to", "entity"} & set(filters):
        return sum(1 for _ in facts_in_context(case.store, **filters))
    return case.store.fact_count(**filters)


def fact_totals(case: Case, filters: dict[str, Any]) -> list[dict[str, Any]]:
    """Money totals for the filtered facts: each distinct amount once (see store/totals.py)."""
    if filters.get("kind") not in (None, "money"):
        return []
    wanted = {key: value for key, value in filters.items() if key != "kind"}
    return money_totals(case.store, **wanted)


def paged_facts(request: Request, limit: int, offset: int) -> list[dict[str, Any]]:
    filters = fact_filters(request)
    rows = facts_in_context(case_of(request).store, **filters, limit=offset + limit)
    return list(itertools.islice(rows, offset, None))


async def search(request: Request) -> JSONResponse:
    query = params.text(request, "q", "") or ""
    limit = params.integer(request, "limit", 10, high=MAX_LIMIT)
    offset = params.integer(request, "offset", 0, high=10_000_000)
    sort = params.choice(request, "sort", SORTS, "relevance")
    case = case_of(request)
    filters = params.filters(request)
    results = run_search(
        case, query, limit=limit, offset=offset, sort=sort, facets=True, filters=filters
    )
    return JSONResponse(
        {
            "query": results.query,
            "filters": list(filters),
            "entities": results.entities,
            "total": results.total,
            "offset": results.offset,
            "limit": limit,
            # each hit with its document page opened at the query's hits
            "hits": [
                hit.to_dict() | {"url": f"/documents/{hit.document.id}?{urlencode({'q': query})}"}
                for hit in results.hits
            ],
            "facets": results.facets,
        }
    )


async def documents(request: Request) -> JSONResponse:
    limit = params.integer(request, "limit", 100, low=1, high=MAX_LIMIT)
    offset = params.integer(request, "offset", 0, high=10_000_000)
    errors_only = params.choice(request, "errors", ("0", "1", "false", "true"), "0")
    rows = case_of(request).store.documents(
        errors_only=errors_only in ("1", "true"), limit=limit, offset=offset
    )
    return JSONResponse(
        {"offset": offset, "limit": limit, "documents": [document_summary(d) for d in rows]}
    )


async def document(request: Request) -> JSONResponse:
    store = case_of(request).store
    doc = store.document(request.path_params["doc_id"])
    body = doc.to_dict() | {
        "paths": store.paths(doc.id),
        "pages": store.pages(doc.id),
        "children": [document_summary(child) for child in store.children(doc.id)],
        "mentions": store.document_mentions(doc.id),
    }
    return JSONResponse(body)


async def document_text(request: Request) -> JSONResponse:
    store = case_of(request).store
    doc_id = store.resolve_id(request.path_params["doc_id"])
    return JSONResponse({"id": doc_id, "text": store.text(doc_id)})


async def facts(request: Request) -> JSONResponse:
    limit = params.integer(request, "limit", 100, low=1, high=MAX_LIMIT)
    offset = params.integer(request, "offset", 0, high=10_000_000)
    case, filters = case_of(request), fact_filters(request)
    return JSONResponse(
        {
            "offset": offset,
            "limit": limit,
            "total": fact_count(case, filters),
            "totals": fact_totals(case, filters),
            "facts": paged_facts(request, limit, offset),
        }
    )


async def entities(request: Request) -> JSONResponse:
    type_ = params.text(request, "type")
    if type_ is not None:
        type_ = params.choice(request, "type", ENTITY_TYPES, "person")
    limit = params.integer(request, "limit", 100, low=1, high=MAX_LIMIT)
    rows = case_of(request).store.entities(type=type_, limit=limit)
    return JSONResponse({"entities": list(rows)})


async def entity(request: Request) -> JSONResponse:
    store = case_of(request).store
    entity_id = request.path_params["entity_id"]
    found = store.entity_summary(entity_id)
    return JSONResponse(
        found
        | {
            "mentioned_in": store.entity_mentions(entity_id),
            "co_occurring": store.co_occurring(entity_id),
            "other_scripts": links_of(store, entity_id),
        }
    )


async def graph(request: Request) -> JSONResponse:
    found = network(case_of(request).store, graph_filter(request))
    return JSONResponse(found)


async def timeline(request: Request) -> JSONResponse:
    return JSONResponse({"months": case_of(request).store.timeline()})


async def status(request: Request) -> JSONResponse:
    store = case_of(request).store
    limit = params.integer(request, "limit", 100, low=1, high=MAX_LIMIT)
    failed = [document_summary(doc) for doc in store.documents(errors_only=True, limit=limit)]
    return JSONResponse({"counts": store.counts(), "failed": failed, "runs": store.runs()})


routes = [
    Route("/api/search", search, name="api_search"),
    Route("/api/documents", documents, name="api_documents"),
    Route("/api/documents/{doc_id}", document, name="api_document"),
    Route("/api/documents/{doc_id}/text", document_text, name="api_document_text"),
    Route("/api/facts", facts, name="api_facts"),
    Route("/api/entities", entities, name="api_entities"),
    Route("/api/entities/{entity_id}", entity, name="api_entity"),
    Route("/api/graph", graph, name="api_graph"),
    Route("/api/timeline", timeline, name="api_timeline"),
    Route("/api/status", status, name="api_status"),
]
