"""Who is who across a case: resolution run over the store after each ingest or review.

The store gives plain records (mentions, a reviewer's rules, the names the case gives surely);
the analyzers decide (`analyze.resolve.group_mentions`, a pure function, and `analyze.review`);
the store writes the groups as entities and marks for re-indexing the documents whose entities
changed.
"""

from __future__ import annotations

from nutgraf.analyze import review
from nutgraf.analyze._known_names import known_name_mentions
from nutgraf.analyze.resolve import group_mentions
from nutgraf.store.sql import SqlStore


def resolve_entities(store: SqlStore) -> int:
    """Regroup every mention of the case into entities; returns how many entities there are."""
    with store.reindexing_moved_mentions():
        rules = store.review_rules()
        store.restore_rejected()  # undone rules free their mentions; the others reject again
        store.replace_known_mentions(known_name_mentions(*store.known_name_inputs()))
        kept, rejected = review.screen(store.mention_records(), rules)
        store.set_aside(rejected)
        groups = group_mentions(kept, rules)
        store.write_groups(groups)
    return len(groups)
