"""Queries that account for files: where a path or a content landed, every path of a content,
and the case-wide reckoning (documents, duplicates, volumes, errors, pending) for the web.

Each takes the SQLite store; `nutgraf check`, `nutgraf docs --json` and the status page call them.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from nutgraf.store.sql import SqlStore


@dataclass(frozen=True)
class Landing:
    """Where one content stands in the case."""

    doc_id: str
    first_path: str  # the path the content was first found at
    status: str  # pending | done | failed
    mime: str | None
    error_reason: str | None
    error: str | None
    volume_of: str | None  # the id of the set's first volume, for a later volume
    volume_of_path: str | None


_LANDING = (
    "SELECT d.id, d.path, d.status, d.mime, d.error_reason, d.error, "
    "json_extract(d.metadata, '$.volume_of') AS volume_of, v.path AS volume_of_path "
    "FROM documents d LEFT JOIN documents v ON v.id = json_extract(d.metadata, '$.volume_of') "
)


def _landing(row: Any) -> Landing:
    return Landing(*row)


def path_record(store: SqlStore, path: str) -> tuple[Landing, int | None, int | None] | None:
    """The content recorded at a file-system path, with the size and mtime seen then."""
    row = store.db.execute(
        "SELECT doc_id, size, mtime_ns FROM paths WHERE path = ?", (path,)
    ).fetchone()
    if row is None:
        return None
    landing = landing_of(store, row["doc_id"])
    return (landing, row["size"], row["mtime_ns"]) if landing else None


def landing_of(store: SqlStore, doc_id: str) -> Landing | None:
    row = store.db.execute(_LANDING + "WHERE d.id = ?", (doc_id,)).fetchone()
    return _landing(tuple(row)) if row else None


def landing_by_sha256(store: SqlStore, sha256: str) -> Landing | None:
    row = store.db.execute(_LANDING + "WHERE d.sha256 = ?", (sha256,)).fetchone()
    return _landing(tuple(row)) if row else None


def paths_by_document(store: SqlStore, doc_ids: list[str]) -> dict[str, list[str]]:
    """Every path at which each content was found, first found first."""
    found: dict[str, list[str]] = {doc_id: [] for doc_id in doc_ids}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = store.db.execute(
            f"SELECT doc_id, path FROM paths WHERE doc_id IN ({marks}) ORDER BY rowid", chunk
        )
        for row in rows:
            found[row["doc_id"]].append(row["path"])
    return found


def reckoning(store: SqlStore) -> dict[str, Any]:
    """Every file recorded on disk (a path with no parent), by what became of it."""
    rows = store.db.execute(
        "SELECT p.path = d.path AS first, d.status, d.error_reason, "
        "json_extract(d.metadata, '$.volume_of') IS NOT NULL AS volume "
        "FROM paths p JOIN documents d ON d.id = p.doc_id WHERE p.parent_id IS NULL"
    )
    counts: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for row in rows:
        kind = classify(bool(row["first"]), row["status"], bool(row["volume"]))
        counts[kind] += 1
        if kind == "error":
            errors[row["error_reason"] or "error"] += 1
    last = store.db.execute(
        "SELECT summary FROM runs WHERE finished IS NOT NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    summary = json.loads(last["summary"]) if last and last["summary"] else {}
    return {
        "files": sum(counts.values()),
        **{kind: counts.get(kind, 0) for kind in ("document", "duplicate", "volume", "error")},
        "pending": counts.get("pending", 0),
        "errors_by_reason": dict(errors.most_common()),
        "unreadable_last_run": summary.get("unreadable_files", 0),
    }


def classify(first_path: bool, status: str, volume: bool) -> str:
    """document | duplicate | volume | error | pending, for one recorded path."""
    if status == "pending":
        return "pending"
    if volume:
        return "volume"
    if not first_path:
        return "duplicate"
    return "error" if status == "failed" else "document"


# Types a newer detection may tell apart (mail or HTML typed as text, text typed as `data`).
REDETECTED_TYPES = (
    "text/plain", "text/html", "text/csv", "application/xml", "application/octet-stream",
    "application/javascript", "image/x-portable-greymap", "application/vnd.hp-hpgl",
)  # fmt: skip


def reread_candidates(store: SqlStore) -> list[tuple[str, str, str, str]]:
    """(id, sha256, mime, status) of documents a newer reader may read better: those that
    failed (but not for being nested too deep), and those read as a weakly detected type."""
    marks = ",".join("?" * len(REDETECTED_TYPES))
    rows = store.db.execute(
        "SELECT id, sha256, mime, status FROM documents WHERE "
        "(status = 'failed' AND COALESCE(error_reason, '') != 'too_deep') OR "
        f"(status = 'done' AND mime IN ({marks})) ORDER BY rowid",
        REDETECTED_TYPES,
    )
    return [(row["id"], row["sha256"], row["mime"] or "", row["status"]) for row in rows]


def requeue(store: SqlStore, doc_ids: list[str]) -> None:
    """Put these documents back in the reading queue (their old reading stays until then)."""
    with store.db:
        store.db.executemany(
            "UPDATE documents SET status = 'pending' WHERE id = ?", [(i,) for i in doc_ids]
        )


def statuses(store: SqlStore, doc_ids: list[str]) -> dict[str, tuple[str, str | None]]:
    """id → (status, mime) now."""
    found = {}
    for start in range(0, len(doc_ids), 500):
        chunk = doc_ids[start : start + 500]
        rows = store.db.execute(
            f"SELECT id, status, mime FROM documents WHERE id IN ({','.join('?' * len(chunk))})",
            chunk,
        )
        found.update({row["id"]: (row["status"], row["mime"]) for row in rows})
    return found
