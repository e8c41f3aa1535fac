"""Entities a reporter could print: no common word as a place or a person, exact spans.

Real sentences of the kinds that fooled the gazetteer (issue 10), in the languages we read.
"""

from __future__ import annotations

import pytest

from nutgraf.analyze._gazetteer import find_places
from nutgraf.analyze.ner import find_mentions

LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit. Morbi in sem quis dui placerat "
    "ornare. Pellentesque odio nisi, euismod in, pharetra a, ultricies in, diam. Sed arcu. "
    "Pellentesque habitant morbi tristique senectus et netus et malesuada fames ac turpis "
    "egestas. Morbi interdum mollis sapien."
)


def _places(text: str, language: str | None) -> list[tuple[str, str]]:
    mentions = find_mentions(text, None, language)
    for mention in mentions:
        assert text[mention.start : mention.end] == mention.quote  # the span invariant
    return [(m.quote, m.name) for m in mentions if m.type == "location"]


def _people(text: str, language: str | None) -> list[str]:
    return [m.quote for m in find_mentions(text, None, language) if m.type == "person"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (LOREM, "la"),
        (LOREM, None),
        ("The Federal Food, Drug, and Cosmetic Act of 1938 governs every drug sold.", "en"),
        ("Para el cliente, el pago se hizo Para evitar retrasos.", "es"),
        ("أكدت دولة الإمارات أن الحرية مكفولة في كل مدينة.", "ar"),
        ("הוא היה השחקן הטוב ביותר בקבוצה.", "he"),
        ("Reading the report, Nice work. Mobile phones were seized.", "en"),
    ],
)
def test_common_words_are_not_places(text: str, language: str | None) -> None:
    assert _places(text, language) == []


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("He flew to London on Monday.", "en", [("London", "London")]),
        (
            "Le virement est parti de Genève vers Paris.",
            "fr",
            [("Genève", "Geneva"), ("Paris", "Paris")],
        ),
        ("El contrato se firmó en Madrid.", "es", [("Madrid", "Madrid")]),
        ("Die Zahlung ging nach Mu\u0308nchen.", "de", [("Mu\u0308nchen", "Munich")]),
        ("دفعت الشركة المبلغ في القاهرة.", "ar", [("القاهرة", "Cairo")]),
        ("وصل الوفد إلى مدينة بيروت.", "ar", [("بيروت", "Beirut")]),
        ("הפגישה התקיימה בירושלים.", "he", [("ירושלים", "Jerusalem")]),
        ("Cirrolux Systems S.A., 12 rue du Rhône, 1204 Genève", "fr", [("Genève", "Geneva")]),
        (
            "The office in New York closed; New York was quiet.",
            "en",
            [("New York", "New York City")] * 2,
        ),
    ],
)
def test_places_in_a_context_that_says_so(
    text: str, language: str, expected: list[tuple[str, str]]
) -> None:
    assert _places(text, language) == expected


def test_a_place_named_once_in_context_is_found_again() -> None:
    text = "The bank moved to London in 2019. London now hosts its trading desk."
    assert _places(text, "en") == [("London", "London"), ("London", "London")]


def test_a_country_is_a_name_even_when_frequent() -> None:
    assert _places("France and Germany signed; Spain abstained.", "en") == [
        ("France", "France"),
        ("Germany", "Germany"),
        ("Spain", "Spain"),
    ]


def test_spans_stay_exact_when_folding_changes_lengths() -> None:
    text = "ﬁnal: Straße nach Mu\u0308nchen, dann Genève und nach Zu\u0308rich."
    for place in find_places(text, "de"):
        assert text[place.start : place.end] in ("Mu\u0308nchen", "Genève", "Zu\u0308rich")
    assert len(list(find_places(text, "de"))) == 3


def test_titles_and_function_words_are_not_people() -> None:
    assert _people("قال الاستاذ الدكتور محمد العلي إن العقد وقع.", "ar") == ["محمد العلي"]
    assert _people("وقال السيد صالح لم يحضر الاجتماع.", "ar") == []
    assert _people("היה לו טעם מר ביותר.", "he") == []
    assert _people("מר יוסי כהן אישר את ההעברה.", "he") == ["יוסי כהן"]


def test_an_arabic_company_name_stops_before_its_verb() -> None:
    mentions = find_mentions("قال إن شركة الأمل دفعت المبلغ.", None, "ar")
    assert [m.quote for m in mentions if m.type == "organization"] == ["شركة الأمل"]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("Yesterday Paolo Marchetti signed the contract.", "en", ["Paolo Marchetti"]),
        ("The deal is done, said Nick Burch on Monday.", "en", ["Nick Burch"]),
        ("Hugo Marchetti a signé le contrat hier.", "fr", ["Hugo Marchetti"]),
        ("Selon Ana Ruiz, el pago se hizo en marzo.", "es", ["Ana Ruiz"]),
        ("Der Vorstand Hans Müller erklärte den Rücktritt.", "de", ["Hans Müller"]),
        ("Best regards,\nBob Stone\n", "en", ["Bob Stone"]),
        ("Board Members said no. The Company said nothing.", "en", []),
        ("Gestern Abend sagte niemand etwas.", "de", []),
        ("New York said no.", "en", []),
        ("The lease was signed by Voltaren Logistics GmbH in Rotterdam.", "en", []),
        ("Smith & Wesson Holdings said nothing.", "en", []),
    ],
)
def test_people_named_plainly_by_what_they_did(
    text: str, language: str, expected: list[str]
) -> None:
    assert _people(text, language) == expected
