"""The case as a user granted collections sees it: one scoped store and index per set of
roots, kept while the server runs and taking in newly read documents every few seconds."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from nutgraf.case import Case
from nutgraf.errors import Forbidden
from nutgraf.search.scoped import ScopedIndex
from nutgraf.store import scoped
from nutgraf.store.postgres import PostgresStore
from nutgraf.store.sql import SqlStore
from nutgraf.store.sqlite import SqliteStore

REFRESH_SECONDS = 10.0


@dataclass
class _Scope:
    case: Case
    ids: set[str]
    refreshed: float


@dataclass
class Scopes:
    """app.state.scopes: the scoped cases this server made, by their roots."""

    made: dict[str, _Scope] = field(default_factory=dict)

    def case_for(self, case: Case, roots: list[str]) -> Case:
        key = scoped.scope_name(roots)
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = _open(case, roots)
        elif time.monotonic() - found.refreshed > REFRESH_SECONDS:
            _refresh(found)
        return found.case


def _open(case: Case, roots: list[str]) -> _Scope:
    if isinstance(case.store, SqliteStore):
        store: SqlStore = scoped.sqlite_scoped(case.store.path, roots)
    elif isinstance(case.store, PostgresStore):
        store = scoped.postgres_scoped(case.store, roots)
    else:  # no other store can be kept to a scope: refuse rather than show everything
        raise Forbidden("this case's database cannot keep collections apart")
    holder: dict[str, _Scope] = {}
    scope_case = Case(folder=case.folder, store=store, blobs=case.blobs)
    scope_case._index = ScopedIndex(case.index, lambda: holder["scope"].ids)  # type: ignore[assignment]
    holder["scope"] = made = _Scope(scope_case, _ids(store), time.monotonic())
    return made


def _ids(store: SqlStore) -> set[str]:
    if isinstance(store, SqliteStore):
        return scoped.scope_ids(store)
    assert isinstance(store, PostgresStore)
    return scoped.postgres_scope_ids(store)


def _refresh(scope: _Scope) -> None:
    store = scope.case.store
    if isinstance(store, SqliteStore):
        scoped.refresh_sqlite(store)
    elif isinstance(store, PostgresStore):
        scoped.refresh_postgres(store)
    scope.ids = _ids(store)
    scope.refreshed = time.monotonic()
