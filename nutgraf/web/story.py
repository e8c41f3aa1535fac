"""A reporter's marks in the workbench: forms on the document page and a JSON API.

Every route that changes something refuses a request a browser sent from another site
(Sec-Fetch-Site / Origin, as the status page's retry does). The forms also carry this server's
token, which a page elsewhere cannot read. The JSON routes take only `application/json` bodies
(or PUT/DELETE): a page on another site cannot send those without a CORS preflight, which this
server never grants.
"""

from __future__ import annotations

import hmac
import json
import secrets
from typing import Any
from urllib.parse import parse_qs

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from nutgraf.errors import BadInput
from nutgraf.story import marks, notes, saved
from nutgraf.web import params
from nutgraf.web.api import MAX_LIMIT, case_of
from nutgraf.web.gate import form_token
from nutgraf.web.ingest_status import _same_site

MAX_BODY = 64 * 1024


def install(app: Starlette) -> None:
    """Add the routes, the form token and the template helper the document page uses."""
    from nutgraf.web import exports, review

    app.state.story_token = secrets.token_urlsafe(32)
    app.router.routes.extend([*routes, *exports.routes, *review.routes])
    app.state.templates.env.globals["story_marks"] = _marks_for_page


def _marks_for_page(request: Request, doc_id: str) -> dict[str, Any]:
    return marks.marks_of(case_of(request), doc_id) | {"token": form_token(request)}


# ------------------------------------------------------------------ checks


def _refuse_cross_site(request: Request) -> None:
    if not _same_site(request):
        raise HTTPException(403, "refused: this request came from another site")


async def _form(request: Request) -> dict[str, str]:
    return {key: values[0] for key, values in (await form_lists(request)).items()}


async def form_lists(request: Request) -> dict[str, list[str]]:
    """A same-site form carrying this server's token: every value of each field."""
    _refuse_cross_site(request)
    body = await request.body()
    if len(body) > MAX_BODY:
        raise HTTPException(413, "form too large")
    values = parse_qs(body.decode("utf-8", "replace"))
    token = (values.get("token") or [""])[0]
    if not hmac.compare_digest(token, form_token(request)):
        raise HTTPException(403, "refused: the form's token is missing or wrong; reload the page")
    return values


async def json_body(request: Request) -> dict[str, Any]:
    _refuse_cross_site(request)
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != "application/json":
        raise HTTPException(415, "send the body as application/json")
    body = await request.body()
    if len(body) > MAX_BODY:
        raise HTTPException(413, "body too large")
    try:
        value = json.loads(body or b"{}")
    except ValueError:
        raise BadInput("the body is not valid JSON") from None
    if not isinstance(value, dict):
        raise BadInput("the body must be a JSON object")
    return value


