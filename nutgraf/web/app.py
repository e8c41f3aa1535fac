"""The Starlette application: routes, error pages, and the headers every response carries.

By default only this machine may talk to it: `nutgraf serve` binds 127.0.0.1, and the Host
header must name 127.0.0.1 or localhost, so a web page elsewhere cannot reach it by DNS
rebinding. Once the case has users, every route is behind a login (nutgraf/web/gate.py); only
then may `serve --host` open it to a network.
Handlers are `async` and the case's SQLite connection is used from the event loop only.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from nutgraf.access.logins import LoginPolicy
from nutgraf.case import Case
from nutgraf.errors import NutgrafError

HERE = Path(__file__).parent
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; script-src 'self'; style-src 'self'; "
    "frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'self'"
)
SECURITY_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"SAMEORIGIN",
    b"referrer-policy": b"no-referrer",
    b"cross-origin-opener-policy": b"same-origin",
    b"cross-origin-resource-policy": b"same-origin",
    b"permissions-policy": b"camera=(), microphone=(), geolocation=()",
    b"cache-control": b"no-store",  # leaked material does not belong in the browser's cache
}


class SecurityHeaders:
    """Adds the security headers to every response; keeps a stricter CSP a route set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", PAGE_POLICY.encode()))
                for name, value in SECURITY_HEADERS.items():
                    if name not in present:
                        headers.append((name, value))
                if scope.get("scheme") == "https":  # served over TLS: browsers keep to it
                    headers.append((b"strict-transport-security", b"max-age=31536000"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": message}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request, "error.html", {"status": status, "message": message}, status_code=status
    )


async def _nutgraf_error(request: Request, error: Exception) -> Response:
    status = error.http_status if isinstance(error, NutgrafError) else 500
    return error_response(request, status, str(error))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    return error_response(request, error.status_code, str(error.detail))


def make_templates() -> Jinja2Templates:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,  # every document's content is escaped, always
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return Jinja2Templates(env=environment)


def create_app(
    case: Case,
    *,
    allowed_hosts: list[str] | None = None,
    requires_login: bool = False,
    login_policy: LoginPolicy | None = None,
) -> Starlette:
    """The workbench over an open case (the caller keeps it open while the app runs).

    Served beyond this machine, `requires_login` refuses everyone while the case has no
    users, and `allowed_hosts` names the hosts the Host header may carry.
    """
    from nutgraf.web import (
        analysis,
        api,
        gate,
        ingest_status,
        login,
        page_view,
        pages,
        reading,
        scoping,
        story,
        team_admin,
        translation,
    )
    from nutgraf.web.openapi import openapi_route

    routes = [
        *pages.routes,
        *analysis.routes,
        *ingest_status.routes,
        *api.routes,
        *reading.routes,
        *translation.routes,
        *page_view.routes,
        *login.routes,
        *team_admin.routes,
        openapi_route,
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or ALLOWED_HOSTS),
            Middleware(gate.AccessGate),
        ],
        exception_handlers={NutgrafError: _nutgraf_error, HTTPException: _http_error},
    )
    app.state.case = case
    app.state.templates = make_templates()
    app.state.retry = ingest_status.RetryJob()
    app.state.requires_login = requires_login
    app.state.scopes = scoping.Scopes()
    app.state.login_policy = login_policy or LoginPolicy()
    app.state.templates.env.globals["current_login"] = gate.login_of
    app.state.templates.env.globals["form_token"] = gate.form_token
    app.state.templates.env.globals["may"] = gate.may
    story.install(app)  # a reporter's marks and the exports (nutgraf/web/story.py)
    return app


def page_routes(app: Starlette) -> list[Route]:
    """Every route but the static files: what /openapi.json must describe."""
    return [route for route in app.routes if isinstance(route, Route)]
