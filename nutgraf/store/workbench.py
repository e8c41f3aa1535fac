"""The reads the workbench shows beside the Store's own, as methods of every store (SqlStore
mixes this in), so that the web speaks to the store and never to its connection."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nutgraf.model import WordBox
from nutgraf.store import boxes, graph, queries_web, threads, versions
from nutgraf.store.database import Connection


class WorkbenchReads:
    db: Connection

    # -- entities --
    def entity_summary(self, entity_id: str) -> dict[str, Any]:
        return queries_web.entity(self.db, entity_id)

    def entity_mentions(self, entity_id: str, limit: int = 500) -> list[dict]:
        return queries_web.entity_mentions(self.db, entity_id, limit)

    def co_occurring(self, entity_id: str, limit: int = 30) -> list[dict]:
        return queries_web.co_occurring(self.db, entity_id, limit)

    def document_mentions(self, doc_id: str) -> list[dict]:
        return queries_web.document_mentions(self.db, doc_id)

    # -- facts, timeline, runs --
    def fact_count(self, **filters: Any) -> int:
        return int(queries_web.fact_summary(self.db, **filters)["count"])

    def fact_kinds(self) -> list[tuple[str, int]]:
        return queries_web.fact_kinds(self.db)

    def currencies(self) -> list[str]:
        return queries_web.currencies(self.db)

    def timeline(self) -> list[dict[str, Any]]:
        return queries_web.timeline(self.db)

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        return queries_web.runs(self.db, limit)

    # -- the network --
    def mail_edges(self, types: Sequence[str], min_weight: int, limit: int) -> list[dict]:
        return graph.mail_edges(self.db, types, min_weight, limit)

    def co_edges(
        self, types: Sequence[str], min_weight: int, limit: int, max_entities_per_document: int
    ) -> list[dict]:
        return graph.co_edges(self.db, types, min_weight, limit, max_entities_per_document)

    def node_labels(self, entity_ids: Sequence[str]) -> list[dict[str, Any]]:
        return graph.entity_labels(self.db, entity_ids)

    # -- reading: children, threads, versions, page boxes --
    def children_summaries(self, parent_id: str) -> list[dict[str, Any]]:
        return threads.children_summaries(self.db, parent_id)

    def thread_sizes(self, doc_ids: list[str]) -> dict[str, int]:
        return threads.thread_sizes(self.db, doc_ids)

    def version_groups(self, doc_ids: list[str]) -> dict[str, tuple[str, int]]:
        return versions.groups_of(self.db, doc_ids)

    def page_boxes(self, doc_id: str, page: int) -> list[WordBox]:
        return boxes.page_boxes(self.db, doc_id, page)

    def pages_with_boxes(self, doc_id: str) -> list[int]:
        return boxes.pages_with_boxes(self.db, doc_id)
