"""The gate in front of every route once a case has users (nutgraf/access/).

Each request must come from a user: a session cookie from /login, or `Authorization: Bearer`
with an API token. Without one, the API answers 401 and a page redirects to the login. Each
route asks for a role (ROUTE_ROLES, writes in WRITE_ROLES; a route named in neither is refused
to all, so a new route is closed until someone decides). A session's requests that change
something must carry its form token (forms: the `token` field, checked by the handlers; the
API: the `X-CSRF-Token` header, checked here). What each user asked for is appended to the
audit log. A case without users passes through untouched: the laptop mode.
"""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Match, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nutgraf.access import audit, collections, logins
from nutgraf.access.roles import allows
from nutgraf.errors import Forbidden, NotLoggedIn, NutgrafError
from nutgraf.model import Login
from nutgraf.web.app import error_response, wants_json

COOKIE = "nutgraf_session"
PUBLIC_PATHS = ("/login", "/static/")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

_READER = (
    "search document original preview html_view entities entity facts facts_csv timeline network "
    "status api_search api_documents api_document api_document_text api_facts api_entities "
    "api_entity api_graph api_timeline api_status folders api_folders thread api_thread versions "
    "api_versions translation api_translation api_page openapi story api_marks api_notes api_tags "
    "api_saved api_saved_one api_saved_run export_citations export_csv export_ftm "
    "export_originals review api_review_rules"
)
_ADMIN = "audit api_audit team api_team"
ROUTE_ROLES = dict.fromkeys(_READER.split(), "reader") | dict.fromkeys(_ADMIN.split(), "admin")
_EDITOR = (
    "form_save_search form_unsave form_tag form_untag form_star form_note form_unnote api_tag "
    "api_star api_note api_note_remove api_saved api_saved_one form_review_undo form_review "
    "api_review_undo api_review"
)
WRITE_ROLES = (
    dict.fromkeys(_EDITOR.split(), "editor")
    | {"status_retry": "admin", "form_team": "admin", "logout": "reader"}
    | {"api_watchlist": "reader"}  # names checked against a list: a read, sent as a POST body
)
# Route name → the audit log's word for it; every other route is logged as "view".
ACTIONS = {
    "search": "search",
    "api_search": "search",
    "api_saved_run": "search",
    "original": "download",
    "export_originals": "download",
    "export_citations": "export",
    "export_csv": "export",
    "export_ftm": "export",
    "facts_csv": "export",
    "status_retry": "ingest.retry",
    "logout": "logout",
}
_OPENS = "document preview html_view api_document api_document_text api_page translation"
ACTIONS |= dict.fromkeys(_OPENS.split(), "open")
NOT_LOGGED = {"logout", "openapi"}  # logout records itself; the API's description is no content
# What a user granted collections may open: the routes whose every read goes through the
# scoped store and index (nutgraf/web/scoping.py). Any other route is refused to them, so a
# new route stays closed to a scoped user until someone checks it; they only read.
_SCOPED = (
    "search api_search document original preview html_view api_document api_document_text "
    "api_page facts facts_csv api_facts entities entity api_entities api_entity timeline "
    "api_timeline network api_graph thread api_thread versions api_versions story api_marks "
    "api_notes api_tags export_citations export_csv export_ftm export_originals openapi"
)
SCOPED_READS = set(_SCOPED.split())
SCOPED_POSTS = {"api_watchlist", "logout"}  # a read sent as a POST body; leaving


def needed_role(route_name: str, method: str) -> str | None:
    """The role a route asks for with this method; None: no one may."""
    roles = ROUTE_ROLES if method in SAFE_METHODS else WRITE_ROLES
    return roles.get(route_name)


def login_of(request: Request) -> Login | None:
    return request.scope.get("state", {}).get("login")


def form_token(request: Request) -> str:
    """The token this page's forms carry: the session's, or the server's in the laptop mode."""
    login = login_of(request)
    if login is not None and login.csrf:
        return login.csrf
    return str(request.app.state.story_token)


def may(request: Request, role: str) -> bool:
    """Whether a page should offer what `role` may do: so, in the laptop mode (no users)."""
    login = login_of(request)
    return login is None or allows(login.role, role)


def session_cookie(request: Request) -> str | None:
    header = request.headers.get("cookie", "")
    cookie: SimpleCookie = SimpleCookie()
    try:
        cookie.load(header)
    except Exception:  # a malformed cookie header is no session
        return None
    morsel = cookie.get(COOKIE)
    return morsel.value if morsel else None


class AccessGate:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        state = request.app.state
        store = state.case.store
        if not store.has_users():
            if state.requires_login:  # served beyond this machine: never without logins
                await _refusal(request, NotLoggedIn("this case has no users: no one may log in"))(
                    scope, receive, send
                )
                return
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(PUBLIC_PATHS) and scope["path"] != "/logout":
            await self.app(scope, receive, send)
            return
        login = _login(request, state.login_policy)
        if login is None:
            await _not_logged_in(request)(scope, receive, send)
            return
        scope.setdefault("state", {})["login"] = login
        route = _route_of(request)
        if route is None:  # no such page: the router's 404, to a logged-in user only
            await self.app(scope, receive, send)
            return
        refusal = _check(request, login, route) or _keep_to_collections(request, login, route)
        if refusal is not None:
            audit.record(store, login.user, "refused", scope["path"], reason=str(refusal))
            await _refusal(request, refusal)(scope, receive, send)
            return
        exchange = _Exchange(receive, send)
        await self.app(scope, exchange.receive, exchange.send)
        if route.name not in NOT_LOGGED:
            _log(request, login, route, exchange)


