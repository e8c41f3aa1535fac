"""Every SQL statement for a reporter's marks: tags, stars, notes and saved searches.

Marks are keyed by the document's content sha256 (see schema.sql): ingest and re-reading
never touch these tables, so a mark outlives any re-extraction of the text it was made on.
Each function takes the case's sqlite connection (`case.store.db`); writes are one transaction.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from nutgraf.store.database import Connection, Row
from nutgraf.store.ids import doc_id_for


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ---------------------------------------------------------------------- tags


def add_tags(db: Connection, sha256: str, tags: list[tuple[str, str]]) -> int:
    """Add (key, tag) pairs; returns how many were new (a tag already there is kept as is)."""
    with db:
        cursor = db.executemany(
            "INSERT OR IGNORE INTO tags (sha256, key, tag, added_at) VALUES (?, ?, ?, ?)",
            [(sha256, key, tag, _now()) for key, tag in tags],
        )
    return cursor.rowcount


def remove_tags(db: Connection, sha256: str, keys: list[str]) -> int:
    with db:
        cursor = db.executemany(
            "DELETE FROM tags WHERE sha256 = ? AND key = ?", [(sha256, key) for key in keys]
        )
    return cursor.rowcount


def tags_of(db: Connection, sha256: str) -> list[str]:
    rows = db.execute("SELECT tag FROM tags WHERE sha256 = ? ORDER BY key", (sha256,))
    return [row[0] for row in rows]


def tags_by_sha256(db: Connection, hashes: list[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT sha256, tag FROM tags WHERE sha256 IN ({marks}) ORDER BY key", chunk
        )
        for sha256, tag in rows:
            found.setdefault(sha256, []).append(tag)
    return found


def tag_counts(db: Connection) -> list[dict[str, Any]]:
    """Every tag in use with how many documents of this case carry it."""
    rows = db.execute(
        "SELECT MIN(t.tag) AS tag, t.key, COUNT(d.id) AS documents FROM tags t "
        "JOIN documents d ON d.sha256 = t.sha256 GROUP BY t.key ORDER BY documents DESC, t.key"
    )
    return [dict(row) for row in rows]


def tagged_doc_ids(db: Connection, key: str) -> list[str]:
    rows = db.execute(
        "SELECT d.id FROM tags t JOIN documents d ON d.sha256 = t.sha256 WHERE t.key = ?", (key,)
    )
    return [row[0] for row in rows]


def any_tag_doc_ids(db: Connection) -> list[str]:
    rows = db.execute("SELECT DISTINCT d.id FROM tags t JOIN documents d ON d.sha256 = t.sha256")
    return [row[0] for row in rows]


# ---------------------------------------------------------------------- stars


def set_star(db: Connection, sha256: str, starred: bool) -> bool:
    """Star or unstar; returns whether anything changed."""
    with db:
        if starred:
            cursor = db.execute(
                "INSERT OR IGNORE INTO stars (sha256, added_at) VALUES (?, ?)", (sha256, _now())
            )
        else:
            cursor = db.execute("DELETE FROM stars WHERE sha256 = ?", (sha256,))
    return cursor.rowcount > 0


def is_starred(db: Connection, sha256: str) -> bool:
    row = db.execute("SELECT 1 FROM stars WHERE sha256 = ?", (sha256,)).fetchone()
    return row is not None


def starred_hashes(db: Connection, hashes: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(hashes), 500):
        chunk = hashes[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT sha256 FROM stars WHERE sha256 IN ({marks})", chunk)
        found.update(row[0] for row in rows)
    return found


def starred_doc_ids(db: Connection) -> list[str]:
    rows = db.execute(
        "SELECT d.id FROM stars s JOIN documents d ON d.sha256 = s.sha256 ORDER BY s.added_at"
    )
    return [row[0] for row in rows]


# ---------------------------------------------------------------------- notes

_NOTE_COLUMNS = 'n.id, n.sha256, n.body, n.start, n."end", n.quote, n.added_at'


def add_note(
    db: Connection,
    sha256: str,
    body: str,
    span: tuple[int, int, str] | None = None,
) -> int:
    start, end, quote = span if span is not None else (None, None, None)
    with db:
        cursor = db.execute(
            'INSERT INTO notes (sha256, body, start, "end", quote, added_at) '
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (sha256, body, start, end, quote, _now()),
        )
        new_id = cursor.fetchone()[0]
    return int(new_id)


def remove_note(db: Connection, note_id: int) -> bool:
    with db:
        cursor = db.execute("DELETE FROM notes WHERE id = ?", (note_id,))
    return cursor.rowcount > 0


def note(db: Connection, note_id: int) -> dict[str, Any] | None:
    row = db.execute(f"SELECT {_NOTE_COLUMNS} FROM notes n WHERE n.id = ?", (note_id,)).fetchone()
    return _note_row(row) if row else None


def notes(
    db: Connection, sha256: str | None = None, spans_only: bool = False
) -> list[dict[str, Any]]:
    """Notes (of one document, or all), oldest first, each with its document's id."""
    clauses = []
    params: list[Any] = []
    if sha256 is not None:
        clauses.append("n.sha256 = ?")
        params.append(sha256)
    if spans_only:
        clauses.append("n.start IS NOT NULL")
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = db.execute(f"SELECT {_NOTE_COLUMNS} FROM notes n {where} ORDER BY n.id", params)
    return [_note_row(row) for row in rows]


