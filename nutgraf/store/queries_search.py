"""What search needs to read from case.db beyond documents: the names of candidate entities."""

from __future__ import annotations

import json
from typing import Any

from nutgraf.store.base import Store


def entity_names(store: Store, entity_ids: list[str]) -> dict[str, dict[str, Any]]:
    """{id: {type, name, key, aliases}} for these entities (to say which one entity: matched)."""
    db = getattr(store, "db", None)
    if db is None or not entity_ids:
        return {}
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(entity_ids), 500):
        chunk = entity_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT id, type, name, key, aliases FROM entities WHERE id IN ({marks})", chunk
        )
        for row in rows:
            found[row[0]] = {
                "type": row[1],
                "name": row[2],
                "key": row[3],
                "aliases": json.loads(row[4] or "[]"),
            }
    return found
