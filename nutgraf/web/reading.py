"""Pages for reading documents together: a mail's conversation, a container's children
with subject, sender and date (and, later, versions of one document)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from nutgraf import search as run_search
from nutgraf.analyze.versions import word_changes
from nutgraf.case import Case
from nutgraf.errors import NotFound
from nutgraf.search import Results
from nutgraf.search.collapse import collapsed_search
from nutgraf.store.sql import SqlStore
from nutgraf.threads import conversation, ensure_threads
from nutgraf.versions import compare, ensure_versions, versions_of
from nutgraf.web import params
from nutgraf.web.api import case_of


def document_extras(store: SqlStore, doc_id: str) -> dict[str, Any]:
    """What the document page shows from here: its children (mails with subject, sender and
    date, not just 1.eml … 7.eml) and how many mails its conversation holds."""
    ensure_threads(store)  # once per case (the `computed` table says it ran)
    children = store.children_summaries(doc_id)
    return {
        "children": children,
        "children_are_mails": any(child["subject"] or child["from"] for child in children),
        "thread_size": store.thread_sizes([doc_id]).get(doc_id, 0),
        "version_count": _version_count(store, doc_id),
    }


def _version_count(store: SqlStore, doc_id: str) -> int:
    ensure_versions(store)  # once per case (the `computed` table says it ran)
    return store.version_groups([doc_id]).get(doc_id, ("", 0))[1]


def search_for_page(
    case: Case, query: str, limit: int, offset: int, collapse: bool, **options: Any
) -> tuple[Results, dict[str, dict[str, Any]]]:
    """The search page's hits: with `collapse`, one per version group (+N versions)."""
    if collapse:
        return collapsed_search(case, query, limit, offset, facets=True, **options)
    return run_search(case, query, limit=limit, offset=offset, facets=True, **options), {}


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


def _diff_with(store: SqlStore, found: dict[str, Any], other: str | None) -> dict | None:
    """The comparison the versions page shows: with `other`, else with the first other member."""
    if other is None:
        others = [m["id"] for m in found["members"] if not m["this"]]
        if not others:
            return None
        other = others[0]
    if store.resolve_id(other) == found["doc_id"]:
        raise NotFound("a document is compared with another one, not with itself")
    return compare(store, other, found["doc_id"])


async def versions_page(request: Request) -> Response:
    store = case_of(request).store
    found = versions_of(store, request.path_params["doc_id"])
    diff = _diff_with(store, found, params.text(request, "diff"))
    if diff is not None:
        for change in diff["changes"]:
            if change["kind"] == "changed":
                change["words"] = word_changes(change["old"], change["new"])
    this = next(m for m in found["members"] if m["this"])
    context = found | {"diff": diff, "this": this, "titles": {m["id"]: m for m in found["members"]}}
    return _render(request, "versions.html", context)


async def versions_api(request: Request) -> Response:
    store = case_of(request).store
    found = versions_of(store, request.path_params["doc_id"])
    other = params.text(request, "diff")
    if other is not None:
        found["diff"] = _diff_with(store, found, other)
    return JSONResponse(found)


async def folders_page(request: Request) -> Response:
    from nutgraf.folders import listing

    found = listing(case_of(request).store, params.text(request, "path"))
    return _render(request, "folders.html", found)


async def folders_api(request: Request) -> Response:
    from nutgraf.folders import listing

    return JSONResponse(listing(case_of(request).store, params.text(request, "path")))


routes = [
    Route("/folders", folders_page, name="folders"),
    Route("/api/folders", folders_api, name="api_folders"),
    Route("/documents/{doc_id}/thread", thread_page, name="thread"),
    Route("/api/documents/{doc_id}/thread", thread_api, name="api_thread"),
    Route("/documents/{doc_id}/versions", versions_page, name="versions"),
    Route("/api/documents/{doc_id}/versions", versions_api, name="api_versions"),
]
