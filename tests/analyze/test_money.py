"""Money in many languages: symbols, codes, words, scale words, amount before or after."""

from __future__ import annotations

import pytest

from nutgraf.analyze.facts import extract_facts

CASES = [
    ("en", "It raised $3.2m last year.", "$3.2m", 3.2e6, "USD"),
    ("en", "a loan of US$ 5 bn was signed", "US$ 5 bn", 5e9, "USD"),
    ("en", "It costs C$12 in Toronto.", "C$12", 12, "CAD"),
    ("en", "Bonds worth USD 12.5 million.", "USD 12.5 million", 12.5e6, "USD"),
    ("en", "a £30k salary", "£30k", 30000, "GBP"),
    ("en", "spend $84-million on it", "$84-million", 84e6, "USD"),
    ("en", "raised HK$ 3,500 in total", "HK$ 3,500", 3500, "HKD"),
    ("en", "fined 20 million pounds", "20 million pounds", 20e6, "GBP"),
    ("en", "paid 4,000 Swiss francs", "4,000 Swiss francs", 4000, "CHF"),
    ("en", "worth ₹2,500 crore", "₹2,500", 2500, "INR"),
    ("en", "sold for 300 shekels", "300 shekels", 300, "ILS"),
    ("fr", "un budget de 1,8 M€ voté", "1,8 M€", 1.8e6, "EUR"),
    ("fr", "soit € 1.250.000,00 au total", "€ 1.250.000,00", 1250000, "EUR"),
    ("fr", "soit 1 250 000,00 € au total", "1 250 000,00 €", 1250000, "EUR"),
    ("fr", "un investissement de 13MF", "13MF", 13e6, "FRF"),
    ("fr", "1.2 milliard de livres sterling", "1.2 milliard de livres sterling", 1.2e9, "GBP"),
    ("fr", "3,2 milliards d'euros", "3,2 milliards d'euros", 3.2e9, "EUR"),
    ("fr", "2 000 francs suisses", "2 000 francs suisses", 2000, "CHF"),
    ("fr", "500 dirhams par mois", "500 dirhams", 500, "MAD"),
    ("de", "Kosten: 1'250'000 CHF", "1'250'000 CHF", 1250000, "CHF"),
    ("de", "rund 11,1 Milliarden Dollar", "11,1 Milliarden Dollar", 11.1e9, "USD"),
    ("de", "3,4 Mrd. Euro Umsatz", "3,4 Mrd. Euro", 3.4e9, "EUR"),
    ("de", "12 Mio. Euro", "12 Mio. Euro", 12e6, "EUR"),
    ("de", "500 Franken", "500 Franken", 500, "CHF"),
    ("es", "70 millones de euros", "70 millones de euros", 70e6, "EUR"),
    ("es", "3,2 mil millones de dólares", "3,2 mil millones de dólares", 3.2e9, "USD"),
    ("es", "un sueldo de 57.000 euros", "57.000 euros", 57000, "EUR"),
    ("it", "5 miliardi di euro", "5 miliardi di euro", 5e9, "EUR"),
    ("it", "2 milioni di dollari", "2 milioni di dollari", 2e6, "USD"),
    ("pt", "R$ 3,5 bilhões", "R$ 3,5 bilhões", 3.5e9, "BRL"),
    ("pt", "1.320 reais por mês", "1.320 reais", 1320, "BRL"),
    ("pt", "2,1 milhões de euros", "2,1 milhões de euros", 2.1e6, "EUR"),
    ("nl", "2,5 miljard euro", "2,5 miljard euro", 2.5e9, "EUR"),
    ("nl", "een omzet van € 45 miljoen", "€ 45 miljoen", 45e6, "EUR"),
    ("ar", "بقيمة ٣٫٥ مليون دولار", "٣٫٥ مليون دولار", 3.5e6, "USD"),
    ("ar", "75 ألف يورو", "75 ألف يورو", 75000, "EUR"),
    ("ar", "500 مليون جنيه مصري", "500 مليون جنيه مصري", 500e6, "EGP"),
    ("ar", "3 مليارات ريال سعودي", "3 مليارات ريال سعودي", 3e9, "SAR"),
    ("ar", "150 درهم إماراتي", "150 درهم إماراتي", 150, "AED"),
    ("ar", "سعر البرميل 85 دولارا", "85 دولارا", 85, "USD"),
    ("he", "בשווי 18 מיליון דולר", "18 מיליון דולר", 18e6, "USD"),
    ("he", 'המחיר 250 ש"ח לחודש', '250 ש"ח', 250, "ILS"),
    ("he", "המחיר 250 ש״ח לחודש", "250 ש״ח", 250, "ILS"),
    ("he", "גייסה 12 מיליון שקלים", "12 מיליון שקלים", 12e6, "ILS"),
    ("he", "₪1,250 בלבד", "₪1,250", 1250, "ILS"),
    ("he", "עלות של 3 מיליארד יורו", "3 מיליארד יורו", 3e9, "EUR"),
    ("ru", "всего за 25 долларов", "25 долларов", 25, "USD"),
]


@pytest.mark.parametrize(("language", "text", "quote", "value", "currency"), CASES)
def test_money(language: str, text: str, quote: str, value: float, currency: str) -> None:
    money = [f for f in extract_facts(text, language) if f.kind == "money"]
    assert [(f.quote, f.currency) for f in money] == [(quote, currency)]
    assert money[0].value == pytest.approx(value)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "The bakery uses 500 pounds of flour a week."),
        ("en", "Chapter 12, page 300, 45 minutes."),
        ("fr", "Il a lu 300 livres cette année."),
        ("en", "The 1990s were good; a score of 6:4."),
        ("ar", "الحلقة 22 اون لاين"),
        ("he", "תלמידים 30 בכיתה"),
    ],
)
def test_not_money(language: str, text: str) -> None:
    assert [f for f in extract_facts(text, language) if f.kind == "money"] == []


def test_dirham_and_riyal_follow_the_country_hint() -> None:
    assert extract_facts("500 dirhams", "en", "AE")[0].currency == "AED"
    assert extract_facts("500 dirhams", "fr", "MA")[0].currency == "MAD"
    assert extract_facts("100 ريال", "ar", "QA")[0].currency == "QAR"


def test_billion_is_long_scale_in_french() -> None:
    assert extract_facts("2 billions d'euros", "fr")[0].value == pytest.approx(2e12)
    assert extract_facts("2 billion euros", "en")[0].value == pytest.approx(2e9)
