"""Queries over facts and entities that need more than one table: dates, context, co-occurrence.

Each takes the SQLite store (its connection and text reader); the CLI and the web call them.

Date ranges (`date_from`, `date_to`, ISO `YYYY[-MM[-DD]]`, both ends included): a `date` fact
is kept when the period it names overlaps the range (`2024-03` overlaps `2024-03-15..2024-12`);
any other fact is kept when its document's date (the mail's date, else its created or modified
date, else its parent's) falls in the range — a fact in an undated document is left out.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from nutgraf.errors import NotFound, QueryError
from nutgraf.fold import fold
from nutgraf.sentences import sentence_around
from nutgraf.store.database import Connection
from nutgraf.store.rows import FACT_COLUMNS, fact_filters, fact_from_row
from nutgraf.store.sql import SqlStore

_DOC_DATE = "substr(COALESCE(d.date, p.date), 1, 10)"
_F_COLUMNS = ", ".join(f"f.{column.strip()}" for column in FACT_COLUMNS.split(","))


def facts_in_context(
    store: SqlStore,
    *,
    kind: str | None = None,
    doc_id: str | None = None,
    minimum: float | None = None,
    maximum: float | None = None,
    currency: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    entity: str | None = None,
    entity_scope: str = "sentence",
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Facts with the contract fields plus `sentence` and `sentence_start`, filtered."""
    clauses, params = fact_filters(kind, doc_id and store.resolve_id(doc_id), minimum, maximum)
    clauses = [f"f.{clause}" for clause in clauses]
    if currency:
        clauses.append("f.currency = ?")
        params.append(currency.upper())
    _date_clauses(date_from, date_to, clauses, params)
    spans: dict[str, list[tuple[int | None, int | None]]] | None = None
    if entity:
        spans = _entity_spans(store, entity)
        marks = ",".join("?" * len(spans)) or "NULL"
        clauses.append(f"f.doc_id IN ({marks})")
        params.extend(spans)
    where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = store.db.execute(
        f"SELECT {_F_COLUMNS} FROM facts f JOIN documents d ON d.id = f.doc_id "
        f"LEFT JOIN documents p ON p.id = d.parent_id {where} ORDER BY f.doc_id, f.start",
        params,
    )
    texts = _TextCache(store)
    produced = 0
    for row in rows:
        if limit is not None and produced >= limit:
            return
        fact = fact_from_row(row)
        text = texts.get(fact["doc_id"])
        sentence, sentence_start = sentence_around(text, fact["start"], fact["end"])
        if spans is not None and not _mentioned_near(
            spans[fact["doc_id"]], sentence_start, sentence_start + len(sentence), entity_scope
        ):
            continue
        produced += 1
        yield fact | {"sentence": sentence, "sentence_start": sentence_start}


def _date_clauses(
    date_from: str | None, date_to: str | None, clauses: list[str], params: list[Any]
) -> None:
    if not date_from and not date_to:
        return
    low = _padded(date_from or "0000", "-01-01")
    high = _padded(date_to or "9999", "-12-31")
    # A date fact's period: `2024` runs 2024-01-01..2024-12-31, `2024-03` 2024-03-01..31.
    period_start = "f.value || substr('-01-01', 1 + length(f.value) - 4)"
    period_end = "f.value || substr('-12-31', 1 + length(f.value) - 4)"
    clauses.append(
        f"((f.kind = 'date' AND {period_end} >= ? AND {period_start} <= ?) OR "
        f"(f.kind != 'date' AND {_DOC_DATE} >= ? AND {_DOC_DATE} <= ?))"
    )
    params.extend([low, high, low, high])


def _padded(value: str, tail: str) -> str:
    value = value.strip()
    if len(value) not in (4, 7, 10) or not value[:4].isdigit():
        raise QueryError(f"not a date: {value!r} (give YYYY, YYYY-MM or YYYY-MM-DD)")
    return value + tail[len(value) - 4 :]


def _mentioned_near(
    spans: list[tuple[int | None, int | None]], start: int, end: int, scope: str
) -> bool:
    if scope == "document":
        return True
    for mention_start, mention_end in spans:
        if mention_start is None or mention_end is None:
            return True  # named in a header: the whole document is about them
        if mention_start < end and start < mention_end:
            return True
    return False


