"""Any query, however long, deep or malformed, gets results or the one-line query error:
QueryError in the library, exit 4 in the CLI, HTTP 400 from the API and the search page.
Never an internal error, a RecursionError or a 500."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from nutgraf import search
from nutgraf.errors import QueryError
from nutgraf.search.query import MAX_DEPTH
from nutgraf.web import create_app
from tests.search.generated import Doc, build_case

PIECES = [
    "(", ")", '"', " ", "  ", "AND", "OR", "NOT", "NEAR", "NEAR/3", "NEAR/99999999999", "-",
    "*", "~", "~2", "~99999999999999", ":", "..", "type:", "lang:", "date:", "money:", "from:",
    "entity:", "exact:", "year:", "has:", "currency:", "ocr:", "error:", "id:", "mime:",
    "title:", "pdf", "fr", "2024", "2024-13", "9999", "0000", "2024-02-30", "1e400", ">", "<=",
    "payment", "bank", "北京", "בלוגאנו", "الفوسفور", "é", "\u0301", "\x00", "\t", "\n",
    "\u200f", "🙂", "\\", "/", "'", ",", "1" * 60, "a" * 60, "lugano",
]  # fmt: skip
queries = st.lists(st.sampled_from(PIECES), max_size=30).map("".join) | st.text(max_size=200)


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    docs = [
        Doc("a.txt", "The payment reached the bank in Lugano. 北京银行.", language="en"),
        Doc(
            "b.eml",
            "Transfer of EUR 2,500,000 to Cirrolux Systems SA.",
            language="en",
            mime="message/rfc822",
            metadata={"date": "2024-03-05T10:15:00+01:00", "from": "ana@x.example"},
            money=[("EUR 2,500,000", 2_500_000.0, "EUR")],
            organizations=["Cirrolux Systems SA"],
        ),
        Doc("c.txt", "החברה העבירה כסף לחשבון בלוגאנו. وصل الفوسفور.", language="he"),
    ]
    case, _ = build_case(tmp_path_factory.mktemp("safety") / "case", docs)
    yield case
    case.close()


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries, stem=st.booleans(), sort=st.sampled_from(["relevance", "date", "-date"]))
def test_any_query_gives_results_or_a_query_error(case, query: str, stem: bool, sort: str) -> None:
    try:
        results = search(case, query, limit=5, sort=sort, facets=True, stem=stem)
    except QueryError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert results.total >= len(results.hits)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=queries, filters=st.lists(queries, max_size=2))
def test_the_api_and_the_page_answer_200_or_400(case, query: str, filters: list[str]) -> None:
    client = TestClient(create_app(case), base_url="http://127.0.0.1")
    params = {"q": query, "filter": filters}
    api = client.get("/api/search", params=params)
    assert api.status_code in (200, 400), api.text
    if api.status_code == 400:
        assert api.json()["error"]
    page = client.get("/", params=params)
    assert page.status_code in (200, 400)


HOSTILE = {
    "500 nested parentheses": "(" * 500 + "payment" + ")" * 500,
    "2,000 NOTs": "NOT " * 2000 + "payment",
    "2,000 minus signs": "-" * 2000 + "payment",
    "a huge distance": '"payment bank"~4294967296',
    "100,000 characters": "payment " * 12_500,
    "5,000 ORs": " OR ".join(["payment"] * 5000),
}


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_queries_are_refused_in_one_line(case, query: str) -> None:
    with pytest.raises(QueryError) as refused:
        search(case, query)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 300


def test_deep_but_reasonable_queries_still_run(case) -> None:
    depth = MAX_DEPTH - 1
    assert search(case, "(" * depth + "payment" + ")" * depth).total == 1
    assert search(case, "NOT " * 3 + "payment").total == 2


def test_the_cli_exits_4_and_the_api_400_on_hostile_queries(case) -> None:
    for query in (HOSTILE["500 nested parentheses"], HOSTILE["2,000 NOTs"]):
        done = subprocess.run(
            [sys.executable, "-m", "nutgraf.cli", "search", query, "--case", str(case.folder)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 4, done.stderr
        assert done.stderr.count("\n") == 1 and "internal error" not in done.stderr
        client = TestClient(create_app(case), base_url="http://127.0.0.1")
        assert client.get("/api/search", params={"q": query}).status_code == 400
        assert client.get("/", params={"q": query}).status_code == 400
