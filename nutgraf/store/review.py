"""The SQL of entity review: a reviewer's rules, and the mentions reject rules set aside.

analyze/review.py decides what a rule does to mention records; this module only keeps them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from nutgraf.fold import fold
from nutgraf.model import MentionRecord, ReviewRule
from nutgraf.store.database import Connection
from nutgraf.store.ids import entity_id_for

_RULE_COLUMNS = "id, action, keys, apart, value, label, added_at"


def rules(db: Connection) -> list[ReviewRule]:
    """Every rule, oldest first (a later rule wins over an earlier one)."""
    return [
        ReviewRule(
            id=row[0],
            action=row[1],
            keys=frozenset(json.loads(row[2])),
            apart=frozenset(json.loads(row[3])),
            value=row[4],
        )
        for row in db.execute(f"SELECT {_RULE_COLUMNS} FROM review_rules ORDER BY id")
    ]


def rule_rows(db: Connection) -> list[dict[str, Any]]:
    """Every rule as shown to a reviewer, with how many mentions each sets aside."""
    set_aside = dict(
        db.execute("SELECT rule_id, COUNT(*) FROM rejected_mentions GROUP BY rule_id").fetchall()
    )
    return [
        {
            "id": row[0],
            "action": row[1],
            "keys": json.loads(row[2]),
            "apart": json.loads(row[3]),
            "value": row[4],
            "label": row[5],
            "added_at": row[6],
            "rejected_mentions": set_aside.get(row[0], 0),
        }
        for row in db.execute(f"SELECT {_RULE_COLUMNS} FROM review_rules ORDER BY id")
    ]


def add_rule(
    db: Connection,
    action: str,
    keys: set[str],
    label: str,
    apart: set[str] | None = None,
    value: str = "",
) -> int:
    with db:
        cursor = db.execute(
            "INSERT INTO review_rules (action, keys, apart, value, label, added_at) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            (
                action,
                json.dumps(sorted(keys), ensure_ascii=False),
                json.dumps(sorted(apart or ()), ensure_ascii=False),
                value,
                label,
                datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            ),
        )
        new_id = cursor.fetchone()[0]
    return int(new_id)


def set_rule_keys(db: Connection, rule_id: int, keys: set[str]) -> None:
    with db:
        db.execute(
            "UPDATE review_rules SET keys = ? WHERE id = ?",
            (json.dumps(sorted(keys), ensure_ascii=False), rule_id),
        )


def delete_rule(db: Connection, rule_id: int) -> bool:
    with db:
        cursor = db.execute("DELETE FROM review_rules WHERE id = ?", (rule_id,))
    return cursor.rowcount > 0


def entity_records(db: Connection, entity_id: str) -> list[MentionRecord]:
    """The mention records of one entity, as resolution reads them."""
    cursor = db.execute(
        "SELECT m.id, m.doc_id, e.type, COALESCE(m.name, e.name), m.email, m.source "
        "FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE e.id = ? ORDER BY m.id",
        (entity_id,),
    )
    return [
        MentionRecord(r[0], r[1], r[2], r[3] or "", (r[4] or "").lower() or None, r[5])
        for r in cursor
    ]


def entities_of_mentions(db: Connection, mention_ids: list[int]) -> list[dict[str, Any]]:
    """The entities these mentions belong to: id, type and name, by name."""
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(mention_ids), 500):
        chunk = mention_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for row in db.execute(
            "SELECT DISTINCT e.id, e.type, e.name FROM mentions m JOIN entities e "
            f"ON e.id = m.entity_id WHERE m.id IN ({marks})",
            chunk,
        ):
            found[row[0]] = {"id": row[0], "type": row[1], "name": row[2]}
    return sorted(found.values(), key=lambda entity: (entity["name"], entity["id"]))


def set_aside(db: Connection, rejected: list[tuple[int, int]]) -> None:
    """Move these mentions (mention id, rule id) out of `mentions` into rejected_mentions."""
    with db:
        for start in range(0, len(rejected), 500):
            chunk = rejected[start : start + 500]
            db.executemany(
                'INSERT OR REPLACE INTO rejected_mentions (id, doc_id, type, start, "end", '
                "quote, source, name, email, rule_id) SELECT m.id, m.doc_id, e.type, m.start, "
                'm."end", m.quote, m.source, COALESCE(m.name, e.name), m.email, ? '
                "FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.id = ?",
                [(rule_id, mention_id) for mention_id, rule_id in chunk],
            )
            db.executemany("DELETE FROM mentions WHERE id = ?", [(m,) for m, _ in chunk])


def restore_rejected(db: Connection) -> int:
    """Bring every set-aside mention back (with the key a document gives it), so that
    resolution applies today's rules afresh; how many."""
    rows = db.execute(
        'SELECT id, doc_id, type, start, "end", quote, source, name, email '
        "FROM rejected_mentions ORDER BY id"
    ).fetchall()
    with db:
        for row in rows:
            name = row[7] or row[5]
            key = row[8].lower() if row[8] else fold(name)
            entity_id = entity_id_for(row[2], key)
            db.execute(
                "INSERT OR IGNORE INTO entities (id, type, name, key) VALUES (?, ?, ?, ?)",
                (entity_id, row[2], name, key),
            )
            taken = db.execute("SELECT 1 FROM mentions WHERE id = ?", (row[0],)).fetchone()
            db.execute(
                'INSERT INTO mentions (id, entity_id, doc_id, start, "end", quote, source, '
                "name, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (None if taken else row[0], entity_id, *row[1:2], *row[3:]),
            )
        db.execute("DELETE FROM rejected_mentions")
    return len(rows)