def note_bodies(db: Connection) -> list[tuple[str, str]]:
    """(doc id, note text) for every note on a document this case holds (for note:)."""
    rows = db.execute("SELECT d.id, n.body FROM notes n JOIN documents d ON d.sha256 = n.sha256")
    return [(row[0], row[1]) for row in rows]


def _note_row(row: Row) -> dict[str, Any]:
    return {
        "id": row["id"],
        "doc_id": doc_id_for(row["sha256"]),
        "sha256": row["sha256"],
        "text": row["body"],
        "start": row["start"],
        "end": row["end"],
        "quote": row["quote"],
        "added_at": row["added_at"],
    }


# ---------------------------------------------------------------------- saved searches


def save_search(db: Connection, name: str, query: str) -> bool:
    """Save (or replace) a named query; returns whether the name was new."""
    with db:
        known = db.execute("SELECT 1 FROM saved_searches WHERE name = ?", (name,)).fetchone()
        db.execute(
            "INSERT INTO saved_searches (name, query, added_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET query = excluded.query",
            (name, query, _now()),
        )
    return known is None


def remove_saved(db: Connection, name: str) -> bool:
    with db:
        cursor = db.execute("DELETE FROM saved_searches WHERE name = ?", (name,))
    return cursor.rowcount > 0


def saved_searches(db: Connection) -> list[dict[str, Any]]:
    rows = db.execute("SELECT name, query, added_at FROM saved_searches ORDER BY name")
    return [dict(row) for row in rows]


def saved_search(db: Connection, name: str) -> dict[str, Any] | None:
    row = db.execute(
        "SELECT name, query, added_at FROM saved_searches WHERE name = ?", (name,)
    ).fetchone()
    return dict(row) if row else None


# ---------------------------------------------------------------------- what exports need


def document_hashes(db: Connection, doc_ids: list[str]) -> dict[str, str]:
    """{doc id: sha256} for the ids that exist."""
    found: dict[str, str] = {}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT id, sha256 FROM documents WHERE id IN ({marks})", chunk)
        found.update({row[0]: row[1] for row in rows})
    return found


def mentions_with_entities(db: Connection, doc_id: str) -> list[dict[str, Any]]:
    """A document's mentions, each with its entity's type, name and aliases (for exports)."""
    rows = db.execute(
        'SELECT m.entity_id, m.start, m."end", m.quote, m.source, m.name AS said, m.email, '
        "e.type, e.name, e.aliases FROM mentions m JOIN entities e ON e.id = m.entity_id "
        'WHERE m.doc_id = ? ORDER BY m.start IS NULL, m.start, m."end", m.id',
        (doc_id,),
    )
    return [dict(row) | {"aliases": json.loads(row["aliases"])} for row in rows]


def document_notes_and_tags(db: Connection, sha256: str) -> tuple[list[str], list[str]]:
    """(tags, note texts) of one content, for exports that list the marks with the document."""
    return tags_of(db, sha256), [note["text"] for note in notes(db, sha256)]


def entity_evidence(db: Connection, entity_id: str, limit: int) -> list[dict[str, Any]]:
    """Where an entity is named: document, path, span and quote (for watchlist matches)."""
    rows = db.execute(
        'SELECT m.doc_id, d.path, m.start, m."end", m.quote, m.source FROM mentions m '
        "JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ? "
        "ORDER BY m.doc_id, m.start IS NULL, m.start LIMIT ?",
        (entity_id, limit),
    )
    return [dict(row) for row in rows]
