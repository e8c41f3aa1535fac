"""From a document's text and metadata to what it states: language, facts, entity mentions."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from nutgraf.analyze._columns import mentions_from_columns
from nutgraf.analyze.entities import mentions_from_metadata
from nutgraf.analyze.facts import extract_facts
from nutgraf.analyze.language import detect_language
from nutgraf.analyze.ner import find_mentions
from nutgraf.model import Fact, Mention


@dataclass
class Analysis:
    language: str | None
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


def analyze(text: str, metadata: dict[str, Any]) -> Analysis:
    language = metadata.get("language") or detect_language(text)
    if isinstance(language, str):
        language = language.split("-")[0].split("_")[0].lower()[:3] or None
    facts = [
        fact for fact in extract_facts(text, language) if text[fact.start : fact.end] == fact.quote
    ]
    mentions = [
        *mentions_from_metadata(metadata),
        *_column_or_text_mentions(text, metadata, language),
    ]
    return Analysis(language, facts, mentions)


def _column_or_text_mentions(
    text: str, metadata: dict[str, Any], language: str | None = None
) -> list[Mention]:
    """A spreadsheet's parties come from its columns; prose is read for names too."""
    column_mentions = list(mentions_from_columns(text, metadata))
    cells = sorted((m.start or 0, m.end or 0) for m in column_mentions)
    prose = [m for m in find_mentions(text, metadata, language) if not _inside(m, cells)]
    return sorted([*column_mentions, *prose], key=lambda m: (m.start or 0, m.end or 0))


def _inside(mention: Mention, cells: list[tuple[int, int]]) -> bool:
    start, end = mention.start or 0, mention.end or 0
    index = bisect.bisect_right(cells, (start, 1 << 62)) - 1
    return index >= 0 and cells[index][0] <= start and end <= cells[index][1]
