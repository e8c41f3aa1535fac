"""The workbench's read queries beyond the Store's methods, under the names pages and API call.

Every statement lives in `nutgraf.store.queries_web`; this module only re-exports it, so the
web never holds SQL. Each takes the store's sqlite connection (`case.store.db`) and only reads.
"""

from __future__ import annotations

from nutgraf.store.queries_web import (
    RECIPIENT_ROLES,
    co_occurring,
    currencies,
    document_mentions,
    entity,
    entity_mentions,
    fact_kinds,
    fact_summary,
    runs,
    timeline,
)

__all__ = [
    "RECIPIENT_ROLES",
    "co_occurring",
    "currencies",
    "document_mentions",
    "entity",
    "entity_mentions",
    "fact_kinds",
    "fact_summary",
    "runs",
    "timeline",
]
