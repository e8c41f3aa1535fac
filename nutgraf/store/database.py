"""The connection every store module speaks to: sqlite3's, or PostgreSQL's behind the same face.

The store's SQL is written once, in the subset SQLite and PostgreSQL share (`?` marks, upserts
with ON CONFLICT, RETURNING, CAST), and runs unchanged on both: `postgres.py` adapts the few
spellings that differ. Store modules type their connection as `Connection` so that mypy holds
both to the same calls: execute, executemany, and `with db:` as one transaction.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol

# A row: indexable by position and by column name (sqlite3.Row, or postgres.Row).
Row = Any

# No LIMIT: SQLite reads -1 as "no limit" and PostgreSQL does not; both read this.
NO_LIMIT = 2**62


def limit_of(limit: int | None) -> int:
    """A LIMIT parameter: the limit, or every row."""
    return NO_LIMIT if limit is None else limit


class Cursor(Protocol):
    @property
    def rowcount(self) -> int: ...
    def fetchone(self) -> Row: ...
    def fetchall(self) -> list[Row]: ...
    def __iter__(self) -> Iterator[Row]: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Cursor: ...
    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor: ...
    def close(self) -> None: ...
    def __enter__(self) -> Any: ...
    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
        /,
    ) -> Any: ...
