"""Keeping the index's entity terms in step with entity resolution.

Resolution runs after documents are read (and indexed) and may move a mention to another
entity, whose id and key differ; the index would then filter and facet on ids that no longer
exist; a reviewer's rename changes the names that entity: matches. Around resolution, each
document's entities (with their keys and names) are noted; afterwards the documents whose
entities differ are marked unindexed, so the indexer's catch-up re-indexes them (only them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

_PAIRS = (
    "SELECT DISTINCT m.doc_id, m.entity_id, e.key || '|' || e.name || '|' || e.aliases "
    "FROM mentions m JOIN entities e ON e.id = m.entity_id"
)


@contextmanager
def reindex_moved_mentions(db: sqlite3.Connection) -> Iterator[None]:
    with db:
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS mention_entities_before "
            "(doc_id TEXT, entity_id TEXT, label TEXT)"
        )
        db.execute("DELETE FROM mention_entities_before")
        db.execute(f"INSERT INTO mention_entities_before {_PAIRS}")
    yield
    with db:
        # A document whose entities (or their names) differ, both ways: a mention moved, was
        # set aside by a reviewer, or came back.
        db.execute(
            "UPDATE documents SET indexed = 0 WHERE id IN ("
            f"SELECT doc_id FROM (SELECT * FROM mention_entities_before EXCEPT {_PAIRS}) "
            f"UNION SELECT doc_id FROM ({_PAIRS} EXCEPT SELECT * FROM mention_entities_before))"
        )
        db.execute("DELETE FROM mention_entities_before")
