"""Absolute dates: day, month or year precision, never an invented day.

Numeric day/month order (01/03/2024) is read from evidence first: within a spreadsheet column,
a table column or else the whole document, a date whose first field is above 12 proves the
group day first, one whose second field is above 12 proves it month first (see
`_date_order.py`). Without evidence the convention applies — month first only when the
language is English and the country hint is US or absent, else day first, and a "." separator
day first — and the fact says so: `ambiguous=True` with the other reading in `alternative`.
An order that makes the date impossible is never used (13/03/2024 is 13 March in any
language); impossible dates (31/02/2024) are dropped, and so are the null-date sentinels
(1601-01-01, 1899-12-30, the Excel and Unix zeros: see `is_null_date`). Hijri, Solar Hijri
and Hebrew dates are read by `_calendars.py`. A bare year needs a preposition cue ("in 2019",
"en 2019", "im Jahr 2019", "בשנת 2019", "في عام 2019") so that ordinary four-digit numbers
are not read as years.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import replace

from nutgraf.analyze._calendars import find_calendar_dates, make_calendar_fact, numeric_calendar
from nutgraf.analyze._date_order import Candidate as _Candidate
from nutgraf.analyze._date_order import read_orders
from nutgraf.analyze._lexicon import alternation
from nutgraf.analyze._prefilter import starting_with
from nutgraf.analyze.numbers import DIGIT, to_ascii_digits
from nutgraf.model import Fact
from nutgraf.null_dates import is_null_stamp

_MONTHS: dict[int, str] = {
    1: "january jan janvier janv januar jänner enero gennaio janeiro januari يناير كانون_الثاني "
    "ינואר января январь ژانویه",
    2: "february feb février fevrier févr fevr februar febrero febbraio fevereiro februari "
    "فبراير شباط פברואר февраля февраль فوریه",
    3: "march mar mars märz maerz mär marzo março maart مارس آذار מרץ מרס марта март",
    4: "april apr avril avr abril aprile أبريل ابريل إبريل نيسان אפריל апреля апрель آوریل",
    5: "may mai mayo maggio maio mei مايو أيار ايار מאי мая май مه",
    6: "june jun juin juni junio giugno junho يونيو يونيه حزيران יוני июня июнь ژوئن",
    7: "july jul juillet juil juli julio luglio julho يوليو يوليه تموز יולי июля июль ژوئیه",
    8: "august aug août aout agosto augustus أغسطس اغسطس آب אוגוסט августа август اوت",
    9: "september sep sept septembre septiembre setiembre settembre setembro سبتمبر أيلول ايلول "
    "ספטמבר сентября сентябрь سپتامبر",
    10: "october oct octobre oktober okt octubre ottobre outubro أكتوبر اكتوبر تشرين_الأول "
    "אוקטובר октября октябрь اکتبر",
    11: "november nov novembre noviembre novembro نوفمبر تشرين_الثاني נובמבר ноября ноябрь نوامبر",
    12: "december dec décembre decembre déc dezember dez diciembre dicembre dezembro ديسمبر "
    "كانون_الأول דצמבר декабря декабрь دسامبر",
}
# Multi-word names (Levantine Arabic) are written with '_' above.
_MONTH_OF: dict[str, int] = {
    name.replace("_", " ").casefold(): number
    for number, names in _MONTHS.items()
    for name in names.split()
}

_MONTH = rf"(?:[בלמו]-?)?(?P<month>{alternation(list(_MONTH_OF))})\.?"
_DAY = rf"(?P<day>{DIGIT}{{1,2}})(?:st|nd|rd|th|er|re|º|°|ª|\.)?"
# Textual dates all end with a four-digit year: candidates are years, and the patterns are
# matched backwards from each year within a short window (fast on long texts).
_YEAR = rf"(?P<year>{DIGIT}{{4}})\Z"
_YEAR_CANDIDATE = re.compile(rf"(?<!{DIGIT}){DIGIT}{{4}}(?!{DIGIT})")
_AFTER_YEAR = re.compile(r"(?:م)?(?![\w%٪]|\s?هـ)")
_WINDOW = 48
_S = r"[\s\u00a0\u202f]+"
_OF = r"(?:(?:de|del|of|de\s+l'année)\s+)?"
_TEXTUAL = [
    re.compile(rf"(?<![\w.]){_DAY}{_S}{_OF}{_MONTH}(?:,)?{_S}{_OF}{_YEAR}", re.I),
    re.compile(rf"(?<!\w){_MONTH}{_S}{_DAY},?{_S}{_YEAR}", re.I),
    re.compile(rf"(?<!\w){_MONTH}(?:,)?{_S}{_OF}{_YEAR}", re.I),
]
_D = DIGIT
_ISO = re.compile(
    rf"(?<![\w./-])(?P<year>{_D}{{4}})(?P<sep>[-/.])(?P<a>{_D}{{1,2}})(?P=sep)(?P<b>{_D}{{1,2}})"
    rf"(?!{_D}|[./-]{_D})"
)
_NUMERIC = re.compile(
    rf"(?<![\w./-])(?P<a>{_D}{{1,2}})(?P<sep>[-/.])(?P<b>{_D}{{1,2}})(?P=sep)"
    rf"(?P<year>{_D}{{4}}|(?<=/){_D}{{2}})(?!{_D}|[./-]{_D}|%)"
)
_STRONG_CUES = (
    "in the year|im jahr|im jahre|en el año|en l'an|en l'année|no ano|nel|nell'anno|"
    "في عام|في العام|في سنة|منذ عام|عام|لعام|لسنة|سنة|בשנת|ובשנת|לשנת|משנת|עד שנת|מאז שנת|בשנה"
)
_WEAK_CUES = (
    "in|en|em|since|depuis|seit|desde|dal|dall'anno|sinds|until|till|by|before|after|"
    "avant|après|jusqu'en|bis|ab|vor|nach|gegenüber|compared with|par rapport à|antes de|"
    "después de|hasta|в|с|до|ב|וב|מ|עד|מאז|منذ"
)
_YEAR_WITH_CUE = re.compile(
    starting_with([*_STRONG_CUES.split("|"), *_WEAK_CUES.split("|")], ignore_case=True)
    + rf"(?<!\w)(?:(?P<strong>{alternation(_STRONG_CUES.split('|'))})|"
    rf"(?P<weak>{alternation(_WEAK_CUES.split('|'))}))"
    rf"(?:{_S}|\s*-\s*)(?P<year>{DIGIT}{{4}})(?:م)?(?P<after>(?!{DIGIT}|[\w%٪]|[.,]{DIGIT}|\s?هـ))"
    r"(?P<closed>[.,;:)]|\s*$)?",
    re.I,
)
_YEAR_RANGE_STRONG = range(1000, 2100)
_YEAR_RANGE_WEAK = range(1800, 2100)
_MONTH_FIRST_COUNTRIES = frozenset(("US", "PH", "FM", "MH", "PW"))


def find_dates(
    text: str, language: str | None = None, country: str | None = None, cells: list | None = None
) -> list[Fact]:
    """Every absolute date; overlapping candidates are left to the caller to arbitrate.

    `cells` is a spreadsheet's cell map (see formats/sheet.py): its columns are the first
    groups that settle the day/month order (see `_date_order.py`).
    """
    facts = [
        *_textual(text),
        *_numeric(text, language, country, cells),
        *_cued_years(text),
        *find_calendar_dates(text, language),
    ]
    return [fact for fact in facts if not is_null_date(fact, text)]


def _textual(text: str) -> list[Fact]:
    facts = []
    for candidate in _YEAR_CANDIDATE.finditer(text):
        after = _AFTER_YEAR.match(text, candidate.end())
        if after is None:
            continue
        for pattern in _TEXTUAL:
            m = pattern.search(text, max(0, candidate.start() - _WINDOW), candidate.end())
            if m is None:
                continue
            month = _MONTH_OF[" ".join(m.group("month").split()).casefold()]
            year = int(to_ascii_digits(m.group("year")))
            day = int(to_ascii_digits(m.group("day"))) if "day" in m.groupdict() else None
            fact = _make(text, m.start(), after.end(), year, month, day)
            if fact is None and day is not None:
                break  # "30 February 2023" is wrong, not a month-precision date
            if fact is not None:
                facts.append(fact)
    return facts


def _numeric(
    text: str, language: str | None, country: str | None, cells: list | None
) -> list[Fact]:
    facts = []
    for m in _ISO.finditer(text):
        year, month, day = (int(to_ascii_digits(m.group(g))) for g in ("year", "a", "b"))
        calendar, end, guessed = numeric_calendar(text, m.end(), year, m.group(), language)
        if calendar is not None:
            fact = make_calendar_fact(text, m.start(), end, calendar, year, month, day, guessed)
        else:
            fact = _make(text, m.start(), m.end(), year, month, day)
        if fact is not None:
            facts.append(fact)
    candidates = []
    for m in _NUMERIC.finditer(text):
        a, b = int(to_ascii_digits(m.group("a"))), int(to_ascii_digits(m.group("b")))
        year = _full_year(to_ascii_digits(m.group("year")))
        calendar, end, guessed = numeric_calendar(text, m.end(), year, m.group(), language)
        if calendar is not None:  # Hijri and Solar Hijri dates are written day first
            fact = make_calendar_fact(text, m.start(), end, calendar, year, b, a, guessed)
            facts += [fact] if fact else []
        else:
            candidates.append(_Candidate(m.start(), m.end(), a, b, year, m.group("sep")))
    month_first = language == "en" and (country is None or country in _MONTH_FIRST_COUNTRIES)
    for candidate, order in zip(candidates, read_orders(text, candidates, cells), strict=True):
        fact = _ordered(text, candidate, order, month_first)
        if fact is not None:
            facts.append(fact)
    return facts


def _ordered(text: str, c: _Candidate, order: str | None, month_first: bool) -> Fact | None:
    """The date in the order the evidence gives, else by convention and flagged ambiguous."""
    day_first = _make(text, c.start, c.end, c.year, c.b, c.a)
    month_first_reading = _make(text, c.start, c.end, c.year, c.a, c.b)
    if day_first is None or month_first_reading is None or c.a == c.b:
        return day_first or month_first_reading  # only one reading exists
    if order == "dmy":
        return day_first
    if order == "mdy":
        return month_first_reading
    chosen, other = (
        (month_first_reading, day_first)
        if month_first and c.sep != "."
        else (day_first, month_first_reading)
    )
    return replace(chosen, ambiguous=True, alternative=other.value)


def _cued_years(text: str) -> list[Fact]:
    facts = []
    for m in _YEAR_WITH_CUE.finditer(text):
        year = int(to_ascii_digits(m.group("year")))
        # A weak cue followed by punctuation ("Em 1500, ...") cannot be a count of something.
        strong = m.group("strong") or m.group("closed") is not None
        allowed = _YEAR_RANGE_STRONG if strong else _YEAR_RANGE_WEAK
        if year in allowed:
            start = m.start("year")
            facts.append(_make(text, start, m.end("after"), year, None, None))
    return [f for f in facts if f is not None]


def _full_year(digits: str) -> int:
    year = int(digits)
    if len(digits) == 2:
        # Two-digit years: 00-49 → 2000s, 50-99 → 1900s.
        year += 2000 if year < 50 else 1900
    return year


def _make(
    text: str, start: int, end: int, year: int, month: int | None, day: int | None
) -> Fact | None:
    if not 1000 <= year <= 2199:
        return None
    if month is None:
        return Fact("date", start, end, text[start:end], f"{year:04d}", precision="year")
    if not 1 <= month <= 12:
        return None
    if day is None:
        return Fact(
            "date", start, end, text[start:end], f"{year:04d}-{month:02d}", precision="month"
        )
    try:
        value = datetime.date(year, month, day).isoformat()
    except ValueError:
        return None  # 31/02/2024
    return Fact("date", start, end, text[start:end], value, precision="day")


# "No date" values that software writes for an empty date field: the Windows FILETIME zero,
# the OLE Automation / Excel zero (1899-12-30, and 1899-12-31 / 1900-01-00 as Excel shows
# serial 0), the Excel serial 1 shown as a date and the Unix epoch (machine-written only).
_ALWAYS_NULL = frozenset(("1601-01-01", "1899-12-30", "1899-12-31", "1900-01-00"))
_NULL_WHEN_NUMERIC = frozenset(("1900-01-01", "1970-01-01"))
_METADATA_DATE_KEYS = ("date", "created", "modified", "printed", "sent", "received")


def _is_date_key(key: str) -> bool:
    key = key.lower()
    return key in _METADATA_DATE_KEYS or key.endswith(("_date", "_time", "printed", "_at"))


def is_null_date(fact: Fact, text: str = "") -> bool:
    """True for a date fact that is a sentinel, not a date (see `_ALWAYS_NULL`)."""
    if fact.kind != "date" or fact.calendar:
        return False
    if fact.value in _ALWAYS_NULL:
        return True
    return fact.value in _NULL_WHEN_NUMERIC and not any(c.isalpha() for c in fact.quote)


def without_null_dates(metadata: dict) -> dict:
    """The metadata less its sentinel dates (also in an archive member's container entry)."""
    cleaned = {
        key: value
        for key, value in metadata.items()
        if not (_is_date_key(key) and is_null_stamp(value))
    }
    if isinstance(cleaned.get("container"), dict):
        cleaned["container"] = without_null_dates(cleaned["container"])
    return cleaned
