"""The connection every store module speaks to: sqlite3's, or PostgreSQL's behind the same face.

The store's SQL is written once, in the subset SQLite and PostgreSQL share (`?` marks, upserts
with ON CONFLICT, RETURNING, CAST), and runs unchanged on both: `postgres.py` adapts the few
spellings that differ. Store modules type their connection as `Connection` so that mypy holds
both to the same calls: execute, executemany, and `with db:` as one transaction.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from types import TracebackType
from typing import Any, Protocol

# A row: indexable by position and by column name (sqlite3.Row, or postgres.Row).
Row = Any

# No LIMIT: SQLite reads -1 as "no limit" and PostgreSQL does not; both read this.
NO_LIMIT = 2**62


# A JSON escape of NUL: preceded by an even number of backslashes, so not an escaped backslash.
_NUL_ESCAPE = re.compile(r"(?<!\\)((?:\\\\)*)\\u0000")


def json_text(value: Any) -> str:
    """JSON for a text column. NUL becomes U+FFFD: PostgreSQL's json cannot hold it (a document's
    metadata with one would break every query over metadata), and both stores must agree."""
    dumped = json.dumps(value, ensure_ascii=False, default=str)
    return _NUL_ESCAPE.sub(r"\1\\ufffd", dumped)


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
