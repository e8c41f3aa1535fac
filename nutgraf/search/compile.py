"""A parsed query turned into a tantivy query over the folded index."""

from __future__ import annotations

import itertools
import re
from datetime import UTC, date, datetime

import tantivy
from tantivy import Occur, Query

from nutgraf.errors import QueryError
from nutgraf.fold import fold
from nutgraf.folders import query_term as folder_query_term
from nutgraf.search import scripts, stemming, values
from nutgraf.search.entities import entity_query
from nutgraf.search.index import TRANSLATED_FIELD, SearchIndex
from nutgraf.search.marks import FIELDS as MARK_FIELDS
from nutgraf.search.marks import marks_query
from nutgraf.search.query import And, Filter, MatchAll, Near, Node, Not, Or, Phrase, Term

_DATE_RANGE = re.compile(
    r"^(?P<low>\d{4}(?:-\d{2}(?:-\d{2})?)?)?\.\.(?P<high>\d{4}(?:-\d{2}(?:-\d{2})?)?)?$"
)
_DATE_ONE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")
_NUMBER = r"\d[\d_]*(?:\.\d+)?"
_MONEY_COMPARE = re.compile(rf"^(?P<op>[<>]=?)(?P<number>{_NUMBER})$")
_MONEY_RANGE = re.compile(rf"^(?P<low>{_NUMBER})?\.\.(?P<high>{_NUMBER})?$")
_MONEY_ONE = re.compile(rf"^{_NUMBER}$")
_MONEY_HELP = "write money:>1000000, money:>=500, money:<100, money:1000..5000 or money:250"


class Compiler:
    """Turns a parsed query into a tantivy query; `stem` lets bare words match their stems."""

    def __init__(self, index: SearchIndex, stem: bool = True, marks: object = None) -> None:
        self.index = index
        self.schema = index.schema
        self.stem = stem
        self.marks = marks  # the store, for tag:, note:, starred: (search/marks.py)

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
        if isinstance(node, Near):
            return self._near(node)
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
                return Query.phrase_prefix_query(self.schema, term.field, _positional(tokens))
            return Query.phrase_query(self.schema, term.field, _positional(tokens))
        token = tokens[0]
        if term.prefix:
            return Query.regex_query(self.schema, term.field, re.escape(token) + ".*")
        if term.fuzzy:
            return Query.fuzzy_term_query(self.schema, term.field, token, distance=term.fuzzy)
        exact = Query.term_query(self.schema, term.field, token)
        if term.exact or term.field != "content":
            return exact
        # a bare word also finds a document through its stored translation (translate/)
        translated = Query.term_query(self.schema, TRANSLATED_FIELD, token)
        if not self.stem:
            return Query.boolean_query([(Occur.Should, exact), (Occur.Should, translated)])
        # the exact word in `content`, its stem in each language's field, and (Hebrew,
        # Arabic) the word as it stands after a proclitic: exact hits match all, rank first
        clauses = [(Occur.Should, exact), (Occur.Should, translated)] + [
            (Occur.Should, Query.term_query(self.schema, stemming.stem_field(lang), stem))
            for lang, stem in stemming.stems(token).items()
        ]
        if scripts.takes_proclitics(token):
            clauses.append((Occur.Should, Query.term_query(self.schema, "bare", token)))
        return Query.boolean_query(clauses)

    def _near(self, node: Near) -> Query:
        """Every order of the operands as one phrase with slop; a phrase keeps its own order."""
        blocks = [self._tokens(child.text) for child in node.children]
        phrases = []
        for order in itertools.permutations(blocks):
            words = [word for block in order for word in block]
            phrases.append(
                (
                    Occur.Should,
                    Query.phrase_query(
                        self.schema, "content", _positional(words), slop=node.distance
                    ),
                )
            )
        return Query.boolean_query(phrases)

    def _phrase(self, phrase: Phrase) -> Query:
        tokens = self._tokens(phrase.text)
        if len(tokens) == 1:
            return Query.term_query(self.schema, phrase.field, tokens[0])
        return Query.phrase_query(self.schema, phrase.field, _positional(tokens), slop=phrase.slop)

    def _filter(self, node: Filter) -> Query:
        value = node.value
        if node.field in MARK_FIELDS:
            return marks_query(self.schema, self.marks, node.field, value)
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
            return entity_query(self.index, value)
        if node.field == "folder":
            return Query.term_query(self.schema, "folder", folder_query_term(value))
        if node.field == "sender":
            return Query.term_query(self.schema, "sender", fold(value).strip())
        if node.field == "money":
            return self._money(value)
        if node.field == "ocr":
            return Query.term_query(self.schema, "ocr", _boolean("ocr", value))
        return Query.term_query(self.schema, node.field, value.lower())

    def _money(self, value: str) -> Query:
        low: float | None = None
        high: float | None = None
        include_low = include_high = True
        if match := _MONEY_COMPARE.match(value):
            number = _number(match.group("number"))
            op = match.group("op")
            if op.startswith(">"):
                low, include_low = number, op == ">="
            else:
                high, include_high = number, op == "<="
        elif match := _MONEY_RANGE.match(value):
            low = _number(match.group("low")) if match.group("low") else None
            high = _number(match.group("high")) if match.group("high") else None
            if low is None and high is None:
                raise QueryError(f"money:.. needs at least one end; {_MONEY_HELP}")
        elif _MONEY_ONE.match(value):
            low = high = _number(value)
        else:
            raise QueryError(f"money:{value} is not an amount or a range; {_MONEY_HELP}")
        return Query.range_query(
            self.schema,
            "money",
            tantivy.FieldType.Float,
            low,
            high,
            include_lower=include_low,
            include_upper=include_high,
        )

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
        start = _instant(values.check_date(low, "date:")) if low else None
        end = _instant(values.period_end(high)) if high else None
        if start and end and start >= end:
            raise QueryError(f"date:{value} ends before it starts")
        return Query.range_query(
            self.schema,
            "date",
            tantivy.FieldType.Date,
            start,
            end,
            include_lower=True,
            include_upper=not high,
        )


def _number(text: str) -> float:
    return float(text.replace("_", ""))


def _boolean(name: str, value: str) -> str:
    lowered = value.lower()
    if lowered in ("true", "yes", "1"):
        return "true"
    if lowered in ("false", "no", "0"):
        return "false"
    raise QueryError(f"{name}:{value} should be {name}:true or {name}:false")


def _instant(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def _positional(words: list[str]) -> list[str | tuple[int, str]]:
    """tantivy's phrase queries take words, or (position, word) pairs: here always words."""
    terms: list[str | tuple[int, str]] = list(words)
    return terms
