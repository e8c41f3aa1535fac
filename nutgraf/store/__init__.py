"""Where a case keeps its documents, texts, facts and entities.

`Store` is the one interface; `SqliteStore` is the embedded implementation every laptop case
uses. A server implementation (PostgreSQL) will implement the same methods.
"""

from nutgraf.store.base import Store
from nutgraf.store.sqlite import SqliteStore

__all__ = ["SqliteStore", "Store"]
