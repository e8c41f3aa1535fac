"""Names the case's mail headers give, found again wherever any document's text repeats them.

A sender `Hélène Marchetti <…>` makes `MARCHETTI Hélène` in a scanned note a mention of her
too. Run by resolve.py over the whole case: the known names change as mail is added, so the
mentions it makes (source `text:known`) are recomputed each time; others are never touched.
"""

from __future__ import annotations

import bisect
import re
import sqlite3

from nutgraf.analyze._names import name_tokens
from nutgraf.fold import fold, pattern_for

SOURCE = "text:known"
MAX_WORDS = 4


def add_known_name_mentions(db: sqlite3.Connection) -> int:
    """Mentions for every header name repeated in a text; returns how many were added."""
    from nutgraf.store.ids import entity_id_for

    names = _header_names(db)
    with db:
        db.execute("DELETE FROM mentions WHERE source = ?", (SOURCE,))
    if not names:
        return 0
    forms = {order for name in names.values() for order in _orders(name)}
    keys = set(names) | {" ".join(sorted(w.rstrip(".") for w in form)) for form in forms}
    pattern = re.compile("|".join(sorted(_pattern(form) for form in forms)))
    added = 0
    with db:
        for doc_id, text in db.execute("SELECT doc_id, text FROM texts WHERE text != ''"):
            taken = _taken_spans(db, doc_id)
            for match in pattern.finditer(text):
                if _key(match.group()) not in keys or _overlaps(taken, match.start(), match.end()):
                    continue
                name = " ".join(match.group().split())  # as written: resolution groups them
                entity_id = entity_id_for("person", fold(name))
                db.execute(
                    "INSERT OR IGNORE INTO entities (id, type, name, key) VALUES (?, ?, ?, ?)",
                    (entity_id, "person", name, fold(name)),
                )
                db.execute(
                    'INSERT INTO mentions (entity_id, doc_id, start, "end", quote, source, name) '
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (entity_id, doc_id, match.start(), match.end(), match.group(), SOURCE, name),
                )
                added += 1
    return added


def _header_names(db: sqlite3.Connection) -> dict[str, str]:
    """Key (sorted folded words) → the name as a header wrote it, for two-to-four-word names."""
    found: dict[str, str] = {}
    rows = db.execute(
        "SELECT DISTINCT m.name FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "WHERE m.source LIKE 'metadata:%' AND e.type = 'person' AND m.name IS NOT NULL "
        "ORDER BY m.name"
    )
    for (name,) in rows:
        words = name_tokens(name)
        if "@" not in name and 2 <= len(words) <= MAX_WORDS and all(len(w) > 1 for w in words):
            found.setdefault(" ".join(sorted(words)), name)
    return found


def _orders(name: str) -> set[tuple[str, ...]]:
    """`Hélène Marchetti`, `Marchetti Hélène` (lists put the surname first), `H. Marchetti`.

    Whether `H. Marchetti` is Hélène is for resolution to say (only if she is the one H.).
    """
    words = name_tokens(name)
    return {tuple(words), (words[-1], *words[:-1]), (words[0][0] + ".", *words[1:])}


def _key(surface: str) -> str:
    return " ".join(sorted(name_tokens(surface)))


def _pattern(words: tuple[str, ...]) -> str:
    parts = [
        pattern_for(word[:-1], prefix=True) + r"\." if word.endswith(".") else pattern_for(word)
        for word in words
    ]
    return r"[\s,]+".join(parts)


def _taken_spans(db: sqlite3.Connection, doc_id: str) -> list[tuple[int, int]]:
    rows = db.execute(
        'SELECT start, "end" FROM mentions WHERE doc_id = ? AND start IS NOT NULL ORDER BY start',
        (doc_id,),
    )
    return [(row[0], row[1]) for row in rows]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, index - 8) : index])
