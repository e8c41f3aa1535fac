"""Every SQL statement about near-duplicate documents (version groups).

Each function takes the case's sqlite connection (`case.store.db`); writes are one transaction.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from nutgraf.store import computed
from nutgraf.store.database import Connection


def texts(
    db: Connection, min_length: int, most: int, skip_mimes: tuple[str, ...]
) -> Iterator[tuple[str, str]]:
    """(doc_id, first `most` characters of its text) of documents read fine, in ingest order."""
    marks = ",".join("?" * len(skip_mimes)) or "''"
    rows = db.execute(
        "SELECT d.id, substr(t.text, 1, ?) FROM documents d JOIN texts t ON t.doc_id = d.id "
        f"WHERE d.status = 'done' AND d.text_length >= ? AND coalesce(d.mime, '') NOT IN ({marks}) "
        "ORDER BY d.rowid",
        (most, min_length, *skip_mimes),
    )
    for row in rows:
        yield row[0], row[1]


def replace_versions(db: Connection, group_of: dict[str, str]) -> None:
    with db:
        db.execute("DELETE FROM versions")
        db.executemany(
            "INSERT INTO versions (doc_id, group_id) VALUES (?, ?)", sorted(group_of.items())
        )
        computed.mark(db, "versions")


def has_versions(db: Connection) -> bool:
    return computed.has_run(db, "versions")


def group_id(db: Connection, doc_id: str) -> str | None:
    row = db.execute("SELECT group_id FROM versions WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def groups_of(db: Connection, doc_ids: list[str]) -> dict[str, tuple[str, int]]:
    """{doc_id: (group_id, members in the group)} for those of `doc_ids` that have versions."""
    found: dict[str, tuple[str, int]] = {}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            "SELECT v.doc_id, v.group_id, "
            "(SELECT COUNT(*) FROM versions o WHERE o.group_id = v.group_id) "
            f"FROM versions v WHERE v.doc_id IN ({marks})",
            chunk,
        )
        found.update({row[0]: (row[1], row[2]) for row in rows})
    return found


def members(db: Connection, group: str) -> list[dict[str, Any]]:
    """The group's documents in ingest order, with what tells versions apart."""
    rows = db.execute(
        "SELECT d.id, d.path, d.title, d.mime, d.size, d.text_length, d.metadata "
        "FROM versions v JOIN documents d ON d.id = v.doc_id WHERE v.group_id = ? ORDER BY d.rowid",
        (group,),
    )
    found = []
    for doc_id, path, title, mime, size, length, metadata in rows:
        meta = json.loads(metadata)
        date = meta.get("date") or meta.get("modified") or meta.get("created")
        found.append(
            {
                "id": doc_id,
                "path": path,
                "title": title,
                "mime": mime or "",
                "size": size,
                "text_length": length,
                "date": date,
            }
        )
    return found
