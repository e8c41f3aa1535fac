"""Where a case keeps its documents, texts, facts and entities.

`Store` is the interface the pipeline writes through; `SqlStore` holds every statement, written
once for both databases (database.py): `SqliteStore` is the embedded store every laptop case
uses, `PostgresStore` a case kept on a PostgreSQL server (team mode).
"""

from nutgraf.store.base import Store
from nutgraf.store.sql import SqlStore
from nutgraf.store.sqlite import SqliteStore

__all__ = ["SqlStore", "SqliteStore", "Store"]
