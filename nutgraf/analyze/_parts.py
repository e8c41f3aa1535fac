"""Amounts stated as a part of the amount before them: "12,5 M€, dont 1,2 M€ de commission".

A part is not a second payment: totals must not add it to its whole. A money fact is a part
when, in the same sentence, it follows another amount of the same currency and the words
between them end with a part word ("dont", "of which", "davon", "de los cuales", "including",
"among which"…), with at most a few words between that word and the part.
"""

from __future__ import annotations

import re
from dataclasses import replace

from nutgraf.analyze._lexicon import alternation
from nutgraf.model import Fact

_PART_WORDS = (
    "dont|parmi lesquels|parmi lesquelles|y compris|notamment|of which|of whom|including|"
    "incl.|among which|among them|out of which|davon|darunter|wovon|einschließlich|"
    "inklusive|de los cuales|de las cuales|de ellos|de ellas|incluidos|incluidas|"
    "incluyendo|entre ellos|di cui|tra cui|dos quais|das quais|incluindo|waarvan|"
    "waaronder|منها|من بينها|بما في ذلك|מתוכם|מתוכן|מהם|מהן|כולל|из них|в том числе"
)
# The gap between the whole and the part: a comma or bracket, the part word, a few words.
_GAP = re.compile(
    rf"[\s,;:(–—-]*(?<!\w)(?:{alternation(_PART_WORDS.split('|'))})(?!\w)"
    r"[^\S\n]*(?:[^\s.;!?\d]+[^\S\n]+){0,3}\Z",
    re.IGNORECASE,
)
_MAX_GAP = 60


def mark_parts(text: str, facts: list[Fact]) -> list[Fact]:
    """The facts (sorted by start) with `part_of` set on the amounts that are parts."""
    marked = list(facts)
    whole: Fact | None = None
    for index, fact in enumerate(facts):
        if fact.kind != "money":
            continue
        if whole is not None and _is_part(text, whole, fact):
            marked[index] = replace(fact, part_of=whole.start)
            continue  # the next part ("dont 1 M€ ..., dont 2 M€") still belongs to the whole
        whole = fact
    return marked


def _is_part(text: str, whole: Fact, part: Fact) -> bool:
    if whole.currency != part.currency or part.start - whole.end > _MAX_GAP:
        return False
    if float(part.value) >= float(whole.value):
        return False  # a part is smaller than its whole
    return _GAP.search(text, whole.end, part.start) is not None