def _strings(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return value
    raise BadInput(f"{name} must be a string or a list of strings")


def _offset(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise BadInput(f"{name} must be a whole number") from None


def _back(doc_id: str) -> RedirectResponse:
    return RedirectResponse(f"/documents/{doc_id}#marks", status_code=303)


# ------------------------------------------------------------------ forms (document page)


async def form_tag(request: Request) -> Response:
    values = await _form(request)
    doc_id = request.path_params["doc_id"]
    marks.add_tags(case_of(request), doc_id, [values.get("tag", "")])
    return _back(case_of(request).store.resolve_id(doc_id))


async def form_untag(request: Request) -> Response:
    values = await _form(request)
    doc_id = request.path_params["doc_id"]
    marks.remove_tags(case_of(request), doc_id, [values.get("tag", "")])
    return _back(case_of(request).store.resolve_id(doc_id))


async def form_star(request: Request) -> Response:
    values = await _form(request)
    found = marks.set_star(
        case_of(request), request.path_params["doc_id"], values.get("starred") == "1"
    )
    return _back(found["doc_id"])


async def form_note(request: Request) -> Response:
    values = await _form(request)
    found = notes.add_note(
        case_of(request),
        request.path_params["doc_id"],
        values.get("text", ""),
        start=_offset(values.get("start"), "start"),
        quote=values.get("quote") or None,
    )
    return _back(found["doc_id"])


async def form_unnote(request: Request) -> Response:
    await _form(request)
    case = case_of(request)
    doc_id = case.store.resolve_id(request.path_params["doc_id"])
    note_id = _offset(request.path_params["note_id"], "note id") or 0
    found = notes.notes_of(case, doc_id)
    if not any(note["id"] == note_id for note in found):
        raise HTTPException(404, f"no note {note_id} on {doc_id}")
    notes.remove_note(case, note_id)
    return _back(doc_id)


async def story_page(request: Request) -> Response:
    """Every tag, note (stale ones flagged) and saved search, with the exports."""
    from nutgraf.web.pages import render_page

    case = case_of(request)
    return render_page(
        request,
        "story.html",
        {
            "tags": marks.all_tags(case),
            "starred": len(marks.starred(case)),
            "notes": notes.all_notes(case),
            "saved": saved.listed(case),
            "token": form_token(request),
            "query": params.text(request, "q"),
        },
    )


async def form_save_search(request: Request) -> Response:
    values = await _form(request)
    saved.save(case_of(request), values.get("name", ""), values.get("query", ""))
    return RedirectResponse("/story", status_code=303)


async def form_remove_search(request: Request) -> Response:
    values = await _form(request)
    saved.remove(case_of(request), values.get("name", ""))
    return RedirectResponse("/story", status_code=303)


# ------------------------------------------------------------------ JSON API


async def api_marks(request: Request) -> JSONResponse:
    return JSONResponse(marks.marks_of(case_of(request), request.path_params["doc_id"]))


async def api_tags_change(request: Request) -> JSONResponse:
    body = await json_body(request)
    case = case_of(request)
    doc_id = request.path_params["doc_id"]
    adding, removing = _strings(body.get("add"), "add"), _strings(body.get("remove"), "remove")
    if not adding and not removing:
        raise BadInput('give "add" and/or "remove": tags as a list of strings')
    if adding:
        marks.add_tags(case, doc_id, adding)
    if removing:
        marks.remove_tags(case, doc_id, removing)
    return JSONResponse(marks.marks_of(case, doc_id))


async def api_star(request: Request) -> JSONResponse:
    _refuse_cross_site(request)
    found = marks.set_star(case_of(request), request.path_params["doc_id"], request.method == "PUT")
    return JSONResponse(found)


async def api_note_add(request: Request) -> JSONResponse:
    body = await json_body(request)
    text = body.get("text")
    if not isinstance(text, str):
        raise BadInput('give the note as "text"')
    quote = body.get("quote")
    if quote is not None and not isinstance(quote, str):
        raise BadInput('"quote" must be a string')
    found = notes.add_note(
        case_of(request),
        request.path_params["doc_id"],
        text,
        start=_offset(body.get("start"), "start"),
        end=_offset(body.get("end"), "end"),
        quote=quote,
    )
    return JSONResponse(found, status_code=201)


async def api_note_remove(request: Request) -> JSONResponse:
    _refuse_cross_site(request)
    note_id = _offset(request.path_params["note_id"], "note id") or 0
    notes.remove_note(case_of(request), note_id)
    return JSONResponse({"id": note_id, "removed": True})


async def api_notes(request: Request) -> JSONResponse:
    found = notes.all_notes(case_of(request))
    if request.query_params.get("stale") in ("1", "true"):
        found = [note for note in found if note["stale"]]
    return JSONResponse({"notes": found[: MAX_LIMIT * 10]})


async def api_tags(request: Request) -> JSONResponse:
    case = case_of(request)
    return JSONResponse({"tags": marks.all_tags(case), "starred": marks.starred(case)})


async def api_saved(request: Request) -> JSONResponse:
    case = case_of(request)
    if request.method == "POST":
        body = await json_body(request)
        name, query = body.get("name"), body.get("query")
        if not isinstance(name, str) or not isinstance(query, str):
            raise BadInput('give "name" and "query" as strings')
        return JSONResponse(saved.save(case, name, query), status_code=201)
    return JSONResponse({"saved": saved.listed(case)})


async def api_saved_one(request: Request) -> JSONResponse:
    case = case_of(request)
    name = request.path_params["name"]
    if request.method == "DELETE":
        _refuse_cross_site(request)
        saved.remove(case, name)
        return JSONResponse({"name": name, "removed": True})
    return JSONResponse(saved.get(case, name))


async def api_saved_run(request: Request) -> JSONResponse:
    """A saved search's hits, as /api/search gives them."""
    from nutgraf import search as run_search

    case = case_of(request)
    found = saved.get(case, request.path_params["name"])
    limit = params.integer(request, "limit", 10, high=MAX_LIMIT)
    offset = params.integer(request, "offset", 0, high=10_000_000)
    results = run_search(case, found["query"], limit=limit, offset=offset)
    return JSONResponse(
        found
        | {"total": results.total, "offset": offset, "hits": [h.to_dict() for h in results.hits]}
    )


async def api_watchlist(request: Request) -> JSONResponse:
    """Match a list against the case: {"list": CSV or FollowTheMoney JSON lines} or
    {"names": [...]}, optionally "threshold"."""
    from nutgraf.story.watchlist import DEFAULT_THRESHOLD, Listed, read_list_text, watch_entries

    body = await json_body(request)
    if isinstance(body.get("list"), str):
        entries = read_list_text(body["list"])
    else:
        names = _strings(body.get("names"), "names")
        if not names:
            raise BadInput('give "list" (CSV or FollowTheMoney JSON lines) or "names"')
        entries = [Listed(f"name-{i}", (name,)) for i, name in enumerate(names, 1)]
    threshold = body.get("threshold", DEFAULT_THRESHOLD)
    if not isinstance(threshold, int | float) or isinstance(threshold, bool):
        raise BadInput('"threshold" must be a number')
    matches = watch_entries(case_of(request), entries, float(threshold))
    return JSONResponse({"matches": [match.to_dict() for match in matches]})


routes = [
    Route("/story", story_page, name="story"),
    Route("/story/saved", form_save_search, methods=["POST"], name="form_save_search"),
    Route("/story/saved/remove", form_remove_search, methods=["POST"], name="form_unsave"),
    Route("/documents/{doc_id}/tags", form_tag, methods=["POST"], name="form_tag"),
    Route("/documents/{doc_id}/tags/remove", form_untag, methods=["POST"], name="form_untag"),
    Route("/documents/{doc_id}/star", form_star, methods=["POST"], name="form_star"),
    Route("/documents/{doc_id}/notes", form_note, methods=["POST"], name="form_note"),
    Route(
        "/documents/{doc_id}/notes/{note_id}/remove",
        form_unnote,
        methods=["POST"],
        name="form_unnote",
    ),
    Route("/api/documents/{doc_id}/marks", api_marks, name="api_marks"),
    Route("/api/documents/{doc_id}/tags", api_tags_change, methods=["POST"], name="api_tag"),
    Route("/api/documents/{doc_id}/star", api_star, methods=["PUT", "DELETE"], name="api_star"),
    Route("/api/documents/{doc_id}/notes", api_note_add, methods=["POST"], name="api_note"),
    Route("/api/notes", api_notes, name="api_notes"),
    Route("/api/notes/{note_id}", api_note_remove, methods=["DELETE"], name="api_note_remove"),
    Route("/api/tags", api_tags, name="api_tags"),
    Route("/api/saved", api_saved, methods=["GET", "POST"], name="api_saved"),
    Route("/api/saved/{name}", api_saved_one, methods=["GET", "DELETE"], name="api_saved_one"),
    Route("/api/saved/{name}/run", api_saved_run, name="api_saved_run"),
    Route("/api/watchlist", api_watchlist, methods=["POST"], name="api_watchlist"),
]
