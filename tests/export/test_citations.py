"""Citations, search-results CSV and the originals zip, on the real case."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile

import pytest

from nutgraf.errors import BadInput
from nutgraf.export.citations import FIELDS, citations, write_csv, write_json
from nutgraf.export.originals import write_originals
from nutgraf.export.results import result_rows, write_results_csv
from nutgraf.export.selection import selected_ids
from nutgraf.store.records import ReadResult
from nutgraf.story import marks, notes
from tests.story.conftest import doc_by_path


def test_every_fact_citation_can_be_checked_against_the_text(story_case):
    rows = list(citations(story_case, what="facts"))
    assert len(rows) == len(list(story_case.store.facts()))
    for row in rows:
        text = story_case.store.text(row["doc_id"])
        assert text[row["start"] : row["end"]] == row["quote"]
        start = row["sentence_start"]
        assert text[start : start + len(row["sentence"])] == row["sentence"]
        assert start <= row["start"] and row["end"] <= start + len(row["sentence"])
        assert (
            hashlib.sha256(story_case.blobs.path(row["sha256"]).read_bytes()).hexdigest()
            == (row["sha256"])
        )
    iban = next(row for row in rows if row["kind"] == "iban")
    assert len(iban["paths"]) == 2 and {p.rsplit("/", 1)[-1] for p in iban["paths"]} == {
        "memo.txt",
        "copy-of-memo.txt",
    }


def test_pdf_citations_name_their_page(story_case):
    pdfs = [d for d in story_case.store.documents() if d.mime == "application/pdf"]
    if not pdfs:
        pytest.skip("the public corpus PDF is absent")
    pages = story_case.store.pages(pdfs[0].id)
    memo = doc_by_path(story_case, "memo.txt")
    note = notes.add_note(story_case, pdfs[0].id, "page?", start=pages[2] + 1, end=pages[2] + 4)
    try:
        rows = list(citations(story_case, what="notes", doc_ids=[pdfs[0].id, memo.id]))
        assert [(row["note"], row["page"]) for row in rows] == [("page?", 3)]
    finally:
        notes.remove_note(story_case, note["id"])


def test_span_notes_are_cited_and_a_stale_one_says_so(story_case):
    statement = doc_by_path(story_case, "statement.txt")
    original = story_case.store.text(statement.id)
    note = notes.add_note(story_case, statement.id, "source?", quote="account statement")
    try:
        (row,) = citations(story_case, what="notes")
        assert row["quote"] == "account statement" and row["stale"] is False
        assert "account statement" in row["sentence"] and row["note"] == "source?"
        story_case.store.save_result(
            statement.id, ReadResult(mime="text/plain", text="Changed: " + original), 12
        )
        (row,) = citations(story_case, what="notes")
        assert row["stale"] is True and row["sentence"] is None
    finally:
        story_case.store.save_result(statement.id, ReadResult(mime="text/plain", text=original), 12)
        notes.remove_note(story_case, note["id"])


def test_csv_and_json_hold_the_same_rows_and_csv_defuses_formulas(story_case):
    memo = doc_by_path(story_case, "memo.txt")
    note = notes.add_note(story_case, memo.id, "=HYPERLINK(1)", quote="Ask the bank")
    try:
        rows = list(citations(story_case))
        as_csv, as_json = io.StringIO(), io.StringIO()
        assert write_csv(rows, as_csv) == write_json(rows, as_json) == len(rows)
    finally:
        notes.remove_note(story_case, note["id"])
    read = list(csv.DictReader(io.StringIO(as_csv.getvalue())))
    assert tuple(read[0]) == FIELDS
    assert [r["quote"] for r in read] == [r["quote"] for r in json.loads(as_json.getvalue())]
    assert read[-1]["note"] == "'=HYPERLINK(1)"  # a spreadsheet shows it as text
    assert json.loads(read[0]["paths"]) == rows[0]["paths"]


def test_results_csv_lists_every_hit_with_marks(story_case):
    memo = doc_by_path(story_case, "memo.txt")
    marks.add_tags(story_case, memo.id, ["csv-tag"])
    try:
        rows = list(result_rows(story_case, "transfer"))
        out = io.StringIO()
        write_results_csv(iter(rows), out)
    finally:
        marks.remove_tags(story_case, memo.id, ["csv-tag"])
    read = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["id"] for r in read] == [row["id"] for row in rows]
    assert len(read) == len(selected_ids(story_case, query="transfer")) >= 2
    assert [r["rank"] for r in read] == [str(n) for n in range(1, len(read) + 1)]
    assert json.loads(next(r for r in read if r["id"] == memo.id)["tags"]) == ["csv-tag"]
    assert len(list(result_rows(story_case, "transfer", limit=1))) == 1


def test_originals_zip_has_the_bytes_and_a_manifest(story_case, tmp_path):
    mail = doc_by_path(story_case, "transfer.eml")
    ids = selected_ids(story_case, [mail.id[:8]], "contract")
    out = tmp_path / "out" / "originals.zip"
    out.parent.mkdir()
    summary = write_originals(story_case, ids, out)
    assert summary["written"] == len(ids) >= 2 and summary["missing"] == 0
    assert sorted(p.name for p in out.parent.iterdir()) == ["originals.zip"]
    with zipfile.ZipFile(out) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        assert sorted(archive.namelist()) == sorted(
            [entry["zip_name"] for entry in manifest] + ["manifest.json", "manifest.csv"]
        )
        for entry in manifest:
            data = archive.read(entry["zip_name"])
            assert hashlib.sha256(data).hexdigest() == entry["sha256"] and entry["sha256_ok"]
            assert entry["zip_name"].count("/") == 1 and ".." not in entry["zip_name"]
            assert entry["paths"] == story_case.store.paths(entry["doc_id"])


def test_exports_refuse_folders_and_the_case_own_data(story_case, tmp_path):
    mail = doc_by_path(story_case, "transfer.eml")
    for target in (tmp_path, story_case.folder / "blobs" / "x.zip", story_case.folder / "case.db"):
        with pytest.raises(BadInput):
            write_originals(story_case, [mail.id], target)
    with pytest.raises(BadInput):
        write_originals(story_case, [], tmp_path / "empty.zip")
    assert not (tmp_path / "empty.zip").exists()
