"""Tags and stars on documents: what a reporter marks as mattering.

A tag is kept as first typed and matched folded (`Offshore`, `offshore` and `OFFSHORE` are
one tag), so `tag:offshore` finds it however it was written.
"""

from __future__ import annotations

from typing import Any

from nutgraf.case import Case
from nutgraf.errors import BadInput
from nutgraf.fold import fold

MAX_TAG = 100


def tag_key(tag: str) -> str:
    return " ".join(fold(tag).split())


def clean_tag(tag: str) -> tuple[str, str]:
    """(key, tag as shown) for a tag as typed; an empty or over-long one is refused."""
    shown = " ".join(tag.split())
    if not shown:
        raise BadInput("a tag needs at least one letter or digit")
    if len(shown) > MAX_TAG:
        raise BadInput(f"a tag is at most {MAX_TAG} characters ({shown[:20]}… is longer)")
    if any(ord(ch) < 32 for ch in tag if ch not in " \t"):
        raise BadInput("a tag cannot hold control characters")
    key = tag_key(shown)
    if not key:
        raise BadInput(f"the tag {shown!r} has nothing left once folded")
    return key, shown


def document_sha256(case: Case, doc_id: str) -> tuple[str, str]:
    """(full id, sha256) of a document given by id or unique prefix (NotFound otherwise)."""
    doc = case.store.document(doc_id)
    return doc.id, doc.sha256


def add_tags(case: Case, doc_id: str, tags: list[str]) -> dict[str, Any]:
    full_id, sha256 = document_sha256(case, doc_id)
    cleaned: dict[str, tuple[str, str]] = {}
    for key, shown in map(clean_tag, tags):
        cleaned.setdefault(key, (key, shown))  # as first typed
    case.store.add_tags(sha256, list(cleaned.values()))
    return marks_of(case, full_id)


def remove_tags(case: Case, doc_id: str, tags: list[str]) -> dict[str, Any]:
    full_id, sha256 = document_sha256(case, doc_id)
    case.store.remove_tags(sha256, [tag_key(tag) for tag in tags])
    return marks_of(case, full_id)


def set_star(case: Case, doc_id: str, starred: bool = True) -> dict[str, Any]:
    full_id, sha256 = document_sha256(case, doc_id)
    case.store.set_star(sha256, starred)
    return marks_of(case, full_id)


def marks_of(case: Case, doc_id: str) -> dict[str, Any]:
    """A document's tags, star and notes (span notes checked against today's text)."""
    from nutgraf.story.notes import notes_of  # notes build on marks' lookups

    full_id, sha256 = document_sha256(case, doc_id)
    return {
        "doc_id": full_id,
        "sha256": sha256,
        "tags": case.store.tags_of(sha256),
        "starred": case.store.is_starred(sha256),
        "notes": notes_of(case, full_id),
    }


def all_tags(case: Case) -> list[dict[str, Any]]:
    """Every tag in use: tag, key (what tag: matches) and how many documents carry it."""
    return case.store.tag_counts()


def starred(case: Case) -> list[str]:
    return case.store.starred_doc_ids()
