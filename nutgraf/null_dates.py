"""The dates that only say "no date": a file format's zero written where no date was set.

Shared by the analyzers (no such date becomes a fact) and the store (none becomes a document's
date), so it lives beside neither.
"""

from __future__ import annotations

import re

_NULL_STAMP = re.compile(
    r"(?:1601-01-01|1899-12-3[01]|1900-01-0[01]|1970-01-01|1980-01-01)"
    r"(?:[T ]00:00(?::00(?:\.0+)?)?)?(?:Z|[+-]00:?00)?\Z"
)


def is_null_stamp(value: object) -> bool:
    """True for a metadata date that only says "no date" (1601-01-01, 1899-12-30, the Excel,
    Unix and DOS zeros at midnight)."""
    return isinstance(value, str) and bool(_NULL_STAMP.match(value.strip()))
