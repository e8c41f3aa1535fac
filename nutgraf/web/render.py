"""Cutting stored text into pieces the templates show: plain runs, marked spans, page breaks.

Pieces carry raw text; the templates escape it (Jinja autoescape), so nothing here builds HTML.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

DISPLAY_LIMIT = 1_000_000  # characters of a document's text shown on its page


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str = "plain"  # plain | fact | mention | page
    start: int = 0
    label: str = ""  # fact kind or entity type; the page number for a page break
    target: str = ""  # entity id for a mention
    title: str = ""
    # with a query: the piece's text cut at the query's hits, (text, is_hit) in order
    parts: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    kind: str
    label: str
    target: str
    title: str


def text_pieces(
    text: str,
    facts: Iterable[dict[str, Any]],
    mentions: Iterable[dict[str, Any]],
    pages: list[int],
    limit: int = DISPLAY_LIMIT,
) -> list[Piece]:
    """The text (up to `limit`) as pieces: facts and entity mentions marked at their spans."""
    text = text[:limit]
    spans = _non_overlapping(_spans(facts, mentions, len(text)))
    breaks = [(offset, number) for number, offset in enumerate(pages, 1) if 0 < offset < len(text)]
    pieces: list[Piece] = []
    position = 0
    for span in spans:
        pieces += _plain(text, position, span.start, breaks)
        pieces.append(
            Piece(
                text[span.start : span.end],
                span.kind,
                span.start,
                span.label,
                span.target,
                span.title,
            )
        )
        position = span.end
    pieces += _plain(text, position, len(text), breaks)
    return pieces


def _spans(facts: Iterable[dict], mentions: Iterable[dict], length: int) -> list[_Span]:
    spans = [
        _Span(f["start"], f["end"], "fact", f["kind"], "", fact_title(f))
        for f in facts
        if 0 <= f["start"] < f["end"] <= length
    ]
    spans += [
        _Span(m["start"], m["end"], "mention", m["type"], m["entity_id"], m["name"])
        for m in mentions
        if m.get("start") is not None and 0 <= m["start"] < m["end"] <= length
    ]
    return sorted(spans, key=lambda span: (span.start, -span.end, span.kind))


def _non_overlapping(spans: list[_Span]) -> list[_Span]:
    kept: list[_Span] = []
    for span in spans:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def _plain(text: str, start: int, end: int, breaks: list[tuple[int, int]]) -> list[Piece]:
    """Plain text from start to end, with a page-break piece at each page start inside it."""
    pieces = []
    first = bisect.bisect_left(breaks, (start, 0))
    position = start
    for offset, number in breaks[first:]:
        if offset > end:  # a page starting right at a span is marked before it
            break
        if offset > position:
            pieces.append(Piece(text[position:offset], start=position))
        pieces.append(Piece("", "page", offset, str(number)))
        position = offset
    if end > position:
        pieces.append(Piece(text[position:end], start=position))
    return pieces


def fact_title(fact: dict[str, Any]) -> str:
    detail = fact.get("currency") or fact.get("unit") or fact.get("precision") or ""
    title = f"{fact['kind']}: {fact['value']} {detail}".strip()
    if fact.get("calendar"):
        title += f" (from the {fact['calendar'].replace('_', ' ')} calendar)"
    if fact.get("ambiguous"):
        title += f" — ambiguous, or {fact.get('alternative')}"
    if fact.get("part_of") is not None:
        title += " — part of an amount before it, not added to totals"
    return title


def snippet_parts(snippet: Any) -> list[tuple[str, bool]]:
    """A search snippet as (text, is_hit) runs, in order."""
    parts: list[tuple[str, bool]] = []
    position = 0
    for start, end in sorted(snippet.highlights):
        if start < position:
            continue
        if start > position:
            parts.append((snippet.text[position:start], False))
        parts.append((snippet.text[start:end], True))
        position = end
    if position < len(snippet.text):
        parts.append((snippet.text[position:], False))
    return parts


def with_hits(pieces: list[Piece], hits: list[tuple[int, int]]) -> list[Piece]:
    """The pieces with the query's hits marked inside them (a hit inside a fact or a name
    stays inside it); a hit across two pieces is marked in each."""
    if not hits:
        return pieces
    marked = []
    for piece in pieces:
        if piece.kind == "page":
            marked.append(piece)
            continue
        end = piece.start + len(piece.text)
        inside = [
            (max(a, piece.start), min(b, end)) for a, b in hits if a < end and b > piece.start
        ]
        marked.append(
            replace(piece, parts=_cut(piece.text, piece.start, inside)) if inside else piece
        )
    return marked


def _cut(text: str, offset: int, hits: list[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    parts: list[tuple[str, bool]] = []
    position = 0
    for start, end in hits:
        start, end = start - offset, end - offset
        if start > position:
            parts.append((text[position:start], False))
        parts.append((text[start:end], True))
        position = end
    if position < len(text):
        parts.append((text[position:], False))
    return tuple(parts)
