"""Pages for reading documents together: a mail's conversation, a container's children
with subject, sender and date (and, later, versions of one document)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from nutgraf.store import threads as thread_sql
from nutgraf.store.sqlite import SqliteStore
from nutgraf.threads import conversation, ensure_threads
from nutgraf.web.api import case_of


def document_extras(store: SqliteStore, doc_id: str) -> dict[str, Any]:
    """What the document page shows from here: its children (mails with subject, sender and
    date, not just 1.eml … 7.eml) and how many mails its conversation holds."""
    db = store.db
    ensure_threads(store)  # once per case (the `computed` table says it ran)
    children = thread_sql.children_summaries(db, doc_id)
    return {
        "children": children,
        "children_are_mails": any(child["subject"] or child["from"] for child in children),
        "thread_size": thread_sql.thread_sizes(db, [doc_id]).get(doc_id, 0),
    }


def _render(request: Request, template: str, context: dict[str, Any]) -> Response:
    return request.app.state.templates.TemplateResponse(request, template, context)


async def thread_page(request: Request) -> Response:
    found = conversation(case_of(request).store, request.path_params["doc_id"], with_text=True)
    first = found["mails"][0]
    context = found | {"subject": first["subject"] or first["title"] or first["id"]}
    return _render(request, "thread.html", context)


async def thread_api(request: Request) -> Response:
    return JSONResponse(
        conversation(case_of(request).store, request.path_params["doc_id"], with_text=True)
    )


routes = [
    Route("/documents/{doc_id}/thread", thread_page, name="thread"),
    Route("/api/documents/{doc_id}/thread", thread_api, name="api_thread"),
]
