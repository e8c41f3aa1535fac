"""Keeping the full-text index in step with the case's database, crash-safely.

A document is marked indexed in the database only after the index commit that holds it; at
the start of every run, documents read but never marked are indexed again (an earlier copy
is deleted by id first), so a crash between the two commits costs a little work, nothing more.
"""

from __future__ import annotations

import time

from nutgraf.folders import folder_terms
from nutgraf.search.index import SearchIndex
from nutgraf.store.sql import SqlStore

COMMIT_EVERY_DOCUMENTS = 2000
COMMIT_EVERY_SECONDS = 5.0


class Indexer:
    def __init__(self, store: SqlStore, index: SearchIndex) -> None:
        self.store = store
        self.index = index
        self.waiting: list[str] = []
        self.last_commit = time.monotonic()

    def add(self, doc_id: str, text: str | None = None) -> None:
        """`text`: the document's text as just stored, when the caller has it (not read back)."""
        store = self.store
        document = store.document(doc_id)
        if text is None:
            text = store.text(doc_id)
        terms = store.index_terms(doc_id)
        terms["folder"] = folder_terms(sorted(store.paths(doc_id)))
        self.index.add(document, text, terms)
        self.waiting.append(doc_id)
        if (
            len(self.waiting) >= COMMIT_EVERY_DOCUMENTS
            or time.monotonic() - self.last_commit > COMMIT_EVERY_SECONDS
        ):
            self.commit()

    def commit(self) -> None:
        if not self.waiting:
            return
        self.index.commit()
        self.store.mark_indexed(self.waiting)
        self.waiting = []
        self.last_commit = time.monotonic()

    def catch_up(self) -> int:
        """Index every document that was read but is not (or no longer) in the index."""
        if self.index.is_empty:
            self.store.mark_all_unindexed()
        count = 0
        while batch := self.store.unindexed(500):
            for doc_id in batch:
                self.add(doc_id)
            self.commit()
            count += len(batch)
        return count

    def flush(self) -> None:
        self.commit()
        self.catch_up()
