"""Which documents an export covers: given ids, a query's matches, or the whole case."""

from __future__ import annotations

from nutgraf.case import Case
from nutgraf.search.compile import Compiler
from nutgraf.search.query import parse

PAGE = 10_000


def query_doc_ids(case: Case, query: str) -> list[str]:
    """Every document matching `query`, best first, without snippets (an export needs ids)."""
    compiled = Compiler(case.index, marks=case.store).compile(parse(query))
    searcher = case.index.searcher()
    found: list[str] = []
    offset = 0
    while True:
        page = searcher.search(compiled, limit=PAGE, offset=offset)
        ids = [searcher.doc(address)["id"][0] for _, address in page.hits]
        found += ids
        if len(ids) < PAGE:
            return list(dict.fromkeys(found))
        offset += PAGE


def selected_ids(case: Case, ids: list[str] | None = None, query: str | None = None) -> list[str]:
    """Ids given (resolved from prefixes) and/or a query's matches; both: those in either."""
    chosen = [case.store.resolve_id(doc_id) for doc_id in ids or []]
    if query is not None:
        chosen += query_doc_ids(case, query)
    return list(dict.fromkeys(chosen))
