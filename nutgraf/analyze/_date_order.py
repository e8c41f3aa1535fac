"""Which order numeric dates follow, from the evidence of the dates around them.

A date such as 01/04/2010 reads two ways; 13/04/2010 only one. The dates written alike in one
place follow one convention, so a date that reads one way only proves the order of its group:
a first field above 12 proves day first (`dmy`), a second field above 12 month first (`mdy`).

Groups, nearest first: the spreadsheet column (from the sheet's cell map), else the column of a
tab-separated table in the text; then that sheet or table; then the whole document. The
nearest group with proof of one order only decides; a group proving both orders is mixed and
decides nothing (nor do the groups holding it). Without a decision the caller falls back on
the language's convention and marks the date ambiguous.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

DAY_FIRST, MONTH_FIRST = "dmy", "mdy"


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    a: int  # the first field as written
    b: int  # the second field
    year: int
    sep: str


def read_orders(text: str, candidates: list[Candidate], cells: list | None) -> list[str | None]:
    """For each candidate: `dmy`, `mdy`, or None when no group around it settles the order."""
    if not candidates:
        return []
    locate = _SheetLocator(cells) if cells else _TableLocator(text)
    groups = [[*locate(c.start), "document"] for c in candidates]
    proofs: dict[Any, set[str]] = defaultdict(set)
    for candidate, keys in zip(candidates, groups, strict=True):
        proof = _proof(candidate)
        if proof:
            for key in keys:
                proofs[key].add(proof)
    orders: list[str | None] = []
    for keys in groups:
        found = [proofs[key] for key in keys if proofs.get(key)]
        nearest = found[0] if found else set()
        orders.append(next(iter(nearest)) if len(nearest) == 1 else None)
    return orders


def _proof(candidate: Candidate) -> str | None:
    if candidate.a > 12 >= candidate.b >= 1 and candidate.a <= 31:
        return DAY_FIRST
    if candidate.b > 12 >= candidate.a >= 1 and candidate.b <= 31:
        return MONTH_FIRST
    return None


class _SheetLocator:
    """(sheet, column) and sheet of an offset, from the cell map (rows in text order)."""

    def __init__(self, cells: list) -> None:
        self.rows = [row for row in cells if isinstance(row, list) and len(row) >= 4]
        self.starts = [row[2] for row in self.rows]

    def __call__(self, offset: int) -> list[Any]:
        index = bisect.bisect_right(self.starts, offset) - 1
        if index < 0 or offset > self.rows[index][3]:
            return []
        row = self.rows[index]
        column = None
        for position in range(4, len(row) - 1, 2):
            if row[2] + row[position + 1] <= offset:
                column = row[position]
        sheet = ("sheet", row[0])
        return [("column", row[0], column), sheet] if column is not None else [sheet]


class _TableLocator:
    """(table, field) and table of an offset: a table is a run of lines holding tabs."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.table_of_line: dict[int, int] = {}

    def __call__(self, offset: int) -> list[Any]:
        line_start = self.text.rfind("\n", 0, offset) + 1
        line_end = self.text.find("\n", offset)
        line = self.text[line_start : len(self.text) if line_end < 0 else line_end]
        if "\t" not in line:
            return []
        table = self._table_start(line_start)
        field = self.text.count("\t", line_start, offset)
        return [("field", table, field), ("table", table)]

    def _table_start(self, line_start: int) -> int:
        visited = []
        start = line_start
        while start not in self.table_of_line and start > 0:
            previous = self.text.rfind("\n", 0, start - 1) + 1
            if "\t" not in self.text[previous : start - 1]:
                break
            visited.append(start)
            start = previous
        table = self.table_of_line.get(start, start)
        for line in [*visited, start]:
            self.table_of_line[line] = table
        return table
