"""A store that sees only some collections: the reads of a user granted collections.

The same statements as every store run on it, unchanged; what they read is views, one per
table a page may read, each keeping only the rows of documents under the scope's roots.
It fails closed: a table with no view here cannot be read at all (SQLite: an authorizer
refuses any read that is not through a view; PostgreSQL: the scope's schema, the only one on
the connection's search path, holds nothing else), so a new table stays out of reach until
someone writes its view. Scoped stores only read.
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import Any

from nutgraf.store.postgres import PostgresStore, sqlite_names
from nutgraf.store.sqlite import SqliteStore

# The documents in scope: a path at or under a root; only such paths are shown.
_IN_SCOPE_PATH = (
    "EXISTS (SELECT 1 FROM {scope}scope_roots r WHERE p.path = r.root "
    "OR substr(p.path, 1, length(r.root) + 1) = r.root || '/')"
)
_DOC = "doc_id IN (SELECT id FROM {scope}scope_docs)"
_SHA = (
    "sha256 IN (SELECT sha256 FROM {src}documents WHERE id IN (SELECT id FROM {scope}scope_docs))"
)
_ENTITY = "id IN (SELECT entity_id FROM {src}mentions WHERE " + _DOC + ")"
NOTHING = "1 = 0"

# table → the rows a scoped reader may see (documents and paths are written out below).
ROW_FILTERS = {
    "texts": _DOC,
    "facts": _DOC,
    "mentions": _DOC,
    "word_boxes": _DOC,
    "threads": _DOC,
    "versions": _DOC,
    "translations": _DOC,
    "translated": _DOC,
    "rejected_mentions": _DOC,
    "folder_files": _DOC + " AND path IN (SELECT path FROM {scope}paths)",
    "tags": _SHA,
    "stars": _SHA,
    "notes": _SHA,
    "entities": _ENTITY,
    "script_links": "entity_id IN (SELECT id FROM {scope}entities) "
    "AND other_id IN (SELECT id FROM {scope}entities)",
    "computed": "1 = 1",  # when whole-case steps ran: no content
    "review_rules": "1 = 1",  # how names are corrected: applied to what is in scope
    "translation_cache": "1 = 1",  # found only by the hash of a segment in scope
    # Whole-case tables whose rows would tell of other collections: empty in a scope.
    "entity_evidence": NOTHING,
    "folders": NOTHING,
    "runs": NOTHING,
    "saved_searches": NOTHING,
}


def _documents_view(columns: list[str]) -> str:
    """Documents in scope, each shown at a path in scope, its parent only when in scope."""
    shown = []
    for column in columns:
        if column == "path":
            shown.append("(SELECT min(p.path) FROM {scope}paths p WHERE p.doc_id = d.id) AS path")
        elif column == "parent_id":
            shown.append(
                "CASE WHEN d.parent_id IN (SELECT id FROM {scope}scope_docs) "
                "THEN d.parent_id END AS parent_id"
            )
        else:
            shown.append(f'd."{column}"')
    return (
        f"SELECT {', '.join(shown)} FROM {{src}}documents d "
        "WHERE d.id IN (SELECT id FROM {scope}scope_docs)"
    )


def view_statements(columns: list[str], src: str, scope: str, temp: bool) -> list[str]:
    """CREATE VIEW statements, in an order where each view exists before one that reads it."""
    create = "CREATE TEMP VIEW" if temp else "CREATE VIEW"
    names = {"src": src, "scope": scope}
    paths = "SELECT p.* FROM {src}paths p WHERE " + _IN_SCOPE_PATH
    statements = [
        f"{create} {scope}paths AS {paths.format(**names)}",
        f"{create} {scope}documents AS {_documents_view(columns).format(**names)}",
    ]
    for table, rows in ROW_FILTERS.items():
        statements.append(
            f"{create} {scope}{table} AS SELECT * FROM {src}{table} WHERE {rows.format(**names)}"
        )
    return statements


def scope_name(roots: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(roots)).encode()).hexdigest()[:12]


# ------------------------------------------------------------------ SQLite

_ALLOWED_ACTIONS = {sqlite3.SQLITE_SELECT, sqlite3.SQLITE_FUNCTION}
_VIEWS = {"paths", "documents", *ROW_FILTERS}
_SCHEMA = {"sqlite_master", "sqlite_temp_master", "sqlite_schema", "sqlite_temp_schema"}


def _authorize(action: int, arg1: str | None, _arg2: str | None, db: str | None, via: str | None):
    if action in _ALLOWED_ACTIONS:
        return sqlite3.SQLITE_OK
    # a temp table or view, a case table read by one of the scope's views, or which tables
    # there are (names, no content)
    if action == sqlite3.SQLITE_READ and (db == "temp" or via in _VIEWS or arg1 in _SCHEMA):
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY


def sqlite_scoped(path: Path, roots: list[str]) -> SqliteStore:
    """A read-only connection to case.db that sees only the documents under `roots`."""
    store = SqliteStore(path, readonly=True)
    raw: Any = store.db
    columns = [row[1] for row in raw.execute("PRAGMA main.table_info(documents)")]
    raw.execute("CREATE TEMP TABLE scope_roots (root TEXT PRIMARY KEY)")
    raw.execute("CREATE TEMP TABLE scope_docs (id TEXT PRIMARY KEY)")
    raw.executemany("INSERT INTO temp.scope_roots VALUES (?)", [(root,) for root in roots])
    for statement in view_statements(columns, "main.", "temp.", temp=True):
        raw.execute(statement)
    refresh_sqlite(store)
    raw.set_authorizer(_authorize)
    return store


def refresh_sqlite(store: SqliteStore) -> None:
    """Take in documents read since (a collection's roots only gain documents)."""
    raw: Any = store.db
    raw.set_authorizer(None)
    try:
        raw.execute(
            "INSERT OR IGNORE INTO temp.scope_docs SELECT DISTINCT p.doc_id FROM main.paths p "
            "WHERE " + _IN_SCOPE_PATH.format(scope="temp.")
        )
        raw.commit()
    finally:
        raw.set_authorizer(_authorize)


def scope_ids(store: SqliteStore) -> set[str]:
    return {row[0] for row in store.db.execute("SELECT id FROM temp.scope_docs")}


# ------------------------------------------------------------------ PostgreSQL


def postgres_scoped(main: PostgresStore, roots: list[str]) -> PostgresStore:
    """A connection whose only schema holds the scope's views over the case's schema (made
    or brought up to date here); a table with no view there does not exist for it."""
    case_schema = main.connection.schema
    name = "nutgraf_scope_" + scope_name([case_schema, *roots])
    src, scope = f'"{case_schema}".', f'"{name}".'
    db = main.db
    described: Any = db.execute("SELECT * FROM documents LIMIT 0")
    columns = [column[0] for column in described.description]
    with db:
        db.execute("SELECT pg_advisory_xact_lock(hashtext(?))", (name,))
        db.execute(f'CREATE SCHEMA IF NOT EXISTS "{name}"')
        db.execute(f"CREATE TABLE IF NOT EXISTS {scope}scope_roots (root TEXT PRIMARY KEY)")
        db.execute(f"CREATE TABLE IF NOT EXISTS {scope}scope_docs (id TEXT PRIMARY KEY)")
        db.execute(f"DELETE FROM {scope}scope_roots")
        for root in roots:
            db.execute(f"INSERT INTO {scope}scope_roots (root) VALUES (?)", (root,))
        for statement in view_statements(columns, src, scope, temp=False):
            db.execute(statement.replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
        db.execute(f'SET LOCAL search_path TO "{name}"')
        for statement in sqlite_names().split(";\n"):  # one statement per call
            if statement.strip():
                db.execute(statement)
    store = PostgresStore(main.connection._url, name, create=False)
    refresh_postgres(store)
    return store


def refresh_postgres(store: PostgresStore) -> None:
    """Take in documents read since, from the case's paths (through the scope's own view)."""
    with store.db:
        store.db.execute(
            "INSERT OR IGNORE INTO scope_docs (id) SELECT DISTINCT p.doc_id FROM paths p"
        )


def postgres_scope_ids(store: PostgresStore) -> set[str]:
    return {row[0] for row in store.db.execute("SELECT id FROM scope_docs")}
