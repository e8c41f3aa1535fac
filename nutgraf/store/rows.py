"""Rows of case.db as the API hands them out: documents, and facts with the contract's fields."""

from __future__ import annotations

import json
from typing import Any

from nutgraf.model import Document
from nutgraf.store.database import Row

DOCUMENT_COLUMNS = (
    "id, sha256, path, parent_id, mime, size, language, title, text_length, error, "
    "error_reason, status, date, ocr, depth, metadata, languages"
)
FACT_COLUMNS = (
    'doc_id, kind, start, "end", quote, value, number, currency, unit, precision, '
    "ambiguous, alternative, calendar, part_of"
)


def fact_filters(
    kind: str | None, doc_id: str | None, minimum: float | None, maximum: float | None
) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    params: list[Any] = []
    for clause, value in (
        ("kind = ?", kind),
        ("doc_id = ?", doc_id),
        ("number >= ?", minimum),
        ("number <= ?", maximum),
    ):
        if value is not None:
            clauses.append(clause)
            params.append(value)
    return clauses, params


def document_from_row(row: Row) -> Document:
    return Document(
        id=row["id"],
        sha256=row["sha256"],
        path=row["path"],
        parent_id=row["parent_id"],
        mime=row["mime"] or "",
        size=row["size"],
        language=row["language"],
        title=row["title"],
        text_length=row["text_length"],
        error=row["error"] if row["status"] != "pending" else "pending: not read yet",
        metadata=json.loads(row["metadata"]),
        languages=_languages(row),
    )


def _languages(row: Row) -> list[dict[str, Any]]:
    if row["languages"]:
        return json.loads(row["languages"])
    if row["language"] and row["language"] != "und" and row["status"] == "done":
        return [{"language": row["language"], "start": 0, "end": row["text_length"]}]
    return []


def fact_from_row(row: Row) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "doc_id": row["doc_id"],
        "kind": row["kind"],
        "start": row["start"],
        "end": row["end"],
        "quote": row["quote"],
        "value": row["number"] if row["number"] is not None else row["value"],
    }
    for optional in ("currency", "unit", "precision", "alternative", "calendar", "part_of"):
        if row[optional] is not None:
            fact[optional] = row[optional]
    if row["ambiguous"]:
        fact["ambiguous"] = True
    return fact
