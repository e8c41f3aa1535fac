"""The OpenAPI description of the reading routes (nutgraf/web/reading.py), merged into
/openapi.json by openapi.py."""

from __future__ import annotations

from typing import Any

DOC_ID = {
    "name": "doc_id",
    "in": "path",
    "required": True,
    "description": "A document id, or a unique prefix of 4+ characters",
    "schema": {"type": "string"},
}
OBJECT = {"type": "object", "additionalProperties": True}
ERROR = {"$ref": "#/components/schemas/Error"}


def _get(summary: str, media: str, tag: str, parameters: list[dict[str, Any]]) -> dict[str, Any]:
    schema = {"schema": OBJECT} if media == "application/json" else {}
    return {
        "get": {
            "summary": summary,
            "tags": [tag],
            "parameters": parameters,
            "responses": {
                "200": {"description": "OK", "content": {media: schema}},
                "404": {
                    "description": "No such document, or not a mail",
                    "content": {"application/json": {"schema": ERROR}},
                },
            },
        }
    }


DIFF = {
    "name": "diff",
    "in": "query",
    "required": False,
    "description": "Another document: what changed from it to this one, sentence by sentence",
    "schema": {"type": "string"},
}

FOLDER = {
    "name": "path",
    "in": "query",
    "required": False,
    "description": "A folder's full path (the top of the leak when absent)",
    "schema": {"type": "string"},
}

READING_PATHS: dict[str, Any] = {
    "/folders": _get(
        "The folder tree: a folder's subfolders and containers with counts, then its own files",
        "text/html",
        "pages",
        [FOLDER],
    ),
    "/api/folders": _get(
        "A folder (files, errors, types at any depth), its trail, subfolders, own files, and "
        "the query that narrows a search to it",
        "application/json",
        "api",
        [FOLDER],
    ),
    "/documents/{doc_id}/translation": _get(
        "The document beside its stored translation to English, segment by segment, facts and "
        "names marked",
        "text/html",
        "pages",
        [DOC_ID],
    ),
    "/api/documents/{doc_id}/translation": _get(
        "The stored translation's segments: source_start, source_end, source, translation, "
        "method, source_lang, engine, glosses (empty when none is stored)",
        "application/json",
        "api",
        [DOC_ID],
    ),
    "/documents/{doc_id}/versions": _get(
        "Near-identical documents of this one, and what changed (sentence by sentence)",
        "text/html",
        "pages",
        [DOC_ID, DIFF],
    ),
    "/api/documents/{doc_id}/versions": _get(
        "Version group: members with similarity; with diff=ID, changes (kind same|added|"
        "removed|changed, old, new) and counts",
        "application/json",
        "api",
        [DOC_ID, DIFF],
    ),
    "/documents/{doc_id}/thread": _get(
        "The mail's conversation in date order, quoted parts folded", "text/html", "pages", [DOC_ID]
    ),
    "/api/documents/{doc_id}/thread": _get(
        "The mail's conversation: thread_id and mails (position, from, to, date, subject, "
        "parts: the body cut into text and quote)",
        "application/json",
        "api",
        [DOC_ID],
    ),
}