def _login(request: Request, policy: logins.LoginPolicy) -> Login | None:
    store = request.app.state.case.store
    header = request.headers.get("authorization", "")
    if header[:7].lower() == "bearer ":
        return logins.token_login(store, header[7:].strip())
    cookie = session_cookie(request)
    return logins.session_login(store, cookie, policy) if cookie else None


def _route_of(request: Request) -> Route | None:
    for route in request.app.routes:
        if isinstance(route, Route) and route.matches(request.scope)[0] == Match.FULL:
            return route
    return None


def _check(request: Request, login: Login, route: Route) -> NutgrafError | None:
    needed = needed_role(route.name, request.method)
    if needed is None or not allows(login.role, needed):
        return Forbidden(f"{login.user} ({login.role}) may not do this")
    unsafe = request.method not in SAFE_METHODS
    api = request.url.path.startswith("/api/")
    if unsafe and api and login.csrf and request.headers.get("x-csrf-token") != login.csrf:
        return Forbidden("refused: send the session's X-CSRF-Token header")
    return None


def _keep_to_collections(request: Request, login: Login, route: Route) -> NutgrafError | None:
    """For a user granted collections: refuse what is not scoped, else scope the request."""
    state = request.app.state
    kept = collections.scope_of(state.case.store, login)
    if kept is None:
        return None
    names, roots = kept
    allowed = SCOPED_READS if request.method in SAFE_METHODS else SCOPED_POSTS
    if route.name not in allowed:
        shown = ", ".join(names)
        return Forbidden(f"{login.user} sees only {shown}: this page is not open to them yet")
    request.scope.setdefault("state", {})["case"] = state.scopes.case_for(state.case, roots)
    request.scope["state"]["collections"] = names
    return None


class _Exchange:
    """What passed through one request: its body (kept up to a limit) and the answer's status."""

    def __init__(self, receive: Receive, send: Send) -> None:
        self.status = 500
        self.body = bytearray()
        self._receive, self._send = receive, send

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request" and len(self.body) < MAX_LOGGED_BODY:
            self.body += message.get("body", b"")[: MAX_LOGGED_BODY - len(self.body)]
        return message

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = message["status"]
        await self._send(message)


MAX_LOGGED_BODY = 64 * 1024
MAX_LOGGED_VALUE = 500  # characters of each field of a change kept in the log
_UNLOGGED_FIELDS = {"token", "password", "csrf", "next"}


def _change_of(request: Request, body: bytes) -> dict[str, Any]:
    """The fields a change sent (a tag, a note, a merge), secrets left out, long values cut."""
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    fields: Any
    try:
        if kind == "application/json":
            fields = json.loads(body or b"{}")
        else:
            fields = dict(parse_qsl(body.decode("utf-8", "replace")))
    except ValueError:
        return {"unreadable": True}
    if not isinstance(fields, dict):
        return {"value": str(fields)[:MAX_LOGGED_VALUE]}
    kept = {key: value for key, value in fields.items() if key not in _UNLOGGED_FIELDS}
    return {key: _cut(value) for key, value in kept.items()}


def _cut(value: Any) -> Any:
    if isinstance(value, str):
        return value[:MAX_LOGGED_VALUE]
    if isinstance(value, list):
        return [_cut(item) for item in value[:50]]
    return value if isinstance(value, int | float | bool) or value is None else str(value)[:500]


def _log(request: Request, login: Login, route: Route, exchange: _Exchange) -> None:
    params = request.path_params if hasattr(request, "path_params") else {}
    object_ = " ".join(str(value) for value in request.scope.get("path_params", params).values())
    query = dict(parse_qsl(request.url.query))
    detail: dict[str, Any] = {"route": route.name, "status": exchange.status, "via": login.via}
    if request.scope["state"].get("collections"):
        detail["collections"] = request.scope["state"]["collections"]
    if request.method not in SAFE_METHODS:
        detail["method"] = request.method
        detail["sent"] = _change_of(request, bytes(exchange.body))
    if query:
        detail["query"] = query
    action = ACTIONS.get(route.name, "change" if "method" in detail else "view")
    audit.record(request.app.state.case.store, login.user, action, object_, **detail)


def _not_logged_in(request: Request) -> Response:
    if wants_json(request):
        return JSONResponse(
            {"error": "log in first: send Authorization: Bearer TOKEN (nutgraf tokens create)"},
            status_code=401,
            headers={"www-authenticate": 'Bearer realm="nutgraf"'},
        )
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def _refusal(request: Request, error: NutgrafError) -> Response:
    return error_response(request, error.http_status, str(error))


def detail_of(entry_detail: str) -> dict[str, Any]:
    try:
        value = json.loads(entry_detail)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}
