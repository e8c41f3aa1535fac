"""The OpenAPI description of the marks and export routes (nutgraf/web/story.py, exports.py),
merged into /openapi.json by openapi.py."""

from __future__ import annotations

from typing import Any


def _param(name: str, kind: str, description: str, where: str = "query") -> dict[str, Any]:
    return {
        "name": name,
        "in": where,
        "required": where == "path",
        "description": description,
        "schema": {"type": kind},
    }


DOC_ID = _param("doc_id", "string", "A document id, or a unique prefix of 4+ characters", "path")
NOTE_ID = _param("note_id", "integer", "A note's id", "path")
NAME = _param("name", "string", "A saved search's name", "path")
ENTITY_ID = _param("entity_id", "string", "An entity id (or 4+ first characters) or name", "path")
RULE_ID = _param("rule_id", "integer", "A review rule's id", "path")
SELECTION = [
    _param("q", "string", "Only documents matching this query"),
    _param("id", "string", "Only this document (repeatable)"),
]
OBJECT = {"type": "object", "additionalProperties": True}
ERROR = {"$ref": "#/components/schemas/Error"}
REFUSED = {"description": "Cross-site request, or a missing or wrong form token"}


def _answers(ok: str, media: str = "application/json", **others: str) -> dict[str, Any]:
    found: dict[str, Any] = {ok: {"description": "OK", "content": {media: {"schema": OBJECT}}}}
    for status, description in others.items():
        content = {"application/json": {"schema": ERROR}}
        found[status.lstrip("_")] = {"description": description, "content": content}
    return found


