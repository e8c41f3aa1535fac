"""The gold scorer counts what it should, and a fact without the newer fields
(`ambiguous`, `calendar`) is scored as wrong on those checks, never a crash."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench" / "gold"))

from scoring import forms, normalise, score_document

TEXT = "Signed by Sophie Martin in Lyon on 03/04/2023; the Kbis says 1900-01-00. Para todos."
ROW = {
    "id": "t",
    "lang": "fr",
    "scope": "whole",
    "kinds": ["date", "entity"],
    "dates": [{"quote": "03/04/2023", "value": "2023-04-03", "precision": "day",
               "ambiguous": True, "other": "2023-03-04"}],
    "not_dates": ["1900-01-00"],
    "entities": [{"name": "Sophie Martin", "type": "person"}, {"name": "Lyon", "type": "location"}],
    "not_entities": ["Para"],
}  # fmt: skip


def _fact(quote: str, value: str, **extra) -> dict:
    start = TEXT.index(quote)
    return {"kind": "date", "start": start, "end": start + len(quote), "quote": quote,
            "value": value, **extra}  # fmt: skip


def _mention(quote: str, kind: str) -> dict:
    start = TEXT.index(quote)
    return {"type": kind, "name": quote, "start": start, "end": start + len(quote), "quote": quote}


def test_a_right_date_without_the_ambiguous_field_is_found_but_its_flag_is_wrong():
    score = score_document(ROW, TEXT, [_fact("03/04/2023", "2023-03-04")], [])
    assert (score.dates.tp, score.dates.fp, score.dates.fn) == (1, 0, 0)
    assert score.checks["ambiguous flag (ambiguous)"][0].startswith("BAD")


def test_the_flag_with_the_other_reading_is_right():
    fact = _fact("03/04/2023", "2023-04-03", ambiguous=True, other="2023-03-04")
    score = score_document(ROW, TEXT, [fact], [])
    assert score.checks["ambiguous flag (ambiguous)"][0].startswith("ok")


def test_a_sentinel_date_is_a_false_alarm_and_a_negative_hit():
    facts = [_fact("03/04/2023", "2023-04-03"), _fact("1900-01-00", "1900-01-01")]
    score = score_document(ROW, TEXT, facts, [])
    assert (score.dates.tp, score.dates.fp) == (1, 1)
    assert any(note.startswith("BAD") for note in score.checks["date negatives"])


def test_entities_wrong_type_trap_and_miss():
    mentions = [
        _mention("Martin", "location"),
        _mention("Lyon", "location"),
        _mention("Para", "location"),
    ]
    score = score_document(ROW, TEXT, [], mentions)
    location, person = score.entity_types["location"], score.entity_types["person"]
    assert (location.tp, location.fp) == (1, 2)
    assert person.fn == 1
    assert any(note.startswith("BAD") for note in score.checks["entity traps"])


def test_names_compare_without_titles_accents_addresses_and_particles():
    assert normalise("Maître Hélène Marchetti") == normalise("helene marchetti")
    assert normalise("Bob Stone <bob@example.com>") == "bob stone"
    assert "ירושלים" in forms("בירושלים", "he")
    assert "وزارة الخارجية" in forms("بوزارة الخارجية", "ar")


def test_a_coarser_true_date_is_a_miss_not_a_false_alarm():
    score = score_document(ROW, TEXT, [_fact("04/2023", "2023-04")], [])
    assert (score.dates.tp, score.dates.fp, score.dates.fn) == (0, 0, 1)
    assert score.checks["date precision kept"][0].startswith("BAD")
