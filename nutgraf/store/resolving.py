"""Entity resolution and review as methods of every store (SqlStore mixes this in): what
resolution reads (mention records, a reviewer's rules, the names a case gives surely) and what
it writes (the groups as entities, set-aside mentions), with the documents whose entities it
changes marked for re-indexing. Who is who is decided elsewhere, from plain records
(`nutgraf.analyze.resolve`); `nutgraf.entities` runs the two together."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from typing import Any

from nutgraf.model import Group, MentionRecord, ReviewRule
from nutgraf.store import entity_sync, resolution, review
from nutgraf.store.database import Connection


class ResolutionStore:
    db: Connection

    # -- what resolution reads --
    def mention_records(self) -> list[MentionRecord]:
        return resolution.mention_records(self.db)

    def review_rules(self) -> list[ReviewRule]:
        return review.rules(self.db)

    def known_name_inputs(
        self,
    ) -> tuple[list[str], Iterator[tuple[str, str, list[tuple[int, int]]]]]:
        return resolution.known_name_inputs(self.db)

    def needs_resolution(self) -> bool:
        """True when some entity still has the key one document gave it (a run was cut)."""
        return resolution.needs_resolution(self.db)

    # -- what it writes --
    def restore_rejected(self) -> int:
        return review.restore_rejected(self.db)

    def replace_known_mentions(self, mentions: Iterable[tuple[str, int, int, str]]) -> int:
        return resolution.replace_known_mentions(self.db, mentions)

    def set_aside(self, rejected: list[tuple[int, int]]) -> None:
        review.set_aside(self.db, rejected)

    def write_groups(self, groups: list[Group]) -> None:
        resolution.write_groups(self.db, groups)

    @contextlib.contextmanager
    def reindexing_moved_mentions(self) -> Iterator[None]:
        """Around the block: documents whose entities (ids, keys, names) it changes are marked
        unindexed, so that the indexer's catch-up re-indexes them, and only them."""
        entity_sync.note_document_entities(self.db)
        yield
        entity_sync.mark_changed_documents_unindexed(self.db)

    # -- a reviewer's rules --
    def review_rule_rows(self) -> list[dict[str, Any]]:
        return review.rule_rows(self.db)

    def add_review_rule(
        self,
        action: str,
        keys: set[str],
        label: str,
        apart: set[str] | None = None,
        value: str = "",
    ) -> int:
        return review.add_rule(self.db, action, keys, label, apart=apart, value=value)

    def set_review_rule_keys(self, rule_id: int, keys: set[str]) -> None:
        review.set_rule_keys(self.db, rule_id, keys)

    def delete_review_rule(self, rule_id: int) -> bool:
        return review.delete_rule(self.db, rule_id)

    def entity_records(self, entity_id: str) -> list[MentionRecord]:
        return review.entity_records(self.db, entity_id)

    def entities_of_mentions(self, mention_ids: list[int]) -> list[dict[str, Any]]:
        return review.entities_of_mentions(self.db, mention_ids)
