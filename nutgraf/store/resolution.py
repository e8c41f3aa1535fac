"""The SQL of entity resolution: mention records in, groups (entities) and their evidence out.

resolve.py decides who is who from plain records; this module only reads and writes them.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from nutgraf.fold import fold
from nutgraf.model import Group, MentionRecord
from nutgraf.store.database import Connection, json_text
from nutgraf.store.ids import entity_id_for

KNOWN_SOURCE = "text:known"


def mention_records(db: Connection) -> list[MentionRecord]:
    cursor = db.execute(
        "SELECT m.id, m.doc_id, e.type, COALESCE(m.name, e.name) AS name, "
        "COALESCE(m.email, CASE WHEN e.key LIKE '%@%' AND e.key NOT LIKE '%:%' THEN e.key END) "
        "AS email, m.source FROM mentions m JOIN entities e ON e.id = m.entity_id ORDER BY m.id"
    )
    return [
        MentionRecord(r[0], r[1], r[2], r[3] or "", (r[4] or "").lower() or None, r[5])
        for r in cursor
    ]


def write_groups(db: Connection, groups: list[Group]) -> None:
    entities: list[tuple[Any, ...]] = []
    evidence: list[tuple[str, str]] = []
    assignments: list[tuple[str, int]] = []
    for group in groups:
        entity_id = entity_id_for(group.type, group.key)
        aliases = json_text(group.aliases)
        entities.append((entity_id, group.type, group.name, group.key, aliases))
        if group.why:
            evidence.append((entity_id, json.dumps(group.why, ensure_ascii=False)))
        assignments.extend((entity_id, mention_id) for mention_id in group.mention_ids)
    with db:
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("DELETE FROM entities")
        db.execute("DELETE FROM entity_evidence")
        db.executemany(
            "INSERT OR REPLACE INTO entities (id, type, name, key, aliases) VALUES (?, ?, ?, ?, ?)",
            entities,
        )
        db.executemany("INSERT OR REPLACE INTO entity_evidence VALUES (?, ?)", evidence)
        db.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?", assignments)


def evidence(db: Connection, entity_id: str) -> list[str]:
    """Why resolution made this entity of several names ([] when nothing was merged)."""
    try:
        row = db.execute("SELECT why FROM entity_evidence WHERE entity_id = ?", (entity_id,))
    except sqlite3.OperationalError:
        return []  # a case opened read-only before the table existed
    found = row.fetchone()
    return json.loads(found[0]) if found else []


def needs_resolution(db: Connection) -> bool:
    """True when some entity still has the key a single document gave it (a run was cut)."""
    row = db.execute(
        "SELECT 1 FROM entities WHERE substr(key, 1, instr(key, ':')) NOT IN "
        "('person:', 'organization:', 'location:', 'email:') LIMIT 1"
    ).fetchone()
    return row is not None


# -------------------------------------------------------------------------- known names


def known_name_inputs(
    db: Connection,
) -> tuple[list[str], Iterator[tuple[str, str, list[tuple[int, int]]]]]:
    """Person names the case gives surely (mail headers, honorifics), and every text with the
    spans already taken by other mentions."""
    names = [
        row[0]
        for row in db.execute(
            "SELECT DISTINCT m.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "WHERE e.type = 'person' AND m.name IS NOT NULL AND m.source != ? "
            "AND (m.source LIKE 'metadata:%' OR m.source = 'text') ORDER BY m.name",
            (KNOWN_SOURCE,),
        )
    ]
    return names, _texts_with_spans(db)


def _texts_with_spans(
    db: Connection,
) -> Iterator[tuple[str, str, list[tuple[int, int]]]]:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for doc_id, start, end in db.execute(
        'SELECT doc_id, start, "end" FROM mentions WHERE start IS NOT NULL AND source != ? '
        "ORDER BY doc_id, start",
        (KNOWN_SOURCE,),
    ):
        spans[doc_id].append((start, end))
    for doc_id, text in db.execute(
        "SELECT doc_id, text FROM texts WHERE text != '' ORDER BY doc_id"
    ):
        yield doc_id, text, spans.get(doc_id, [])


def replace_known_mentions(db: Connection, mentions: Iterable[tuple[str, int, int, str]]) -> int:
    """Replace the known-name mentions with (doc_id, start, end, quote) rows; how many."""
    added = 0
    with db:
        db.execute("DELETE FROM mentions WHERE source = ?", (KNOWN_SOURCE,))
        for doc_id, start, end, quote in mentions:
            name = " ".join(quote.split())  # as written: resolution groups the spellings
            entity_id = entity_id_for("person", fold(name))
            db.execute(
                "INSERT OR IGNORE INTO entities (id, type, name, key) VALUES (?, ?, ?, ?)",
                (entity_id, "person", name, fold(name)),
            )
            db.execute(
                'INSERT INTO mentions (entity_id, doc_id, start, "end", quote, source, name) '
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (entity_id, doc_id, start, end, quote, KNOWN_SOURCE, name),
            )
            added += 1
    return added
