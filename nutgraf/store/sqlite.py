"""The embedded store: one SQLite file (WAL) that sqlite3, Datasette or pandas can open too."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

from nutgraf.store.database import Connection
from nutgraf.store.sql import SqlStore


class SqliteStore(SqlStore):
    def __init__(self, path: Path, readonly: bool = False) -> None:
        self.path = path
        if readonly:
            uri = f"file:{path}?mode=ro"
            db = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        else:
            db = sqlite3.connect(path, timeout=30, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(resources.files("nutgraf.store").joinpath("schema.sql").read_text())
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        if not readonly:
            _add_missing_columns(db)
        super().__init__(db)


_ADDED_COLUMNS = {
    "mentions": (("name", "TEXT"), ("email", "TEXT")),
    "facts": (
        ("ambiguous", "INTEGER NOT NULL DEFAULT 0"),
        ("alternative", "TEXT"),
        ("calendar", "TEXT"),
        ("part_of", "INTEGER"),
    ),
    "documents": (("languages", "TEXT"),),
}


def _add_missing_columns(db: Connection) -> None:
    """Cases made by an older nutgraf lack later columns: add them (empty until re-ingest)."""
    with db:
        for table, columns in _ADDED_COLUMNS.items():
            present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            for column, declaration in columns:
                if column not in present:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} {declaration}")
