"""Facts stated in a text, each with its exact span: `quote == text[start:end]` always.

Every detector proposes candidates; where candidates overlap, one span gets one kind, chosen by
kind priority (the more specific, validated kinds first) and then by length.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable

from nutgraf.analyze._column_money import money_from_columns
from nutgraf.analyze._parts import mark_parts
from nutgraf.analyze._quantities import find_percents, find_quantities
from nutgraf.analyze.dates import find_dates
from nutgraf.analyze.identifiers import find_emails, find_ibans, find_phones, find_urls
from nutgraf.analyze.money import find_money
from nutgraf.analyze.numbers import scan_numbers
from nutgraf.model import Fact

# Lower wins an overlap: a URL holds e-mails, dates and numbers; an IBAN holds phone-like runs;
# money holds the numbers a percent, quantity or year would claim.
_PRIORITY = {
    "url": 0,
    "email": 1,
    "iban": 2,
    "money": 3,
    "date": 4,
    "percent": 5,
    "phone": 6,
    "quantity": 7,
}


def extract_facts(
    text: str,
    language: str | None = None,
    country: str | None = None,
    cells: list | None = None,
    delimiter: str = "\t",
) -> list[Fact]:
    """All facts in `text`, sorted by start, at most one fact per character.

    `cells` is a table's cell map (a sheet's metadata["cells"], or `delimited_cells`; cells
    end at `delimiter`): its columns settle date order and pair amounts with currencies.
    """
    if not text:
        return []
    language = _base_language(language)
    country = country.strip().upper()[:2] or None if country else None
    numbers = list(scan_numbers(text, language))
    # a table's amount-and-currency columns say more than prose reading across a cell border
    by_columns = list(money_from_columns(text, cells, language, delimiter))
    candidates = [
        *find_urls(text),
        *find_emails(text),
        *find_ibans(text),
        *_within_cells(find_money(text, numbers, language, country), cells, delimiter),
        *by_columns,
        *find_dates(text, language, country, cells),
        *find_percents(text, numbers),
        *find_phones(text, language, country),
        *find_quantities(text, numbers, language),
    ]
    return mark_parts(text, _resolve_overlaps(text, candidates, {id(f) for f in by_columns}))


def _within_cells(facts: Iterable[Fact], cells: list | None, delimiter: str) -> list[Fact]:
    """In a table, an amount and a currency in two cells are paired by their columns' headers
    (`money_from_columns`), never by prose reading across the border: `EUR<tab>01/04/2010`
    is a currency cell beside a date, not 1 euro."""
    if not cells:
        return list(facts)
    return [f for f in facts if delimiter not in f.quote and "\n" not in f.quote]


def _base_language(language: str | None) -> str | None:
    if not language:
        return None
    return language.replace("_", "-").split("-")[0].lower() or None


def _resolve_overlaps(text: str, candidates: list[Fact], preferred: set[int]) -> list[Fact]:
    ranked = sorted(
        candidates,
        key=lambda f: (_PRIORITY[f.kind], id(f) not in preferred, f.start - f.end, f.start),
    )
    starts: list[int] = []
    kept: list[Fact] = []
    for fact in ranked:
        if fact.start >= fact.end or text[fact.start : fact.end] != fact.quote:
            continue  # the invariant is checked here too, so no detector can break it
        i = bisect.bisect_left(starts, fact.start)
        if i > 0 and kept[i - 1].end > fact.start:
            continue
        if i < len(kept) and kept[i].start < fact.end:
            continue
        starts.insert(i, fact.start)
        kept.insert(i, fact)
    return kept
