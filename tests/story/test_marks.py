"""Tags, stars and notes on a real case: kept by content hash, searchable, never moved."""

from __future__ import annotations

import pytest

from nutgraf import ingest, search
from nutgraf.errors import BadInput, NotFound, QueryError
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.store.records import ReadResult
from nutgraf.story import marks, notes
from tests.story.conftest import doc_by_path


def _ids(case, query: str) -> set[str]:
    return {hit.document.id for hit in search(case, query, limit=100).hits}


def test_tags_are_folded_deduplicated_and_searchable(story_case):
    memo = doc_by_path(story_case, "memo.txt")
    found = marks.add_tags(story_case, memo.id[:6], ["Offshore", "offshore", "À vérifier"])
    assert found["tags"] == ["À vérifier", "Offshore"]
    assert _ids(story_case, "tag:OFFSHORE") == {memo.id}
    assert _ids(story_case, 'tag:"a verifier"') == {memo.id}
    assert memo.id in _ids(story_case, "tag:*")
    assert _ids(story_case, "tag:offshore AND transfer") == {memo.id}
    assert _ids(story_case, "tag:nothing-like-this") == set()
    removed = marks.remove_tags(story_case, memo.id, ["OFFSHORE"])
    assert removed["tags"] == ["À vérifier"]
    assert _ids(story_case, "tag:offshore") == set()
    marks.remove_tags(story_case, memo.id, ["à vérifier"])
    assert marks.marks_of(story_case, memo.id)["tags"] == []


@pytest.mark.parametrize("bad", ["", "   ", "x" * 101, "a\x00b"])
def test_bad_tags_are_refused(story_case, bad):
    memo = doc_by_path(story_case, "memo.txt")
    with pytest.raises(BadInput):
        marks.add_tags(story_case, memo.id, [bad])


def test_unknown_document_is_not_found(story_case):
    with pytest.raises(NotFound):
        marks.add_tags(story_case, "ffffffffffffffff", ["x"])


def test_stars_and_starred_filter(story_case):
    mail = doc_by_path(story_case, "transfer.eml")
    every = _ids(story_case, "")
    assert marks.set_star(story_case, mail.id)["starred"] is True
    assert _ids(story_case, "starred:true") == {mail.id}
    assert _ids(story_case, "starred:false") == every - {mail.id}
    with pytest.raises(QueryError):
        search(story_case, "starred:maybe")
    assert marks.set_star(story_case, mail.id, False)["starred"] is False
    assert _ids(story_case, "starred:true") == set()


def test_note_filter_matches_whole_words_folded(story_case):
    ledger = doc_by_path(story_case, "ledger.csv")
    note = notes.add_note(story_case, ledger.id, "Demander à la BANQUE le relevé")
    try:
        assert _ids(story_case, 'note:"banque le releve"') == {ledger.id}
        assert _ids(story_case, "note:banque") == {ledger.id}
        assert _ids(story_case, "note:banq") == set()  # whole words only
        assert ledger.id in _ids(story_case, "note:*")
    finally:
        notes.remove_note(story_case, note["id"])
    assert _ids(story_case, "note:banque") == set()


def test_span_note_by_offsets_and_by_quote(story_case):
    memo = doc_by_path(story_case, "memo.txt")
    text = story_case.store.text(memo.id)
    start = text.index("€1,250,000")
    by_offsets = notes.add_note(story_case, memo.id, "check", start=start, end=start + 10)
    by_quote = notes.add_note(story_case, memo.id, "which bank?", quote="Ask the bank")
    try:
        assert by_offsets["quote"] == "€1,250,000" == text[start : start + 10]
        assert by_offsets["stale"] is False
        assert text[by_quote["start"] : by_quote["end"]] == "Ask the bank"
        with pytest.raises(BadInput, match="2 times"):
            notes.add_note(story_case, memo.id, "x", quote="second transfer")
        second = text.rindex("second transfer")
        chosen = notes.add_note(story_case, memo.id, "x", quote="second transfer", start=second)
        assert chosen["start"] == second
        notes.remove_note(story_case, chosen["id"])
        for bad in ({"quote": "not in the text"}, {"start": 5}, {"start": 10, "end": 5}):
            with pytest.raises(BadInput):
                notes.add_note(story_case, memo.id, "x", **bad)
        with pytest.raises(BadInput):
            notes.add_note(story_case, memo.id, "x", start=0, end=len(text) + 1)
        with pytest.raises(BadInput):
            notes.add_note(story_case, memo.id, "   ")
    finally:
        notes.remove_note(story_case, by_offsets["id"])
        notes.remove_note(story_case, by_quote["id"])
    with pytest.raises(NotFound):
        notes.remove_note(story_case, by_quote["id"])


def test_span_note_goes_stale_when_the_text_changes_and_is_not_moved(story_case):
    statement = doc_by_path(story_case, "statement.txt")
    original = story_case.store.text(statement.id)
    start = original.index("Lugano")
    note = notes.add_note(story_case, statement.id, "which bank", start=start, end=start + 6)
    store = story_case.store
    try:
        # a re-read (newer extractor, OCR) that puts words before the quote
        store.save_result(statement.id, ReadResult(mime="text/plain", text="NEW " + original), 12)
        (found,) = notes.notes_of(story_case, statement.id)
        assert found["stale"] is True
        assert (found["start"], found["end"], found["quote"]) == (start, start + 6, "Lugano")
        assert found["found_at"] == [start + 4]
        assert [n["id"] for n in notes.all_notes(story_case) if n["stale"]] == [note["id"]]
    finally:
        store.save_result(statement.id, ReadResult(mime="text/plain", text=original), 12)
    assert notes.notes_of(story_case, statement.id)[0]["stale"] is False
    notes.remove_note(story_case, note["id"])


def test_marks_survive_a_new_ingest_of_the_same_files(story_case):
    zipped = doc_by_path(story_case, "contract.txt")
    marks.add_tags(story_case, zipped.id, ["survives"])
    marks.set_star(story_case, zipped.id)
    note = notes.add_note(story_case, zipped.id, "keep", quote="Cirrolux Systems")
    try:
        ingest(story_case, [story_case.leak], IngestSettings(workers=1, retry_failed=True))
        kept = marks.marks_of(story_case, zipped.id)
        assert kept["tags"] == ["survives"] and kept["starred"] is True
        assert [(n["id"], n["stale"]) for n in kept["notes"]] == [(note["id"], False)]
        assert _ids(story_case, "tag:survives") == {zipped.id}
    finally:
        marks.remove_tags(story_case, zipped.id, ["survives"])
        marks.set_star(story_case, zipped.id, False)
        notes.remove_note(story_case, note["id"])
