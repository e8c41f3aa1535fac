"""Search a case: the query language, ranked hits with snippets, paging with no cap."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tantivy import Order

from nutgraf.errors import QueryError
from nutgraf.model import Document
from nutgraf.search.compile import Compiler
from nutgraf.search.facets import facet_counts
from nutgraf.search.index import SearchIndex
from nutgraf.search.query import parse, positive_terms
from nutgraf.search.snippets import (
    SCAN_LIMIT,
    Snippet,
    hit_pattern,
    snippets_for,
    stem_matches,
    stem_pattern,
)
from nutgraf.store.base import Store

SORTS = ("relevance", "date", "-date")


@dataclass
class Hit:
    document: Document
    score: float
    snippets: list[Snippet] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        return {
            "id": doc.id,
            "path": doc.path,
            "title": doc.title,
            "mime": doc.mime,
            "score": round(self.score, 4),
            "snippets": [
                {"text": s.text, "start": s.start, "highlights": s.highlights, "page": s.page}
                for s in self.snippets
            ],
        }


@dataclass
class Results:
    query: str
    total: int
    offset: int
    hits: list[Hit]
    facets: dict[str, list[dict[str, Any]]] | None = None  # with search(..., facets=True)


def search(
    store: Store,
    index: SearchIndex,
    query: str,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    facets: bool = False,
    stem: bool = True,
) -> Results:
    """Ranked (BM25) hits for `query`, each with snippets from the stored text.

    `facets`: also count the matching documents per type, language, year, sender, entity,
    currency and fact kind. `stem=False`: bare words match only as typed.
    """
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    if limit < 0 or offset < 0:
        raise QueryError("limit and offset must not be negative")
    tree = parse(query)
    compiled = Compiler(index, stem=stem, marks=store).compile(tree)
    searcher = index.searcher()
    order = {}
    if sort != "relevance":
        order = {"order_by_field": "date", "order": Order.Asc if sort == "date" else Order.Desc}
    found = searcher.search(compiled, limit=max(limit, 1), offset=offset, count=True, **order)
    ids = [searcher.doc(address)["id"][0] for _, address in found.hits][:limit]
    documents = store.documents_by_ids(ids)
    terms = positive_terms(tree)
    pattern = hit_pattern(terms, index.tokens)
    hits = []
    for (score, _), doc_id in zip(found.hits, ids, strict=False):
        document = documents.get(doc_id)
        if document is None:  # indexed but since removed from the store
            continue
        text, pages = store.text_and_pages(doc_id, SCAN_LIMIT)
        stemmed: list[tuple[int, int]] = []
        if stem:
            candidates, stems = stem_pattern(terms, index.tokens, document.language)
            stemmed = stem_matches(text, candidates, document.language, stems)
        snippets = snippets_for(text, pattern, pages, also=stemmed)
        hits.append(Hit(document, float(score) if sort == "relevance" else 0.0, snippets))
    counts = facet_counts(store, index, compiled) if facets else None
    return Results(query=query, total=found.count, offset=offset, hits=hits, facets=counts)
