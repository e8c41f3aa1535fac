"""The query language reporters type, parsed into a small tree.

    words                 all must match (AND is the default)
    "exact phrase"        the words in this order; "a b"~5 allows 5 words between
    a OR b, a AND b       explicit boolean operators (upper case)
    NOT a, -a             exclude
    ( ... )               grouping
    pref*                 prefix
    word~1, word~2        fuzzy: this many edits allowed
    field:value           a filter, e.g. type:email lang:fr from:marchetti path:invoices
                          title:"annual report" date:2024-01..2024-06 error:any ocr:true

Matching is case- and accent-insensitive because both the index and the query are folded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nutgraf.errors import QueryError

FIELDS = (
    "type", "mime", "lang", "from", "to", "cc", "path", "title", "date", "year",
    "has", "currency", "error", "ocr", "entity", "id",
)  # fmt: skip


@dataclass(frozen=True)
class Term:
    text: str
    field: str = "content"
    prefix: bool = False
    fuzzy: int = 0


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
class MatchAll:
    pass


Node = Term | Phrase | Filter | Not | And | Or | MatchAll

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<field>[A-Za-z_]+):(?=\S)
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
            tokens.append(_Token("field", match.group("field").lower(), position))
        elif kind != "space":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    return tokens


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokenize(query)
        self.index = 0

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
        children = [self._unary()]
        while True:
            token = self._peek()
            if token is None or token.kind == "rparen" or self._is_operator("OR"):
                break
            if self._is_operator("AND"):
                self.index += 1
            children.append(self._unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def _unary(self) -> Node:
        token = self._peek()
        if token is None:
            raise QueryError("the query ends where a word was expected (after an operator?)")
        if token.kind == "word" and token.text == "NOT":
            self.index += 1
            return Not(self._unary())
        if token.kind == "word" and token.text.startswith("-") and len(token.text) > 1:
            self.tokens[self.index] = _Token("word", token.text[1:], token.position + 1)
            return Not(self._unary())
        return self._primary()

    def _primary(self) -> Node:
        token = self._peek()
        assert token is not None
        self.index += 1
        if token.kind == "lparen":
            node = self._or()
            closing = self._peek()
            if closing is None or closing.kind != "rparen":
                raise QueryError(
                    f"the '(' at character {token.position + 1} is never closed: add a ')'"
                )
            self.index += 1
            return node
        if token.kind == "rparen":
            raise QueryError(f"unexpected ')' at character {token.position + 1}")
        if token.kind == "field":
            return self._field(token)
        if token.kind == "phrase":
            return Phrase(token.text, slop=int(token.extra["slop"]))
        if token.text in ("AND", "OR"):
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
        if name in ("from", "to", "cc", "path", "title"):
            if value.kind == "phrase":
                return Phrase(value.text, field=name, slop=int(value.extra["slop"]))
            word = _word(value.text)
            assert isinstance(word, Term)
            return Term(word.text, field=name, prefix=word.prefix, fuzzy=word.fuzzy)
        return Filter(name, value.text)


_FUZZY = re.compile(r"^(.+)~([0-2])?$")


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
    if isinstance(node, And | Or):
        return [term for child in node.children for term in positive_terms(child)]
    return []
