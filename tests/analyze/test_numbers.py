"""The shared number grammar: separators, digits and the documented ambiguity rule."""

from __future__ import annotations

import pytest

from nutgraf.analyze.numbers import parse_number, scan_numbers


@pytest.mark.parametrize(
    ("raw", "language", "expected"),
    [
        ("1,250,000.50", "en", 1250000.5),
        ("1.250.000,00", "de", 1250000.0),
        ("1 250 000,00", "fr", 1250000.0),
        ("1\u202f250\u202f000,5", "fr", 1250000.5),
        ("1\u00a0250", "fr", 1250.0),
        ("1'250'000", "de", 1250000.0),
        ("1’250.75", "de", 1250.75),
        ("2,5", "fr", 2.5),
        ("3.2", "en", 3.2),
        ("46.7", "fr", 46.7),
        ("1,250", "en", 1250.0),
        ("1,250", "fr", 1.25),
        ("1.250", "fr", 1250.0),
        ("1.250", "en", 1.25),
        ("1,250", None, 1250.0),
        ("1.250", None, 1250.0),
        ("0,250", "en", 0.25),
        ("٣٫٥", "ar", 3.5),
        ("١٢٬٥٠٠", "ar", 12500.0),
        ("۱۲۳", "fa", 123.0),
        ("12,500.5", "he", 12500.5),
    ],
)
def test_parse_number(raw: str, language: str | None, expected: float) -> None:
    assert parse_number(raw, language) == pytest.approx(expected)


@pytest.mark.parametrize("raw", ["", "abc", "1..2", "--"])
def test_not_numbers(raw: str) -> None:
    assert parse_number(raw) is None


def test_scanner_keeps_spans_and_skips_glued_latin() -> None:
    text = "LRRC3B costs 1 250 000,00 and on16 ratio 22:00 but на16% counts."
    tokens = list(scan_numbers(text, "fr"))
    assert [t.raw for t in tokens] == ["1 250 000,00", "22", "16"]  # not "00", the minutes
    assert all(text[t.start : t.end] == t.raw for t in tokens)


def test_plain_space_does_not_group_in_english() -> None:
    assert [t.value for t in scan_numbers("page 5 300 times", "en")] == [5, 300]
    assert [t.value for t in scan_numbers("5 300 habitants", "fr")] == [5300]
