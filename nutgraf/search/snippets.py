"""Snippets: the passages of the stored text where a hit's words stand, with highlights.

The index holds folded text, but snippets quote the exact stored text: each folded query
word becomes a pattern that matches any spelling folding to it (`defense` finds `Défense`),
so offsets are offsets into `nutgraf text DOC_ID`.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import Any

from nutgraf.fold import fold, pattern_for
from nutgraf.search import scripts, stemming
from nutgraf.search.query import Phrase, Term

WINDOW = 90  # characters of context on each side of the first hit in a snippet
SCAN_LIMIT = 20_000_000  # characters searched for hits in one document


@dataclass(frozen=True)
class Snippet:
    text: str
    start: int  # offset of `text` in the document's text
    highlights: list[tuple[int, int]] = field(default_factory=list)  # relative to `text`
    page: int | None = None  # 1-based, for paged documents


def stem_pattern(
    terms: list[Term | Phrase], tokenize, language: str | None
) -> tuple[re.Pattern[str] | None, frozenset[str]]:
    """Where words sharing a bare query word's stem in `language` may stand.

    The regex finds the stem's core (the longest start of the stem found in the query word,
    so `happi` → `happ`, and an Arabic stem inside its prefixed word); `stem_matches` widens
    each find to its whole word and keeps it only if that word stems to a query stem, so
    nothing is highlighted that the index did not match.
    """
    if language not in stemming.STEMMERS:
        return None, frozenset()
    cores, stems = [], set()
    for term in terms:
        if not isinstance(term, Term) or term.prefix or term.fuzzy or term.exact:
            continue
        tokens = tokenize(fold(term.text))
        if len(tokens) != 1:
            continue
        stem = stemming.stems(tokens[0]).get(language)
        core = _core(tokens[0], stem or "")
        if stem and len(core) >= 2:
            stems.add(stem)
            cores.append(pattern_for(core, prefix=True).removeprefix(r"(?<![^\W_])"))
    if not cores:
        return None, frozenset()
    alternatives = "|".join(sorted(set(cores), key=len, reverse=True))
    return _compile(alternatives), frozenset(stems)


def _core(word: str, stem: str) -> str:
    for end in range(len(stem), 0, -1):
        if stem[:end] in word:
            return stem[:end]
    return ""


def is_stem_match(quoted: str, language: str, stems: frozenset[str]) -> bool:
    tokens = stemming.analyzer(language).analyze(fold(quoted))
    return len(tokens) == 1 and tokens[0] in stems


def hit_pattern(
    terms: list[Term | Phrase], tokenize, proclitics: bool = False
) -> re.Pattern[str] | None:
    """One regex matching, in original text, any of the query's words or phrases.

    `proclitics`: a bare Hebrew or Arabic word is also highlighted after a proclitic.
    """
    alternatives = []
    for term in terms:
        tokens = tokenize(fold(term.text))
        if not tokens:
            continue
        prefix = isinstance(term, Term) and term.prefix
        if isinstance(term, Term) and term.fuzzy:
            continue  # a fuzzy word's spellings are unknown here: no highlight
        parts = [
            _token_pattern(token, prefix=prefix and i == len(tokens) - 1)
            for i, token in enumerate(tokens)
        ]
        joined = parts[0]
        for before, token, part in zip(tokens, tokens[1:], parts[1:], strict=False):
            glued = scripts.has_unspaced(before) or scripts.has_unspaced(token)
            joined += (r"[\W_]{0,20}" if glued else r"[\W_]{1,20}") + part
        alternatives.append(joined)
        bare = isinstance(term, Term) and not (term.prefix or term.exact or term.field != "content")
        if proclitics and bare and len(tokens) == 1 and scripts.takes_proclitics(tokens[0]):
            body = joined.removeprefix(r"(?<![^\W_])")
            lead = scripts.proclitic_pattern(tokens[0])
            alternatives.append(r"(?<![^\W_])" + lead + body)
    if not alternatives:
        return None
    # longest first, so that a phrase wins over its own words
    alternatives.sort(key=len, reverse=True)
    return _compile("|".join(f"(?:{a})" for a in alternatives))


def _token_pattern(token: str, prefix: bool) -> str:
    """A token in the original text; a character of an unspaced script has no word bounds."""
    if not scripts.has_unspaced(token):
        return pattern_for(token, prefix=prefix)
    variants = _unspaced_variants()
    if token in variants:  # a kana, or a Hangul syllable (its jamo once folded)
        return variants[token]
    return "".join(variants.get(char, re.escape(char)) for char in token)


@cache
def _unspaced_variants() -> dict[str, str]:
    """Kana and Hangul as written (precomposed) for each folded character or syllable."""
    groups: dict[str, list[str]] = {}
    for low, high in ((0x3040, 0x30FF), (0xFF66, 0xFF9F), (0xAC00, 0xD7A3)):
        for code in range(low, high + 1):
            char = chr(code)
            for token in scripts.segment(fold(char)).split():
                if token.isalnum():
                    groups.setdefault(token, []).append(char)
                    break
    return {token: "(?:" + "|".join(map(re.escape, chars)) + ")" for token, chars in groups.items()}


@lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def snippets_for(
    text: str,
    pattern: re.Pattern[str] | None,
    pages: list[int],
    most: int = 3,
    also: list[tuple[int, int]] | None = None,
) -> list[Snippet]:
    """Up to `most` snippets, in document order; the document's opening when nothing matches.

    `also`: more hit spans found otherwise (words matched by their stem).
    """
    matches = list(_matches(text, pattern))
    if also:
        matches = _merge(matches, also)
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


def stem_matches(
    text: str,
    pattern: re.Pattern[str] | None,
    language: str | None,
    stems: frozenset[str],
    most: int = 50,
) -> list[tuple[int, int]]:
    """Spans of whole words whose stem in `language` is one of `stems` (at most `most`: 50 is
    enough for 3 snippets, and it bounds the stemming work on a long text)."""
    if pattern is None or language is None:
        return []
    found: list[tuple[int, int]] = []
    for core_start, core_end in _matches(text, pattern):
        if found and core_start < found[-1][1]:
            continue  # inside a word already taken
        start, end = _whole_word(text, core_start, core_end)
        if is_stem_match(text[start:end], language, stems):
            found.append((start, end))
            if len(found) >= most:
                break
    return found


def _whole_word(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and _in_word(text[start - 1]):
        start -= 1
    while end < len(text) and _in_word(text[end]):
        end += 1
    return start, end


def _in_word(char: str) -> bool:
    return char.isalnum() or unicodedata.category(char).startswith("M")


def _merge(first: list[tuple[int, int]], second: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans from both, in order, without overlaps (the earlier, longer span wins)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(first + second, key=lambda span: (span[0], -span[1])):
        if merged and start < merged[-1][1]:
            continue
        merged.append((start, end))
    return merged


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


def translation_snippets(
    segments: list[dict[str, Any]], pattern: re.Pattern[str] | None, most: int = 3
) -> list[Snippet]:
    """Snippets from a document's stored translation, for a hit its own text does not show:
    each is a translated segment, placed (`start`) at its source segment in the text."""
    found: list[Snippet] = []
    for segment in segments:
        translation = segment.get("translation")
        if not translation or len(found) >= most:
            continue
        spans = list(_matches(translation, pattern))
        if spans:
            found.append(Snippet(translation, segment["source_start"], spans))
    return found


def hit_spans(
    text: str, terms: list[Term | Phrase], tokenize, language: str | None, stem: bool = True
) -> list[tuple[int, int]]:
    """Every place (in the first SCAN_LIMIT characters) where the query's words stand, as the
    search's snippets mark them: folded matches, and with `stem` words sharing a stem."""
    pattern = hit_pattern(terms, tokenize, proclitics=stem)
    spans = list(_matches(text, pattern))
    if stem:
        candidates, stems = stem_pattern(terms, tokenize, language)
        # every stemmed hit, not a snippet's worth: the document page counts them
        spans = _merge(spans, stem_matches(text, candidates, language, stems, most=len(text)))
    return spans
