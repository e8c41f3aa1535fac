"""The statements of collections, as methods of every store (SqlStore mixes this in): the
roots that make each collection, who is granted which, and the documents under roots."""

from __future__ import annotations

from typing import Any

from nutgraf.store.database import Connection


class CollectionStore:
    db: Connection

    def add_collection_root(self, collection: str, root: str, at: str) -> bool:
        with self.db:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO collection_roots (collection, root, added_at) "
                "VALUES (?, ?, ?)",
                (collection, root, at),
            )
        return cursor.rowcount == 1

    def collection_roots(self) -> dict[str, list[str]]:
        """Every collection with its roots."""
        found: dict[str, list[str]] = {}
        rows = self.db.execute(
            "SELECT collection, root FROM collection_roots ORDER BY collection, root"
        )
        for row in rows:
            found.setdefault(row[0], []).append(row[1])
        return found

    def grant_collection(self, user: str, collection: str) -> bool:
        with self.db:
            cursor = self.db.execute(
                "INSERT OR IGNORE INTO collection_grants (user_name, collection) VALUES (?, ?)",
                (user, collection),
            )
        return cursor.rowcount == 1

    def ungrant_collection(self, user: str, collection: str) -> bool:
        with self.db:
            cursor = self.db.execute(
                "DELETE FROM collection_grants WHERE user_name = ? AND collection = ?",
                (user, collection),
            )
        return cursor.rowcount == 1

    def granted_collections(self, user: str) -> list[str]:
        rows = self.db.execute(
            "SELECT collection FROM collection_grants WHERE user_name = ? ORDER BY collection",
            (user,),
        )
        return [row[0] for row in rows]

    def all_grants(self) -> list[dict[str, Any]]:
        rows = self.db.execute(
            "SELECT user_name, collection FROM collection_grants ORDER BY user_name, collection"
        )
        return [{"user": row[0], "collection": row[1]} for row in rows]

    def documents_under(self, roots: list[str]) -> set[str]:
        """The ids of the documents with a path at or under one of the roots."""
        found: set[str] = set()
        for root in roots:
            rows = self.db.execute(
                "SELECT DISTINCT doc_id FROM paths WHERE path = ? OR substr(path, 1, ?) = ?",
                (root, len(root) + 1, root + "/"),
            )
            found.update(row[0] for row in rows)
        return found
