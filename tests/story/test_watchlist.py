"""Watchlists: a CSV or FollowTheMoney list matched against the case's people and companies."""

from __future__ import annotations

import json

import pytest

from nutgraf.errors import BadInput
from nutgraf.story.watchlist import Candidate, Listed, comparable, match_names, read_list, watch

CANDIDATES = [
    Candidate("p1", "person", ("Hélène Marchetti", "H. Marchetti")),
    Candidate("p2", "person", ("Łukasz Kowalski",)),
    Candidate("o1", "organization", ("Cirrolux Systems",)),
]


def _matched(names: list[str], threshold: float = 90.0, types=("person", "organization")):
    entries = [Listed(f"k{i}", (name,), types) for i, name in enumerate(names)]
    return {
        (e.names[0], c.entity_id): s
        for e, c, _, _, s in match_names(entries, CANDIDATES, threshold)
    }


def test_accents_case_and_word_order_do_not_matter():
    assert comparable("MARCHETTI, Hélène") == comparable("helene marchetti")
    assert comparable("ŁUKASZ Kowalski") == comparable("Lukasz KOWALSKI")
    found = _matched(["Marchetti Helene", "LUKASZ KOWALSKI", "cirrolux systems"])
    assert found == {
        ("Marchetti Helene", "p1"): 100.0,
        ("LUKASZ KOWALSKI", "p2"): 100.0,
        ("cirrolux systems", "o1"): 100.0,
    }


def test_a_typo_scores_high_but_not_exact_and_strangers_do_not_match():
    found = _matched(["Helene Marchetty", "Paolo Marchetti", "Cirrolux Shipping", "Bob"])
    assert list(found) == [("Helene Marchetty", "p1")]
    assert 90 <= found[("Helene Marchetty", "p1")] < 100


def test_types_are_respected():
    assert _matched(["Cirrolux Systems"], types=("person",)) == {}


def test_reading_csv_and_ftm_lists(tmp_path):
    listed = tmp_path / "list.csv"
    listed.write_text("id,Name,alias\n1,Hélène Marchetti,H. Marchetti;Helen M.\n2,,\n")
    (entry,) = read_list(listed)
    assert entry.names == ("Hélène Marchetti", "H. Marchetti", "Helen M.")
    ftm = tmp_path / "list.ftm.json"
    lines = [
        {"id": "os-1", "schema": "Person", "properties": {"name": ["Bob Stone"], "alias": ["B."]}},
        {"id": "os-2", "schema": "Sanction", "properties": {"program": ["x"]}},
        {"id": "os-3", "schema": "Company", "properties": {"name": ["Cirrolux Systems"]}},
    ]
    ftm.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    entries = read_list(ftm)
    assert [(e.key, e.names, e.types) for e in entries] == [
        ("os-1", ("Bob Stone", "B."), ("person",)),
        ("os-3", ("Cirrolux Systems",), ("organization",)),
    ]
    no_name = tmp_path / "bad.csv"
    no_name.write_text("who,what\nx,y\n")
    with pytest.raises(BadInput, match="no 'name' column"):
        read_list(no_name)


def test_watch_a_case_gives_evidence_with_quotes(story_case, tmp_path):
    listed = tmp_path / "list.csv"
    listed.write_text('name\n"Marchetti, Helene"\nBOB STONE\nNobody Atall\nLUGANO Account\n')
    found = watch(story_case, listed)
    matches = {m.listed.names[0]: m for m in found if m.entity_id}
    assert sorted(matches) == ["BOB STONE", "Marchetti, Helene"]
    in_text = [m.to_dict() for m in found if m.entity_id is None]
    # no entity is named so (a place is not matched as an entity): found as written
    assert [m["list_name"] for m in in_text] == ["LUGANO Account"]
    assert in_text[0]["method"] == "text" and in_text[0]["matched_name"] == "Lugano account"
    for evidence in in_text[0]["evidence"]:
        text = story_case.store.text(evidence["doc_id"])
        assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert not [m for m in watch(story_case, listed, in_text=False) if m.entity_id is None]
    helene = matches["Marchetti, Helene"].to_dict()
    assert helene["matched_name"] == "Hélène Marchetti" and helene["score"] == 100.0
    for evidence in helene["evidence"]:
        if evidence["start"] is not None:
            text = story_case.store.text(evidence["doc_id"])
            assert text[evidence["start"] : evidence["end"]] == evidence["quote"]
    assert {e["doc_id"] for e in helene["evidence"]} >= {
        d.id for d in story_case.store.documents() if d.path.endswith("transfer.eml")
    }


def test_names_across_scripts_match_on_their_consonant_skeleton():
    from nutgraf.analyze.across_scripts import same_across_scripts

    assert same_across_scripts("كريم حداد", "Karim Haddad")
    assert same_across_scripts("بشار الأسد", "Bashar al-Assad")
    assert same_across_scripts("שרה כהן", "Sarah Cohen")
    assert not same_across_scripts("كريم حداد", "Karim Hamdan")
    assert not same_across_scripts("שרה כהן", "Sarah Katz")
    assert not same_across_scripts("محمد علي", "Mahmoud Ali")  # too short to tell: no match
    candidates = [Candidate("p1", "person", ("كريم حداد",)), Candidate("p2", "person", ("Karim",))]
    entries = [Listed("x", ("Karim Haddad",), ("person",))]
    [(entry, candidate, listed, matched, score)] = list(match_names(entries, candidates))
    assert candidate.entity_id == "p1" and matched == "كريم حداد" and score == 100.0
    from nutgraf.story.watchlist import Match

    shown = Match(entry, candidate.entity_id, "person", listed, matched, score).to_dict()
    assert shown["method"] == "transliteration"