def _entity_spans(store: SqlStore, entity: str) -> dict[str, list]:
    ids = find_entities(store, entity)
    spans: dict[str, list] = defaultdict(list)
    marks = ",".join("?" * len(ids))
    for row in store.db.execute(
        f'SELECT doc_id, start, "end" FROM mentions WHERE entity_id IN ({marks})', ids
    ):
        spans[row[0]].append((row[1], row[2]))
    return dict(spans)


def find_entities(store: SqlStore, name_or_id: str) -> list[str]:
    """Entity ids for an id (or prefix), or a name or alias (case and accents ignored)."""
    wanted = name_or_id.strip()
    rows = store.db.execute(
        "SELECT id FROM entities WHERE id = ? OR (length(?) >= 4 AND id LIKE ? || '%')",
        (wanted, wanted, wanted),
    ).fetchall()
    if rows:
        return [row[0] for row in rows]
    folded = " ".join(fold(wanted).split())
    found = [
        row["id"]
        for row in store.db.execute("SELECT id, name, aliases FROM entities")
        if folded in {" ".join(fold(n).split()) for n in [row["name"], *json.loads(row["aliases"])]}
    ]
    if not found:
        raise NotFound(f"no entity named {name_or_id!r} (see `nutgraf entities`)")
    return found


def merge_evidence(store: SqlStore, entity_id: str) -> list[str]:
    """Why this entity is one of several names: same address, spelling variant, initials…"""
    from nutgraf.store.resolution import evidence

    return evidence(store.db, entity_id)


def cooccurring(store: SqlStore, entity_id: str, limit: int = 5) -> list[dict[str, Any]]:
    """The entities named in most of the documents that name this one."""
    # Documents first, then (document, entity) pairs, each once: joining mention to mention
    # grows with the square of a document's mentions (20 s for one entity of the public
    # corpus, 0.2 s this way).
    rows = store.db.execute(
        "SELECT e.id, e.name, COUNT(*) AS count FROM ("
        "SELECT DISTINCT other.doc_id, other.entity_id "
        "FROM (SELECT DISTINCT doc_id FROM mentions WHERE entity_id = ?) own "
        "JOIN mentions other ON other.doc_id = own.doc_id WHERE other.entity_id != ?) pair "
        "JOIN entities e ON e.id = pair.entity_id "
        "GROUP BY e.id, e.name ORDER BY count DESC, e.name, e.id LIMIT ?",
        (entity_id, entity_id, limit),
    )
    return [{"id": r["id"], "name": r["name"], "count": r["count"]} for r in rows]


def mentions_by_document(store: SqlStore, doc_ids: set[str]) -> dict[str, list[tuple]]:
    """{doc_id: [(entity id, name, start, end)]} for the people and organisations named."""
    found: dict[str, list[tuple]] = defaultdict(list)
    ids = sorted(doc_ids)
    for offset in range(0, len(ids), 500):
        chunk = ids[offset : offset + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.db.execute(
            'SELECT m.doc_id, e.id, e.name, m.start, m."end" FROM mentions m '
            f"JOIN entities e ON e.id = m.entity_id WHERE m.doc_id IN ({marks}) "
            "AND e.type IN ('person', 'organization')",
            chunk,
        ):
            found[row[0]].append((row[1], row[2], row[3], row[4]))
    return found


class _TextCache:
    """Facts come ordered by document: keep the current document's text only."""

    def __init__(self, store: SqlStore) -> None:
        self.store = store
        self.doc_id: str | None = None
        self.text = ""

    def get(self, doc_id: str) -> str:
        if doc_id != self.doc_id:
            self.doc_id, self.text = doc_id, self.store.text(doc_id)
        return self.text


def entity_summary(db: Connection, entity_id: str) -> dict[str, Any]:
    """An entity with its names and how many mentions and documents it has (NotFound)."""
    row = db.execute(
        "SELECT e.id, e.type, e.name, e.key, e.aliases, COUNT(m.id) AS mentions, "
        "COUNT(DISTINCT m.doc_id) AS documents FROM entities e "
        "LEFT JOIN mentions m ON m.entity_id = e.id WHERE e.id = ? "
        "GROUP BY e.id, e.type, e.name, e.key, e.aliases",
        (entity_id,),
    ).fetchone()
    if row is None:
        raise NotFound(f"no entity with id {entity_id}")
    return {
        "id": row["id"],
        "type": row["type"],
        "name": row["name"],
        "key": row["key"],
        "aliases": json.loads(row["aliases"]),
        "mentions": row["mentions"],
        "documents": row["documents"],
    }
