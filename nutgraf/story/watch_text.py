"""A listed name found in the documents' text itself, where entity extraction did not name it.

The index is asked for the name's words as a phrase (in each order, for names of up to three
words), then each matching document's stored text is scanned with a pattern that accepts any
spelling folding to those words (`fold.pattern_for`: case and accents aside) and any
punctuation between them (`Marchetti, Hélène`). Every hit is an exact quote with its span.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from nutgraf.case import Case
from nutgraf.errors import QueryError
from nutgraf.export.selection import query_doc_ids
from nutgraf.fold import fold, pattern_for

MAX_DOCUMENTS = 200  # documents scanned per listed name
MAX_HITS = 50  # occurrences kept per listed name
MAX_ORDERED_WORDS = 3  # names this long or shorter are also looked for in every word order
_WORD = re.compile(r"[^\W_]+")


def name_words(name: str) -> list[str]:
    return _WORD.findall(fold(name.lower()))


def name_pattern(words: list[str]) -> re.Pattern[str]:
    orders = itertools.permutations(words) if len(words) <= MAX_ORDERED_WORDS else iter([words])
    alternatives = [r"[\W_]+".join(pattern_for(word) for word in order) for order in orders]
    return re.compile("|".join(f"(?:{alternative})" for alternative in alternatives))


def find_in_text(case: Case, name: str) -> list[dict[str, Any]]:
    """Occurrences of `name` in the case's texts: doc_id, path, start, end, quote."""
    words = name_words(name)
    if len(words) < 2 or sum(map(len, words)) < 5:
        return []  # one word, or initials: too many unrelated hits to be evidence
    orders = itertools.permutations(words) if len(words) <= MAX_ORDERED_WORDS else [words]
    query = " OR ".join(f'"{" ".join(order)}"' for order in orders)
    try:
        doc_ids = query_doc_ids(case, query)[:MAX_DOCUMENTS]
    except QueryError:
        return []
    pattern = name_pattern(words)
    hits: list[dict[str, Any]] = []
    for doc_id in doc_ids:
        text = case.store.text(doc_id)
        path = None
        for match in pattern.finditer(text):
            path = path or case.store.document(doc_id).path
            hits.append(
                {
                    "doc_id": doc_id,
                    "path": path,
                    "start": match.start(),
                    "end": match.end(),
                    "quote": match.group(),
                    "source": "text",
                }
            )
            if len(hits) >= MAX_HITS:
                return hits
    return hits
