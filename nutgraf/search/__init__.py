"""Search a case: the query language, ranked hits with snippets, paging with no cap."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tantivy import Order

from nutgraf.errors import QueryError
from nutgraf.model import Document
from nutgraf.search import entities
from nutgraf.search.combine import with_filters
from nutgraf.search.compile import Compiler
from nutgraf.search.facets import facet_counts
from nutgraf.search.index import SearchIndex, parse_date
from nutgraf.search.query import Node, Phrase, parse, positive_terms
from nutgraf.search.snippets import (
    SCAN_LIMIT,
    Snippet,
    hit_pattern,
    hit_spans,
    snippets_for,
    stem_matches,
    stem_pattern,
    translation_snippets,
)
from nutgraf.store.base import Store

SORTS = ("relevance", "date", "-date")
MAX_LIMIT = 100_000  # hits with snippets in one answer; page with offset for more
MAX_OFFSET = 10_000_000


@dataclass
class Hit:
    document: Document
    score: float
    snippets: list[Snippet] = field(default_factory=list)
    via: str | None = None  # "translation": the query matched the document's translation

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        return {
            "id": doc.id,
            "path": doc.path,
            "title": doc.title,
            "mime": doc.mime,
            "date": document_date(doc),
            "score": round(self.score, 4),
            "snippets": [
                {"text": s.text, "start": s.start, "highlights": s.highlights, "page": s.page}
                for s in self.snippets
            ],
            "via": self.via,
        }


@dataclass
class Results:
    query: str
    total: int
    offset: int
    hits: list[Hit]
    facets: dict[str, list[dict[str, Any]]] | None = None  # with search(..., facets=True)
    # what entity: values stood for: [{"value", "entities": [{id, type, name}]}]
    entities: list[dict[str, Any]] = field(default_factory=list)

    def notes(self) -> list[str]:
        """One line per entity: filter, saying which entities it matched (or none)."""
        lines = []
        for item in self.entities:
            found = item["entities"]
            named = "; ".join(f"{e['name']} ({e['type']}, {e['id']})" for e in found)
            lines.append(
                f"entity:{item['value']!r} matched {named}"
                if found
                else f"entity:{item['value']!r} matched no entity (see `nutgraf entities`)"
            )
        return lines


def document_date(doc: Document) -> str | None:
    """The date `date:` and `--sort date` use (mail date, else created, else modified), as
    YYYY-MM-DD in the document's own time zone; None when it has none the index could read."""
    metadata = doc.metadata or {}
    value = metadata.get("date") or metadata.get("created") or metadata.get("modified")
    if parse_date(value) is None:
        return None
    return str(value)[:10]


def phrase(text: str) -> Node:
    """`text` as one exact phrase (batch --as-phrases): quotes in it are not operators."""
    cleaned = " ".join(text.replace('"', " ").split())
    if not cleaned:
        raise QueryError("an empty line has nothing to search for")
    return Phrase(cleaned)


def search(
    store: Store,
    index: SearchIndex,
    query: str,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    facets: bool = False,
    stem: bool = True,
    filters: list[str] | tuple[str, ...] = (),
    tree: Node | None = None,
) -> Results:
    """Ranked (BM25) hits for `query`, each with snippets from the stored text.

    `facets`: also count the matching documents per type, language, year, sender, entity,
    currency and fact kind. `stem=False`: bare words match only as typed. `filters`: more
    queries every hit must match too, each combined with the query as a whole
    (`(query) AND filter`: a facet never rebinds the query's OR). `tree`: an already parsed
    query instead of `query`'s text.
    """
    if sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")
    if limit < 0 or offset < 0 or limit > MAX_LIMIT or offset > MAX_OFFSET:
        raise QueryError(
            f"limit must be 0..{MAX_LIMIT:,} and offset 0..{MAX_OFFSET:,}, not {limit} and {offset}"
        )
    tree = with_filters(parse(query) if tree is None else tree, filters)
    try:
        compiled = Compiler(index, stem=stem, marks=store).compile(tree)
        searcher = index.searcher()
        order: dict[str, Any] = {}
        if sort != "relevance":
            order = {
                "order_by_field": "date",
                "order": Order.Asc if sort == "date" else Order.Desc,
            }
        found = searcher.search(compiled, limit=max(limit, 1), offset=offset, count=True, **order)
    except (ValueError, OverflowError) as error:  # tantivy refused it: still the user's query
        raise QueryError(f"the index cannot run this query ({error})") from None
    ids = [searcher.doc(address)["id"][0] for _, address in found.hits][:limit]
    documents = store.documents_by_ids(ids)
    terms = positive_terms(tree)
    # the highlight regex costs a compile: only for a page that has hits
    pattern = hit_pattern(terms, index.tokens, proclitics=stem) if ids else None
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
        via = None
        if pattern is not None and not any(snippet.highlights for snippet in snippets):
            translated = translation_snippets(store.translated_segments(doc_id), pattern)
            if translated:  # found through its translation: show where, at the source
                snippets, via = translated, "translation"
        score_shown = float(score) if sort == "relevance" else 0.0
        hits.append(Hit(document, score_shown, snippets, via))
    counts = facet_counts(store, index, compiled) if facets else None
    named = [
        {"value": value, "entities": entities.matched(store, index, value)}
        for value in dict.fromkeys(entities.entity_values(tree))
    ]
    total: int = found.count  # type: ignore[attr-defined]  # tantivy's stub lacks it
    return Results(
        query=query, total=total, offset=offset, hits=hits, facets=counts, entities=named
    )


def document_hits(
    index: SearchIndex, query: str, text: str, language: str | None
) -> list[tuple[int, int]]:
    """Where a query's words stand in one document's text (the document page marks them);
    nothing for a query that does not parse (the search page says why)."""
    try:
        tree = parse(query)
    except QueryError:
        return []
    return hit_spans(text, positive_terms(tree), index.tokens, language)
