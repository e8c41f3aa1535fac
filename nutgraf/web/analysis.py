"""The HTML pages across documents: entities, facts, timeline, network, ingest status."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from nutgraf.errors import BadInput
from nutgraf.names_across import links_of
from nutgraf.store.queries_entities import facts_in_context
from nutgraf.web import api, graph, params
from nutgraf.web.api import case_of
from nutgraf.web.pages import render_page
from nutgraf.web.review import entity_review_form
from nutgraf.web.timeline_chart import chart

FACTS_PAGE = 100
CSV_COLUMNS = (
    "doc_id", "path", "kind", "start", "end", "quote", "value", "currency", "unit", "precision",
)  # fmt: skip


async def entities_page(request: Request) -> Response:
    type_ = params.text(request, "type")
    if type_ is not None:
        type_ = params.choice(request, "type", api.ENTITY_TYPES, "person")
    rows = list(case_of(request).store.entities(type=type_, limit=500))
    return render_page(
        request, "entities.html", {"entities": rows, "type": type_, "types": api.ENTITY_TYPES}
    )


MONEY_NEAR_LIMIT = 200


async def entity_page(request: Request) -> Response:
    store = case_of(request).store
    entity_id = request.path_params["entity_id"]
    found = store.entity_summary(entity_id)
    search_term = f'entity:"{found["key"]}"'
    mentions = store.entity_mentions(entity_id)
    money = facts_in_context(
        store, kind="money", entity=entity_id, entity_scope="sentence", limit=MONEY_NEAR_LIMIT
    )
    return render_page(
        request,
        "entity.html",
        {
            "entity": found,
            "documents": _by_document(mentions),
            "months": _by_month(mentions),
            "money": list(money),
            "co_occurring": store.co_occurring(entity_id),
            "search_term": search_term,
            "search_url": "/?" + urlencode({"q": search_term}),
            "review": entity_review_form(request, found),
            "other_scripts": links_of(store, entity_id),
        },
    )


def _by_month(mentions: list[dict]) -> list[dict]:
    """How many dated documents name the entity, month by month (a timeline of its mentions)."""
    documents: dict[str, set[str]] = {}
    for mention in mentions:
        if mention["date"] and mention["date"][:4].isdigit():
            documents.setdefault(mention["date"][:7], set()).add(mention["doc_id"])
    return [{"month": month, "documents": len(ids)} for month, ids in sorted(documents.items())]


def _by_document(mentions: list[dict]) -> list[dict]:
    """One row per document naming the entity, with every place it is named there."""
    rows: dict[str, dict] = {}
    for mention in mentions:
        row = rows.setdefault(
            mention["doc_id"],
            {key: mention[key] for key in ("doc_id", "path", "title", "date")} | {"places": []},
        )
        row["places"].append(mention)
    return list(rows.values())


def _filter_values(request: Request) -> dict[str, str]:
    names = ("kind", "min", "max", "currency", "from", "to", "entity", "doc")
    return {name: params.text(request, name) or "" for name in names}


async def facts_page(request: Request) -> Response:
    page = params.integer(request, "page", 1, low=1, high=1_000_000)
    store = case_of(request).store
    filters = api.fact_filters(request)
    rows = api.paged_facts(request, FACTS_PAGE, (page - 1) * FACTS_PAGE)
    documents = store.documents_by_ids(sorted({row["doc_id"] for row in rows}))
    summary: dict[str, Any] = {
        "count": api.fact_count(case_of(request), filters),
        "totals": api.fact_totals(case_of(request), filters),
    }
    values = _filter_values(request)
    query = {key: value for key, value in values.items() if value}
    return render_page(
        request,
        "facts.html",
        {
            "facts": rows,
            "documents": documents,
            "summary": summary,
            "values": values,
            "kinds": store.fact_kinds(),
            "currencies": store.currencies(),
            "page": page,
            "last_page": max(1, -(-summary["count"] // FACTS_PAGE)),
            "csv_url": "/facts.csv?" + urlencode(query),
            "page_url": lambda n: "/facts?" + urlencode(query | {"page": n}),
        },
    )


def _spreadsheet_safe(value: Any) -> Any:
    """Keep a spreadsheet from reading a quoted cell as a formula (CSV injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


async def facts_csv(request: Request) -> Response:
    store = case_of(request).store
    rows = facts_in_context(store, **api.fact_filters(request))

    # An async generator runs on the event loop, like every other use of the connection.
    async def lines() -> AsyncIterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(CSV_COLUMNS)
        paths: dict[str, str] = {}
        for fact in rows:
            if fact["doc_id"] not in paths:
                paths[fact["doc_id"]] = store.document(fact["doc_id"]).path
            row = fact | {"path": paths[fact["doc_id"]]}
            writer.writerow([_spreadsheet_safe(row.get(name, "")) for name in CSV_COLUMNS])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
        yield buffer.getvalue()

    return StreamingResponse(
        lines(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="facts.csv"'},
    )


async def timeline_page(request: Request) -> Response:
    months = case_of(request).store.timeline()
    year = params.text(request, "year")
    if year is not None and not (len(year) == 4 and year.isdigit()):
        raise BadInput(f"year={year!r} is not a year (write year=2024)")
    found = chart(months, year)
    if year is not None:
        months = [m for m in months if m["month"][:4] == year]
    return render_page(request, "timeline.html", {"chart": found, "months": months})


async def network_page(request: Request) -> Response:
    chosen = graph.graph_filter(request)
    found = graph.network(case_of(request).store, chosen)
    names = {node["id"]: node for node in found["nodes"]}
    # the API call for the drawing carries the same filters as the page's own URL
    query = urlencode(
        [("edges", chosen.kinds), ("min", chosen.min_weight), ("limit", chosen.limit)]
        + [("type", type_) for type_ in chosen.types]
    )
    return render_page(
        request,
        "network.html",
        {
            "graph": found,
            "names": names,
            "chosen": chosen,
            "kinds": graph.EDGE_KINDS,
            "types": graph.ENTITY_TYPES,
            "source": "/api/graph?" + query,
            "crowded": graph.MAX_ENTITIES_PER_DOCUMENT,
        },
    )


routes = [
    Route("/entities", entities_page, name="entities"),
    Route("/entities/{entity_id}", entity_page, name="entity"),
    Route("/facts", facts_page, name="facts"),
    Route("/facts.csv", facts_csv, name="facts_csv"),
    Route("/timeline", timeline_page, name="timeline"),
    Route("/network", network_page, name="network"),
]
