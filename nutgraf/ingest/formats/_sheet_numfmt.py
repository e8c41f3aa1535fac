"""Excel number formats, the common subset: how a number cell reads on screen.

Covers fixed decimals, thousands separators, percent, scaling commas, scientific notation,
literal text and currency symbols (`"$"#,##0.00`, `#,##0 [$€-407]`), and the
positive;negative;zero sections. Anything else (fractions, conditions, digit-by-digit
literals such as `000-00-0000`) returns None and the caller falls back to General: a plain
number is better than a wrong rendering. Dates are not handled here (see `iso_datetime`).
No library formats Excel numbers in Python, hence this small hand-written part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nutgraf.ingest.formats._sheet_common import general_number, round_half_up

_TOKEN = re.compile(
    r'"(?P<quoted>[^"]*)"'  # "literal"
    r"|\\(?P<escaped>.)"  # \x literal
    r"|[_*](?P<padding>.)"  # space as wide as x, repeat x to fill: nothing in text
    r"|\[\$(?P<currency>[^\]-]*)(?:-[0-9A-Fa-f]+)?\]"  # [$€-407] currency / [$-409] locale
    r"|\[(?P<bracket>[^\]]*)\]"  # [Red], [Color 10], [>100] condition
    r"|(?P<placeholders>[0#?,.%]*[0#?][0#?,.%]*(?:[Ee][+-][0#?]+|/[0#?]+)?)"  # the number
    r"|(?P<other>.)",
    re.S,
)
_DATE_LETTERS = set("ymdhsabgen")  # y m d h s AM/PM, B (Buddhist), g e n (era): a date format


@dataclass
class _Section:
    prefix: str
    pattern: str
    suffix: str


def format_number(value: float, number_format: str) -> str | None:
    """The displayed text of `value` under `number_format`, or None when not covered."""
    if not number_format or number_format.lower() in ("general", "@"):
        return None
    sections = _split_sections(number_format)
    if sections is None:
        return None
    section, magnitude, sign = _pick_section(sections, value)
    parsed = _parse_section(section)
    if parsed is None:
        return None
    if not parsed.pattern:  # text only, e.g. "-" for zero in accounting formats
        return parsed.prefix + parsed.suffix
    number = _render(magnitude, parsed.pattern)
    if number is None:
        return None
    if sign and _rounds_to_zero(number):
        sign = ""
    return f"{sign}{parsed.prefix}{number}{parsed.suffix}"


def _split_sections(number_format: str) -> list[str] | None:
    sections, current, index = [], [], 0
    while index < len(number_format):
        char = number_format[index]
        if char == '"':
            end = number_format.find('"', index + 1)
            end = len(number_format) - 1 if end < 0 else end
            current.append(number_format[index : end + 1])
            index = end + 1
            continue
        if char == "\\" and index + 1 < len(number_format):
            current.append(number_format[index : index + 2])
            index += 2
            continue
        if char == ";":
            sections.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    sections.append("".join(current))
    if any("[<" in s or "[>" in s or "[=" in s for s in sections):
        return None  # conditional sections choose by rules this subset does not follow
    return sections


def _pick_section(sections: list[str], value: float) -> tuple[str, float, str]:
    if value < 0 and len(sections) >= 2 and sections[1].strip():
        return sections[1], -value, ""
    if value == 0 and len(sections) >= 3:
        return sections[2], 0.0, ""
    return sections[0], abs(value), "-" if value < 0 else ""


def _parse_section(section: str) -> _Section | None:
    prefix: list[str] = []
    suffix: list[str] = []
    pattern = ""
    for match in _TOKEN.finditer(section):
        kind, text = match.lastgroup, match.group(match.lastgroup or 0)
        if kind in ("quoted", "escaped", "currency"):
            (suffix if pattern else prefix).append(text)
        elif kind == "placeholders":
            if pattern:
                return None  # digits split by literals: outside the subset
            pattern = text
        elif kind == "other":
            if text.lower() in _DATE_LETTERS or text == "@":
                return None
            (suffix if pattern else prefix).append(text)
    return _Section("".join(prefix), pattern, "".join(suffix))


def _render(magnitude: float, pattern: str) -> str | None:
    if "/" in pattern or "?" in pattern:
        return None
    if "e" in pattern.lower():
        return _scientific(magnitude, pattern)
    percent = pattern.count("%")
    body = pattern.replace("%", "")
    integer_part, _, decimal_part = body.partition(".")
    scaling = len(integer_part) - len(integer_part.rstrip(","))
    integer_part = integer_part.rstrip(",")
    scaled = magnitude * 100**percent / 1000**scaling
    decimals = sum(1 for char in decimal_part if char in "0#")
    required_decimals = decimal_part.count("0")
    digits = round_half_up(scaled, decimals)
    whole, _, fraction = digits.partition(".")
    fraction = fraction.rstrip("0").ljust(required_decimals, "0")
    min_integer = integer_part.count("0")
    whole = whole.lstrip("0").rjust(min_integer, "0")
    if "," in integer_part:
        whole = f"{int(whole or 0):,}" if whole else ""
    text = whole + ("." + fraction if fraction or decimal_part.startswith("0") else "")
    if "." in body and not fraction and not whole:
        text = "0"
    return text + "%" * percent


def _scientific(magnitude: float, pattern: str) -> str | None:
    mantissa = re.split(r"[eE]", pattern)[0]
    _, _, decimal_part = mantissa.partition(".")
    decimals = sum(1 for char in decimal_part if char in "0#")
    text = f"{magnitude:.{decimals}E}"
    number, exponent = text.split("E")
    return f"{number}E{exponent[0]}{exponent[1:].zfill(2)}"


def _rounds_to_zero(number: str) -> bool:
    return not any(char in "123456789" for char in number)


def display_number(value: float, number_format: str) -> str:
    """Formatted text when the format is covered, else General."""
    try:
        return format_number(value, number_format) or general_number(value)
    except (ValueError, ArithmeticError):
        return general_number(value)
