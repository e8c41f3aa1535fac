"""One number grammar shared by money, percent and quantity detection.

Digits may be ASCII, Arabic-Indic (٠-٩) or Extended Arabic-Indic (۰-۹).

Separator rule (documented because "1,250" is ambiguous):

1. Space-like characters (space, U+00A0, U+202F, U+2009), apostrophes (' ’) and the Arabic
   thousands sign ٬ are always thousands separators; the Arabic decimal sign ٫ is always decimal.
2. When both "." and "," occur, the last one is the decimal separator ("1.250.000,00",
   "1,250,000.50").
3. One kind of separator occurring more than once is a thousands separator ("1.250.000").
4. One separator occurring once and NOT followed by exactly three digits is decimal ("2,5", "3.2").
5. One separator occurring once and followed by exactly three digits ("1,250", "1.250") is the
   ambiguous case. A leading "0" makes it decimal ("0,250"). Otherwise the document language
   decides: in comma-decimal languages (fr, de, es, it, pt, nl, ru…) "," is decimal and "." groups
   thousands; in dot-decimal languages (en, he, ar, zh, ja…) the reverse. With no language the
   group-of-3 rule wins: the separator groups thousands (1250).

A plain space only groups thousands in languages that write numbers that way (not en/he/ar/zh/ja)
or when the language is unknown, so that "page 5 300 times" stays two numbers in English.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

DIGIT = r"[0-9\u0660-\u0669\u06F0-\u06F9]"
_TO_ASCII = str.maketrans(
    "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
    "\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9",
    "01234567890123456789",
)


def words(spaced: str) -> list[str]:
    """The words of a space-separated list (keeps long word lists readable)."""
    return spaced.split()


_ALWAYS_GROUP = "\u00a0\u202f\u2009 '’\u066c"
_ARABIC_DECIMAL = "\u066b"

COMMA_DECIMAL_LANGUAGES = frozenset(
    words(
        "fr de es it pt nl ru pl cs sk sl hr sr bs bg uk be ro hu tr el da sv no nb nn "
        "fi et lv lt is id ca eu gl az kk uz ka hy mk sq vi af"
    )
)
# Languages where a plain space is not a thousands separator in ordinary prose.
_NO_SPACE_GROUPING = frozenset(["en", "he", "ar", "zh", "ja", "ko", "th", "hi", "fa", "ur"])


def _number_pattern(group_chars: str) -> str:
    group = "[" + re.escape(group_chars) + "]"
    decimal = r"[.,\u066B]"
    grouped = (
        rf"{DIGIT}{{1,3}}(?P<g>{group}){DIGIT}{{3}}(?:(?P=g){DIGIT}{{3}})*(?:{decimal}{DIGIT}+)?"
    )
    plain = rf"{DIGIT}+(?:{decimal}{DIGIT}+)?"
    # Not glued to Latin letters ("LRRC3B"; other scripts glue prefixes: "на16%", "ב100"), not
    # continuing a dotted/comma'd sequence ("19.05.2003") nor the minutes of a time ("22:00").
    return (
        rf"(?<![A-Za-z_.,\u066B\u066C])(?<!{DIGIT})(?<!{DIGIT}:)"
        rf"(?:{grouped}|{plain})(?!{DIGIT})"
    )


_NUMBER_WITH_SPACES = re.compile(_number_pattern(",.\u00a0\u202f\u2009 '’\u066c"))
_NUMBER_NO_SPACES = re.compile(_number_pattern(",.\u00a0\u202f\u2009'’\u066c"))


@dataclass(frozen=True)
class NumberToken:
    start: int
    end: int
    raw: str
    value: float


def number_regex(language: str | None) -> re.Pattern[str]:
    """The compiled number scanner suited to a language (see the module doc for spaces)."""
    if language in _NO_SPACE_GROUPING:
        return _NUMBER_NO_SPACES
    return _NUMBER_WITH_SPACES


def to_ascii_digits(s: str) -> str:
    return s.translate(_TO_ASCII)


def _ambiguous_is_decimal(sep: str, integer_part: str, language: str | None) -> bool:
    if integer_part.lstrip("0") == "":
        return True
    if language is None:
        return False
    comma_decimal = language in COMMA_DECIMAL_LANGUAGES
    return (sep == ",") == comma_decimal


def parse_number(s: str, language: str | None = None) -> float | None:
    """Parse a number as written (any supported digits and separators); None if not a number."""
    s = to_ascii_digits(s.strip())
    if not s:
        return None
    had_group = any(c in _ALWAYS_GROUP for c in s)
    for c in _ALWAYS_GROUP:
        s = s.replace(c, "")
    s = s.replace(_ARABIC_DECIMAL, ".") if _ARABIC_DECIMAL in s else s
    if not s or not all(c.isdigit() or c in ".," for c in s):
        return None
    if not (s[0].isdigit() and s[-1].isdigit()) or re.search(r"[.,]{2}", s):
        return None
    seps = [c for c in s if c in ".,"]
    if len(set(seps)) == 2:
        decimal = s[max(s.rfind("."), s.rfind(","))]
        group = "," if decimal == "." else "."
        s = s.replace(group, "").replace(decimal, ".")
    elif len(seps) > 1:
        s = s.replace(seps[0], "")
    elif len(seps) == 1:
        integer_part, fraction = s.split(seps[0])
        if (
            len(fraction) != 3
            or had_group
            or _ambiguous_is_decimal(seps[0], integer_part, language)
        ):
            s = integer_part + "." + fraction
        else:
            s = integer_part + fraction
    try:
        return float(s)
    except ValueError:
        return None


def scan_numbers(text: str, language: str | None = None) -> Iterator[NumberToken]:
    """Every number written in `text`, with its span and parsed value."""
    for match in number_regex(language).finditer(text):
        value = parse_number(match.group(), language)
        if value is not None:
            yield NumberToken(match.start(), match.end(), match.group(), value)
