"""The documents a reporter's marks select, for the query language's `tag:`, `note:` and
`starred:` filters.

Marks live in case.db, not in the full-text index: tagging is instant and needs neither the
ingest lock nor a re-index. The search compiler turns each set into a term-set query on the
index's `id` field (see nutgraf/search/marks.py).
"""

from __future__ import annotations

import re

from nutgraf.errors import QueryError
from nutgraf.fold import fold
from nutgraf.store import story as sql
from nutgraf.store.database import Connection

FIELDS = ("tag", "note", "starred")
_ANY = ("*", "any")


def doc_ids(db: Connection, field: str, value: str) -> tuple[list[str], bool]:
    """(doc ids, negate): the documents `field:value` selects; `negate` means "all but these".

    tag:NAME   documents with this tag (folded: case and accents do not matter); tag:* any tag
    note:WORDS documents with a note holding these words in this order; note:* any note
    starred:true, starred:false
    """
    if field == "tag":
        if value in _ANY:
            return sql.any_tag_doc_ids(db), False
        from nutgraf.story.marks import tag_key

        return sql.tagged_doc_ids(db, tag_key(value)), False
    if field == "note":
        return _noted(db, value), False
    if field == "starred":
        lowered = value.lower()
        if lowered in ("true", "yes", "1"):
            return sql.starred_doc_ids(db), False
        if lowered in ("false", "no", "0"):
            return sql.starred_doc_ids(db), True
        raise QueryError(f"starred:{value} should be starred:true or starred:false")
    raise QueryError(f"{field}: is not a filter on marks")  # pragma: no cover


def _noted(db: Connection, value: str) -> list[str]:
    bodies = sql.note_bodies(db)
    if value in _ANY:
        return list(dict.fromkeys(doc_id for doc_id, _ in bodies))
    words = fold(value).split()
    if not words:
        raise QueryError(f"note:{value} has no letters or digits to search for")
    # whole words, in order, anything between words that is not a letter or digit
    pattern = re.compile(r"(?<!\w)" + r"\W+".join(re.escape(word) for word in words) + r"(?!\w)")
    return list(dict.fromkeys(doc_id for doc_id, body in bodies if pattern.search(fold(body))))
