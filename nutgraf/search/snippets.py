"""Snippets: the passages of the stored text where a hit's words stand, with highlights.

The index holds folded text, but snippets quote the exact stored text: each folded query
word becomes a pattern that matches any spelling folding to it (`defense` finds `Défense`),
so offsets are offsets into `nutgraf text DOC_ID`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from nutgraf.fold import fold, pattern_for
from nutgraf.search.query import Phrase, Term

WINDOW = 90  # characters of context on each side of the first hit in a snippet
SCAN_LIMIT = 20_000_000  # characters searched for hits in one document


@dataclass(frozen=True)
class Snippet:
    text: str
    start: int  # offset of `text` in the document's text
    highlights: list[tuple[int, int]] = field(default_factory=list)  # relative to `text`
    page: int | None = None  # 1-based, for paged documents


def hit_pattern(terms: list[Term | Phrase], tokenize) -> re.Pattern[str] | None:
    """One regex matching, in original text, any of the query's words or phrases."""
    alternatives = []
    for term in terms:
        tokens = tokenize(fold(term.text))
        if not tokens:
            continue
        prefix = isinstance(term, Term) and term.prefix
        if isinstance(term, Term) and term.fuzzy:
            continue  # a fuzzy word's spellings are unknown here: no highlight
        parts = [
            pattern_for(token, prefix=prefix and i == len(tokens) - 1)
            for i, token in enumerate(tokens)
        ]
        alternatives.append(r"[\W_]{1,20}".join(parts))
    if not alternatives:
        return None
    # longest first, so that a phrase wins over its own words
    alternatives.sort(key=len, reverse=True)
    return _compile("|".join(f"(?:{a})" for a in alternatives))


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def snippets_for(
    text: str, pattern: re.Pattern[str] | None, pages: list[int], most: int = 3
) -> list[Snippet]:
    """Up to `most` snippets, in document order; the document's opening when nothing matches."""
    matches = list(_matches(text, pattern))
    if not matches:
        return [_snippet(text, 0, min(len(text), 2 * WINDOW), [], pages)] if text else []
    snippets: list[Snippet] = []
    index = 0
    while index < len(matches) and len(snippets) < most:
        first_start = matches[index][0]
        start = _word_start(text, max(0, first_start - WINDOW))
        end = _word_end(text, min(len(text), first_start + WINDOW))
        inside = []
        while index < len(matches) and matches[index][1] <= end:
            inside.append(matches[index])
            index += 1
        if not inside:  # a hit longer than the window
            end = matches[index][1]
            inside.append(matches[index])
            index += 1
        snippets.append(_snippet(text, start, end, inside, pages))
    return snippets


def _matches(text: str, pattern: re.Pattern[str] | None):
    if pattern is None:
        return
    for match in pattern.finditer(text, 0, min(len(text), SCAN_LIMIT)):
        if match.end() > match.start():
            yield match.start(), match.end()


def _snippet(
    text: str, start: int, end: int, hits: list[tuple[int, int]], pages: list[int]
) -> Snippet:
    page = bisect.bisect_right(pages, start) if pages else None
    return Snippet(
        text=text[start:end],
        start=start,
        highlights=[(s - start, e - start) for s, e in hits],
        page=page or None,
    )


def _word_start(text: str, position: int) -> int:
    if position == 0:
        return 0
    space = text.rfind(" ", max(0, position - 15), position)
    return space + 1 if space >= 0 else position


def _word_end(text: str, position: int) -> int:
    space = text.find(" ", position, position + 15)
    return space if space >= 0 else position
