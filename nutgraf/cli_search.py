"""The parts of `nutgraf search` beyond hits: facet counts and batch runs (text and JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape

from nutgraf.case import Case
from nutgraf.search.batch import read_queries, run_batch, write_csv

FACET_TITLES = {
    "type": "type",
    "lang": "language",
    "year": "year",
    "sender": "sender",
    "entity": "entities",
    "currency": "currency",
    "has": "facts",
}


def print_facets(console: Console, facets: dict[str, list[dict[str, Any]]]) -> None:
    for name, buckets in facets.items():
        if not buckets:
            continue
        if name == "year":
            buckets = sorted(buckets, key=lambda bucket: bucket["value"])
        shown = ", ".join(
            f"{escape(str(bucket.get('name') or bucket['value']))} {bucket['count']}"
            for bucket in buckets
        )
        console.print(f"[bold]{FACET_TITLES.get(name, name)}[/bold]: {shown}")


def emit_facets_json(facets: dict[str, list[dict[str, Any]]], total: int) -> None:
    """The final JSON line after the hits: {"facets": {...}, "total": N}."""
    sys.stdout.write(json.dumps({"facets": facets, "total": total}, ensure_ascii=False) + "\n")


def batch(
    case: Case,
    source: Path,
    out: Path | None,
    as_json: bool,
    console: Console,
    stem: bool,
    as_phrases: bool = False,
) -> None:
    """Run every query of `source`; print one line (or JSON object) per query, then a summary."""
    rows = []
    queries = read_queries(source)
    for row in run_batch(case.store, case.index, queries, stem=stem, as_phrases=as_phrases):
        rows.append(row)
        if as_json:
            sys.stdout.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")
        elif row.error:
            console.print(f"line {row.line}: [red]{escape(row.error)}[/red]  {escape(row.query)}")
        else:
            console.print(f"{row.hits:>8}  {escape(row.query)}")
    if out is not None:
        write_csv(rows, out)
    if not as_json:
        failed = sum(1 for row in rows if row.error)
        matched = sum(1 for row in rows if row.hits)
        console.print(
            f"{len(rows)} queries: {matched} with hits, {len(rows) - matched - failed} without, "
            f"{failed} malformed" + (f"; written to {escape(str(out))}" if out else "")
        )
