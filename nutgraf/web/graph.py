"""The network: who wrote to whom (mail headers) and who is named with whom (same documents).

Mail edges are directed, sender → recipient, weighted by messages. Co-occurrence edges are
undirected, weighted by the number of documents naming both entities. Both are read-only queries
(in `nutgraf.store.graph`) on the store's connection; each kind keeps only its strongest `limit`
edges.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from nutgraf.store.sql import SqlStore
from nutgraf.web import params

ENTITY_TYPES = ("person", "organization", "location")
EDGE_KINDS = ("mail", "co", "both")
# A document naming hundreds of entities (a directory, a register) would add tens of thousands
# of pairs that say little about who is linked to whom; such documents are left out of the
# co-occurrence count (and said so on the page).
MAX_ENTITIES_PER_DOCUMENT = 100
# The network opens on the strongest links only: a few dozen are readable, hundreds are a
# hairball; "Most links per kind" asks for more.
DEFAULT_LINKS = 60


@dataclass(frozen=True)
class GraphFilter:
    kinds: str = "both"  # mail | co | both
    types: tuple[str, ...] = ENTITY_TYPES
    min_weight: int = 1
    limit: int = DEFAULT_LINKS

    @property
    def wants_mail(self) -> bool:
        return self.kinds in ("mail", "both")

    @property
    def wants_co(self) -> bool:
        return self.kinds in ("co", "both")


def graph_filter(request: Request) -> GraphFilter:
    """edges, type (repeatable), min and limit from the query string."""
    return GraphFilter(
        kinds=params.choice(request, "edges", EDGE_KINDS, "both"),
        types=params.several(request, "type", ENTITY_TYPES) or ENTITY_TYPES,
        min_weight=params.integer(request, "min", 1, low=1, high=1_000_000),
        limit=params.integer(request, "limit", DEFAULT_LINKS, low=1, high=5000),
    )


def mail_edges(store: SqlStore, graph: GraphFilter) -> list[dict[str, Any]]:
    """Sender → recipient pairs from mail header mentions, both ends of the chosen types."""
    return store.mail_edges(graph.types, graph.min_weight, graph.limit)


def co_edges(store: SqlStore, graph: GraphFilter) -> list[dict[str, Any]]:
    """Pairs of entities named in the same documents (source < target: undirected)."""
    return store.co_edges(graph.types, graph.min_weight, graph.limit, MAX_ENTITIES_PER_DOCUMENT)


def network(store: SqlStore, graph: GraphFilter) -> dict[str, list[dict[str, Any]]]:
    edges = mail_edges(store, graph) if graph.wants_mail else []
    if graph.wants_co:
        edges += co_edges(store, graph)
    return {"nodes": _nodes(store, edges), "edges": edges}


def _nodes(store: SqlStore, edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every entity at an end of an edge, with its mail counts and shared-document total."""
    counts: dict[str, dict[str, int]] = {}
    for edge in edges:
        for end, role in ((edge["source"], "sent"), (edge["target"], "received")):
            tally = counts.setdefault(end, {"sent": 0, "received": 0, "shared": 0})
            tally[role if edge["kind"] == "mail" else "shared"] += edge["weight"]
    return [label | counts[label["id"]] for label in store.node_labels(sorted(counts))]
