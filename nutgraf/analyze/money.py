"""Amounts of money: a number with a currency before or after it, and an optional scale word.

Candidate-first: the shared number scanner finds numbers; only the few characters around each
number are then matched against anchored patterns for currencies and scale words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from nutgraf.analyze._lexicon import (
    PREFIX_CURRENCY,
    SCALE_PATTERN,
    SUFFIX_CURRENCY,
    currency_code,
    is_ambiguous_noun,
    scale_value,
)
from nutgraf.analyze.numbers import NumberToken
from nutgraf.model import Fact

_GAP = "[ \t\u00a0\u202f\u2009]"
_CONNECTOR = r"(?:(?:de|of|di|du)\s+|d['’]\s?)"
_PREFIX = re.compile(rf"{PREFIX_CURRENCY}{_GAP}?\Z")
_PREFIX_WINDOW = 8
_SCALE_AFTER_PREFIX = re.compile(rf"(?:{_GAP}|-)?(?P<scale>{SCALE_PATTERN})(?!\w)")
_SUFFIX = re.compile(
    rf"{_GAP}?(?:(?P<scale>{SCALE_PATTERN}){_GAP}?{_CONNECTOR}?)?{_GAP}?(?P<cur>{SUFFIX_CURRENCY})"
)
# Old French francs: "6 000 F", "100 FF", "13MF" (only in French documents).
_FRENCH_FRANC = re.compile(rf"{_GAP}?(?P<scale>M|k|K)?(?P<cur>FF|F)(?![\w'’])")


def find_money(
    text: str,
    numbers: Iterable[NumberToken],
    language: str | None = None,
    country: str | None = None,
) -> list[Fact]:
    """Money facts around the given numbers (value in the currency's unit, ISO 4217 code)."""
    facts = []
    for number in numbers:
        fact = _prefixed(text, number, language, country) or _suffixed(
            text, number, language, country
        )
        if fact is not None:
            facts.append(fact)
    return facts


def _prefixed(
    text: str, number: NumberToken, language: str | None, country: str | None
) -> Fact | None:
    prefix = _PREFIX.search(text, max(0, number.start - _PREFIX_WINDOW), number.start)
    if prefix is None:
        return None
    code = currency_code(prefix.group().strip(), language, country)
    if code is None:
        return None
    value, end = number.value, number.end
    scale = _SCALE_AFTER_PREFIX.match(text, number.end)
    if scale is not None:
        value *= scale_value(scale.group("scale"), language)
        end = scale.end()
    return _fact(text, prefix.start(), end, value, code)


def _suffixed(
    text: str, number: NumberToken, language: str | None, country: str | None
) -> Fact | None:
    match = _SUFFIX.match(text, number.end)
    if match is None and language == "fr":
        match = _FRENCH_FRANC.match(text, number.end)
        if match is not None:
            return _with_scale(text, number, match, "FRF", language)
    if match is None:
        return None
    surface = match.group("cur")
    if match.group("scale") is None and is_ambiguous_noun(surface):
        return None  # "500 pounds of flour"
    code = currency_code(surface, language, country)
    if code is None:
        return None
    return _with_scale(text, number, match, code, language)


def _with_scale(
    text: str, number: NumberToken, match: re.Match[str], code: str, language: str | None
) -> Fact:
    value = number.value
    if match.group("scale"):
        value *= scale_value(match.group("scale"), language)
    return _fact(text, number.start, match.end(), value, code)


def _fact(text: str, start: int, end: int, value: float, code: str) -> Fact:
    return Fact("money", start, end, text[start:end], value, currency=code)
