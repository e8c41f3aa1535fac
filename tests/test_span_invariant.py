"""`quote == text[start:end]` for every fact and every text mention of the whole public corpus.

The corpus is ingested once per test session (OCR included, two workers); the time it took is
printed at the end of the test run (run with -s to see it, or read the `ingest_seconds`
property in a JUnit report).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from nutgraf import Case, ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from tests.conftest import PUBLIC_CORPUS


@pytest.fixture(scope="session")
def corpus_case(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Case, float]]:
    if not PUBLIC_CORPUS.is_dir():
        pytest.skip(f"public corpus not found at {PUBLIC_CORPUS} (../shared/corpus/public)")
    case = open_case(tmp_path_factory.mktemp("corpus") / "case", create=True)
    started = time.monotonic()
    ingest(case, [PUBLIC_CORPUS], IngestSettings(workers=2))
    seconds = time.monotonic() - started
    yield case, seconds
    case.close()


def _spans(case: Case, sql: str) -> Iterator[tuple[str, int, int, str]]:
    yield from case.store.db.execute(sql)


def test_every_fact_quotes_its_span(corpus_case, record_testsuite_property, capsys) -> None:
    case, seconds = corpus_case
    record_testsuite_property("ingest_seconds", round(seconds, 1))
    with capsys.disabled():
        print(f"\npublic corpus ingest: {seconds:.1f} s with 2 workers")
    checked = _check(case, 'SELECT doc_id, start, "end", quote FROM facts ORDER BY doc_id')
    assert checked > 1000  # the corpus states thousands of facts


def test_every_text_mention_quotes_its_span(corpus_case) -> None:
    case, _seconds = corpus_case
    checked = _check(
        case,
        'SELECT doc_id, start, "end", quote FROM mentions WHERE start IS NOT NULL ORDER BY doc_id',
    )
    assert checked > 100


def test_every_metadata_mention_has_no_span(corpus_case) -> None:
    case, _seconds = corpus_case
    rows = case.store.db.execute(
        "SELECT COUNT(*) FROM mentions WHERE source LIKE 'metadata:%' AND start IS NOT NULL"
    ).fetchone()
    assert rows[0] == 0


def _check(case: Case, sql: str) -> int:
    texts: dict[str, str] = {}
    wrong = []
    count = 0
    for doc_id, start, end, quote in _spans(case, sql):
        if doc_id not in texts:
            texts.clear()
            texts[doc_id] = case.store.text(doc_id)
        count += 1
        if texts[doc_id][start:end] != quote:
            wrong.append((doc_id, start, end, quote))
    assert not wrong, f"{len(wrong)} spans do not quote their text, e.g. {wrong[:3]}"
    return count
