"""Notes on documents, and notes on a span (a quote) of a document's text.

A span note keeps the offsets and the quote it was written on. The text can change when a
document is read again (a newer extractor, OCR); the note is then never moved to where the
quote may now be: it is shown `stale: true`, with `found_at` listing where that quote occurs
in today's text, so a person decides.
"""

from __future__ import annotations

from typing import Any

from nutgraf.case import Case
from nutgraf.errors import BadInput, NotFound
from nutgraf.story.marks import document_sha256

MAX_NOTE = 20_000
MAX_FOUND_AT = 20  # offsets of a stale note's quote listed at most


def locate(text: str, quote: str, start: int | None = None) -> tuple[int, int]:
    """The span of `quote` in `text`: the only occurrence, or the one at `start`."""
    if not quote:
        raise BadInput("the quote is empty")
    if start is not None:
        if text[start : start + len(quote)] != quote:
            raise BadInput(f"the text at {start} is not the quote given")
        return start, start + len(quote)
    first = text.find(quote)
    if first < 0:
        raise BadInput("the quote does not occur in the document's text (copy it exactly)")
    if text.find(quote, first + 1) >= 0:
        count = _count(text, quote)
        raise BadInput(f"the quote occurs {count} times in the text: give --start to choose one")
    return first, first + len(quote)


def _count(text: str, quote: str) -> int:
    count, position = 0, text.find(quote)
    while position >= 0:
        count += 1
        position = text.find(quote, position + 1)
    return count


def check_span(text: str, start: int, end: int) -> str:
    if not 0 <= start < end <= len(text):
        raise BadInput(
            f"the span {start}-{end} is not inside the text (0-{len(text)}, start before end)"
        )
    return text[start:end]


def add_note(
    case: Case,
    doc_id: str,
    body: str,
    start: int | None = None,
    end: int | None = None,
    quote: str | None = None,
) -> dict[str, Any]:
    """A note on the document; with `start`/`end` or `quote`, on that span of its text."""
    body = body.strip()
    if not body:
        raise BadInput("a note needs some text")
    if len(body) > MAX_NOTE:
        raise BadInput(f"a note is at most {MAX_NOTE} characters")
    full_id, sha256 = document_sha256(case, doc_id)
    span: tuple[int, int, str] | None = None
    if quote is not None or start is not None or end is not None:
        text = case.store.text(full_id)
        if quote:
            given_end = end
            start, end = locate(text, quote, start)
            if given_end is not None and given_end != end:
                raise BadInput("the end given does not match the quote's length")
        if start is None or end is None:
            raise BadInput("a span note needs both a start and an end (or a quote)")
        span = (start, end, check_span(text, start, end))
    note_id = case.store.add_note(sha256, body, span)
    return _checked(case.store.note(note_id) or {}, case.store.text(full_id))


def remove_note(case: Case, note_id: int) -> None:
    if not case.store.remove_note(note_id):
        raise NotFound(f"no note with id {note_id}")


def notes_of(case: Case, doc_id: str) -> list[dict[str, Any]]:
    full_id, sha256 = document_sha256(case, doc_id)
    found = case.store.notes(sha256)
    text = case.store.text(full_id) if any(n["start"] is not None for n in found) else ""
    return [_checked(note, text) for note in found]


def all_notes(case: Case, spans_only: bool = False) -> list[dict[str, Any]]:
    """Every note of the case, each checked against its document's text of today.

    A note on content this case no longer holds is listed with `missing: true`.
    """
    found = case.store.notes(spans_only=spans_only)
    held = case.store.document_hashes(list({n["doc_id"] for n in found}))
    texts: dict[str, str] = {}
    checked = []
    for note in found:
        if held.get(note["doc_id"]) != note["sha256"]:
            checked.append(note | {"stale": note["start"] is not None, "missing": True})
            continue
        if note["start"] is not None and note["doc_id"] not in texts:
            texts[note["doc_id"]] = case.store.text(note["doc_id"])
        checked.append(_checked(note, texts.get(note["doc_id"], "")))
    return checked


def _checked(note: dict[str, Any], text: str) -> dict[str, Any]:
    """The note with `stale` (span notes: whether the quote is still at its span)."""
    if note.get("start") is None:
        return note | {"stale": False}
    if text[note["start"] : note["end"]] == note["quote"]:
        return note | {"stale": False}
    found_at: list[int] = []
    position = text.find(note["quote"]) if note["quote"] else -1
    while position >= 0 and len(found_at) < MAX_FOUND_AT:
        found_at.append(position)
        position = text.find(note["quote"], position + 1)
    return note | {"stale": True, "found_at": found_at}
