"""The index as a user granted collections sees it: every search and every count (facets,
entity counts) runs with "and the document is in scope" added, so hits, totals and facet
numbers are those of the scope alone. Only reading is offered; anything else fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import tantivy
from tantivy import Occur, Query

from nutgraf.search.index import SearchIndex


class ScopedSearcher:
    def __init__(self, searcher: tantivy.Searcher, scope: Query) -> None:
        self._searcher = searcher
        self._scope = scope

    def _within(self, query: Query) -> Query:
        return Query.boolean_query([(Occur.Must, query), (Occur.Must, self._scope)])

    def search(self, query: Query, *args: Any, **kwargs: Any) -> Any:
        return self._searcher.search(self._within(query), *args, **kwargs)

    def aggregate(self, query: Query, *args: Any, **kwargs: Any) -> Any:
        return self._searcher.aggregate(self._within(query), *args, **kwargs)

    def doc(self, address: Any) -> Any:  # an address a scoped search returned
        return self._searcher.doc(address)


class ScopedIndex:
    """Reads of `index` limited to the document ids `ids()` gives (asked at each search)."""

    def __init__(self, index: SearchIndex, ids: Callable[[], set[str]]) -> None:
        self._index = index
        self._ids = ids
        self.schema = index.schema
        self.folder = index.folder

    def tokens(self, text: str) -> list[str]:
        return self._index.tokens(text)

    def is_empty(self) -> bool:
        return not self._ids()

    def searcher(self) -> ScopedSearcher:
        ids = sorted(self._ids())
        scope = Query.term_set_query(self.schema, "id", ids) if ids else Query.empty_query()
        return ScopedSearcher(self._index.searcher(), scope)
