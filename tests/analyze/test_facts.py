"""extract_facts as a whole: invariants (also over random text), overlaps, ordering."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from nutgraf.analyze.facts import extract_facts

_PIECES = st.sampled_from(
    [" ", "\n", "$", "€", "£", "₪", "%", "٪", ",", ".", "'", "-", "/", ":", "@", "+", "(", ")",
     "1", "12", "2024", "1 250", "٣٫٥", "١٢", "million", "millions de", "euros", "ש\"ח", "دولار",
     "مليون", "March", "octobre", "de", "in", "en", "בשנת", "www.", "http://", "a.b", "FR76",
     "3000", "km", "people", "Tel", "0", "+33", "\u00a0", "\u202f", "é", "ß", "x"]
)  # fmt: skip


def _check_invariants(text: str, language: str | None) -> None:
    facts = extract_facts(text, language)
    for fact in facts:
        assert 0 <= fact.start < fact.end <= len(text)
        assert text[fact.start : fact.end] == fact.quote
    for before, after in itertools.pairwise(facts):
        assert before.end <= after.start  # sorted, and one span gets one kind


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join), st.sampled_from([None, "en", "fr", "ar", "he"]))
def test_invariants_hold_on_fact_like_noise(text: str, language: str | None) -> None:
    _check_invariants(text, language)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_invariants_hold_on_arbitrary_text(text: str) -> None:
    _check_invariants(text, None)


def test_facts_are_sorted_and_kinds_resolved() -> None:
    text = (
        "On 7 October 2023 the firm paid $3.2m (35% of its budget) to FR76 3000 6000 0112 3456 "
        "7890 189; see https://example.org/report-2023 or write to Press@Example.org."
    )
    facts = extract_facts(text, "en")
    assert [f.kind for f in facts] == ["date", "money", "percent", "iban", "url", "email"]
    assert facts[4].value == "https://example.org/report-2023"  # no date inside the URL


def test_money_wins_over_quantity_and_date_over_phone() -> None:
    facts = extract_facts("Il a reçu 2 millions d'euros le 01.03.2024.", "fr")
    assert [(f.kind, f.quote) for f in facts] == [
        ("money", "2 millions d'euros"),
        ("date", "01.03.2024"),
    ]


def test_language_tags_and_country_case_are_normalised() -> None:
    facts = extract_facts("Signed 01/03/2024.", "en-GB", "gb")
    assert facts[0].value == "2024-03-01"


def test_empty_text() -> None:
    assert extract_facts("") == []
