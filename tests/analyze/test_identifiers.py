"""E-mails, phones (validated with phonenumbers), IBANs (checksum) and URLs."""

from __future__ import annotations

import pytest

from nutgraf.analyze.facts import extract_facts


def _of(kind: str, text: str, language: str | None = None, country: str | None = None):
    return [(f.quote, f.value) for f in extract_facts(text, language, country) if f.kind == kind]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to John.Doe@Example.COM.", [("John.Doe@Example.COM", "john.doe@example.com")]),
        ("(press@gouv.fr)", [("press@gouv.fr", "press@gouv.fr")]),
        ("כתבו ל-info@example.co.il היום", [("info@example.co.il", "info@example.co.il")]),
        ("للتواصل: info@example.ae", [("info@example.ae", "info@example.ae")]),
        ("not an address: a@b, @home, user@localhost", []),
    ],
)
def test_emails(text: str, expected: list) -> None:
    assert _of("email", text) == expected


@pytest.mark.parametrize(
    ("text", "language", "country", "expected"),
    [
        ("call +1 202 456 1111 now", "en", None, "+12024561111"),
        ("call (212) 555-0134 now", "en", "US", "+12125550134"),
        ("Tel: +44 20 7946 0958", "en", None, "+442079460958"),
        ("Tél. : 01 49 27 49 27", "fr", None, "+33149274927"),
        ("Tel. 030 1234567", "de", None, "+49301234567"),
        ("Llame al +34 912 345 678", "es", None, "+34912345678"),
        ("ligue +55 11 3456-7890", "pt", None, "+551134567890"),
        ("bel 020 123 4567", "nl", None, "+31201234567"),
        ("טלפון 03-1234567", "he", None, "+97231234567"),
        ("هاتف +971 4 222 2000", "ar", None, "+97142222000"),
        ("Tel 0033 1 49 27 49 27", "fr", "FR", "+33149274927"),
    ],
)
def test_phones(text: str, language: str, country: str | None, expected: str) -> None:
    assert [value for _, value in _of("phone", text, language, country)] == [expected]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Revenue of 1 250 000 000 in 2023", "fr"),
        ("Signed 01.03.2024 in Paris", "de"),
        ("ISBN 978-3-16-148410-0", "en"),
        ("Invoice 20230456 paid", "en"),
        ("IBAN FR76 3000 6000 0112 3456 7890 189", "fr"),
        ("Marktplatz 14, 34225 Baunatal", "de"),
    ],
)
def test_not_phones(text: str, language: str) -> None:
    assert _of("phone", text, language) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("IBAN FR76 3000 6000 0112 3456 7890 189 BIC AGRIFRPP", "FR7630006000011234567890189"),
        ("iban: FR7630006000011234567890189.", "FR7630006000011234567890189"),
        ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
        ("GB82 WEST 1234 5698 7654 32 EUR", "GB82WEST12345698765432"),
        ("NL91 ABNA 0417 1643 00", "NL91ABNA0417164300"),
        ("IT60 X054 2811 1010 0000 0123 456", "IT60X0542811101000000123456"),
    ],
)
def test_ibans(text: str, expected: str) -> None:
    assert [value for _, value in _of("iban", text)] == [expected]


def test_iban_with_bad_checksum_is_ignored() -> None:
    assert _of("iban", "FR77 3000 6000 0112 3456 7890 189") == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://example.org/a?b=1.", "https://example.org/a?b=1"),
        ("(voir www.service-public.fr),", "www.service-public.fr"),
        ("https://en.wikipedia.org/wiki/Foo_(bar))", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("HTTP://EXAMPLE.COM/X!", "HTTP://EXAMPLE.COM/X"),
        ("ראו https://example.co.il/דף בבקשה", "https://example.co.il/דף"),
    ],
)
def test_urls(text: str, expected: str) -> None:
    assert _of("url", text) == [(expected, expected)]
