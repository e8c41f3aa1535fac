"""Collections: named parts of a case, and who is granted which (`nutgraf collections`).

A collection is a set of roots, the files and folders ingest was given (`ingest --collection`)
or a folder of the leak named later; a document is in it when one of its paths lies at or
under a root, so an attachment is where its mail is. A user granted collections sees only
their documents, through a scoped store and index (store/scoped.py, search/scoped.py); an
admin, and a user granted none, sees the whole case. Each change is audited.
"""

from __future__ import annotations

from typing import Any

from nutgraf.access import audit
from nutgraf.access.users import checked_name
from nutgraf.errors import BadInput, NotFound
from nutgraf.model import Login
from nutgraf.store.sql import SqlStore


def add_roots(store: SqlStore, name: str, roots: list[str], by: str) -> list[str]:
    """Put `roots` (as the case shows paths) in collection `name`; returns the new ones."""
    checked_name(name)
    added = []
    for root in roots:
        shown = root.rstrip("/") or "/"
        if store.add_collection_root(name, shown, audit.now()):
            added.append(shown)
    if added:
        audit.record(store, by, "collection.add", name, roots=added)
    return added


def listing(store: SqlStore) -> list[dict[str, Any]]:
    grants = store.all_grants()
    return [
        {
            "name": name,
            "roots": roots,
            "documents": len(store.documents_under(roots)),
            "users": [g["user"] for g in grants if g["collection"] == name],
        }
        for name, roots in store.collection_roots().items()
    ]


def grant(store: SqlStore, user: str, collection: str, by: str) -> None:
    if store.user(user) is None:
        raise NotFound(f"no user {user!r}")
    if collection not in store.collection_roots():
        raise NotFound(f"no collection {collection!r} (nutgraf collections list)")
    if store.grant_collection(user, collection):
        audit.record(store, by, "collection.grant", collection, granted_to=user)


def ungrant(store: SqlStore, user: str, collection: str, by: str) -> None:
    if not store.ungrant_collection(user, collection):
        raise BadInput(f"{user!r} was not granted {collection!r}")
    audit.record(store, by, "collection.ungrant", collection, granted_to=user)


def scope_of(store: SqlStore, login: Login) -> tuple[list[str], list[str]] | None:
    """(collections, their roots) a login is kept to; None: the whole case."""
    if login.role == "admin":
        return None
    granted = store.granted_collections(login.user)
    if not granted:
        return None
    roots = store.collection_roots()
    return granted, sorted({root for name in granted for root in roots.get(name, [])})
