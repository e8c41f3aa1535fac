"""Logging in and out of the workbench, and the audit log's page (admins only).

A login opens a new server-side session: the cookie a browser had before is never kept (no
session fixation), the cookie is HttpOnly and SameSite=Strict (Secure when served over TLS),
and the session's own form token guards every change it makes. Failed logins are answered
slower and slower and then lock the name for a while (nutgraf/access/logins.py).
"""

from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from nutgraf.access import audit, logins
from nutgraf.access.credentials import digest, password_matches
from nutgraf.errors import LockedOut
from nutgraf.web.api import case_of
from nutgraf.web.gate import COOKIE, form_token, login_of, session_cookie
from nutgraf.web.ingest_status import _same_site
from nutgraf.web.pages import render_page

MAX_FORM_BYTES = 4096
MAX_NAME = 200
AUDIT_PAGE = 200  # entries shown on the page, newest first


def _next_page(value: str) -> str:
    """Where to go after the login: a path of this site only, never another site."""
    if any(ch.isspace() or not ch.isprintable() for ch in value):
        return "/"  # browsers drop tabs and newlines: "/\t/evil.example" would leave the site
    if value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return "/"


async def login_page(request: Request) -> Response:
    if not case_of(request).store.has_users():
        return RedirectResponse("/", status_code=303)  # the laptop mode: nothing to log into
    wanted = _next_page(request.query_params.get("next", "/"))
    return render_page(request, "login.html", {"next": wanted, "name": "", "message": None})


async def login_submit(request: Request) -> Response:
    if not _same_site(request):
        raise HTTPException(403, "refused: this request came from another site")
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "form too large")
    form = {key: values[0] for key, values in parse_qs(body.decode("utf-8", "replace")).items()}
    name = form.get("name", "").strip()[:MAX_NAME]
    wanted = _next_page(form.get("next", "/"))
    store, policy = case_of(request).store, request.app.state.login_policy
    try:
        pending = logins.begin_attempt(store, name)
    except LockedOut as error:
        return _login_refused(request, name, wanted, str(error), error.http_status)
    # Argon2 takes ~0.1 s by design: in a thread, so other users' pages go on meanwhile.
    matched = await run_in_threadpool(
        password_matches, pending.stored_hash, form.get("password", "")
    )
    attempt = logins.end_attempt(store, pending, matched, policy)
    if attempt.login is None:
        await asyncio.sleep(attempt.delay)  # each failure in a row answers slower
        return _login_refused(request, name, wanted, "Wrong name or password.", 401)
    earlier = session_cookie(request)
    if earlier:  # whatever session the browser held before ends here
        store.remove_session(digest(earlier))
    cookie, _csrf = logins.open_session(store, attempt.login.user)
    response = RedirectResponse(wanted, status_code=303)
    response.set_cookie(
        COOKIE,
        cookie,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


def _login_refused(request: Request, name: str, wanted: str, message: str, status: int) -> Response:
    context = {"next": wanted, "name": name, "message": message}
    return render_page(request, "login.html", context, status=status)


async def logout(request: Request) -> Response:
    login = login_of(request)
    if not _same_site(request):
        raise HTTPException(403, "refused: this request came from another site")
    body = await request.body()
    token = (parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", "replace")).get("token") or [""])[0]
    if login is None or token != form_token(request):
        raise HTTPException(403, "refused: the form's token is missing or wrong; reload the page")
    cookie = session_cookie(request)
    if cookie:
        logins.end_session(case_of(request).store, cookie, login.user)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _audit_view(request: Request) -> dict[str, object]:
    store = case_of(request).store
    user = request.query_params.get("user") or None
    entries = list(store.audit_entries(user=user, limit=AUDIT_PAGE, newest_first=True))
    verification = audit.verify(store)
    return {"entries": entries, "verification": verification, "user": user or ""}


async def audit_page(request: Request) -> Response:
    view = _audit_view(request)
    return render_page(request, "audit.html", view | {"section": "audit"})


async def api_audit(request: Request) -> Response:
    view = _audit_view(request)
    verification = view["verification"]
    assert isinstance(verification, audit.Verification)
    entries = view["entries"]
    assert isinstance(entries, list)
    return JSONResponse(
        {
            "chain": {
                "entries": verification.entries,
                "head": verification.head,
                "intact": verification.ok,
                "problem": verification.problem,
            },
            "entries": [entry.as_dict() for entry in entries],
        }
    )


async def login(request: Request) -> Response:
    return await (login_submit(request) if request.method == "POST" else login_page(request))


routes = [
    Route("/login", login, methods=["GET", "POST"], name="login"),
    Route("/logout", logout, methods=["POST"], name="logout"),
    Route("/audit", audit_page, name="audit"),
    Route("/api/audit", api_audit, name="api_audit"),
]
