"""The OpenAPI 3 description of every route, served at /openapi.json.

Written out by hand (the app has no schema framework); tests check that its paths are exactly
the app's routes, so a route added without a description fails the suite.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

import nutgraf
from nutgraf.web.openapi_access import ACCESS_PATHS, SECURITY_SCHEMES
from nutgraf.web.openapi_reading import READING_PATHS
from nutgraf.web.openapi_story import STORY_PATHS

ERROR = {"$ref": "#/components/schemas/Error"}
OBJECT = {"type": "object", "additionalProperties": True}


def _param(name: str, kind: str, description: str, where: str = "query") -> dict[str, Any]:
    schema: dict[str, Any] = {"type": kind}
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": schema,
    }


DOC_ID = _param("doc_id", "string", "A document id, or a unique prefix of 4+ characters", "path")
ENTITY_ID = _param("entity_id", "string", "An entity id", "path")
LIMIT = _param("limit", "integer", "How many items at most")
OFFSET = _param("offset", "integer", "How many items to skip (paging)")
FACT_FILTERS = [
    _param("kind", "string", "money, percent, quantity, date, email, phone, iban, url"),
    _param("doc", "string", "Only this document's facts"),
    _param("min", "number", "Smallest value (money, percent, quantity)"),
    _param("max", "number", "Largest value"),
    _param("currency", "string", "ISO 4217 code, e.g. EUR"),
    _param(
        "from",
        "string",
        "Dated from (YYYY[-MM[-DD]]): a date fact's period, else its document's date",
    ),
    _param("to", "string", "Dated up to (YYYY[-MM[-DD]]), included"),
    _param("entity", "string", "Only facts in a sentence naming this entity (name, alias or id)"),
]
GRAPH_PARAMS = [
    _param(
        "edges", "string", "mail (sender → recipient), co (named in the same documents) or both"
    ),
    _param("type", "string", "person, organization or location; repeat for several (default all)"),
    _param("min", "integer", "Smallest weight: messages, or shared documents"),
    _param("limit", "integer", "Strongest links kept per kind (default 60)"),
]
SEARCH_PARAMS = [
    _param("q", "string", "A query in nutgraf's query language (empty: every document)"),
    _param("sort", "string", "relevance, date or -date"),
    _param(
        "filter",
        "string",
        "Repeatable: another query every hit must match too, as (q) AND filter (a facet)",
    ),
]


def _json(summary: str, parameters: list[dict], tag: str = "api", errors=(400,)) -> dict:
    responses: dict[str, Any] = {
        "200": {"description": "OK", "content": {"application/json": {"schema": OBJECT}}}
    }
    for status in errors:
        responses[str(status)] = {
            "description": {400: "Bad query", 404: "Not found"}[status],
            "content": {"application/json": {"schema": ERROR}},
        }
    return {
        "get": {"summary": summary, "tags": [tag], "parameters": parameters, "responses": responses}
    }


def _other(summary: str, parameters: list[dict], media: str, tag: str = "pages") -> dict:
    return {
        "get": {
            "summary": summary,
            "tags": [tag],
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK", "content": {media: {}}},
                "404": {"description": "Not found"},
            },
        }
    }


PATHS: dict[str, Any] = {
    "/api/search": _json(
        "Ranked hits with snippets, and facet counts", [*SEARCH_PARAMS, LIMIT, OFFSET]
    ),
    "/api/documents": _json(
        "Documents in ingest order",
        [LIMIT, OFFSET, _param("errors", "string", "1: only documents that failed")],
    ),
    "/api/documents/{doc_id}": _json(
        "One document: metadata, paths, pages, children, mentions", [DOC_ID], errors=(404,)
    ),
    "/api/documents/{doc_id}/text": _json(
        "The extracted text exactly as stored (facts index into it)", [DOC_ID], errors=(404,)
    ),
    "/api/documents/{doc_id}/page": _json(
        "One page of a PDF or image: its hits, facts and names with their rectangles on the "
        "page (fractions of its width and height), and how they were placed (ocr, text layer)",
        [
            DOC_ID,
            _param("page", "integer", "1-based page (past the last: the last)"),
            _param("q", "string", "a query whose hits to place"),
        ],
        errors=(404,),
    ),
    "/api/facts": _json(
        "Facts with quote and span; totals per currency", [*FACT_FILTERS, LIMIT, OFFSET]
    ),
    "/api/entities": _json(
        "People, organisations and places",
        [_param("type", "string", "person, organization or location"), LIMIT],
    ),
    "/api/entities/{entity_id}": _json(
        "One entity: its mentions and the entities named alongside", [ENTITY_ID], errors=(404,)
    ),
    "/api/graph": _json(
        "Entities and links: mail senders → recipients, and entities named together",
        GRAPH_PARAMS,
    ),
    "/api/timeline": _json("Dated documents and dates stated in texts, per month", [], errors=()),
    "/api/status": _json("Ingest counts, failed documents with reasons, runs", [LIMIT]),
    "/openapi.json": _json("This description", [], errors=()),
    "/": _other(
        "Search page",
        [
            *SEARCH_PARAMS,
            _param("page", "integer", "Page number"),
            _param("collapse", "string", "1: one hit per group of versions (+N versions)"),
        ],
        "text/html",
    ),
    "/documents/{doc_id}": _other(
        "Document page (the page viewer opens at `page`, else the first hit's page)",
        [DOC_ID, _param("q", "string", "hits to mark"), _param("page", "integer", "page shown")],
        "text/html",
    ),
    "/documents/{doc_id}/original": _other(
        "The original file, as a download", [DOC_ID], "application/octet-stream"
    ),
    "/documents/{doc_id}/preview.png": _other(
        "A PNG preview of an image or of a PDF page",
        [DOC_ID, _param("page", "integer", "PDF page, or page of a multi-page TIFF")],
        "image/png",
    ),
    "/documents/{doc_id}/view.html": _other(
        "A mail's or web page's HTML, sanitised, for a sandboxed frame", [DOC_ID], "text/html"
    ),
    "/entities": _other(
        "Entities page", [_param("type", "string", "person, organization or location")], "text/html"
    ),
    "/entities/{entity_id}": _other("Entity page", [ENTITY_ID], "text/html"),
    "/facts": _other(
        "Facts page", [*FACT_FILTERS, _param("page", "integer", "Page number")], "text/html"
    ),
    "/facts.csv": _other("Facts as CSV", FACT_FILTERS, "text/csv"),
    "/timeline": _other(
        "Timeline page (year=YYYY: that year month by month)",
        [_param("year", "string", "Zoom into one year")],
        "text/html",
    ),
    "/network": _other("Network page", GRAPH_PARAMS, "text/html"),
    "/status": _other("Ingest status page", [], "text/html"),
    "/status/retry": {
        "post": {
            "summary": "Re-read the failed documents in the background, then redirect to /status",
            "tags": ["pages"],
            "parameters": [],
            "requestBody": {
                "required": True,
                "content": {
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            "type": "object",
                            "required": ["token"],
                            "properties": {
                                "token": {"type": "string", "description": "The status form's"}
                            },
                        }
                    }
                },
            },
            "responses": {
                "303": {"description": "Started; see /status"},
                "403": {"description": "Cross-site request, or a missing or wrong token"},
                "409": {"description": "An ingest is already running on this case"},
            },
        }
    },
}


def spec() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "nutgraf workbench",
            "version": nutgraf.__version__,
            "description": (
                "API over a nutgraf case: it reads; it writes only a reporter's marks (tags, "
                "stars, notes, saved searches) and re-reads failures. "
                'Errors are {"error": "..."}.'
            ),
        },
        "servers": [{"url": "/"}],
        # openapi_story.py, openapi_reading.py, openapi_access.py
        "paths": PATHS | STORY_PATHS | READING_PATHS | ACCESS_PATHS,
        # Once the case has users; a case without users (on this machine only) asks for none.
        "security": [{"token": []}, {"session": []}],
        "components": {
            "securitySchemes": SECURITY_SCHEMES,
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
                }
            },
        },
    }


async def openapi(_request: Request) -> JSONResponse:
    return JSONResponse(spec())


openapi_route = Route("/openapi.json", openapi, name="openapi")
