"""Absolute dates in many languages and formats; order rules; no invented days."""

from __future__ import annotations

import pytest

from nutgraf.analyze.facts import extract_facts

CASES = [
    ("fr", "le 7 octobre 2023 à Paris", "7 octobre 2023", "2023-10-07", "day"),
    ("fr", "(1er Janvier 1950, 0h0min0s)", "1er Janvier 1950", "1950-01-01", "day"),
    ("fr", "avant juin 2002.", "juin 2002", "2002-06", "month"),
    ("fr", "créée en 1917.", "1917", "1917", "year"),
    ("fr", "le 8/1/99, un forfait", "8/1/99", "1999-01-08", "day"),
    ("de", "am 2. Mai 2024 in Bonn", "2. Mai 2024", "2024-05-02", "day"),
    ("de", "bis zum 31.12.2024 zu zahlen", "31.12.2024", "2024-12-31", "day"),
    ("de", "im Jahr 1852 beschrieb", "1852", "1852", "year"),
    ("de", "im Oktober 2022 bei", "Oktober 2022", "2022-10", "month"),
    ("es", "el 31 de diciembre de 2025", "31 de diciembre de 2025", "2025-12-31", "day"),
    ("es", "en noviembre de 2023.", "noviembre de 2023", "2023-11", "month"),
    ("it", "il 1° giugno 2021 a Roma", "1° giugno 2021", "2021-06-01", "day"),
    ("it", "nel 2022 la disoccupazione", "2022", "2022", "year"),
    ("pt", "em 15 de março de 2021", "15 de março de 2021", "2021-03-15", "day"),
    ("nl", "op 3 januari 2024 ondertekend", "3 januari 2024", "2024-01-03", "day"),
    ("nl", "sinds augustus 2020 werkt", "augustus 2020", "2020-08", "month"),
    ("en", "On March 1, 2024 we met.", "March 1, 2024", "2024-03-01", "day"),
    ("en", "on 1 March 2024 we met", "1 March 2024", "2024-03-01", "day"),
    ("en", "Invoice date: Jan. 5, 2023", "Jan. 5, 2023", "2023-01-05", "day"),
    ("en", "logged at 2024-03-01T10:15:00Z", "2024-03-01", "2024-03-01", "day"),
    ("en", "He died in 1915 and", "1915", "1915", "year"),
    ("en", "signed 01/03/2024", "01/03/2024", "2024-01-03", "day"),
    ("en", "signed 13/03/2024", "13/03/2024", "2024-03-13", "day"),
    ("fr", "signé le 01/03/2024", "01/03/2024", "2024-03-01", "day"),
    ("ar", "في ٧ أكتوبر ٢٠٢٣ وقعت", "٧ أكتوبر ٢٠٢٣", "2023-10-07", "day"),
    ("ar", "في عام 2004 بدأ", "2004", "2004", "year"),
    ("ar", "منذ أيلول 2000 علمت", "أيلول 2000", "2000-09", "month"),
    ("ar", "اعتبار من 15/1/1996.", "15/1/1996", "1996-01-15", "day"),
    ("ar", "في 3 كانون الثاني 2020", "3 كانون الثاني 2020", "2020-01-03", "day"),
    ("he", "ב-3 בינואר 2024 גייסה", "3 בינואר 2024", "2024-01-03", "day"),
    ("he", "נוסדה בשנת 1948, אך", "1948", "1948", "year"),
    ("he", "ב-1900 היו בעיר", "1900", "1900", "year"),
    ("ru", "подписан 12 марта 2021 года", "12 марта 2021", "2021-03-12", "day"),
    ("ru", "в 1996 году в Бордо", "1996", "1996", "year"),
    ("fa", "در ۲۵ اکتبر ۱۹۲۸ متولد شد", "۲۵ اکتبر ۱۹۲۸", "1928-10-25", "day"),
]


@pytest.mark.parametrize(("language", "text", "quote", "value", "precision"), CASES)
def test_dates(language: str, text: str, quote: str, value: str, precision: str) -> None:
    dates = [f for f in extract_facts(text, language) if f.kind == "date"]
    assert [(f.quote.rstrip("م"), f.value, f.precision) for f in dates] == [
        (quote, value, precision)
    ]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Invalid: 31/02/2024 and 30 February 2023."),
        ("es", "Así estuvimos hasta el 30 de diciembre."),  # no year: no invented date
        ("en", "Windows 10 version 1909 and 2500 units."),  # no preposition cue
        ("en", "The 1990s, Regulation (EU) 2016/679, ISBN 978-3-16-148410-0."),
        ("de", "Marktplatz 14, 34225 Baunatal"),
        ("en", "in 1500 cases we saw it"),  # a count, not a year
        ("fr", "tableaux 6.1 et graphiques 6.2, 6.3"),
    ],
)
def test_not_dates(language: str, text: str) -> None:
    assert [f.quote for f in extract_facts(text, language) if f.kind == "date"] == []


def test_country_hint_decides_day_month_order_in_english() -> None:
    assert extract_facts("on 04/05/2021", "en", "US")[0].value == "2021-04-05"
    assert extract_facts("on 04/05/2021", "en", "GB")[0].value == "2021-05-04"
    assert extract_facts("on 04.05.2021", "en", "US")[0].value == "2021-05-04"
