"""A facet's filter narrows the query as a whole: `(query) AND filter`.

Property, over generated queries with OR, NOT, NEAR, phrases and fields: adding a facet
value's filter returns exactly as many documents as the facet counted, every one of them
inside the facet and inside the query. Also: a parsed query written back parses the same.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nutgraf import search
from nutgraf.search.combine import unparse, with_filters
from nutgraf.search.query import And, Filter, Near, Not, Or, Phrase, Term, parse
from nutgraf.web.pages import facet_filter
from tests.search.generated import Doc, build_case

WORDS = ["court", "contract", "payment", "bank", "harbour", "audit", "transfer", "board"]
KINDS = [
    ("text/plain", "txt"),
    ("text/html", "html"),
    ("application/pdf", "pdf"),
    ("message/rfc822", "eml"),
]
LANGUAGES = ["en", "fr", "de"]
COMPANIES = ["Cirrolux Systems SA", "Harbour Holdings Ltd", "Nile Consult GmbH"]


def _docs() -> list[Doc]:
    rng = random.Random(3)
    docs = []
    for number in range(80):
        mime, extension = KINDS[number % len(KINDS)]
        words = rng.sample(WORDS, k=rng.randint(1, 5))
        company = COMPANIES[number % 3] if number % 4 else None
        amount = f"EUR {1000 * (number + 1):,}" if number % 3 == 0 else None
        text = " ".join(words) + "."
        if company:
            text += f" Signed by {company}."
        if amount:
            text += f" Paid {amount}."
        metadata = {"date": f"{2020 + number % 4}-0{1 + number % 9}-15T09:00:00+00:00"}
        if mime == "message/rfc822":
            metadata["from"] = ["ana@x.example", "bo@y.example"][number % 2]
        docs.append(
            Doc(
                f"doc{number:02d}.{extension}",
                text,
                language=LANGUAGES[number % 3],
                mime=mime,
                metadata=metadata,
                money=[(amount, 1000.0 * (number + 1), "EUR")] if amount else [],
                organizations=[company] if company else [],
            )
        )
    return docs


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    case, _ = build_case(tmp_path_factory.mktemp("filters") / "case", _docs())
    yield case
    case.close()


word = st.sampled_from(WORDS)
leaf = st.one_of(
    word.map(Term),
    word.map(lambda w: Term(w, exact=True)),
    word.map(lambda w: Term(w[:3], prefix=True)),
    st.tuples(word, word).map(lambda pair: Phrase(" ".join(pair), slop=1)),
    st.sampled_from(["pdf", "html", "email", "text"]).map(lambda t: Filter("type", t)),
    st.sampled_from(LANGUAGES).map(lambda lang: Filter("lang", lang)),
    st.tuples(word, word).map(lambda pair: Near((Term(pair[0]), Term(pair[1])), 3)),
)
trees = st.recursive(
    leaf,
    lambda children: st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda c: Or(tuple(c))),
        st.lists(children, min_size=2, max_size=3).map(lambda c: And(tuple(c))),
        children.map(Not),
    ),
    max_leaves=6,
)


def ids(case, query: str, filters: tuple[str, ...] = ()) -> set[str]:
    return {hit.document.id for hit in search(case, query, limit=500, filters=filters).hits}


_FACET_IDS: dict[str, set[str]] = {}


def facet_ids(case, term: str) -> set[str]:
    if term not in _FACET_IDS:
        _FACET_IDS[term] = ids(case, term)
    return _FACET_IDS[term]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tree=trees)
def test_a_facet_filter_returns_exactly_the_facet(case, tree) -> None:
    query = unparse(tree)
    results = search(case, query, limit=500, facets=True)
    matching = {hit.document.id for hit in results.hits}
    assert results.facets is not None
    for name in ("type", "lang", "year", "currency", "has", "entity", "sender"):
        for bucket in results.facets[name]:
            term = facet_filter(name, bucket)
            narrowed = ids(case, query, (term,))
            assert len(narrowed) == bucket["count"], (query, term)
            assert narrowed <= matching, (query, term)
            assert narrowed <= facet_ids(case, term), (query, term)


@settings(max_examples=100, deadline=None)
@given(tree=trees)
def test_a_written_query_parses_back_to_the_same_tree(tree) -> None:
    assert parse(unparse(tree)) == tree


def test_pasting_the_filter_would_have_changed_the_query(case) -> None:
    """The case the issue saw: `a OR b type:html` binds type:html to b alone."""
    pasted = search(case, "court OR contract type:html").total
    combined = search(case, "court OR contract", filters=("type:html",)).total
    assert combined == search(case, "(court OR contract) type:html").total
    assert pasted > combined
    assert with_filters(parse("a OR b"), ["type:html"]) == And(
        (Or((Term("a"), Term("b"))), Filter("type", "html"))
    )
