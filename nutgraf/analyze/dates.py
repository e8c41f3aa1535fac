"""Absolute dates: day, month or year precision, never an invented day.

Numeric day/month order (01/03/2024): month first only when the language is English and the
country hint is US or absent (US usage dominates English text without a hint); everywhere else
day first. A date with a "." separator is always day first. An order that makes the date
impossible is never used (13/03/2024 is 13 March in any language); impossible dates (31/02/2024)
are dropped. A bare year needs a preposition cue ("in 2019", "en 2019", "im Jahr 2019",
"בשנת 2019", "في عام 2019") so that ordinary four-digit numbers are not read as years.
"""

from __future__ import annotations

import datetime
import re

from nutgraf.analyze._lexicon import alternation
from nutgraf.analyze.numbers import DIGIT, to_ascii_digits
from nutgraf.model import Fact

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
    rf"(?<!\w)(?:(?P<strong>{alternation(_STRONG_CUES.split('|'))})|"
    rf"(?P<weak>{alternation(_WEAK_CUES.split('|'))}))"
    rf"(?:{_S}|\s*-\s*)(?P<year>{DIGIT}{{4}})(?:م)?(?P<after>(?!{DIGIT}|[\w%٪]|[.,]{DIGIT}|\s?هـ))"
    r"(?P<closed>[.,;:)]|\s*$)?",
    re.I,
)
_YEAR_RANGE_STRONG = range(1000, 2100)
_YEAR_RANGE_WEAK = range(1800, 2100)
_MONTH_FIRST_COUNTRIES = frozenset(("US", "PH", "FM", "MH", "PW"))


def find_dates(text: str, language: str | None = None, country: str | None = None) -> list[Fact]:
    """Every absolute date; overlapping candidates are left to the caller to arbitrate."""
    facts = [*_textual(text), *_numeric(text, language, country), *_cued_years(text)]
    return facts


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


def _numeric(text: str, language: str | None, country: str | None) -> list[Fact]:
    facts = []
    for m in _ISO.finditer(text):
        year, month, day = (int(to_ascii_digits(m.group(g))) for g in ("year", "a", "b"))
        fact = _make(text, m.start(), m.end(), year, month, day)
        if fact is not None:
            facts.append(fact)
    month_first = language == "en" and (country is None or country in _MONTH_FIRST_COUNTRIES)
    for m in _NUMERIC.finditer(text):
        a, b = int(to_ascii_digits(m.group("a"))), int(to_ascii_digits(m.group("b")))
        year = _full_year(to_ascii_digits(m.group("year")))
        day, month = (b, a) if month_first and m.group("sep") != "." else (a, b)
        if month > 12 and day <= 12:
            day, month = month, day
        fact = _make(text, m.start(), m.end(), year, month, day)
        if fact is not None:
            facts.append(fact)
    return facts


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
