"""Search on a real ingested case: which documents come back for each operator, and which don't."""

from __future__ import annotations

import pytest

from nutgraf import search
from nutgraf.errors import QueryError


def names(case, query: str) -> set[str]:
    results = search(case, query, limit=100)
    return {hit.document.path.rsplit("/", 1)[-1] for hit in results.hits}


def test_accent_and_case_insensitive(small_case) -> None:
    assert "note-fr.txt" in names(small_case, "defense cotiere")
    assert "note-fr.txt" in names(small_case, "DÉFENSE")


def test_all_words_must_match(small_case) -> None:
    assert names(small_case, "défense zanzibar") == set()
    assert names(small_case, "zanzibar board") == {"minutes.txt"}


def test_exact_phrase_keeps_word_order(small_case) -> None:
    assert "note-fr.txt" in names(small_case, '"défense côtière"')
    assert names(small_case, '"côtière défense"') == set()


def test_phrase_slop(small_case) -> None:
    assert names(small_case, '"panama transfers"') == set()
    assert names(small_case, '"panama transfers"~3') == {"ledger.html"}


def test_or_and_not(small_case) -> None:
    assert names(small_case, "zanzibar OR lugano") == {"minutes.txt", "memo.txt"}
    assert names(small_case, "(zanzibar OR lugano) -board") == {"memo.txt"}
    assert names(small_case, "(zanzibar OR lugano) NOT board") == {"memo.txt"}


def test_prefix_and_fuzzy(small_case) -> None:
    assert "ledger.html" in names(small_case, "offsh*")
    assert "minutes.txt" in names(small_case, "zanzibra~1")
    assert names(small_case, "zanzibra") == set()


def test_arabic_without_tashkeel_finds_text_with_it(small_case) -> None:
    assert names(small_case, "محمد") == {"arabic.txt"}
    assert names(small_case, "القاهره") == {"arabic.txt"}  # taa marbuta folded


def test_hebrew_without_niqqud_finds_text_with_it(small_case) -> None:
    assert "hebrew.txt" in names(small_case, "שלום")


def test_script_and_style_are_not_indexed(small_case) -> None:
    assert names(small_case, "scriptword") == set()


def test_field_filters(small_case) -> None:
    assert names(small_case, "type:email") == {"budget.eml"}
    assert "note-fr.txt" in names(small_case, "lang:fr")
    assert "note-fr.txt" not in names(small_case, "lang:en")
    assert names(small_case, "from:marchetti") == {"budget.eml"}
    assert names(small_case, "to:marchetti") == set()
    assert names(small_case, "date:2024-03") == {"budget.eml"}
    assert names(small_case, "date:2023..2023") == set()
    assert "broken.pdf" in names(small_case, "error:any")
    assert "broken.pdf" not in names(small_case, "error:none")
    assert "minutes.txt" in names(small_case, "path:nested")


def test_snippets_quote_the_stored_text_and_highlight_hits(small_case) -> None:
    results = search(small_case, "cotiere")
    hit = results.hits[0]
    text = small_case.store.text(hit.document.id)
    snippet = hit.snippets[0]
    assert text[snippet.start : snippet.start + len(snippet.text)] == snippet.text
    highlighted = [snippet.text[s:e] for s, e in snippet.highlights]
    assert highlighted == ["côtière"]


def test_every_result_is_reachable_by_paging(small_case) -> None:
    everything = search(small_case, "", limit=1000)
    pages = []
    for offset in range(0, everything.total, 3):
        pages += [hit.document.id for hit in search(small_case, "", limit=3, offset=offset).hits]
    assert sorted(pages) == sorted(hit.document.id for hit in everything.hits)
    assert len(set(pages)) == everything.total


def test_sort_by_date(small_case) -> None:
    dated = search(small_case, "date:2000..", sort="-date").hits
    assert dated and dated[0].document.path.endswith("budget.eml")


@pytest.mark.parametrize("query", ['"unclosed', "a OR", "colour:red", "date:yesterday"])
def test_malformed_queries_raise_query_error(small_case, query: str) -> None:
    with pytest.raises(QueryError):
        search(small_case, query)


def test_an_index_of_an_older_layout_is_rebuilt_on_first_use(tmp_path) -> None:
    from nutgraf import ingest, open_case
    from nutgraf.ingest.pipeline import IngestSettings
    from tests.leak_factory import write_leak

    leak = write_leak(tmp_path)
    with open_case(tmp_path / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
        expected = search(case, "lugano").total
    (tmp_path / "case" / "index" / "VERSION").write_text("0")  # as an older nutgraf left it
    with open_case(tmp_path / "case") as case:
        assert expected == 1
        assert search(case, "lugano").total == expected
