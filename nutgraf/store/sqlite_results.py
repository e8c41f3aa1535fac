"""Saving what was read from one document: its text and metadata, children, facts, mentions.

The pipeline hands the store one `ReadResult` per document; these functions write it in
the caller's transaction (see `SqlStore.save_result`).
"""

from __future__ import annotations

import json
from typing import Any

from nutgraf.fold import fold
from nutgraf.model import Fact, Mention
from nutgraf.null_dates import is_null_stamp
from nutgraf.store.boxes import write_boxes
from nutgraf.store.database import Connection, json_text
from nutgraf.store.ids import doc_id_for, entity_id_for
from nutgraf.store.records import ChildRecord, ReadResult


def write_document(db: Connection, doc_id: str, result: ReadResult, status: str) -> None:
    # What the container said of this member (its date in the archive, its raw name)
    # was stored when the member was found; it stays beside what the member says itself.
    known = db.execute("SELECT metadata FROM documents WHERE id = ?", (doc_id,))
    container = json.loads(known.fetchone()[0]).get("container")
    metadata = dict(result.metadata)
    if container:
        metadata["container"] = container
    db.execute(
        "UPDATE documents SET status = ?, mime = ?, language = ?, languages = ?, title = ?, "
        "date = ?, text_length = ?, ocr = ?, error_reason = ?, error = ?, metadata = ?, "
        "indexed = 0 WHERE id = ?",
        (
            status,
            result.mime,
            result.language,
            json.dumps(result.languages) if result.languages else None,
            _one_line(metadata.get("title")),
            _document_date(metadata),
            len(result.text),
            int(result.ocr),
            result.error_reason,
            result.error,
            json_text(metadata),
            doc_id,
        ),
    )
    db.execute("DELETE FROM texts WHERE doc_id = ?", (doc_id,))
    db.execute(
        "INSERT INTO texts (doc_id, text, pages) VALUES (?, ?, ?)",
        (doc_id, result.text, json.dumps(result.pages)),
    )
    write_boxes(db, doc_id, result.boxes)  # they index this text: replaced with it


def add_child(
    db: Connection,
    parent_id: str,
    parent_path: str,
    depth: int,
    child: ChildRecord,
    max_depth: int,
) -> str:
    """Record a child; returns 'pending' (new, to read), 'too_deep' or 'known'."""
    child_id = doc_id_for(child.sha256)
    path = f"{parent_path}/{child.name}"
    cursor = db.execute(
        "INSERT OR IGNORE INTO documents (id, sha256, path, parent_id, size, depth, metadata) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            child_id,
            child.sha256,
            path,
            parent_id,
            child.size,
            depth,
            json_text({"container": child.metadata} if child.metadata else {}),
        ),
    )
    db.execute(
        "INSERT OR IGNORE INTO paths (path, doc_id, parent_id, size) VALUES (?, ?, ?, ?)",
        (path, child_id, parent_id, child.size),
    )
    if cursor.rowcount != 1:
        return "known"
    if depth > max_depth:
        db.execute(
            "UPDATE documents SET status = 'failed', error_reason = 'too_deep', error = ? "
            "WHERE id = ?",
            (f"too_deep: nested {depth} levels deep (limit {max_depth})", child_id),
        )
        return "too_deep"
    return "pending"


def write_facts(db: Connection, doc_id: str, facts: list[Fact]) -> None:
    db.execute("DELETE FROM facts WHERE doc_id = ?", (doc_id,))
    db.executemany(
        'INSERT INTO facts (doc_id, kind, start, "end", quote, value, number, currency, '
        "unit, precision, ambiguous, alternative, calendar, part_of) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                doc_id,
                fact.kind,
                fact.start,
                fact.end,
                fact.quote,
                None if fact.value is None else str(fact.value),
                fact.value if isinstance(fact.value, int | float) else None,
                fact.currency,
                fact.unit,
                fact.precision,
                int(fact.ambiguous),
                fact.alternative,
                fact.calendar,
                fact.part_of,
            )
            for fact in facts
        ],
    )


def write_mentions(db: Connection, doc_id: str, mentions: list[Mention]) -> None:
    db.execute("DELETE FROM mentions WHERE doc_id = ?", (doc_id,))
    # Read again, the document's mentions are all new: resolution applies the rules to them.
    db.execute("DELETE FROM rejected_mentions WHERE doc_id = ?", (doc_id,))
    for mention in mentions:
        key = mention.email.lower() if mention.email else fold(mention.name)
        entity_id = entity_id_for(mention.type, key)
        db.execute(
            "INSERT INTO entities (id, type, name, key) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO NOTHING",
            (entity_id, mention.type, mention.name, key),
        )
        _add_alias(db, entity_id, mention.name)
        db.execute(
            'INSERT INTO mentions (entity_id, doc_id, start, "end", quote, source, name, '
            "email) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entity_id,
                doc_id,
                mention.start,
                mention.end,
                mention.quote,
                mention.source,
                mention.name,
                mention.email,
            ),
        )


def _add_alias(db: Connection, entity_id: str, name: str) -> None:
    row = db.execute("SELECT name, aliases FROM entities WHERE id = ?", (entity_id,))
    entity = row.fetchone()
    aliases = json.loads(entity["aliases"])
    if name != entity["name"] and name not in aliases:
        aliases.append(name)
        db.execute(
            "UPDATE entities SET aliases = ? WHERE id = ?",
            (json_text(aliases), entity_id),
        )


def _one_line(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text[:500] or None


def _document_date(metadata: dict[str, Any]) -> str | None:
    """The document's own date, else the date its container gave it (an archive member's)."""
    for source in (metadata, metadata.get("container") or {}):
        for key in ("date", "created", "modified"):
            value = source.get(key)
            if isinstance(value, str) and value[:4].isdigit() and not is_null_stamp(value):
                return value
    return None
