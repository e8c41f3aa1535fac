"""Facets: how many matching documents have each type, language, year, sender, entity, currency.

Counted by tantivy's terms aggregation over the keyword fast fields, on the whole result set
(not just the page shown), so the counts are exact for fields whose distinct values fit in
the shard size and, for the long tails (senders, entities), the top values with their exact
counts.
"""

from __future__ import annotations

from typing import Any

from tantivy import Query

from nutgraf.search.index import SearchIndex
from nutgraf.store.base import Store

# facet name → (index field, how many values to show)
FACETS: dict[str, tuple[str, int]] = {
    "type": ("type", 20),
    "lang": ("lang", 20),
    "year": ("year", 30),
    "sender": ("sender", 15),
    "entity": ("entity_id", 15),
    "currency": ("currency", 15),
    "has": ("has", 15),
}


def facet_counts(
    store: Store, index: SearchIndex, query: Query, size: int | None = None
) -> dict[str, list[dict[str, Any]]]:
    """{facet: [{"value", "count"} …]} most frequent first; entities also get type and name."""
    request = {
        name: {"terms": {"field": field, "size": size or default, "shard_size": 4 * 100}}
        for name, (field, default) in FACETS.items()
    }
    try:
        found = index.searcher().aggregate(query, request)
    except ValueError:  # an index with no documents has no fast-field columns yet
        return {name: [] for name in FACETS}
    facets = {
        name: [
            {"value": bucket["key"], "count": bucket["doc_count"]}
            for bucket in found.get(name, {}).get("buckets", [])
        ]
        for name in FACETS
    }
    labels = store.entity_labels([bucket["value"] for bucket in facets["entity"]])
    for bucket in facets["entity"]:
        bucket.update(labels.get(bucket["value"], {"type": "", "name": bucket["value"]}))
    return facets
