"""The query language reporters type, parsed into a small tree.

\b
    words                 all must match (AND is the default); a bare word also finds its
                          other forms (transfer: transfers, transferred) unless --exact
    exact:word            this word only, no other forms ("word" in quotes too)
    "exact phrase"        the words in this order; "a b"~5 allows 5 words between
    a NEAR/5 b            a and b (words or "phrases") at most 5 words apart, in any order
    a OR b, a AND b       explicit boolean operators (upper case)
    NOT a, -a             exclude
    ( ... )               grouping
    pref*                 prefix
    word~1, word~2        fuzzy: this many edits allowed
    field:value           a filter:
      type:email          email pdf word spreadsheet presentation html text archive mailbox
                          image contact calendar other
      lang:fr  mime:application/pdf  id:3f2a9c1b0d4e5f60
      from:marchetti  to:…  cc:…  title:"annual report"  path:invoices
      folder:finance  folder:leak/finance  folder:"/cases/leak/board-pack.zip" (beneath it)
      date:2024-01..2024-06  date:2024  year:2024
      has:money  has:iban  currency:EUR  money:>1000000  money:1000..5000
      entity:"Cirrolux Systems"  entity:bob@harbour.example  entity:ENTITY_ID
      sender:bob@harbour.example (exactly this sender, as the sender facet counts)
      error:any  error:encrypted  ocr:true
      tag:offshore  tag:*  note:"ask the bank"  note:*  starred:true

Matching is case- and accent-insensitive because both the index and the query are folded.
Chinese, Japanese, Korean and Thai words are found inside unspaced clauses; a bare Hebrew or
Arabic word also finds it after proclitics (לוגאנו: בלוגאנו; فوسفور: الفوسفور) unless exact.
Field values are checked (type:pdff is an error with "did you mean", not 0 hits).
money: compares any single amount of the document (any currency) with the number; with
currency:EUR the document must also have an amount in euros, not necessarily the same one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nutgraf.errors import QueryError
from nutgraf.search import values

FIELDS = (
    "type", "mime", "lang", "from", "to", "cc", "path", "title", "date", "year",
    "has", "currency", "error", "ocr", "entity", "id", "money", "exact", "sender", "folder",
    "tag", "note", "starred",  # a reporter's marks: nutgraf/search/marks.py
)  # fmt: skip
TEXT_FILTERS = ("from", "to", "cc", "path", "title")


@dataclass(frozen=True)
class Term:
    text: str
    field: str = "content"
    prefix: bool = False
    fuzzy: int = 0
    exact: bool = False  # never matched by its stem (exact:word)


@dataclass(frozen=True)
class Phrase:
    text: str
    field: str = "content"
    slop: int = 0


@dataclass(frozen=True)
class Filter:
    field: str
    value: str


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Near:
    """Words or phrases within `distance` words of each other in total, in any order."""

    children: tuple[Term | Phrase, ...]
    distance: int


@dataclass(frozen=True)
class MatchAll:
    pass


Node = Term | Phrase | Filter | Not | And | Or | Near | MatchAll
_NEAR = re.compile(r"^NEAR(?:/(\d+))?$")
_OPERATORS = ("AND", "OR", "NOT")
NEAR_DEFAULT = 5
NEAR_MOST = 4  # operands in one NEAR chain (each order is a phrase query: 4! = 24)
# Caps that keep any query, however long or deep, an answer or a one-line error: nothing a
# reporter types comes near them, and past them the parser and tantivy would recurse too deep.
MAX_CHARS = 20_000
MAX_DEPTH = 100  # nested parentheses and NOTs
MAX_WORDS = 2_000  # words, phrases and filters in one query
MAX_DISTANCE = 1_000  # NEAR/N and "a phrase"~N

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<field>[A-Za-z_]+):
  | (?P<phrase>"(?P<phrase_text>[^"]*)"(?:~(?P<slop>\d+))?)
  | (?P<open_quote>")
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


@dataclass
class _Token:
    kind: str
    text: str
    position: int
    extra: dict[str, str] = field(default_factory=dict)


def _tokenize(query: str) -> list[_Token]:
    if len(query) > MAX_CHARS:
        raise QueryError(
            f"the query is {len(query):,} characters long; at most {MAX_CHARS:,} are allowed"
        )
    tokens: list[_Token] = []
    position = 0
    while position < len(query):
        match = _TOKEN.match(query, position)
        if match is None:  # pragma: no cover - the word rule matches any other character
            raise QueryError(f"cannot read the query at character {position + 1}")
        kind = match.lastgroup or ""
        if kind == "open_quote":
            raise QueryError(
                f'unclosed quote at character {position + 1}: add the closing " after the phrase'
            )
        if kind == "phrase":
            extra = {"slop": match.group("slop") or "0"}
            tokens.append(_Token("phrase", match.group("phrase_text"), position, extra))
        elif kind == "field":
            name = match.group("field").lower()
            bare = match.end() == len(query) or query[match.end()].isspace()
            if bare and name in FIELDS:
                raise QueryError(
                    f"{name}: at character {position + 1} has no value; write {name}:VALUE "
                    f'(no space after the colon, quotes around several words: {name}:"a b")'
                )
            # `Re:` followed by a space is a word of the text, not a field
            tokens.append(
                _Token("word" if bare else "field", match.group() if bare else name, position)
            )
        elif kind != "space":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokenize(query)
        self.index = 0
        self.depth = 0  # open parentheses and NOTs around the current position
        words = sum(
            token.kind in ("phrase", "field")
            or (
                token.kind == "word"
                and token.text not in _OPERATORS
                and not _NEAR.match(token.text)
            )
            for token in self.tokens
        )
        if words > MAX_WORDS:
            raise QueryError(f"the query has {words:,} words; at most {MAX_WORDS:,} are allowed")

    def parse(self) -> Node:
        if not self.tokens:
            return MatchAll()
        node = self._or()
        if self.index < len(self.tokens):
            token = self.tokens[self.index]
            raise QueryError(
                f"unexpected {token.text!r} at character {token.position + 1}"
                + (": no '(' opens it" if token.kind == "rparen" else "")
            )
        return node

    def _peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _is_operator(self, word: str) -> bool:
        token = self._peek()
        return token is not None and token.kind == "word" and token.text == word

    def _or(self) -> Node:
        children = [self._and()]
        while self._is_operator("OR"):
            self.index += 1
            children.append(self._and())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def _and(self) -> Node:
        children = [self._near()]
        while True:
            token = self._peek()
            if token is None or token.kind == "rparen" or self._is_operator("OR"):
                break
            if self._is_operator("AND"):
                self.index += 1
            children.append(self._near())
        return children[0] if len(children) == 1 else And(tuple(children))

    def _near_operator(self) -> _Token | None:
        token = self._peek()
        if token is not None and token.kind == "word" and _NEAR.match(token.text):
            return token
        return None

    def _deeper(self, token: _Token) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise QueryError(
                f"the query nests parentheses and NOTs more than {MAX_DEPTH} deep "
                f"(at character {token.position + 1}): simplify it"
            )

    def _near(self) -> Node:
        first = self._unary()
        operands = [first]
        distance = 0
        while (operator := self._near_operator()) is not None:
            self.index += 1
            distance += _distance(_NEAR.match(operator.text).group(1) or str(NEAR_DEFAULT))  # type: ignore[union-attr]
            if self._peek() is None:
                raise QueryError(
                    f"{operator.text} at character {operator.position + 1} needs a word after it"
                )
            operands.append(self._unary())
            for operand in (operands[-2], operands[-1]):
                _check_near_operand(operand, operator)
        if len(operands) == 1:
            return first
        if len(operands) > NEAR_MOST:
            raise QueryError(f"NEAR joins at most {NEAR_MOST} words or phrases in one chain")
        return Near(tuple(operands), distance)  # type: ignore[arg-type]

    def _unary(self) -> Node:
        token = self._peek()
        if token is None:
            raise QueryError("the query ends where a word was expected (after an operator?)")
        if token.kind == "word" and token.text == "NOT":
            self.index += 1
        elif token.kind == "word" and token.text.startswith("-") and len(token.text) > 1:
            self.tokens[self.index] = _Token("word", token.text[1:], token.position + 1)
        else:
            return self._primary()
        self._deeper(token)
        node = Not(self._unary())
        self.depth -= 1
        return node

    def _primary(self) -> Node:
        token = self._peek()
        assert token is not None
        self.index += 1
        if token.kind == "lparen":
            self._deeper(token)
            node = self._or()
            closing = self._peek()
            if closing is None or closing.kind != "rparen":
                raise QueryError(
                    f"the '(' at character {token.position + 1} is never closed: add a ')'"
                )
            self.index += 1
            self.depth -= 1
            return node
        if token.kind == "rparen":
            raise QueryError(f"unexpected ')' at character {token.position + 1}")
        if token.kind == "field":
            return self._field(token)
        if token.kind == "phrase":
            return Phrase(token.text, slop=_distance(token.extra["slop"]))
        if token.text in ("AND", "OR") or _NEAR.match(token.text):
            raise QueryError(
                f"{token.text} at character {token.position + 1} needs a word on each side"
            )
        return _word(token.text)

    def _field(self, token: _Token) -> Node:
        name = token.text
        if name not in FIELDS:
            known = ", ".join(FIELDS)
            raise QueryError(
                f"unknown field {name!r} at character {token.position + 1}; known fields: {known}"
            )
        value = self._peek()
        if value is None or value.kind not in ("word", "phrase"):
            raise QueryError(f"{name}: at character {token.position + 1} needs a value")
        self.index += 1
        if name == "exact":
            if value.kind == "phrase":
                return Phrase(value.text, slop=_distance(value.extra["slop"]))
            return Term(value.text, exact=True)
        if name in TEXT_FILTERS:
            if value.kind == "phrase":
                return Phrase(value.text, field=name, slop=_distance(value.extra["slop"]))
            word = _word(value.text)
            assert isinstance(word, Term)
            return Term(word.text, field=name, prefix=word.prefix, fuzzy=word.fuzzy)
        return Filter(name, checked_value(name, value.text))


def _distance(digits: str) -> int:
    value = int(digits[:12])
    if value > MAX_DISTANCE:
        raise QueryError(f"a distance of {digits} words is too far; at most {MAX_DISTANCE}")
    return value


def checked_value(name: str, value: str) -> str:
    """A filter's value, normalised, or a QueryError naming the valid ones."""
    if not value.strip():
        raise QueryError(f"{name}: has an empty value")
    checks = {
        "type": values.check_type,
        "lang": values.check_language,
        "currency": values.check_currency,
        "has": values.check_kind,
        "year": values.check_year,
    }
    return checks[name](value) if name in checks else value


