"""entity:NAME — an entity by any of its names, and which entity that was.

The index holds, for each document, the terms of every entity it names (`index.entity_terms`:
keys, names, aliases, addresses, names without their legal form or proclitics). A query
value is looked up under the same normalisations, so `entity:"Cirrolux Systems"` finds
Cirrolux Systems SA, and `entity:"Cirrolux Systems S.A."` its key. `matched` then names the
entities behind the hits, so a reporter sees what was searched for.
"""

from __future__ import annotations

from typing import Any

from tantivy import Occur, Query

from nutgraf.fold import fold
from nutgraf.search.index import SearchIndex, entity_terms, normalized_name
from nutgraf.search.query import Filter, Node
from nutgraf.store.base import Store

CANDIDATES = 40  # entities named in the matching documents, checked against the value


def query_terms(value: str) -> list[str]:
    """The index terms a value may stand for: as typed, normalised, and as a company's key."""
    from nutgraf.analyze._names import organisation_key

    terms = [fold(value).strip(), normalized_name(value)]
    base, form = organisation_key(value)
    if form and base:
        terms.append(f"{base}|{form}")
    return [term for term in dict.fromkeys(terms) if term]


def entity_query(index: SearchIndex, value: str) -> Query:
    clauses = [
        (Occur.Should, Query.term_query(index.schema, "entity", term))
        for term in query_terms(value)
    ]
    return Query.boolean_query(clauses)


def entity_values(node: Node) -> list[str]:
    """The values of every entity: filter in a parsed query."""
    if isinstance(node, Filter):
        return [node.value] if node.field == "entity" else []
    children = getattr(node, "children", None) or ([node.child] if hasattr(node, "child") else [])
    return [value for child in children for value in entity_values(child)]


def matched(store: Store, index: SearchIndex, value: str) -> list[dict[str, Any]]:
    """The entities `entity:value` stands for: [{id, type, name}], most documents first."""
    from nutgraf.store.queries_search import entity_names

    wanted = set(query_terms(value))
    request = {"ids": {"terms": {"field": "entity_id", "size": CANDIDATES}}}
    try:
        found = index.searcher().aggregate(entity_query(index, value), request)
    except ValueError:  # no documents yet
        return []
    ids = [bucket["key"] for bucket in found.get("ids", {}).get("buckets", [])]
    names = entity_names(store, ids)
    result = []
    for entity_id in ids:
        entity = names.get(entity_id)
        if entity is None:
            continue
        key = entity["key"]
        terms = set(entity_terms([key, key.split(":", 1)[-1], entity["name"], *entity["aliases"]]))
        terms |= {normalized_name(name) for name in [entity["name"], *entity["aliases"]]}
        terms.add(entity_id)
        if terms & wanted:
            result.append({"id": entity_id, "type": entity["type"], "name": entity["name"]})
    return result
