"""`tag:`, `note:` and `starred:` in a query: the reporter's marks (nutgraf/story/filters.py)
selected from case.db at query time, as a term-set query on the index's `id` field."""

from __future__ import annotations

from typing import Any

from tantivy import Occur, Query

from nutgraf.errors import QueryError
from nutgraf.story.filters import FIELDS, doc_ids

__all__ = ["FIELDS", "marks_query"]


def marks_query(schema: Any, store: Any, field: str, value: str) -> Query:
    db = getattr(store, "db", None)
    if db is None:
        raise QueryError(f"{field}: needs the case's database, which this search was not given")
    ids, negate = doc_ids(db, field, value)
    chosen = Query.term_set_query(schema, "id", ids) if ids else Query.empty_query()
    if negate:
        return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, chosen)])
    return chosen
