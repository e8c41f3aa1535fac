"""The OpenAPI description of logging in and the audit log (nutgraf/web/login.py), merged
into /openapi.json by openapi.py, with the two ways a request shows who sends it."""

from __future__ import annotations

from typing import Any

HTML: dict[str, Any] = {"text/html": {}}
FORM = "application/x-www-form-urlencoded"


def _form(*fields: str) -> dict[str, Any]:
    properties = {name: {"type": "string"} for name in fields}
    return {
        "required": True,
        "content": {FORM: {"schema": {"type": "object", "properties": properties}}},
    }


def _query(name: str, description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": {"type": "string"},
    }


USER = _query("user", "Only this user's entries")

SECURITY_SCHEMES: dict[str, Any] = {
    "token": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token from `nutgraf tokens create NAME`",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "nutgraf_session",
        "description": (
            "The cookie /login sets; a session's POST, PUT and DELETE under /api/ must also "
            "send its form token as the X-CSRF-Token header"
        ),
    },
}

ACCESS_PATHS: dict[str, Any] = {
    "/login": {
        "get": {
            "summary": "The login form (a case without users has none: back to search)",
            "tags": ["access"],
            "parameters": [_query("next", "A path of this site to open after the login")],
            "responses": {"200": {"description": "OK", "content": HTML}},
            "security": [],
        },
        "post": {
            "summary": "Log in: a new session cookie, then on to `next`",
            "tags": ["access"],
            "parameters": [],
            "requestBody": _form("name", "password", "next"),
            "responses": {
                "303": {"description": "Logged in; a new session cookie is set"},
                "401": {"description": "Wrong name or password", "content": HTML},
                "429": {"description": "Too many failures: the name is locked", "content": HTML},
            },
            "security": [],
        },
    },
    "/logout": {
        "post": {
            "summary": "End this session, here and on the server",
            "tags": ["access"],
            "parameters": [],
            "requestBody": _form("token"),
            "responses": {
                "303": {"description": "Logged out; back to the login"},
                "403": {"description": "A missing or wrong form token"},
            },
        }
    },
    "/audit": {
        "get": {
            "summary": "The audit log, newest first, and whether its chain holds (admins)",
            "tags": ["access"],
            "parameters": [USER],
            "responses": {"200": {"description": "OK", "content": HTML}},
        }
    },
    "/team": {
        "get": {
            "summary": "The team: users, roles and API tokens, with forms to change them (admins)",
            "tags": ["access"],
            "parameters": [],
            "responses": {"200": {"description": "OK", "content": HTML}},
        }
    },
    "/team/change": {
        "post": {
            "summary": "Add a user, set a role or password, remove, make or revoke a token",
            "tags": ["access"],
            "parameters": [],
            "requestBody": _form(
                "token", "action", "name", "role", "password", "label", "token_id"
            ),
            "responses": {
                "303": {"description": "Done; back to the team page"},
                "200": {"description": "A new API token, shown this once", "content": HTML},
                "400": {"description": "Refused (a short password, the last admin…)"},
                "403": {"description": "Not an admin, or a missing or wrong form token"},
            },
        }
    },
    "/api/team": {
        "get": {
            "summary": "Users with their roles and token counts, and the tokens (never the secret)",
            "tags": ["access"],
            "parameters": [],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "403": {"description": "Not an admin"},
            },
        }
    },
    "/api/audit": {
        "get": {
            "summary": "The audit log's newest entries and its chain's check (admins)",
            "tags": ["access"],
            "parameters": [USER],
            "responses": {
                "200": {
                    "description": "OK",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                },
                "403": {"description": "Not an admin"},
            },
        }
    },
}
