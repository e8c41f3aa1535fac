"""The network: who wrote to whom (mail headers) and who is named with whom (same documents).

Mail edges are directed, sender → recipient, weighted by messages. Co-occurrence edges are
undirected, weighted by the number of documents naming both entities. Both are read-only queries
on the store's connection; each kind keeps only its strongest `limit` edges.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from nutgraf.web import params
from nutgraf.web.queries import RECIPIENT_ROLES

ENTITY_TYPES = ("person", "organization", "location")
EDGE_KINDS = ("mail", "co", "both")
# A document naming hundreds of entities (a directory, a register) would add tens of thousands
# of pairs that say little about who is linked to whom; such documents are left out of the
# co-occurrence count (and said so on the page).
MAX_ENTITIES_PER_DOCUMENT = 100


@dataclass(frozen=True)
class GraphFilter:
    kinds: str = "both"  # mail | co | both
    types: tuple[str, ...] = ENTITY_TYPES
    min_weight: int = 1
    limit: int = 300

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
        limit=params.integer(request, "limit", 300, low=1, high=5000),
    )


def _marks(values: Sequence[str]) -> str:
    return ",".join("?" * len(values))


def mail_edges(db: sqlite3.Connection, graph: GraphFilter) -> list[dict[str, Any]]:
    """Sender → recipient pairs from mail header mentions, both ends of the chosen types."""
    types = _marks(graph.types)
    rows = db.execute(
        "SELECT s.entity_id AS source, r.entity_id AS target, COUNT(DISTINCT s.doc_id) AS weight, "
        "GROUP_CONCAT(DISTINCT substr(r.source, 10)) AS roles "
        "FROM mentions s JOIN mentions r ON r.doc_id = s.doc_id "
        "JOIN entities es ON es.id = s.entity_id JOIN entities er ON er.id = r.entity_id "
        f"WHERE s.source = 'metadata:from' AND r.source IN ({_marks(RECIPIENT_ROLES)}) "
        f"AND r.entity_id != s.entity_id AND es.type IN ({types}) AND er.type IN ({types}) "
        "GROUP BY s.entity_id, r.entity_id HAVING weight >= ? "
        "ORDER BY weight DESC, source, target LIMIT ?",
        (*RECIPIENT_ROLES, *graph.types, *graph.types, graph.min_weight, graph.limit),
    )
    return [
        {
            "kind": "mail",
            "source": row["source"],
            "target": row["target"],
            "weight": row["weight"],
            "roles": sorted((row["roles"] or "").split(",")),
        }
        for row in rows
    ]


def co_edges(db: sqlite3.Connection, graph: GraphFilter) -> list[dict[str, Any]]:
    """Pairs of entities named in the same documents (source < target: undirected)."""
    types = _marks(graph.types)
    rows = db.execute(
        "WITH named AS (SELECT DISTINCT m.doc_id, m.entity_id FROM mentions m "
        f"JOIN entities e ON e.id = m.entity_id WHERE e.type IN ({types})), "
        "crowded AS (SELECT doc_id FROM named GROUP BY doc_id HAVING COUNT(*) > ?) "
        "SELECT a.entity_id AS source, b.entity_id AS target, COUNT(*) AS weight "
        "FROM named a JOIN named b ON b.doc_id = a.doc_id AND b.entity_id > a.entity_id "
        "WHERE a.doc_id NOT IN (SELECT doc_id FROM crowded) "
        "GROUP BY a.entity_id, b.entity_id HAVING weight >= ? "
        "ORDER BY weight DESC, source, target LIMIT ?",
        (*graph.types, MAX_ENTITIES_PER_DOCUMENT, graph.min_weight, graph.limit),
    )
    return [
        {"kind": "co", "source": row["source"], "target": row["target"], "weight": row["weight"]}
        for row in rows
    ]


def network(db: sqlite3.Connection, graph: GraphFilter) -> dict[str, list[dict[str, Any]]]:
    edges = mail_edges(db, graph) if graph.wants_mail else []
    if graph.wants_co:
        edges += co_edges(db, graph)
    return {"nodes": _nodes(db, edges), "edges": edges}


def _nodes(db: sqlite3.Connection, edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every entity at an end of an edge, with its mail counts and shared-document total."""
    counts: dict[str, dict[str, int]] = {}
    for edge in edges:
        for end, role in ((edge["source"], "sent"), (edge["target"], "received")):
            tally = counts.setdefault(end, {"sent": 0, "received": 0, "shared": 0})
            tally[role if edge["kind"] == "mail" else "shared"] += edge["weight"]
    ids = sorted(counts)
    nodes = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = db.execute(
            f"SELECT id, type, name FROM entities WHERE id IN ({_marks(chunk)})", chunk
        )
        nodes += [
            {"id": row["id"], "type": row["type"], "name": row["name"]} | counts[row["id"]]
            for row in rows
        ]
    return nodes
