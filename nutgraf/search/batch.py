"""Batch search: one query per line of a CSV (names, phrases or full queries), hits for each.

A reporter's list of 500 names runs in one go: every line is reported, a malformed line is
reported with its error and the run goes on, and the results can be written as CSV
(query, hits, error, top document ids and paths).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nutgraf.errors import NutgrafError, QueryError
from nutgraf.search import search
from nutgraf.search.index import SearchIndex
from nutgraf.store.base import Store

TOP = 5  # document ids and paths kept per query
CSV_COLUMNS = ("line", "query", "hits", "error", "top_ids", "top_paths")


@dataclass
class BatchRow:
    line: int  # 1-based line of the input file
    query: str
    hits: int = 0
    error: str | None = None
    top_ids: list[str] = field(default_factory=list)
    top_paths: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "query": self.query,
            "hits": self.hits,
            "error": self.error,
            "top_ids": self.top_ids,
            "top_paths": self.top_paths,
        }


def read_queries(path: Path) -> list[tuple[int, str]]:
    """(line number, query) for each non-empty line; the first column of a CSV; an optional
    header line `query` is skipped. A cell holding quotes keeps them (CSV doubles them)."""
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise NutgrafError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise NutgrafError(f"{path}: {error.strerror or error}") from None
    queries = []
    for number, cells in enumerate(csv.reader(content.splitlines()), start=1):
        query = cells[0].strip() if cells else ""
        if not query or (number == 1 and query.lower() == "query"):
            continue
        queries.append((number, query))
    return queries


def run_batch(
    store: Store, index: SearchIndex, queries: list[tuple[int, str]], stem: bool = True
) -> Iterator[BatchRow]:
    for line, query in queries:
        row = BatchRow(line, query)
        try:
            results = search(store, index, query, limit=TOP, stem=stem)
        except QueryError as error:
            row.error = str(error)
        else:
            row.hits = results.total
            row.top_ids = [hit.document.id for hit in results.hits]
            row.top_paths = [hit.document.path for hit in results.hits]
        yield row


def write_csv(rows: list[BatchRow], out: Path) -> None:
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_COLUMNS)
        for row in rows:
            writer.writerow(
                [
                    row.line,
                    row.query,
                    row.hits,
                    row.error or "",
                    " ".join(row.top_ids),
                    " | ".join(row.top_paths),
                ]
            )
