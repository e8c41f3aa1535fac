"""Every SQL statement about the folder tree: the paths it is built from, and its tables.

Each function takes the case's sqlite connection (`case.store.db`); writes are one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from nutgraf.store import computed
from nutgraf.store.database import Connection, Row

STEP = "folders"


def path_rows(db: Connection) -> Iterator[tuple[str, str, str | None, str | None]]:
    """(path, doc id, mime, error) of every path of the case, in path order."""
    rows = db.execute(
        "SELECT p.path, p.doc_id, d.mime, d.error FROM paths p "
        "JOIN documents d ON d.id = p.doc_id ORDER BY p.path"
    )
    yield from rows


def doc_paths(db: Connection, doc_id: str) -> list[str]:
    """Every path a document has (a file copied to two places has two)."""
    rows = db.execute("SELECT path FROM paths WHERE doc_id = ? ORDER BY path", (doc_id,))
    return [row[0] for row in rows]


def replace_folders(
    db: Connection,
    folders: list[tuple[str, str | None, int, int, dict[str, int], str | None]],
    files: list[tuple[str, str, str]],
) -> None:
    with db:
        db.execute("DELETE FROM folders")
        db.execute("DELETE FROM folder_files")
        db.executemany(
            "INSERT INTO folders (path, parent, files, errors, types, doc_id) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                (p, parent, n, e, json.dumps(t, sort_keys=True), d)
                for p, parent, n, e, t, d in folders
            ],
        )
        db.executemany("INSERT INTO folder_files (path, folder, doc_id) VALUES (?, ?, ?)", files)
        computed.mark(db, STEP)


def has_folders(db: Connection) -> bool:
    return computed.has_run(db, STEP)


def _folder(row: Row | tuple) -> dict[str, Any]:
    return {
        "path": row[0],
        "parent": row[1],
        "files": row[2],
        "errors": row[3],
        "types": json.loads(row[4]),
        "doc_id": row[5],
    }


_COLUMNS = "path, parent, files, errors, types, doc_id"


def folder(db: Connection, path: str) -> dict[str, Any] | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM folders WHERE path = ?", (path,)).fetchone()
    return _folder(row) if row else None


def subfolders(db: Connection, path: str | None) -> list[dict[str, Any]]:
    """The folders directly in `path` (the top folders when None), by path."""
    if path is None:
        rows = db.execute(f"SELECT {_COLUMNS} FROM folders WHERE parent IS NULL ORDER BY path")
    else:
        rows = db.execute(f"SELECT {_COLUMNS} FROM folders WHERE parent = ? ORDER BY path", (path,))
    return [_folder(row) for row in rows]


def files_in(db: Connection, path: str, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The files directly in a folder (up to `limit`, by path) with their documents' type,
    title and error; and how many there are."""
    total = db.execute("SELECT COUNT(*) FROM folder_files WHERE folder = ?", (path,)).fetchone()[0]
    rows = db.execute(
        "SELECT f.path, f.doc_id, d.mime, d.title, d.error, d.size FROM folder_files f "
        "JOIN documents d ON d.id = f.doc_id WHERE f.folder = ? ORDER BY f.path LIMIT ?",
        (path, limit),
    )
    keys = ("path", "doc_id", "mime", "title", "error", "size")
    return [dict(zip(keys, row, strict=True)) for row in rows], int(total)