_FUZZY = re.compile(r"^(.+)~([0-2])?$")


def _check_near_operand(operand: Node, operator: _Token) -> None:
    plain_term = isinstance(operand, Term) and not operand.prefix and not operand.fuzzy
    if not (plain_term or isinstance(operand, Phrase)) or operand.field != "content":  # type: ignore[union-attr]
        raise QueryError(
            f"{operator.text} at character {operator.position + 1} joins plain words or "
            '"phrases" only (no prefix*, fuzzy~, field:, NOT or parentheses)'
        )


def _word(text: str) -> Node:
    fuzzy = _FUZZY.match(text)
    if fuzzy:
        return Term(fuzzy.group(1), fuzzy=int(fuzzy.group(2) or 1))
    if text.endswith("*") and len(text) > 1:
        return Term(text.rstrip("*"), prefix=True)
    return Term(text)


def parse(query: str) -> Node:
    """Parse a query; a malformed one raises QueryError saying where and why."""
    return _Parser(query).parse()


def positive_terms(node: Node) -> list[Term | Phrase]:
    """The words and phrases a hit is expected to contain (for snippets and highlights)."""
    if isinstance(node, Term | Phrase):
        return [node] if node.field == "content" else []
    if isinstance(node, And | Or | Near):
        return [term for child in node.children for term in positive_terms(child)]
    return []
