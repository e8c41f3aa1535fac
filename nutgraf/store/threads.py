"""Every SQL statement about mail conversations: the mails' headers, and the thread table.

Each function takes the case's sqlite connection (`case.store.db`); writes are one transaction.
"""

from __future__ import annotations

import json
from typing import Any

from nutgraf.store import computed
from nutgraf.store.database import Connection, Row

# A mail is a document read fine whose metadata has a Message-ID or a sender.
_MAILS = (
    "SELECT id, metadata FROM documents WHERE status = 'done' AND "
    "(json_extract(metadata, '$.message_id') IS NOT NULL "
    "OR json_extract(metadata, '$.from') IS NOT NULL)"
)
_SUMMARY = (
    "d.id, d.path, d.mime, d.title, d.error, json_extract(d.metadata, '$.subject') AS subject, "
    "json_extract(d.metadata, '$.from') AS sender, json_extract(d.metadata, '$.to') AS recipients, "
    "json_extract(d.metadata, '$.date') AS date"
)


def mail_metadata(db: Connection) -> list[tuple[str, dict[str, Any]]]:
    return [(row[0], json.loads(row[1])) for row in db.execute(_MAILS)]


def replace_threads(db: Connection, thread_of: dict[str, str]) -> None:
    with db:
        db.execute("DELETE FROM threads")
        db.executemany(
            "INSERT INTO threads (doc_id, thread_id) VALUES (?, ?)", sorted(thread_of.items())
        )
        computed.mark(db, "threads")


def has_threads(db: Connection) -> bool:
    """Whether threads were computed on this case (a case without mails has none, but has)."""
    return computed.has_run(db, "threads")


def thread_id(db: Connection, doc_id: str) -> str | None:
    row = db.execute("SELECT thread_id FROM threads WHERE doc_id = ?", (doc_id,)).fetchone()
    return row[0] if row else None


def thread_sizes(db: Connection, doc_ids: list[str]) -> dict[str, int]:
    """{doc_id: how many mails its thread holds} for the given mails that have a thread."""
    found: dict[str, int] = {}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            "SELECT t.doc_id, (SELECT COUNT(*) FROM threads o WHERE o.thread_id = t.thread_id) "
            f"FROM threads t WHERE t.doc_id IN ({marks})",
            chunk,
        )
        found.update({row[0]: row[1] for row in rows})
    return found


def thread_mails(db: Connection, thread: str) -> list[dict[str, Any]]:
    """The thread's mails, oldest first (undated ones last), each with subject, from, to, date."""
    rows = db.execute(
        f"SELECT {_SUMMARY} FROM threads t JOIN documents d ON d.id = t.doc_id "
        "WHERE t.thread_id = ? ORDER BY date IS NULL, date, d.id",
        (thread,),
    )
    return [_summary(row) for row in rows]


def children_summaries(db: Connection, parent_id: str) -> list[dict[str, Any]]:
    """A container's children with what a reader needs to pick one: subject, sender, date."""
    rows = db.execute(
        f"SELECT {_SUMMARY} FROM documents d WHERE d.id IN "
        "(SELECT doc_id FROM paths WHERE parent_id = ?) ORDER BY d.rowid",
        (parent_id,),
    )
    return [_summary(row) for row in rows]


def _summary(row: Row | tuple) -> dict[str, Any]:
    doc_id, path, mime, title, error, subject, sender, recipients, date = tuple(row)
    return {
        "id": doc_id,
        "path": path,
        "mime": mime or "",
        "title": title,
        "error": error,
        "subject": subject,
        "from": json.loads(sender) if sender else [],
        "to": json.loads(recipients) if recipients else [],
        "date": date,
    }
