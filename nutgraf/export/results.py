"""Search results as CSV: one row per matching document, ranked, with its first snippet and
the reporter's marks. Uses the library's search API, a page at a time, so no hit is capped."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from nutgraf import search
from nutgraf.case import Case
from nutgraf.export.citations import cell

COLUMNS = (
    "rank", "id", "sha256", "path", "paths", "title", "mime", "language", "size", "score",
    "page", "snippet", "tags", "starred", "error",
)  # fmt: skip
PAGE = 200


def result_rows(case: Case, query: str, limit: int | None = None) -> Iterator[dict[str, Any]]:
    offset = 0
    while limit is None or offset < limit:
        size = PAGE if limit is None else min(PAGE, limit - offset)
        results = search(case, query, limit=size, offset=offset)
        hashes = [hit.document.sha256 for hit in results.hits]
        tags = case.store.tags_by_sha256(hashes)
        starred = case.store.starred_hashes(hashes)
        for rank, hit in enumerate(results.hits, start=offset + 1):
            doc = hit.document
            first = hit.snippets[0] if hit.snippets else None
            yield {
                "rank": rank,
                "id": doc.id,
                "sha256": doc.sha256,
                "path": doc.path,
                "paths": case.store.paths(doc.id),
                "title": doc.title,
                "mime": doc.mime,
                "language": doc.language,
                "size": doc.size,
                "score": round(hit.score, 4),
                "page": first.page if first else None,
                "snippet": " ".join(first.text.split()) if first else "",
                "tags": tags.get(doc.sha256, []),
                "starred": doc.sha256 in starred,
                "error": doc.error,
            }
        offset += len(results.hits)
        if len(results.hits) < size or offset >= results.total:
            return


def write_results_csv(rows: Iterator[dict[str, Any]], stream: IO[str]) -> int:
    writer = csv.writer(stream)
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        shown = row | {
            "paths": json.dumps(row["paths"], ensure_ascii=False),
            "tags": json.dumps(row["tags"], ensure_ascii=False),
        }
        writer.writerow([cell(shown[name]) for name in COLUMNS])
        count += 1
    return count
