"""Every SQL statement for translations: the content cache, segments, completed documents.

Tables in schema.sql (created on opening any case, old ones too). Each function takes the
case's sqlite connection (`case.store.db`); a read on a case opened read-only before these
tables existed finds nothing rather than failing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from nutgraf.store.database import Connection, json_text


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _has_tables(db: Connection) -> bool:
    row = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'translated'"
    ).fetchone()
    return row is not None


def all_translated_text(db: Connection, doc_id: str) -> list[str]:
    """Every stored translation of the document as one text ([] if none): what the index holds."""
    if not _has_tables(db):  # a case from before translations, opened read-only
        return []
    rows = db.execute(
        "SELECT translation FROM translations WHERE doc_id = ? AND translation IS NOT NULL "
        "ORDER BY target, source_start",
        (doc_id,),
    )
    joined = " ".join(row[0] for row in rows)
    return [joined] if joined else []


def cached(db: Connection, keys: list[str]) -> dict[str, tuple[str, list[Any]]]:
    """key → (translation, glosses) for the keys already translated."""
    found: dict[str, tuple[str, list[Any]]] = {}
    if not _has_tables(db):
        return found
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT key, translation, glosses FROM translation_cache WHERE key IN ({marks})",
            chunk,
        )
        for key, translation, glosses in rows:
            found[key] = (translation, json.loads(glosses))
    return found


def completed(db: Connection, doc_id: str, target: str) -> str | None:
    """The sha256 of the text whose translation to target is complete, or None."""
    if not _has_tables(db):
        return None
    row = db.execute(
        "SELECT text_sha256 FROM translated WHERE doc_id = ? AND target = ?", (doc_id, target)
    ).fetchone()
    return row[0] if row else None


def forget(db: Connection, doc_id: str, target: str) -> None:
    """Drop a document's segments (its text changed since): the cache keeps what it can."""
    with db:
        db.execute("DELETE FROM translations WHERE doc_id = ? AND target = ?", (doc_id, target))
        db.execute("DELETE FROM translated WHERE doc_id = ? AND target = ?", (doc_id, target))


def save_batch(
    db: Connection,
    doc_id: str,
    target: str,
    rows: list[dict[str, Any]],
    cache: list[tuple[str, str, list[Any]]],
) -> None:
    """One transaction: new cache entries and the segments they fill."""
    with db:
        db.executemany(
            "INSERT OR IGNORE INTO translation_cache (key, translation, glosses) VALUES (?, ?, ?)",
            [(key, text, json_text(glosses)) for key, text, glosses in cache],
        )
        db.executemany(
            "INSERT OR REPLACE INTO translations (doc_id, target, source_start, source_end, "
            "source_lang, method, engine, translation, glosses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    doc_id,
                    target,
                    row["source_start"],
                    row["source_end"],
                    row["source_lang"],
                    row["method"],
                    row["engine"],
                    row["translation"],
                    json_text(row["glosses"]),
                )
                for row in rows
            ],
        )


def mark_complete(
    db: Connection, doc_id: str, target: str, text_sha256: str, segments: int
) -> None:
    with db:
        db.execute(
            "INSERT OR REPLACE INTO translated (doc_id, target, text_sha256, segments, done_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (doc_id, target, text_sha256, segments, _now()),
        )
        # the index holds the translation too (a bare word finds it): index it again
        db.execute("UPDATE documents SET indexed = 0 WHERE id = ?", (doc_id,))


def segments(db: Connection, doc_id: str, target: str) -> list[dict[str, Any]]:
    """The stored segments of a document's translation to target, in text order."""
    if not _has_tables(db):
        return []
    rows = db.execute(
        "SELECT source_start, source_end, source_lang, method, engine, translation, glosses "
        "FROM translations WHERE doc_id = ? AND target = ? ORDER BY source_start",
        (doc_id, target),
    )
    return [
        {
            "source_start": row[0],
            "source_end": row[1],
            "source_lang": row[2],
            "method": row[3],
            "engine": row[4],
            "translation": row[5],
            "glosses": json.loads(row[6]),
        }
        for row in rows
    ]


def translated_targets(db: Connection, doc_id: str) -> list[str]:
    if not _has_tables(db):
        return []
    rows = db.execute("SELECT target FROM translated WHERE doc_id = ? ORDER BY target", (doc_id,))
    return [row[0] for row in rows]
