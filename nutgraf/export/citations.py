"""Citations: every fact and span note with what a fact-checker needs to find it again.

Each row names the file by content hash and every path it was found at, the page, the
character range into `nutgraf text DOC_ID`, the exact quote and the sentence around it, with the
document's tags and star. A span note whose quote is no longer at its span is exported with
`stale: true` and no sentence (the sentence there is not the one the note was written on).
"""

from __future__ import annotations

import bisect
import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from nutgraf.case import Case
from nutgraf.sentences import sentence_around
from nutgraf.store.queries_entities import facts_in_context
from nutgraf.story.notes import all_notes

FIELDS = (
    "type", "doc_id", "sha256", "path", "paths", "title", "mime", "page", "start", "end",
    "quote", "sentence", "sentence_start", "kind", "value", "currency", "unit", "precision",
    "note", "note_id", "stale", "tags", "starred",
)  # fmt: skip
WHAT = ("all", "facts", "notes")


def page_of(pages: list[int], offset: int) -> int | None:
    """The 1-based page holding `offset`, when the document has pages."""
    if not pages:
        return None
    return max(1, bisect.bisect_right(pages, offset))


class _Documents:
    """Per-document facts the rows share: paths, title, type, page starts (read once each)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.seen: dict[str, dict[str, Any]] = {}

    def get(self, doc_id: str) -> dict[str, Any]:
        if doc_id not in self.seen:
            store = self.case.store
            doc = store.document(doc_id)
            self.seen[doc_id] = {
                "sha256": doc.sha256,
                "path": doc.path,
                "paths": store.paths(doc_id),
                "title": doc.title,
                "mime": doc.mime,
                "pages": store.pages(doc_id),
                "tags": store.tags_of(doc.sha256),
                "starred": store.is_starred(doc.sha256),
            }
        return self.seen[doc_id]


def citations(
    case: Case,
    what: str = "all",
    doc_ids: list[str] | None = None,
    kind: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Citation rows: facts first (by document and offset), then span notes."""
    allowed = set(doc_ids) if doc_ids is not None else None
    documents = _Documents(case)
    if what in ("all", "facts"):
        for fact in facts_in_context(case.store, kind=kind):
            if allowed is None or fact["doc_id"] in allowed:
                yield _fact_row(fact, documents.get(fact["doc_id"]))
    if what in ("all", "notes") and kind is None:
        for note in all_notes(case, spans_only=True):
            if note.get("missing") or (allowed is not None and note["doc_id"] not in allowed):
                continue
            yield _note_row(case, note, documents.get(note["doc_id"]))


def _base(doc: dict[str, Any], start: int) -> dict[str, Any]:
    return {
        "sha256": doc["sha256"],
        "path": doc["path"],
        "paths": doc["paths"],
        "title": doc["title"],
        "mime": doc["mime"],
        "page": page_of(doc["pages"], start),
        "tags": doc["tags"],
        "starred": doc["starred"],
    }


def _fact_row(fact: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "fact",
        "doc_id": fact["doc_id"],
        **_base(doc, fact["start"]),
        "start": fact["start"],
        "end": fact["end"],
        "quote": fact["quote"],
        "sentence": fact["sentence"],
        "sentence_start": fact["sentence_start"],
        "kind": fact["kind"],
        "value": fact["value"],
        "currency": fact.get("currency"),
        "unit": fact.get("unit"),
        "precision": fact.get("precision"),
    }


def _note_row(case: Case, note: dict[str, Any], doc: dict[str, Any]) -> dict[str, Any]:
    sentence: str | None = None
    sentence_start: int | None = None
    if not note["stale"]:
        text = case.store.text(note["doc_id"])
        sentence, sentence_start = sentence_around(text, note["start"], note["end"])
    return {
        "type": "note",
        "doc_id": note["doc_id"],
        **_base(doc, note["start"]),
        "start": note["start"],
        "end": note["end"],
        "quote": note["quote"],
        "sentence": sentence,
        "sentence_start": sentence_start,
        "note": note["text"],
        "note_id": note["id"],
        "stale": note["stale"],
    }


def write_json_lines(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_json(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    listed = list(rows)
    json.dump(listed, stream, ensure_ascii=False, indent=1)
    stream.write("\n")
    return len(listed)


def write_csv(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    """CSV with one column per field; `paths` is a JSON list (paths may hold any character)."""
    writer = csv.DictWriter(stream, fieldnames=FIELDS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for row in rows:
        shown = {key: cell(value) for key, value in row.items()}
        shown["paths"] = cell(json.dumps(row["paths"], ensure_ascii=False))
        shown["tags"] = cell(json.dumps(row["tags"], ensure_ascii=False))
        writer.writerow(shown)
        count += 1
    return count


def cell(value: Any) -> Any:
    """A CSV cell; text a spreadsheet would run as a formula gets a leading ' (as /facts.csv
    does): a hostile document must not put formulas in a reporter's spreadsheet. The JSON
    export keeps every quote exactly."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + value
    return value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