def _op(summary: str, parameters: list, responses: dict, body: dict | None = None) -> dict:
    operation: dict[str, Any] = {
        "summary": summary,
        "tags": ["marks"],
        "parameters": parameters,
        "responses": responses,
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": body}
    return operation


def _json_body(required: list[str], **properties: dict) -> dict[str, Any]:
    schema = {"type": "object", "required": required, "properties": properties}
    return {"application/json": {"schema": schema}}


def _form(*fields: str) -> dict[str, Any]:
    properties = {name: {"type": "string"} for name in ("token", *fields)}
    schema = {"type": "object", "required": ["token"], "properties": properties}
    return {"application/x-www-form-urlencoded": {"schema": schema}}


def _form_post(summary: str, parameters: list, *fields: str) -> dict[str, Any]:
    responses = {"303": {"description": "Done; back to the document page"}, "403": REFUSED}
    return {"post": _op(summary, parameters, responses, _form(*fields))}


STRINGS = {"type": "array", "items": {"type": "string"}}
WRITE_ERRORS = {"_400": "Bad input", "_403": "Cross-site request", "_404": "Not found",
                "_415": "The body is not application/json"}  # fmt: skip


def _download(summary: str, parameters: list, media: str) -> dict[str, Any]:
    responses = {
        "200": {"description": "A download", "content": {media: {}}},
        "400": {"description": "Bad query", "content": {"application/json": {"schema": ERROR}}},
    }
    return {"get": _op(summary, parameters, responses) | {"tags": ["export"]}}


STORY_PATHS: dict[str, Any] = {
    # -- forms of the document page
    "/documents/{doc_id}/tags": _form_post("Add a tag (form)", [DOC_ID], "tag"),
    "/documents/{doc_id}/tags/remove": _form_post("Remove a tag (form)", [DOC_ID], "tag"),
    "/documents/{doc_id}/star": _form_post("Star (starred=1) or unstar", [DOC_ID], "starred"),
    "/documents/{doc_id}/notes": _form_post(
        "Add a note, on a quote when given (form)", [DOC_ID], "text", "quote", "start"
    ),
    "/documents/{doc_id}/notes/{note_id}/remove": _form_post(
        "Delete a note (form)", [DOC_ID, NOTE_ID]
    ),
    "/story": {
        "get": {
            "summary": "Your marks: tags, notes (stale flagged), saved searches, exports",
            "tags": ["pages"],
            "parameters": [_param("q", "string", "A query to offer for saving")],
            "responses": {"200": {"description": "OK", "content": {"text/html": {}}}},
        }
    },
    "/story/saved": _form_post("Save a search (form)", [], "name", "query"),
    "/story/saved/remove": _form_post("Remove a saved search (form)", [], "name"),
    # -- JSON API
    "/api/documents/{doc_id}/marks": {
        "get": _op("A document's tags, star and notes", [DOC_ID], _answers("200", _404="Not found"))
    },
    "/api/documents/{doc_id}/tags": {
        "post": _op(
            "Add and/or remove tags",
            [DOC_ID],
            _answers("200", **WRITE_ERRORS),
            _json_body([], add=STRINGS, remove=STRINGS),
        )
    },
    "/api/documents/{doc_id}/star": {
        "put": _op("Star the document", [DOC_ID], _answers("200", **WRITE_ERRORS)),
        "delete": _op("Unstar the document", [DOC_ID], _answers("200", **WRITE_ERRORS)),
    },
    "/api/documents/{doc_id}/notes": {
        "post": _op(
            "Add a note; with start/end or quote, on that span of the text",
            [DOC_ID],
            _answers("201", **WRITE_ERRORS),
            _json_body(
                ["text"],
                text={"type": "string"},
                quote={"type": "string"},
                start={"type": "integer"},
                end={"type": "integer"},
            ),
        )
    },
    "/api/notes": {
        "get": _op(
            "Every note; span notes carry stale (true when the text at the span changed)",
            [_param("stale", "string", "1: only stale span notes")],
            _answers("200"),
        )
    },
    "/api/notes/{note_id}": {
        "delete": _op("Delete a note", [NOTE_ID], _answers("200", **WRITE_ERRORS))
    },
    "/api/tags": {"get": _op("Every tag, its document count; starred ids", [], _answers("200"))},
    "/api/saved": {
        "get": _op("Saved searches", [], _answers("200")),
        "post": _op(
            "Save (or replace) a named query",
            [],
            _answers("201", **WRITE_ERRORS),
            _json_body(["name", "query"], name={"type": "string"}, query={"type": "string"}),
        ),
    },
    "/api/saved/{name}": {
        "get": _op("One saved search", [NAME], _answers("200", _404="Not found")),
        "delete": _op("Delete a saved search", [NAME], _answers("200", **WRITE_ERRORS)),
    },
    "/api/saved/{name}/run": {
        "get": _op(
            "Run a saved search: its hits as /api/search gives them",
            [NAME, _param("limit", "integer", "Most hits"), _param("offset", "integer", "Skip")],
            _answers("200", _404="Not found"),
        )
    },
    "/api/watchlist": {
        "post": _op(
            "Which listed names the case mentions, with score and evidence",
            [],
            _answers("200", _400="Bad list", _403="Cross-site request", _415="Not JSON"),
            _json_body(
                [],
                list={"type": "string", "description": "CSV with a name column, or FTM lines"},
                names=STRINGS,
                threshold={"type": "number"},
            ),
        )
    },
    # -- entity review (nutgraf/web/review.py)
    "/entities/{entity_id}/review": _form_post(
        "Correct an entity (form): action reject, retype (type), rename (name), merge (with), "
        "split (names, repeatable)",
        [ENTITY_ID],
        *("action", "type", "name", "with", "names"),
    ),
    "/review": {
        "get": {
            "summary": "The review rules, each with a button to undo it",
            "tags": ["pages"],
            "parameters": [],
            "responses": {"200": {"description": "OK", "content": {"text/html": {}}}},
        }
    },
    "/review/{rule_id}/undo": _form_post("Undo a review rule (form)", [RULE_ID]),
    "/api/review": {"get": _op("Every review rule, oldest first", [], _answers("200"))},
    "/api/review/{rule_id}": {
        "delete": _op("Undo a review rule", [RULE_ID], _answers("200", **WRITE_ERRORS))
    },
    "/api/entities/{entity_id}/review": {
        "post": _op(
            "Correct an entity; answers the rule and the entities now holding its names",
            [ENTITY_ID],
            _answers("200", **WRITE_ERRORS),
            _json_body(
                ["action"],
                action={"type": "string", "enum": ["reject", "retype", "rename", "merge", "split"]},
                type={"type": "string", "enum": ["person", "organization", "location"]},
                name={"type": "string"},
                names=STRINGS,
                **{"with": STRINGS},
            ),
        )
    },
    # -- exports
    "/api/export/citations": _download(
        "Facts and span notes with sha256, paths, page, span, quote, sentence",
        [
            _param("format", "string", "csv, json or jsonl"),
            _param("what", "string", "all, facts or notes"),
            _param("kind", "string", "Only facts of this kind"),
            *SELECTION,
        ],
        "text/csv",
    ),
    "/api/export/csv": _download(
        "Search results as CSV",
        [_param("q", "string", "The query"), _param("limit", "integer", "Most hits")],
        "text/csv",
    ),
    "/api/export/ftm": _download(
        "FollowTheMoney entities as JSON lines", SELECTION, "application/x-ndjson"
    ),
    "/api/export/originals.zip": _download(
        "A zip of the chosen originals with a manifest", SELECTION, "application/zip"
    ),
}
