"""Percentages and quantities; quantities must never be money, dates, phones or percents."""

from __future__ import annotations

import pytest

from nutgraf.analyze.facts import extract_facts


@pytest.mark.parametrize(
    ("language", "text", "quote", "value"),
    [
        ("fr", "soit 35 % des votes", "35 %", 35),
        ("fr", "soit 35 pour cent", "35 pour cent", 35),
        ("en", "up 3.5 per cent", "3.5 per cent", 3.5),
        ("en", "50 percent of it", "50 percent", 50),
        ("de", "98 Prozent aller", "98 Prozent", 98),
        ("es", "un 12 por ciento más", "12 por ciento", 12),
        ("it", "il 7,8 per cento", "7,8 per cento", 7.8),
        ("nl", "3,6 procent", "3,6 procent", 3.6),
        ("ar", "بنسبة ٣٥٪ فقط", "٣٥٪", 35),
        ("ar", "7.5 في المائة", "7.5 في المائة", 7.5),
        ("he", "ירד ל-4.2 אחוזים", "4.2 אחוזים", 4.2),
        ("he", "עלה ב-15 אחוז", "15 אחוז", 15),
        ("ru", "снизился на16%", "16%", 16),
        ("fa", "٪۵۶ ذخایر نفتی", "٪۵۶", 56),
    ],
)
def test_percents(language: str, text: str, quote: str, value: float) -> None:
    assert [(f.quote, f.value) for f in extract_facts(text, language) if f.kind == "percent"] == [
        (quote, value)
    ]


def test_first_bound_of_a_percent_range() -> None:
    facts = extract_facts("zwischen 90 und 98 Prozent", "de")
    assert [(f.kind, f.value) for f in facts] == [("percent", 90), ("percent", 98)]


@pytest.mark.parametrize(
    ("language", "text", "quote", "value", "unit"),
    [
        ("fr", "2,3 millions de résidents", "2,3 millions de résidents", 2.3e6, "résidents"),
        ("fr", "37 000 personnes", "37 000 personnes", 37000, "personnes"),
        ("fr", "pèse 12,5 kg", "12,5 kg", 12.5, "kg"),
        ("en", "18,000 hours of work", "18,000 hours", 18000, "hours"),
        ("en", "500 tonnes of steel", "500 tonnes", 500, "tonnes"),
        ("en", "a 12 km walk", "12 km", 12, "km"),
        ("en", "8.3 million people", "8.3 million people", 8.3e6, "people"),
        ("de", "rund 300.000 Menschen", "300.000 Menschen", 300000, "menschen"),
        ("de", "2860m hohen Berge", "2860m", 2860, "m"),
        ("es", "3,3 millones de habitantes", "3,3 millones de habitantes", 3.3e6, "habitantes"),
        ("it", "lungo 1.200 metri", "1.200 metri", 1200, "metri"),
        ("pt", "3 milhões de pessoas", "3 milhões de pessoas", 3e6, "pessoas"),
        ("nl", "17,3 miljoen mensen", "17,3 miljoen mensen", 17.3e6, "mensen"),
        ("ar", "2.5 مليون نسمة", "2.5 مليون نسمة", 2.5e6, "نسمة"),
        ("ar", "١٢٬٥٠٠ طن", "١٢٬٥٠٠ طن", 12500, "طن"),
        ("he", "3000 עובדים", "3000 עובדים", 3000, "עובדים"),
        ("ru", "7 погибших", "7 погибших", 7, "погибших"),
    ],
)
def test_quantities(language: str, text: str, quote: str, value: float, unit: str) -> None:
    facts = [f for f in extract_facts(text, language) if f.kind == "quantity"]
    assert [(f.quote, f.unit) for f in facts] == [(quote, unit)]
    assert facts[0].value == pytest.approx(value)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("fr", "2 millions d'euros"),  # money
        ("en", "in 2019, 35% of people"),  # a year and a percent
        ("en", "Chapter 12 of the Act, section 43, page 5"),
        ("fr", "req. n° 165554 du 19 juin 1997"),
        ("es", "desde las 22:00 horas"),  # a time
        ("en", "call +1 202 456 1111 hours later"),
        ("de", "Am 5. Mai ging's rund"),
    ],
)
def test_not_quantities(language: str, text: str) -> None:
    assert [f.quote for f in extract_facts(text, language) if f.kind == "quantity"] == []
