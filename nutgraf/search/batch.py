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
from nutgraf.search import phrase, search
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
    """(line number, query) for each non-empty line; an optional header `query` is skipped.

    Every physical line is one query: a quote never runs into the next line (an unclosed
    one is that line's error). In a .csv or .tsv file the query is the first column; CSV
    quoting is undone where CSV needed it (a cell holding the delimiter or a quote), and a
    quoted cell that did not need it is kept as typed: `"European Court"` stays a phrase.
    Any other file is read whole-line: `Court, Human` is that query, comma included.
    """
    try:
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise NutgrafError(f"{path}: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise NutgrafError(f"{path}: {error.strerror or error}") from None
    delimiter = {".csv": ",", ".tsv": "\t"}.get(path.suffix.lower())
    queries = []
    for number, line in enumerate(content.splitlines(), start=1):
        query = (first_cell(line, delimiter) if delimiter else line).strip()
        if not query or (number == 1 and query.lower() == "query"):
            continue
        queries.append((number, query))
    return queries


def first_cell(line: str, delimiter: str) -> str:
    """The first CSV cell of one line, read as the query its author meant (see read_queries)."""
    try:
        cells = next(csv.reader([line], delimiter=delimiter, strict=True), [])
    except csv.Error:  # an unclosed quote, or text after a closing one: read it as typed
        return _up_to_delimiter(line, delimiter)
    cell = cells[0] if cells else ""
    quoted = f'"{cell}"'
    if line.lstrip().startswith(quoted) and delimiter not in cell and '"' not in cell:
        return quoted  # CSV did not need these quotes: the author typed a phrase
    return cell


def _up_to_delimiter(line: str, delimiter: str) -> str:
    """Up to the first delimiter outside "quotes" (an unclosed quote runs to the line's end)."""
    inside = False
    for position, char in enumerate(line):
        if char == '"':
            inside = not inside
        elif char == delimiter and not inside:
            return line[:position]
    return line


def run_batch(
    store: Store,
    index: SearchIndex,
    queries: list[tuple[int, str]],
    stem: bool = True,
    as_phrases: bool = False,
) -> Iterator[BatchRow]:
    """Each query through the same parser as `search` (or, `as_phrases`, as one exact phrase);
    a line that cannot be searched gets its error and the run goes on."""
    for line, query in queries:
        row = BatchRow(line, query)
        try:
            tree = phrase(query) if as_phrases else None
            results = search(store, index, query, limit=TOP, stem=stem, tree=tree)
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
