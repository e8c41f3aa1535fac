"""Keeping the index's entity terms in step with entity resolution.

Resolution runs after documents are read (and indexed) and may move a mention to another
entity, whose id and key differ; the index would then filter and facet on ids that no longer
exist. Around resolution, every mention's entity is noted; afterwards the documents whose
mentions moved are marked unindexed, so the indexer's catch-up re-indexes them (and only them).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def reindex_moved_mentions(db: sqlite3.Connection) -> Iterator[None]:
    with db:
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS mention_entities_before "
            "(id INTEGER PRIMARY KEY, entity_id TEXT)"
        )
        db.execute("DELETE FROM mention_entities_before")
        db.execute("INSERT INTO mention_entities_before SELECT id, entity_id FROM mentions")
    yield
    with db:
        db.execute(
            "UPDATE documents SET indexed = 0 WHERE id IN (SELECT m.doc_id FROM mentions m "
            "JOIN mention_entities_before b ON b.id = m.id WHERE b.entity_id != m.entity_id)"
        )
        db.execute("DELETE FROM mention_entities_before")
