"""Read queries the workbench shows beside the Store's own: an entity's mentions and neighbours,
a document's mentions, fact counts, the timeline and the ingest runs.

Each takes the case's sqlite connection (`case.store.db`, rows as Row) and only reads;
each returns plain records (dicts, tuples, strings), never a cursor. `nutgraf.web.queries`
re-exports them under the names the pages and the API call.
"""

from __future__ import annotations

import json
from typing import Any

from nutgraf.store.database import Connection
from nutgraf.store.rows import fact_filters

# The mail header roles a recipient's mention carries (see ingest's metadata mentions).
RECIPIENT_ROLES = ("metadata:to", "metadata:cc", "metadata:bcc")


def entity(db: Connection, entity_id: str) -> dict[str, Any]:
    """The entity's summary (`queries_entities.entity_summary`); NotFound when it is not there."""
    # imported here: queries_entities imports sql.py, which (through workbench.py) imports this
    from nutgraf.store.queries_entities import entity_summary

    return entity_summary(db, entity_id)


def entity_mentions(db: Connection, entity_id: str, limit: int = 500) -> list[dict]:
    """Each mention of the entity with the document it is in, newest documents last."""
    rows = db.execute(
        'SELECT m.doc_id, m.start, m."end", m.quote, m.source, d.path, d.title, d.mime, d.date '
        "FROM mentions m JOIN documents d ON d.id = m.doc_id WHERE m.entity_id = ? "
        "ORDER BY d.date IS NULL, d.date, m.doc_id, m.start IS NOT NULL, m.start LIMIT ?",
        (entity_id, limit),
    )
    return [dict(row) for row in rows]


def co_occurring(db: Connection, entity_id: str, limit: int = 30) -> list[dict]:
    """Other entities named in the same documents, most shared documents first."""
    # Documents first, then (document, entity) pairs, each once (as `cooccurring` in
    # queries_entities.py): mention joined to mention grows with the square of a document's
    # mentions (1.3 s for one entity of the public corpus case).
    rows = db.execute(
        "SELECT e.id, e.type, e.name, COUNT(*) AS documents FROM ("
        "SELECT DISTINCT other.doc_id, other.entity_id "
        "FROM (SELECT DISTINCT doc_id FROM mentions WHERE entity_id = ?) own "
        "JOIN mentions other ON other.doc_id = own.doc_id WHERE other.entity_id != ?) pair "
        "JOIN entities e ON e.id = pair.entity_id "
        "GROUP BY e.id, e.type, e.name ORDER BY documents DESC, e.name LIMIT ?",
        (entity_id, entity_id, limit),
    )
    return [dict(row) for row in rows]


def document_mentions(db: Connection, doc_id: str) -> list[dict]:
    """The document's mentions with their entity's type and name, in text order (spanless last)."""
    rows = db.execute(
        'SELECT m.entity_id, e.type, e.name, m.start, m."end", m.quote, m.source '
        "FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = ? "
        "ORDER BY m.start IS NULL, m.start, m.id",
        (doc_id,),
    )
    return [dict(row) for row in rows]


def _fact_where(
    kind: str | None,
    doc_id: str | None,
    minimum: float | None,
    maximum: float | None,
    currency: str | None,
) -> tuple[str, list[Any]]:
    """The same filters as Store.facts, as a WHERE clause."""
    clauses, params = fact_filters(kind, doc_id, minimum, maximum)
    if currency:
        clauses.append("currency = ?")
        params.append(currency.upper())
    return (f"WHERE {' AND '.join(clauses)}" if clauses else ""), params


def fact_summary(
    db: Connection,
    kind: str | None = None,
    doc_id: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    currency: str | None = None,
) -> dict[str, Any]:
    """How many facts match (the money totals: `nutgraf.store.totals`, each amount once)."""
    where, params = _fact_where(kind, doc_id, minimum, maximum, currency)
    count = db.execute(f"SELECT COUNT(*) FROM facts {where}", params).fetchone()[0]
    return {"count": count}


def fact_kinds(db: Connection) -> list[tuple[str, int]]:
    """(kind, facts of that kind), the commonest kind first."""
    rows = db.execute("SELECT kind, COUNT(*) FROM facts GROUP BY kind ORDER BY 2 DESC")
    return [(row[0], row[1]) for row in rows]


def currencies(db: Connection) -> list[str]:
    """Every currency a money fact names, the commonest first."""
    rows = db.execute(
        "SELECT currency FROM facts WHERE currency IS NOT NULL GROUP BY currency "
        "ORDER BY COUNT(*) DESC"
    )
    return [row[0] for row in rows]


def timeline(db: Connection) -> list[dict[str, Any]]:
    """Per month: documents dated then (mail dates, created dates) and dates stated in texts."""
    months: dict[str, dict[str, Any]] = {}
    documents = db.execute(
        "SELECT substr(date, 1, 7) AS month, COUNT(*) FROM documents "
        "WHERE date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY month"
    )
    for month, count in documents:
        months.setdefault(month, {"month": month, "documents": 0, "facts": 0})["documents"] = count
    facts = db.execute(
        "SELECT substr(value, 1, 7) AS month, COUNT(*) FROM facts WHERE kind = 'date' "
        "AND value GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]*' GROUP BY month"
    )
    for month, count in facts:
        months.setdefault(month, {"month": month, "documents": 0, "facts": 0})["facts"] = count
    return [months[key] for key in sorted(months)]


def runs(db: Connection, limit: int = 20) -> list[dict[str, Any]]:
    """The latest ingest runs, newest first: id, started, finished, roots, summary."""
    rows = db.execute(
        "SELECT id, started, finished, roots, summary FROM runs ORDER BY id DESC LIMIT ?", (limit,)
    )
    return [
        {
            "id": row["id"],
            "started": row["started"],
            "finished": row["finished"],
            "roots": json.loads(row["roots"]),
            "summary": json.loads(row["summary"]) if row["summary"] else None,
        }
        for row in rows
    ]
