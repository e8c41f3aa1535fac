"""A parsed query turned into a tantivy query over the folded index."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import tantivy
from tantivy import Occur, Query

from nutgraf.errors import QueryError
from nutgraf.fold import fold
from nutgraf.search.index import SearchIndex
from nutgraf.search.query import And, Filter, MatchAll, Node, Not, Or, Phrase, Term

_DATE_RANGE = re.compile(
    r"^(?P<low>\d{4}(?:-\d{2}(?:-\d{2})?)?)?\.\.(?P<high>\d{4}(?:-\d{2}(?:-\d{2})?)?)?$"
)
_DATE_ONE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


class Compiler:
    def __init__(self, index: SearchIndex) -> None:
        self.index = index
        self.schema = index.schema

    def compile(self, node: Node) -> Query:
        if isinstance(node, MatchAll):
            return Query.all_query()
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Phrase):
            return self._phrase(node)
        if isinstance(node, Filter):
            return self._filter(node)
        if isinstance(node, Not):
            return Query.boolean_query(
                [(Occur.Must, Query.all_query()), (Occur.MustNot, self.compile(node.child))]
            )
        if isinstance(node, And):
            return self._and(node)
        if isinstance(node, Or):
            return Query.boolean_query([(Occur.Should, self.compile(c)) for c in node.children])
        raise QueryError(f"cannot search for {node!r}")  # pragma: no cover

    def _and(self, node: And) -> Query:
        clauses = []
        for child in node.children:
            if isinstance(child, Not):
                clauses.append((Occur.MustNot, self.compile(child.child)))
            else:
                clauses.append((Occur.Must, self.compile(child)))
        if all(occur == Occur.MustNot for occur, _ in clauses):
            clauses.append((Occur.Must, Query.all_query()))
        return Query.boolean_query(clauses)

    def _tokens(self, text: str) -> list[str]:
        tokens = self.index.tokens(fold(text))
        if not tokens:
            raise QueryError(f"{text!r} has no letters or digits to search for")
        return tokens

    def _term(self, term: Term) -> Query:
        tokens = self._tokens(term.text)
        if len(tokens) > 1:
            if term.prefix:
                return Query.phrase_prefix_query(self.schema, term.field, tokens)
            return Query.phrase_query(self.schema, term.field, tokens)
        token = tokens[0]
        if term.prefix:
            return Query.regex_query(self.schema, term.field, re.escape(token) + ".*")
        if term.fuzzy:
            return Query.fuzzy_term_query(self.schema, term.field, token, distance=term.fuzzy)
        return Query.term_query(self.schema, term.field, token)

    def _phrase(self, phrase: Phrase) -> Query:
        tokens = self._tokens(phrase.text)
        if len(tokens) == 1:
            return Query.term_query(self.schema, phrase.field, tokens[0])
        return Query.phrase_query(self.schema, phrase.field, tokens, slop=phrase.slop)

    def _filter(self, node: Filter) -> Query:
        value = node.value
        if node.field == "date":
            return self._date(value)
        if node.field == "error":
            none = Query.term_query(self.schema, "error", "none")
            if value.lower() in ("any", "true", "yes"):
                return Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, none)])
            if value.lower() in ("none", "false", "no"):
                return none
            return Query.term_query(self.schema, "error", value.lower())
        if node.field == "mime":
            return Query.term_query(self.schema, "mime", value.lower())
        if node.field == "currency":
            return Query.term_query(self.schema, "currency", value.upper())
        if node.field == "entity":
            return Query.term_query(self.schema, "entity", fold(value))
        return Query.term_query(self.schema, node.field, value.lower())

    def _date(self, value: str) -> Query:
        match = _DATE_RANGE.match(value)
        if match:
            low, high = match.group("low"), match.group("high")
        elif _DATE_ONE.match(value):
            low = high = value
        else:
            raise QueryError(
                f"date:{value} is not a date or range; write date:2024, date:2024-03 "
                "or date:2024-01..2024-06"
            )
        if not low and not high:
            raise QueryError("date:.. needs at least one end, e.g. date:2024-01..")
        return Query.range_query(
            self.schema,
            "date",
            tantivy.FieldType.Date,
            _start_of(low) if low else None,
            _end_of(high) if high else None,
            include_lower=True,
            include_upper=not high,
        )


def _start_of(value: str) -> datetime:
    parts = [int(part) for part in value.split("-")] + [1, 1]
    try:
        return datetime(parts[0], parts[1], parts[2], tzinfo=UTC)
    except ValueError as error:
        raise QueryError(f"{value} is not a real date ({error})") from None


def _end_of(value: str) -> datetime:
    """The first instant after the period `value` names (2024-06 → 2024-07-01)."""
    start = _start_of(value)
    depth = value.count("-")
    if depth == 0:
        return start.replace(year=start.year + 1)
    if depth == 1:
        year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
        return start.replace(year=year, month=month)
    return datetime.fromordinal(start.toordinal() + 1).replace(tzinfo=UTC)
