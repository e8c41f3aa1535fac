"""The values a field or option may take, checked before searching: a typo is an error, not 0 hits.

`type:pdff`, `lang:french`, `currency:EURO` or `facts --kind monie` would otherwise answer
"nothing found", which a reporter reads as "the leak does not say it". Each check raises a
one-line QueryError listing the valid values, with the closest ones as "did you mean".
Dates have one grammar for every command and field: YYYY, YYYY-MM or YYYY-MM-DD, a real
calendar date (2024-13 and 2024-02-30 are refused everywhere).
"""

from __future__ import annotations

import difflib
import re
from datetime import date
from functools import cache

from nutgraf.errors import QueryError
from nutgraf.families import FAMILIES

TYPES = (*FAMILIES, "image", "other")
FACT_KINDS = ("money", "percent", "quantity", "date", "email", "phone", "iban", "url")
DATE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
FIRST_YEAR, LAST_YEAR = 1000, 9998  # tantivy dates and datetime both hold these comfortably


@cache
def languages() -> dict[str, str]:
    """ISO 639-1 code → English name, for every language the detector can report."""
    from lingua import Language

    found = {lang.iso_code_639_1.name.lower(): lang.name.title() for lang in Language.all()}
    # "und": read, but too short or too mixed to tell; "unknown": never read (a failure)
    return dict(sorted(found.items())) | {"und": "Undetermined", "unknown": "undetected"}


@cache
def currencies() -> dict[str, str]:
    """ISO 4217 code → name (pycountry), plus the codes the money extractor knows."""
    import pycountry

    found = {currency.alpha_3: currency.name for currency in pycountry.currencies}
    try:
        from nutgraf.analyze._lexicon import CODES
    except ImportError:  # pragma: no cover - the extractor's table moved: ISO alone still works
        CODES = frozenset()
    for code in CODES:
        found.setdefault(code, code)
    return dict(sorted(found.items()))


def suggest(value: str, valid: list[str] | tuple[str, ...], names: dict[str, str] | None = None):
    """The valid values closest to `value` (by spelling, or by the name behind a code)."""
    lowered = value.lower()
    close = difflib.get_close_matches(lowered, [v.lower() for v in valid], n=3, cutoff=0.6)
    by_name = [code for code, name in (names or {}).items() if name.lower().startswith(lowered[:4])]
    picked = [v for v in valid if v.lower() in close] + by_name
    return list(dict.fromkeys(picked))[:3]


def invalid(what: str, value: str, valid, names: dict[str, str] | None = None) -> QueryError:
    """The one-line error for a value that is not one of `valid`."""
    hint = suggest(value, list(valid), names)
    mean = f"; did you mean {' or '.join(hint)}?" if hint else ""
    shown = ", ".join(valid)
    return QueryError(f"{what} {value!r} is not known{mean} (valid: {shown})")


def check_type(value: str) -> str:
    lowered = value.lower()
    if lowered not in TYPES:
        raise invalid("type:", value, TYPES)
    return lowered


def check_language(value: str) -> str:
    lowered = value.lower()
    known = languages()
    if lowered in known:
        return lowered
    by_name = {name.lower(): code for code, name in known.items()}
    if lowered in by_name:
        raise QueryError(f"lang: takes a language code: write lang:{by_name[lowered]}, not {value}")
    raise invalid("lang:", value, tuple(known), known)


def check_currency(value: str) -> str:
    upper = value.upper()
    known = currencies()
    if upper in known:
        return upper
    by_name = {name.lower(): code for code, name in known.items()}
    if value.lower() in by_name:
        code = by_name[value.lower()]
        raise QueryError(f"currency: takes an ISO 4217 code: write {code}, not {value}")
    raise invalid("currency", value, tuple(known), known)


def check_kind(value: str) -> str:
    lowered = value.lower()
    if lowered not in FACT_KINDS:
        raise invalid("fact kind", value, FACT_KINDS)
    return lowered


def check_year(value: str) -> str:
    if not re.fullmatch(r"\d{4}", value):
        raise QueryError(f"year:{value} is not a year; write year:2024")
    return value


def check_date(value: str, what: str = "date") -> date:
    """The first day of the period a YYYY[-MM[-DD]] date names; anything else is refused."""
    match = _DATE.match(value.strip())
    if not match:
        raise QueryError(f"{what} {value!r} is not a date: write {DATE_FORMS}")
    year, month, day = (int(part) if part else 1 for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise QueryError(f"{what} {value!r}: the year must be between {FIRST_YEAR} and {LAST_YEAR}")
    try:
        return date(year, month, day)
    except ValueError as error:
        raise QueryError(f"{what} {value!r} is not a real date ({error})") from None


def period_end(value: str) -> date:
    """The first day after the period `value` names (2024-06 → 2024-07-01)."""
    start = check_date(value)
    depth = value.strip().count("-")
    if depth == 0:
        return start.replace(year=start.year + 1)
    if depth == 1:
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        return start.replace(year=year, month=month)
    return date.fromordinal(start.toordinal() + 1)
