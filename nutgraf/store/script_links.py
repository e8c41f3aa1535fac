"""Every SQL statement about names across scripts: the entities' names, and the links table."""

from __future__ import annotations

import json
from typing import Any

from nutgraf.store import computed
from nutgraf.store.database import Connection

STEP = "script_links"


def entity_names(db: Connection) -> list[tuple[str, str, list[str]]]:
    """(id, type, names) of every person and organisation, names without addresses."""
    rows = db.execute(
        "SELECT id, type, name, aliases FROM entities WHERE type IN ('person', 'organization') "
        "AND EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = entities.id)"
    )
    return [
        (row[0], row[1], [n for n in [row[2], *json.loads(row[3])] if "@" not in n]) for row in rows
    ]


def replace_links(db: Connection, links: list[tuple[str, str, str, str]]) -> None:
    with db:
        db.execute("DELETE FROM script_links")
        db.executemany(
            "INSERT OR IGNORE INTO script_links (entity_id, other_id, name, other_name) "
            "VALUES (?, ?, ?, ?)",
            links,
        )
        computed.mark(db, STEP)


def links_of(db: Connection, entity_id: str) -> list[dict[str, Any]]:
    """The entities named like this one in another script, with the two names."""
    rows = db.execute(
        "SELECT l.other_id, e.type, e.name, l.name, l.other_name FROM script_links l "
        "JOIN entities e ON e.id = l.other_id WHERE l.entity_id = ? ORDER BY e.name",
        (entity_id,),
    )
    keys = ("id", "type", "name", "matched_name", "other_name")
    return [dict(zip(keys, row, strict=True)) for row in rows]


def computed_yet(db: Connection) -> bool:
    """False in a case made before links across scripts existed."""
    return computed.has_run(db, STEP)
