"""Dates written in the Hijri, Solar Hijri (Persian) and Hebrew calendars, read as Gregorian.

A fact's `value` is always Gregorian ISO; `calendar` names the calendar the text used. What
marks a calendar:

- Hijri: the suffix هـ / ه / AH (also ه.ق), or a Hijri month name (رمضان, ذو الحجة…);
  conversion by the Umm al-Qura tables (`hijridate`), arithmetic outside their range.
- Solar Hijri: the suffix ه.ش / هـ.ش / ش, a Persian month name (فروردین…), or a numeric date
  whose year (1200–1499) is written in Persian digits (۱۳۸۵/۲/۲۵) or sits in a Persian text.
- Hebrew: a Hebrew month name (בטבת, ניסן…) with a year in Hebrew letters (תשפ"ד) or 5xxx.

A numeric date with a year of 1200–1499 in an Arabic or Urdu text but no marker is taken as
Hijri and flagged `ambiguous` (its `alternative` is the literal Gregorian reading): modern
documents rarely mean the 15th century. A day or month precision date whose Hijri/Hebrew
period straddles two Gregorian periods is flagged ambiguous with the later one as the other
reading.
"""

from __future__ import annotations

import datetime
import re
import warnings
from collections.abc import Callable

from convertdate import hebrew, islamic, persian
from hijridate import Hijri

from nutgraf.analyze._lexicon import alternation
from nutgraf.analyze.numbers import DIGIT, to_ascii_digits
from nutgraf.model import Fact

HIJRI, SOLAR, HEBREW = "hijri", "solar_hijri", "hebrew"
_PERSIAN_DIGITS = re.compile("[\u06f0-\u06f9]")
_ARABIC_DIGITS = re.compile("[\u0660-\u0669]")
# Solar first: "هـ.ش" starts like the Hijri "هـ".
_SOLAR_MARK = r"(?:هـ?\s?\.?\s?ش\b\.?|ه\.ش\.?|ش(?!\w)|H\.?\s?Sh\.?|SH(?!\w))"
_HIJRI_MARK = r"(?:هـ|ه\s?\.?\s?ق(?!\w)|ه(?![\w.])|A\.\s?H\.|AH(?!\w))"
MARK_AFTER = re.compile(rf"[\s\u00a0]?(?:(?P<solar>{_SOLAR_MARK})|(?P<hijri>{_HIJRI_MARK}))")
_LOW_YEARS = range(1200, 1500)
_HIJRI_YEARS = range(1, 1501)  # up to now and the end of the Umm al-Qura tables

_HIJRI_MONTHS = {
    1: "محرم المحرم",
    2: "صفر",
    3: "ربيع_الأول ربيع_الاول ربيع_أول",
    4: "ربيع_الآخر ربيع_الثاني ربيع_الاخر ربيع_ثاني",
    5: "جمادى_الأولى جمادى_الاولى جمادى_الأول",
    6: "جمادى_الآخرة جمادى_الثانية جمادى_الاخرة جمادى_الآخر",
    7: "رجب",
    8: "شعبان",
    9: "رمضان",
    10: "شوال",
    11: "ذو_القعدة ذي_القعدة",
    12: "ذو_الحجة ذي_الحجة",
}
_SOLAR_MONTHS = {
    1: "فروردین",
    2: "اردیبهشت",
    3: "خرداد",
    4: "تیر",
    5: "مرداد",
    6: "شهریور",
    7: "مهر",
    8: "آبان",
    9: "آذر",
    10: "دی",
    11: "بهمن",
    12: "اسفند",
}
# convertdate numbers Hebrew months from Nisan (1) to Adar (12) and Adar II (13).
_HEBREW_MONTHS = {
    7: "תשרי",
    8: "חשון חשוון מרחשון מרחשוון",
    9: "כסלו כסליו",
    10: "טבת",
    11: "שבט",
    12: "אדר אדר_א אדר_א' אדר_א׳",
    13: "אדר_ב אדר_ב' אדר_ב׳",
    1: "ניסן",
    2: "אייר",
    3: "סיון סיוון",
    4: "תמוז",
    5: "אב מנחם_אב",
    6: "אלול",
}


def _names(table: dict[int, str]) -> dict[str, int]:
    return {n.replace("_", " "): k for k, names in table.items() for n in names.split()}


