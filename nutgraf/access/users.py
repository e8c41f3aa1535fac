"""The people who may log in to a case, and their API tokens: the library behind
`nutgraf users` and `nutgraf tokens`. Each change is written to the audit log with who made it."""

from __future__ import annotations

import re
import secrets
from typing import Any

from nutgraf.access import audit
from nutgraf.access.credentials import MIN_PASSWORD, digest, hash_password, new_secret
from nutgraf.access.roles import checked_role
from nutgraf.errors import BadInput, NotFound
from nutgraf.store.sql import SqlStore

_NAME = re.compile(r"[\w.@+-]{1,64}")
TOKEN_PREFIX = "ngt_"  # so a token pasted into the wrong place is recognisable


def checked_name(name: str) -> str:
    if not _NAME.fullmatch(name):
        raise BadInput(
            f"user name {name!r} is not usable: 1 to 64 letters, digits or . @ + - _ (no spaces)"
        )
    return name


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise BadInput(f"the password is too short: at least {MIN_PASSWORD} characters")
    return password


def add_user(store: SqlStore, name: str, role: str, password: str, by: str) -> None:
    hashed = hash_password(checked_password(password))
    if not store.add_user(checked_name(name), checked_role(role), hashed, audit.now()):
        raise BadInput(f"there is already a user {name!r}")
    audit.record(store, by, "user.add", name, role=role)


def users(store: SqlStore) -> list[dict[str, Any]]:
    """Every user, with the collections they are kept to ([]: the whole case)."""
    return [
        row
        | {"collections": [] if row["role"] == "admin" else store.granted_collections(row["name"])}
        for row in store.users()
    ]


def change_password(store: SqlStore, name: str, password: str, by: str) -> None:
    if not store.set_password(name, hash_password(checked_password(password))):
        raise NotFound(f"no user {name!r}")
    audit.record(store, by, "user.passwd", name)


def _keeps_an_admin(store: SqlStore, name: str) -> None:
    """No change may take away a case's last admin while others remain: the web's admin pages
    (the audit log) would have no one left to read them."""
    user = store.user(name)
    if user and user["role"] == "admin" and store.admins() == 1:
        raise BadInput(f"{name!r} is the case's last admin: make another admin first")


def change_role(store: SqlStore, name: str, role: str, by: str) -> None:
    if checked_role(role) != "admin":
        _keeps_an_admin(store, name)
    if not store.set_role(name, role):
        raise NotFound(f"no user {name!r}")
    audit.record(store, by, "user.role", name, role=role)


def remove_user(store: SqlStore, name: str, by: str) -> None:
    if len(store.users()) > 1:  # the last user may go: the case is back to the laptop mode
        _keeps_an_admin(store, name)
    if not store.remove_user(name):
        raise NotFound(f"no user {name!r}")
    audit.record(store, by, "user.remove", name)


def create_token(store: SqlStore, name: str, label: str, by: str) -> tuple[str, str]:
    """A new API token for `name`: (its id, the token). Only its hash is kept."""
    if store.user(name) is None:
        raise NotFound(f"no user {name!r}")
    token_id, token = secrets.token_hex(4), TOKEN_PREFIX + new_secret()
    store.add_token(token_id, name, digest(token), label, audit.now())
    audit.record(store, by, "token.create", name, token_id=token_id, label=label)
    return token_id, token


def revoke_token(store: SqlStore, token_id: str, by: str) -> None:
    if not store.remove_token(token_id):
        raise NotFound(f"no token {token_id!r}")
    audit.record(store, by, "token.revoke", token_id)
