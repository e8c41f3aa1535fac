"""The query language: what each construct parses to, and clear errors for bad queries."""

from __future__ import annotations

import pytest

from nutgraf.errors import QueryError
from nutgraf.search.query import (
    And,
    Filter,
    MatchAll,
    Near,
    Not,
    Or,
    Phrase,
    Term,
    parse,
    positive_terms,
)


def test_words_are_all_required_by_default() -> None:
    assert parse("panama papers") == And((Term("panama"), Term("papers")))


def test_explicit_and_is_the_same_as_juxtaposition() -> None:
    assert parse("panama AND papers") == parse("panama papers")


def test_or_binds_looser_than_and() -> None:
    assert parse("a b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))


def test_parentheses_group() -> None:
    assert parse("a (b OR c)") == And((Term("a"), Or((Term("b"), Term("c")))))


def test_not_and_minus_exclude() -> None:
    assert parse("a NOT b") == And((Term("a"), Not(Term("b"))))
    assert parse("a -b") == And((Term("a"), Not(Term("b"))))


def test_phrases_with_and_without_slop() -> None:
    assert parse('"défense côtière"') == Phrase("défense côtière")
    assert parse('"offshore account"~3') == Phrase("offshore account", slop=3)


def test_prefix_and_fuzzy() -> None:
    assert parse("corrupt*") == Term("corrupt", prefix=True)
    assert parse("marchetti~1") == Term("marchetti", fuzzy=1)
    assert parse("marchetti~") == Term("marchetti", fuzzy=1)


def test_fields() -> None:
    assert parse("type:email") == Filter("type", "email")
    assert parse('from:"Hélène Marchetti"') == Phrase("Hélène Marchetti", field="from")
    assert parse("title:budget*") == Term("budget", field="title", prefix=True)
    assert parse("date:2024-01..2024-06") == Filter("date", "2024-01..2024-06")


def test_empty_query_matches_everything() -> None:
    assert parse("   ") == MatchAll()


def test_lower_case_operators_are_words() -> None:
    assert parse("war or peace") == And((Term("war"), Term("or"), Term("peace")))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ('"unclosed phrase', "unclosed quote at character 1"),
        ("(a OR b", "never closed"),
        ("a)", "unexpected ')'"),
        ("a OR", "ends where a word was expected"),
        ("colour:red", "unknown field 'colour'"),
        ("OR a", "needs a word on each side"),
    ],
)
def test_malformed_queries_say_where_and_why(query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse(query)


def test_positive_terms_leave_out_negated_words_and_filters() -> None:
    terms = positive_terms(parse('a "b c" -d type:pdf (e OR NOT f)'))
    assert terms == [Term("a"), Phrase("b c"), Term("e")]


def test_near_joins_words_and_phrases_with_a_distance() -> None:
    assert parse("a NEAR/5 b") == Near((Term("a"), Term("b")), 5)
    assert parse('"a b" NEAR c') == Near((Phrase("a b"), Term("c")), 5)
    assert parse("x a NEAR/2 b NEAR/3 c") == And(
        (Term("x"), Near((Term("a"), Term("b"), Term("c")), 5))
    )
    assert parse("a near/5 b") == And((Term("a"), Term("near/5"), Term("b")))


def test_exact_words_and_money_filters() -> None:
    assert parse("exact:transfer") == Term("transfer", exact=True)
    assert parse('exact:"a b"') == Phrase("a b")
    assert parse("money:>1000000") == Filter("money", ">1000000")
    assert parse("money:1000..5000") == Filter("money", "1000..5000")


def test_positive_terms_include_near_operands() -> None:
    assert positive_terms(parse("a NEAR/3 b -c")) == [Term("a"), Term("b")]
