"""The hand-annotated gold set: the issue's bar for money and dates, and the span invariant."""

from __future__ import annotations

import pytest

from nutgraf.analyze.facts import extract_facts
from tests.analyze.scoring import load_gold, score

ROWS = load_gold()


def test_gold_set_is_large_and_multilingual() -> None:
    assert sum(len(row["facts"]) for row in ROWS) >= 300
    languages = {row["lang"] for row in ROWS}
    assert {"ar", "he"} <= languages and len(languages) >= 8
    assert any(not row["facts"] for row in ROWS)  # negatives are part of the set


@pytest.mark.parametrize("kind", ["money", "date"])
def test_money_and_dates_meet_the_bar(kind: str) -> None:
    counts = score(ROWS)[0][kind]
    details = "\n".join(counts.misses + counts.false_alarms)
    assert counts.precision >= 0.95, details
    assert counts.recall >= 0.90, details


@pytest.mark.parametrize("kind", ["percent", "email", "iban", "phone", "url", "quantity"])
def test_other_kinds_are_precise(kind: str) -> None:
    counts = score(ROWS)[0][kind]
    assert counts.precision >= 0.95, "\n".join(counts.false_alarms)


def test_every_gold_fact_respects_the_span_invariant() -> None:
    for row in ROWS:
        facts = extract_facts(row["text"], row["lang"], row.get("country"))
        for fact in facts:
            assert row["text"][fact.start : fact.end] == fact.quote
        assert [f.start for f in facts] == sorted(f.start for f in facts)
