"""Every SQL statement for keeping the index's entity terms in step with entity resolution.

Before resolution (or a reviewer's change) each document's (entity id, key|name|aliases) pairs
are noted in a TEMP table of this connection; afterwards the documents whose pairs differ,
either way, are marked unindexed so the indexer's catch-up re-indexes them (only them).
The policy around it lives in `nutgraf.search.entity_sync`.
"""

from __future__ import annotations

from nutgraf.store.database import Connection

_PAIRS = (
    "SELECT DISTINCT m.doc_id, m.entity_id, e.key || '|' || e.name || '|' || e.aliases "
    "FROM mentions m JOIN entities e ON e.id = m.entity_id"
)


def note_document_entities(db: Connection) -> None:
    """Note every document's entities (with their keys and names), in one transaction."""
    with db:
        db.execute(
            "CREATE TEMP TABLE IF NOT EXISTS mention_entities_before "
            "(doc_id TEXT, entity_id TEXT, label TEXT)"
        )
        db.execute("DELETE FROM mention_entities_before")
        db.execute(f"INSERT INTO mention_entities_before {_PAIRS}")


def mark_changed_documents_unindexed(db: Connection) -> None:
    """Mark unindexed each document whose entities differ from those noted, then forget the
    note, in one transaction."""
    with db:
        # A document whose entities (or their names) differ, both ways: a mention moved, was
        # set aside by a reviewer, or came back.
        db.execute(
            "UPDATE documents SET indexed = 0 WHERE id IN ("
            f"SELECT doc_id FROM (SELECT * FROM mention_entities_before EXCEPT {_PAIRS}) gone "
            f"UNION SELECT doc_id FROM ({_PAIRS} EXCEPT SELECT * FROM mention_entities_before) "
            "came)"
        )
        db.execute("DELETE FROM mention_entities_before")
