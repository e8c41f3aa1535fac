"""The team page (admins): who may log in, with which role, and their API tokens.

Thin over nutgraf.access.users, as `nutgraf users` and `nutgraf tokens` are: each change is
written to the audit log under the admin's name. The forms are guarded like the marks (same
site, the session's form token); a new token is shown once, on the page the form returns.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from nutgraf.access import users
from nutgraf.access.roles import ROLES
from nutgraf.errors import BadInput, NutgrafError
from nutgraf.web.api import case_of
from nutgraf.web.gate import login_of
from nutgraf.web.pages import render_page
from nutgraf.web.story import form_lists


def _by(request: Request) -> str:
    login = login_of(request)
    return login.user if login else "workbench"  # the laptop mode: whoever sits at the machine


def _view(request: Request, **extra: Any) -> dict[str, Any]:
    store = case_of(request).store
    return {
        "users": users.users(store),
        "tokens": store.tokens(),
        "roles": ROLES,
        "section": "team",
        "made": None,
        "message": None,
    } | extra


async def team_page(request: Request) -> Response:
    return render_page(request, "team.html", _view(request))


def _one(values: dict[str, list[str]], name: str) -> str:
    return (values.get(name) or [""])[0].strip()


async def team_form(request: Request) -> Response:
    values = await form_lists(request)
    store, by = case_of(request).store, _by(request)
    action, name = _one(values, "action"), _one(values, "name")
    try:
        if action == "add":
            users.add_user(store, name, _one(values, "role"), _one(values, "password"), by)
        elif action == "role":
            users.change_role(store, name, _one(values, "role"), by)
        elif action == "passwd":
            users.change_password(store, name, _one(values, "password"), by)
        elif action == "remove":
            users.remove_user(store, name, by)
        elif action == "revoke":
            users.revoke_token(store, _one(values, "token_id"), by)
        elif action == "token":
            made = users.create_token(store, name, _one(values, "label"), by)
            context = _view(request, made={"id": made[0], "user": name, "token": made[1]})
            return render_page(request, "team.html", context)
        else:
            raise BadInput(f"unknown action {action!r}")
    except NutgrafError as error:  # said on the page, beside the form that asked
        return render_page(request, "team.html", _view(request, message=str(error)), 400)
    return RedirectResponse("/team", status_code=303)


async def api_team(request: Request) -> JSONResponse:
    store = case_of(request).store
    return JSONResponse({"users": users.users(store), "tokens": store.tokens()})


routes = [
    Route("/team", team_page, name="team"),
    Route("/team/change", team_form, methods=["POST"], name="form_team"),
    Route("/api/team", api_team, name="api_team"),
]
