"""Keeping the index's entity terms in step with entity resolution.

Resolution runs after documents are read (and indexed) and may move a mention to another
entity, whose id and key differ; the index would then filter and facet on ids that no longer
exist; a reviewer's rename changes the names that entity: matches. Around resolution, each
document's entities (with their keys and names) are noted; afterwards the documents whose
entities differ are marked unindexed, so the indexer's catch-up re-indexes them (only them).
The statements live in `nutgraf.store.entity_sync`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from nutgraf.store import entity_sync as sync_sql
from nutgraf.store.database import Connection


@contextmanager
def reindex_moved_mentions(db: Connection) -> Iterator[None]:
    """Around the block: documents whose entities it changes are marked for re-indexing."""
    sync_sql.note_document_entities(db)
    yield
    sync_sql.mark_changed_documents_unindexed(db)
