"""Entity review in the workbench: forms on the entity page, the rules page, a JSON API.

Thin over nutgraf.story.review; guarded like the marks (same-site, the server's form token,
JSON bodies only for the API: nutgraf/web/story.py).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from nutgraf.analyze.review import ACTIONS
from nutgraf.errors import BadInput
from nutgraf.story import review
from nutgraf.web.api import case_of
from nutgraf.web.gate import form_token
from nutgraf.web.story import form_lists, json_body


def _run(request: Request, action: str, values: dict[str, Any]) -> dict[str, Any]:
    case = case_of(request)
    entity = request.path_params["entity_id"]
    if action == "reject":
        return review.reject(case, entity)
    if action == "retype":
        return review.retype(case, entity, _one(values, "type"))
    if action == "rename":
        return review.rename(case, entity, _one(values, "name"))
    if action == "merge":
        return review.merge(case, [entity, *_many(values, "with")])
    if action == "split":
        return review.split(case, entity, _many(values, "names"))
    raise BadInput(f"{action!r} is not a review action (one of: {', '.join(ACTIONS)})")


def _one(values: dict[str, Any], name: str) -> str:
    value = values.get(name)
    if isinstance(value, list):
        value = value[0] if value else None
    if not isinstance(value, str) or not value.strip():
        raise BadInput(f"give {name!r}")
    return value


def _many(values: dict[str, Any], name: str) -> list[str]:
    value = values.get(name)
    found = [value] if isinstance(value, str) else value
    if not isinstance(found, list) or not all(isinstance(v, str) for v in found):
        raise BadInput(f"{name!r} must be a string or a list of strings")
    found = [v for v in found if v.strip()]
    if not found:
        raise BadInput(f"give {name!r}")
    return found


def _after(result: dict[str, Any]) -> RedirectResponse:
    """To the entity the names now form, or to the rules when none holds them (rejected)."""
    entities = result["entities"]
    target = f"/entities/{quote(entities[0]['id'])}" if len(entities) == 1 else "/review"
    return RedirectResponse(target, status_code=303)


async def form_review(request: Request) -> Response:
    values = await form_lists(request)
    return _after(_run(request, _one(values, "action"), values))


async def form_undo(request: Request) -> Response:
    await form_lists(request)
    review.undo(case_of(request), _rule_id(request))
    return RedirectResponse("/review", status_code=303)


async def review_page(request: Request) -> Response:
    from nutgraf.web.pages import render_page

    return render_page(
        request,
        "review.html",
        {"rules": review.rules(case_of(request)), "token": form_token(request)},
    )


async def api_rules(request: Request) -> JSONResponse:
    return JSONResponse({"rules": review.rules(case_of(request))})


async def api_review(request: Request) -> JSONResponse:
    body = await json_body(request)
    return JSONResponse(_run(request, _one(body, "action"), body))


async def api_undo(request: Request) -> JSONResponse:
    return JSONResponse(review.undo(case_of(request), _rule_id(request)))


def _rule_id(request: Request) -> int:
    try:
        return int(request.path_params["rule_id"])
    except ValueError:
        raise BadInput("a rule id is a whole number") from None


def entity_review_form(request: Request, entity: dict[str, Any]) -> dict[str, Any]:
    """What the entity page's review forms need: the token, types, names to split off."""
    from nutgraf.analyze.review import TYPES

    names = [entity["name"], *entity["aliases"]]
    return {
        "token": form_token(request),
        "types": [t for t in TYPES if t != entity["type"]],
        "names": names if len(names) > 1 else [],
    }


routes = [
    Route("/review", review_page, name="review"),
    Route("/review/{rule_id}/undo", form_undo, methods=["POST"], name="form_review_undo"),
    Route("/entities/{entity_id}/review", form_review, methods=["POST"], name="form_review"),
    Route("/api/review", api_rules, name="api_review_rules"),
    Route("/api/review/{rule_id}", api_undo, methods=["DELETE"], name="api_review_undo"),
    Route("/api/entities/{entity_id}/review", api_review, methods=["POST"], name="api_review"),
]