_HIJRI_OF, _SOLAR_OF, _HEBREW_OF = (
    _names(_HIJRI_MONTHS),
    _names(_SOLAR_MONTHS),
    _names(_HEBREW_MONTHS),
)
_S = r"[\s\u00a0]+"
_ARABIC_TEXTUAL = re.compile(
    rf"(?<!\w)(?:(?P<day>{DIGIT}{{1,2}}){_S})?(?:من{_S})?"
    rf"(?P<month>{alternation([*_HIJRI_OF, *_SOLAR_OF])})(?:{_S}|\s*[،,]\s*)(?:سنة{_S}|عام{_S})?"
    rf"(?P<year>{DIGIT}{{4}})(?!{DIGIT})"
)
_GEMATRIA = "[א-ת]{0,4}[\"״'׳][א-ת]?"
_HEBREW_TEXTUAL = re.compile(
    rf"(?<![\w\"״'׳])(?:(?P<day>\d{{1,2}}|{_GEMATRIA}){_S})?(?:[בל]-?)?"
    rf"(?P<month>{alternation(list(_HEBREW_OF))})(?![\w\"״'׳]){_S}"
    rf"(?P<year>5\d{{3}}|ה?['׳]?{_GEMATRIA})(?![\w\"״'׳])"
)
_LETTER_VALUES = dict(
    zip(
        "אבגדהוזחטיכךלמםנןסעפףצץקרשת",
        (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 20, 20, 30, 40, 40, 50, 50, 60, 70, 80, 80, 90, 90,
         100, 200, 300, 400),
        strict=True,
    )
)  # fmt: skip


_MARKED_YEAR = re.compile(rf"(?<![\w/.-])(?P<year>{DIGIT}{{3,4}})(?={MARK_AFTER.pattern})")


def find_calendar_dates(text: str, language: str | None) -> list[Fact]:
    """Textual Hijri, Solar Hijri and Hebrew dates (numeric ones: see `numeric_calendar`)."""
    facts: list[Fact] = []
    if re.search("[\u0600-\u06ff]|AH\\b|A\\.H\\.", text):
        for m in _ARABIC_TEXTUAL.finditer(text):
            facts += _arabic_textual(text, m)
        for m in _MARKED_YEAR.finditer(text):
            facts += _marked_year(text, m)
    if re.search("[\u0590-\u05ff]", text):
        for m in _HEBREW_TEXTUAL.finditer(text):
            fact = _hebrew_textual(text, m)
            if fact is not None:
                facts.append(fact)
    return facts


def _arabic_textual(text: str, m: re.Match[str]) -> list[Fact]:
    name = " ".join(m.group("month").split())
    year = int(to_ascii_digits(m.group("year")))
    day = int(to_ascii_digits(m.group("day"))) if m.group("day") else None
    mark = MARK_AFTER.match(text, m.end())
    if name in _SOLAR_OF and (mark is None or mark.group("solar")) and year in _LOW_YEARS:
        calendar, month = SOLAR, _SOLAR_OF[name]
    elif name in _HIJRI_OF and (mark is None or mark.group("hijri")) and year in _HIJRI_YEARS:
        calendar, month = HIJRI, _HIJRI_OF[name]
    else:
        return []
    end = mark.end() if mark else m.end()
    fact = make_calendar_fact(text, m.start(), end, calendar, year, month, day)
    return [fact] if fact else []


def _marked_year(text: str, m: re.Match[str]) -> list[Fact]:
    """A year followed by its calendar's mark: 1428هـ, 1385 ه.ش (year precision)."""
    year = int(to_ascii_digits(m.group("year")))
    mark = MARK_AFTER.match(text, m.end())
    if mark is None or (mark.group("solar") and year not in _LOW_YEARS):
        return []
    if mark.group("hijri") and year not in _HIJRI_YEARS:
        return []  # "3000 هـ" is no year
    calendar = SOLAR if mark.group("solar") else HIJRI
    fact = make_calendar_fact(text, m.start(), mark.end(), calendar, year, None, None)
    return [fact] if fact else []


def _hebrew_textual(text: str, m: re.Match[str]) -> Fact | None:
    year_text = m.group("year")
    year = int(year_text) if year_text.isdigit() else gematria(year_text)
    if year is None:
        return None
    if year < 1000:
        year += 5000  # תשפ"ד: the thousands are left out
    day = None
    if m.group("day"):
        day_text = m.group("day")
        day = int(day_text) if day_text.isdigit() else gematria(day_text)
        if day is None:
            return None
    month = _HEBREW_OF[" ".join(m.group("month").split())]
    return make_calendar_fact(text, m.start(), m.end(), HEBREW, year, month, day)


