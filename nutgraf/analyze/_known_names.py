"""Names the case gives surely, found again wherever any document's text repeats them.

A sender `Hélène Marchetti <…>` (or `M. Paolo Marchetti` in a note) makes `MARCHETTI Hélène`,
`Marchetti, Hélène` and `H. Marchetti` in another document mentions too. resolve.py runs this
over the whole case after each ingest: the known names change as documents are added, so the
mentions made here (source `text:known`) are recomputed each time; others are never touched.

One Aho-Corasick automaton of every name in every order, over each folded text: the cost is
one pass per text whatever the number of names.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from nutgraf.analyze._automaton import fold_for_matching, original_span
from nutgraf.analyze._common import is_caseless
from nutgraf.analyze._names import PARTICLES, name_tokens

MAX_WORDS = 4


def known_name_mentions(
    names: Iterable[str], texts: Iterable[tuple[str, str, list[tuple[int, int]]]]
) -> Iterator[tuple[str, int, int, str]]:
    """(doc_id, start, end, quote) for each known name written in a text, outside `taken`."""
    automaton = _automaton(names)
    if automaton is None:
        return
    for doc_id, text, taken in texts:
        folded, starts = fold_for_matching(text)
        kept_end = -1
        hits = sorted(
            (end - length, -(end - 1)) for end, length in automaton.iter(" " + folded + " ")
        )
        for folded_start, folded_end in hits:
            start, end = original_span(text, starts, folded_start, -folded_end)
            if start < kept_end or _overlaps(taken, start, end):
                continue
            if not _written_as_name(text[start:end]):
                continue
            kept_end = end
            yield doc_id, start, end, text[start:end]


def _automaton(names: Iterable[str]):  # -> ahocorasick.Automaton | None
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for name in names:
        tokens = name_tokens(name)
        if "@" in name or not 2 <= len(tokens) <= MAX_WORDS or any(len(w) < 2 for w in tokens):
            continue
        # the folded text has a space for an apostrophe: `o'brien` is matched as `o brien`
        words = [part for word in tokens for part in re.split("['’]", word) if part]
        for form in _forms(words):
            automaton.add_word(f" {form} ", len(form) + 1)
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton


def _forms(words: list[str]) -> set[str]:
    """`hélène marchetti`, `marchetti hélène`, `marchetti, hélène`, `h. marchetti` (folded:
    punctuation is a space, so `, ` and `. ` are two)."""
    orders = [words, [words[-1], *words[:-1]]]
    forms = {" ".join(order) for order in orders}
    forms.add(f"{words[-1]}  {' '.join(words[:-1])}")
    if not is_caseless(words[0]):
        forms.add(f"{words[0][0]}  {' '.join(words[1:])}")
    return forms


def _written_as_name(surface: str) -> bool:
    """Each word capitalised (`Another Person`, not "another person" in a sentence)."""
    if is_caseless(surface):
        return True
    return all(word[0].isupper() or word in PARTICLES for word in surface.replace(",", " ").split())


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, index - 8) : index])
