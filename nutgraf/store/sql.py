"""The store's statements, shared by the embedded SQLite store and the PostgreSQL one."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from nutgraf.errors import NotFound
from nutgraf.fold import fold
from nutgraf.model import Document
from nutgraf.store import translations
from nutgraf.store.access import AccessStore
from nutgraf.store.base import PendingDocument
from nutgraf.store.casework import CaseworkStore
from nutgraf.store.collections import CollectionStore
from nutgraf.store.database import Connection, limit_of
from nutgraf.store.ids import ID_LENGTH, doc_id_for
from nutgraf.store.records import ReadResult, Saved
from nutgraf.store.resolving import ResolutionStore
from nutgraf.store.rows import (
    DOCUMENT_COLUMNS,
    FACT_COLUMNS,
    document_from_row,
    fact_filters,
    fact_from_row,
)
from nutgraf.store.sqlite_results import add_child, write_document, write_facts, write_mentions
from nutgraf.store.workbench import WorkbenchReads


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class SqlStore(WorkbenchReads, ResolutionStore, CaseworkStore, AccessStore, CollectionStore):
    """Every statement of the Store, on a connection to either database (database.py)."""

    def __init__(self, db: Connection) -> None:
        self.db = db

    def close(self) -> None:
        self.db.close()

    # ------------------------------------------------------------------ writing

    def path_unchanged(self, path: str, size: int, mtime_ns: int) -> bool:
        row = self.db.execute(
            "SELECT 1 FROM paths JOIN documents ON documents.id = paths.doc_id "
            "WHERE paths.path = ? AND paths.size = ? AND paths.mtime_ns = ?",
            (path, size, mtime_ns),
        ).fetchone()
        return row is not None

    def register_file(
        self, path: str, raw_path: bytes | None, sha256: str, size: int, mtime_ns: int
    ) -> str:
        """Record a file found on disk; returns its document id (new or already known)."""
        doc_id = doc_id_for(sha256)
        with self.db:
            self.db.execute(
                "INSERT OR IGNORE INTO documents (id, sha256, path, size, depth) "
                "VALUES (?, ?, ?, ?, 0)",
                (doc_id, sha256, path, size),
            )
            self.db.execute(
                "INSERT INTO paths (path, raw_path, doc_id, parent_id, size, mtime_ns) "
                "VALUES (?, ?, ?, NULL, ?, ?) ON CONFLICT(path) DO UPDATE SET "
                "raw_path = excluded.raw_path, doc_id = excluded.doc_id, "
                "size = excluded.size, mtime_ns = excluded.mtime_ns",
                (path, raw_path, doc_id, size, mtime_ns),
            )
        return doc_id

    def has_document(self, sha256: str) -> bool:
        row = self.db.execute("SELECT 1 FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
        return row is not None

    def pending_by_ids(self, doc_ids: list[str]) -> list[PendingDocument]:
        found = []
        for doc_id in doc_ids:
            row = self.db.execute(
                "SELECT id, sha256, path, depth FROM documents WHERE id = ? AND status = 'pending'",
                (doc_id,),
            ).fetchone()
            if row:
                found.append(PendingDocument(row["id"], row["sha256"], row["path"], row["depth"]))
        return found

    def pending_children(self, doc_id: str) -> list[PendingDocument]:
        """The children of a document that wait to be read."""
        rows = self.db.execute(
            "SELECT id, sha256, path, depth FROM documents "
            "WHERE parent_id = ? AND status = 'pending' ORDER BY rowid",
            (doc_id,),
        )
        return [PendingDocument(r["id"], r["sha256"], r["path"], r["depth"]) for r in rows]

    def ocr_waiting(self, doc_id: str) -> int:
        """How many pages of a read document wait for OCR (0: none)."""
        row = self.db.execute(
            "SELECT CAST(json_extract(metadata, '$.ocr_pending') AS INTEGER) AS pages "
            "FROM documents WHERE id = ? AND status = 'done'",
            (doc_id,),
        ).fetchone()
        return int(row["pages"] or 0) if row else 0

    def pending(self) -> list[PendingDocument]:
        rows = self.db.execute(
            "SELECT id, sha256, path, depth FROM documents WHERE status = 'pending' ORDER BY rowid"
        )
        return [PendingDocument(r["id"], r["sha256"], r["path"], r["depth"]) for r in rows]

    def ocr_pending(self) -> list[tuple[PendingDocument, int]]:
        """Documents read whose OCR was put off, with how many pages wait for it."""
        rows = self.db.execute(
            "SELECT id, sha256, path, depth, json_extract(metadata, '$.ocr_pending') AS pages "
            "FROM documents WHERE status = 'done' AND metadata LIKE '%\"ocr_pending\"%' "
            "AND CAST(json_extract(metadata, '$.ocr_pending') AS INTEGER) > 0 ORDER BY rowid"
        )
        return [
            (PendingDocument(r["id"], r["sha256"], r["path"], r["depth"]), int(r["pages"]))
            for r in rows
        ]

    def save_result(self, doc_id: str, result: ReadResult, max_depth: int) -> Saved:
        """Store what was read from a document, in one transaction.

        Children, facts and mentions land together with the text, so a run killed at any
        moment leaves the document either wholly pending or wholly done. Children nested
        deeper than `max_depth` are recorded as failed (`too_deep`) and not queued.
        """
        parent = self.db.execute(
            "SELECT path, depth FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if parent is None:
            raise NotFound(f"no document {doc_id}")
        status = "failed" if result.error_reason else "done"
        saved = Saved()
        with self.db:
            write_document(self.db, doc_id, result, status)
            depth = parent["depth"] + 1
            for child in result.children:
                added = add_child(self.db, doc_id, parent["path"], depth, child, max_depth)
                if added == "pending":
                    saved.children.append(doc_id_for(child.sha256))
                elif added == "too_deep":
                    saved.too_deep += 1
            write_facts(self.db, doc_id, result.facts)
            write_mentions(self.db, doc_id, result.mentions)
        return saved

    def retry_failed(self) -> int:
        """Put failed documents back in the queue (not those too deep: retrying cannot help)."""
        with self.db:
            cursor = self.db.execute(
                "UPDATE documents SET status = 'pending', error = NULL, error_reason = NULL "
                "WHERE status = 'failed' AND error_reason != 'too_deep'"
            )
        return cursor.rowcount

    def unindexed(self, limit: int) -> list[str]:
        rows = self.db.execute(
            "SELECT id FROM documents WHERE indexed = 0 AND status != 'pending' "
            "ORDER BY rowid LIMIT ?",
            (limit,),
        )
        return [row["id"] for row in rows]

    def mark_all_unindexed(self) -> None:
        with self.db:
            self.db.execute("UPDATE documents SET indexed = 0 WHERE indexed = 1")

    def index_terms(self, doc_id: str) -> dict[str, list[Any]]:
        """What the index filters and facets on: fact kinds, currencies, money values, entities.

        `entity` holds each entity's key and its folded name and aliases (entity:NAME works
        for people known by address too); `entity_id` the ids (the entities facet).
        """
        facts = self.db.execute(
            "SELECT DISTINCT kind, currency, number FROM facts WHERE doc_id = ?", (doc_id,)
        ).fetchall()
        entities = self.db.execute(
            "SELECT DISTINCT e.id, e.key, e.name, e.aliases, m.email FROM mentions m "
            "JOIN entities e ON e.id = m.entity_id WHERE m.doc_id = ?",
            (doc_id,),
        ).fetchall()
        # keys may be typed (`person:bob stone`): the bare key is what people type
        keys = [part for row in entities for part in (row[1], row[1].split(":", 1)[-1])]
        names = [fold(name) for row in entities for name in [row[2], *json.loads(row[3])]]
        emails = [row[4].lower() for row in entities if row[4]]
        return {
            "translated": translations.all_translated_text(self.db, doc_id),
            "has": list(dict.fromkeys(kind for kind, _, _ in facts)),
            "currency": list(dict.fromkeys(c for _, c, _ in facts if c)),
            "money": list(dict.fromkeys(n for k, _, n in facts if k == "money" and n is not None)),
            "entity": list(dict.fromkeys(keys + names + emails)),
            "entity_id": list(dict.fromkeys(row[0] for row in entities)),
        }

    def mark_indexed(self, doc_ids: list[str]) -> None:
        with self.db:
            self.db.executemany(
                "UPDATE documents SET indexed = 1 WHERE id = ?", [(i,) for i in doc_ids]
            )

    def start_run(self, roots: list[str]) -> int:
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO runs (started, roots) VALUES (?, ?) RETURNING id",
                (_now(), json.dumps(roots)),
            )
            run_id = cursor.fetchone()[0]
        return int(run_id)

    def finish_run(self, run_id: int, summary: dict[str, Any]) -> None:
        with self.db:
            self.db.execute(
                "UPDATE runs SET finished = ?, summary = ? WHERE id = ?",
                (_now(), json.dumps(summary), run_id),
            )

    # ------------------------------------------------------------------ reading

    def resolve_id(self, doc_id: str) -> str:
        """A full id, or a unique prefix of one (at least 4 hex digits), like git."""
        doc_id = doc_id.strip().lower()
        if len(doc_id) >= ID_LENGTH:
            row = self.db.execute(
                "SELECT id FROM documents WHERE id = ?", (doc_id[:ID_LENGTH],)
            ).fetchone()
            if row:
                return row["id"]
            raise NotFound(f"no document with id {doc_id}")
        if len(doc_id) < 4:
            raise NotFound(f"document id {doc_id!r} is too short (give at least 4 characters)")
        rows = self.db.execute(
            "SELECT id FROM documents WHERE id >= ? AND id < ? LIMIT 2", (doc_id, doc_id + "g")
        ).fetchall()
        if len(rows) == 1:
            return rows[0]["id"]
        if not rows:
            raise NotFound(f"no document with id {doc_id}")
        raise NotFound(f"document id {doc_id} is ambiguous: give more characters")

    def document(self, doc_id: str) -> Document:
        doc_id = self.resolve_id(doc_id)
        row = self.db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return document_from_row(row)

    def documents(
        self, errors_only: bool = False, limit: int | None = None, offset: int = 0
    ) -> Iterator[Document]:
        where = "WHERE error IS NOT NULL" if errors_only else ""
        rows = self.db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents {where} ORDER BY rowid LIMIT ? OFFSET ?",
            (limit_of(limit), offset),
        )
        for row in rows:
            yield document_from_row(row)

    def documents_by_ids(self, doc_ids: list[str]) -> dict[str, Document]:
        found: dict[str, Document] = {}
        for start in range(0, len(doc_ids), 500):
            chunk = doc_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id IN ({marks})", chunk
            )
            found.update({row["id"]: document_from_row(row) for row in rows})
        return found

    def text(self, doc_id: str) -> str:
        row = self.db.execute(
            "SELECT text FROM texts WHERE doc_id = ?", (self.resolve_id(doc_id),)
        ).fetchone()
        return row["text"] if row else ""

    def translated_segments(self, doc_id: str) -> list[dict[str, Any]]:
        return translations.segments(self.db, doc_id, "en")

    def pages(self, doc_id: str) -> list[int]:
        row = self.db.execute(
            "SELECT pages FROM texts WHERE doc_id = ?", (self.resolve_id(doc_id),)
        ).fetchone()
        return json.loads(row["pages"]) if row else []

    def text_and_pages(self, doc_id: str, most: int | None = None) -> tuple[str, list[int]]:
        """The text (its first `most` characters only, when given) and page starts, in one
        read: `pages` is stored after the text, so reading it alone walks the whole text."""
        # no length means the whole text (SQLite answers '' to a huge substr length)
        row = self.db.execute(
            "SELECT substr(text, 1, ?) AS text, pages FROM texts WHERE doc_id = ?"
            if most is not None
            else "SELECT text, pages FROM texts WHERE doc_id = ?",
            (most, doc_id) if most is not None else (doc_id,),
        ).fetchone()
        if row is None:
            return "", []
        return row["text"], json.loads(row["pages"])

    def paths(self, doc_id: str) -> list[str]:
        rows = self.db.execute(
            "SELECT path FROM paths WHERE doc_id = ? ORDER BY rowid", (self.resolve_id(doc_id),)
        )
        return [row["path"] for row in rows]

    def children(self, doc_id: str) -> list[Document]:
        rows = self.db.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id IN "
            "(SELECT doc_id FROM paths WHERE parent_id = ?) ORDER BY rowid",
            (self.resolve_id(doc_id),),
        )
        return [document_from_row(row) for row in rows]

    def facts(
        self,
        kind: str | None = None,
        doc_id: str | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        currency: str | None = None,
        limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        clauses, params = fact_filters(kind, doc_id and self.resolve_id(doc_id), minimum, maximum)
        if currency:
            clauses.append("currency = ?")
            params.append(currency.upper())
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self.db.execute(
            f"SELECT {FACT_COLUMNS} FROM facts {where} ORDER BY doc_id, start LIMIT ?",
            [*params, limit_of(limit)],
        )
        for row in rows:
            yield fact_from_row(row)

    def entities(self, type: str | None = None, limit: int | None = None) -> Iterator[dict]:
        where = "WHERE e.type = ?" if type else ""
        params: list[Any] = [type] if type else []
        rows = self.db.execute(
            "SELECT e.id, e.type, e.name, e.aliases, COUNT(m.id) AS mentions, "
            "COUNT(DISTINCT m.doc_id) AS documents FROM entities e "
            f"JOIN mentions m ON m.entity_id = e.id {where} "
            "GROUP BY e.id, e.type, e.name, e.aliases ORDER BY mentions DESC, e.name LIMIT ?",
            [*params, limit_of(limit)],
        )
        for row in rows:
            yield {
                "id": row["id"],
                "type": row["type"],
                "name": row["name"],
                "aliases": json.loads(row["aliases"]),
                "mentions": row["mentions"],
                "documents": row["documents"],
            }

    def entity_labels(self, entity_ids: list[str]) -> dict[str, dict[str, str]]:
        """{id: {type, name}} for the ids that exist (facets show names, not ids)."""
        found: dict[str, dict[str, str]] = {}
        for start in range(0, len(entity_ids), 500):
            chunk = entity_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(
                f"SELECT id, type, name FROM entities WHERE id IN ({marks})", chunk
            )
            found.update({row["id"]: {"type": row["type"], "name": row["name"]} for row in rows})
        return found

    def counts(self) -> dict[str, Any]:
        row = self.db.execute(
            "SELECT COUNT(*) AS documents, "
            "SUM(status = 'pending') AS pending, SUM(status = 'failed') AS failed, "
            "SUM(parent_id IS NULL) AS top_level FROM documents"
        ).fetchone()
        paths = self.db.execute("SELECT COUNT(*) FROM paths").fetchone()[0]
        reasons = dict(
            self.db.execute(
                "SELECT error_reason, COUNT(*) FROM documents WHERE error_reason IS NOT NULL "
                "GROUP BY error_reason ORDER BY 2 DESC"
            ).fetchall()
        )
        return {
            "documents": row["documents"] or 0,
            "pending": row["pending"] or 0,
            "failed": row["failed"] or 0,
            "paths": paths,
            "errors_by_reason": reasons,
        }