def gematria(written: str) -> int | None:
    """The number Hebrew letters stand for (ה'תשפ"ד → 5784); None without a geresh mark."""
    if not re.search("[\"״'׳]", written):
        return None
    thousands = 0
    head = re.match("([א-ט])['׳]", written)
    if head and len(written) > 2:
        thousands = _LETTER_VALUES[head.group(1)] * 1000
        written = written[2:]
    letters = [c for c in written if c in _LETTER_VALUES]
    if not letters:
        return None
    return thousands + sum(_LETTER_VALUES[c] for c in letters)


def numeric_calendar(
    text: str, end: int, year: int, digits: str, language: str | None
) -> tuple[str | None, int, bool]:
    """(calendar or None for Gregorian, the end after any marker, whether it is a guess)."""
    mark = MARK_AFTER.match(text, end)
    if mark is not None and mark.group("solar") and year in _LOW_YEARS:
        return SOLAR, mark.end(), False
    if mark is not None and mark.group("hijri") and year in _HIJRI_YEARS:
        return HIJRI, mark.end(), False
    if year not in _LOW_YEARS:
        return None, end, False
    if _PERSIAN_DIGITS.search(digits) or language == "fa":
        return SOLAR, end, False
    if _ARABIC_DIGITS.search(digits) or language in ("ar", "ur"):
        return HIJRI, end, True
    return None, end, False


_CONVERT: dict[str, Callable[[int, int, int], tuple[int, int, int]]] = {
    HIJRI: lambda y, m, d: _hijri(y, m, d),
    SOLAR: persian.to_gregorian,
    HEBREW: lambda y, m, d: _hebrew(y, m, d),
}
_LAST_DAY: dict[str, Callable[[int, int], int]] = {
    HIJRI: lambda y, m: 30,
    SOLAR: lambda y, m: 31 if m <= 6 else 30 if m <= 11 else 30 if persian.leap(y) else 29,
    HEBREW: lambda y, m: 0 if m == 13 and not hebrew.leap(y) else hebrew.month_length(y, m),
}


def _hebrew(year: int, month: int, day: int) -> tuple[int, int, int]:
    with warnings.catch_warnings():  # convertdate calls its own deprecated month_days
        warnings.simplefilter("ignore", DeprecationWarning)
        return hebrew.to_gregorian(year, month, day)


def _hijri(year: int, month: int, day: int) -> tuple[int, int, int]:
    try:
        date = Hijri(year, month, day).to_gregorian()
        return date.year, date.month, date.day
    except OverflowError:
        return islamic.to_gregorian(year, month, day)  # outside the Umm al-Qura tables


def make_calendar_fact(
    text: str,
    start: int,
    end: int,
    calendar: str,
    year: int,
    month: int | None,
    day: int | None,
    guessed: bool = False,
) -> Fact | None:
    """A Gregorian date fact for a date of `calendar`; None when no such date exists."""
    months = 13 if calendar == HEBREW else 12
    if month is not None and not 1 <= month <= months:
        return None
    try:
        if day is not None and month is not None:
            if not 1 <= day <= _LAST_DAY[calendar](year, month):
                return None
            value = datetime.date(*_CONVERT[calendar](year, month, day)).isoformat()
            quote = text[start:end]
            alternative = _literal(year, month, day) if guessed else None
            return Fact(
                "date",
                start,
                end,
                quote,
                value,
                precision="day",
                ambiguous=guessed,
                alternative=alternative,
                calendar=calendar,
            )
        first_month, last_month = (
            (month, month) if month else ((7, 6) if calendar == HEBREW else (1, months))
        )
        last_year = year  # a Hebrew year runs Tishrei (7) to Elul (6) under one number
        first = datetime.date(*_CONVERT[calendar](year, first_month or 1, 1))
        last_day = _LAST_DAY[calendar](last_year, last_month)
        last = datetime.date(*_CONVERT[calendar](last_year, last_month, min(last_day, 29)))
    except (ValueError, OverflowError):
        return None
    precision = "month" if month else "year"
    width = 7 if month else 4
    value, later = first.isoformat()[:width], last.isoformat()[:width]
    return Fact(
        "date",
        start,
        end,
        text[start:end],
        value,
        precision=precision,
        ambiguous=later != value,
        alternative=later if later != value else None,
        calendar=calendar,
    )


def _literal(year: int, month: int, day: int) -> str | None:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None
