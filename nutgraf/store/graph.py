"""Every SQL statement for the network page: mail edges, co-occurrence edges and their nodes.

Mail edges are directed, sender → recipient, weighted by messages. Co-occurrence edges are
undirected (source < target), weighted by the number of documents naming both entities. Each
function takes the case's sqlite connection (`case.store.db`), only reads, and returns records;
each kind keeps only its strongest `limit` edges, strongest first, ties by source then target.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nutgraf.store.database import Connection
from nutgraf.store.queries_web import RECIPIENT_ROLES


def _marks(values: Sequence[str]) -> str:
    return ",".join("?" * len(values))


def mail_edges(
    db: Connection, types: Sequence[str], min_weight: int, limit: int
) -> list[dict[str, Any]]:
    """Sender → recipient pairs from mail header mentions, both ends of the given types, with
    the recipient roles (to, cc, bcc) seen, sorted."""
    marks = _marks(types)
    rows = db.execute(
        "SELECT s.entity_id AS source, r.entity_id AS target, COUNT(DISTINCT s.doc_id) AS weight, "
        "GROUP_CONCAT(DISTINCT substr(r.source, 10)) AS roles "
        "FROM mentions s JOIN mentions r ON r.doc_id = s.doc_id "
        "JOIN entities es ON es.id = s.entity_id JOIN entities er ON er.id = r.entity_id "
        f"WHERE s.source = 'metadata:from' AND r.source IN ({_marks(RECIPIENT_ROLES)}) "
        f"AND r.entity_id != s.entity_id AND es.type IN ({marks}) AND er.type IN ({marks}) "
        "GROUP BY s.entity_id, r.entity_id HAVING COUNT(DISTINCT s.doc_id) >= ? "
        "ORDER BY weight DESC, source, target LIMIT ?",
        (*RECIPIENT_ROLES, *types, *types, min_weight, limit),
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


def co_edges(
    db: Connection,
    types: Sequence[str],
    min_weight: int,
    limit: int,
    max_entities_per_document: int,
) -> list[dict[str, Any]]:
    """Pairs of entities of the given types named in the same documents; a document naming more
    than `max_entities_per_document` such entities is left out of the count."""
    marks = _marks(types)
    rows = db.execute(
        "WITH named AS (SELECT DISTINCT m.doc_id, m.entity_id FROM mentions m "
        f"JOIN entities e ON e.id = m.entity_id WHERE e.type IN ({marks})), "
        "crowded AS (SELECT doc_id FROM named GROUP BY doc_id HAVING COUNT(*) > ?) "
        "SELECT a.entity_id AS source, b.entity_id AS target, COUNT(*) AS weight "
        "FROM named a JOIN named b ON b.doc_id = a.doc_id AND b.entity_id > a.entity_id "
        "WHERE a.doc_id NOT IN (SELECT doc_id FROM crowded) "
        "GROUP BY a.entity_id, b.entity_id HAVING COUNT(*) >= ? "
        "ORDER BY weight DESC, source, target LIMIT ?",
        (*types, max_entities_per_document, min_weight, limit),
    )
    return [
        {"kind": "co", "source": row["source"], "target": row["target"], "weight": row["weight"]}
        for row in rows
    ]


def entity_labels(db: Connection, ids: Sequence[str]) -> list[dict[str, Any]]:
    """{id, type, name} of each of these entities that exists, read 500 ids at a time (SQLite's
    bound-parameter limit), in the order of their ids."""
    labels: list[dict[str, Any]] = []
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        rows = db.execute(
            f"SELECT id, type, name FROM entities WHERE id IN ({_marks(chunk)}) ORDER BY id", chunk
        )
        labels += [{"id": row["id"], "type": row["type"], "name": row["name"]} for row in rows]
    return labels
