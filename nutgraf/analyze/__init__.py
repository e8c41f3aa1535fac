"""From a document's text and metadata to what it states: language, facts, entity mentions."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from nutgraf.analyze._columns import mentions_from_columns
from nutgraf.analyze._delimited import delimited_cells
from nutgraf.analyze.entities import mentions_from_metadata
from nutgraf.analyze.facts import extract_facts
from nutgraf.analyze.language import detect_languages
from nutgraf.analyze.ner import find_mentions
from nutgraf.model import Fact, Mention

_NO_LANGUAGE = frozenset(("und", "zxx", "mul", "mis", "xx", "xxx", "x", "none"))
MAX_DELIMITED_CHARS = 20_000_000  # beyond, a text is not checked for a delimited table


@dataclass
class Analysis:
    language: str | None
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # a text in several languages: [{language, start, end}] (see language.py), else empty
    languages: list[dict] = field(default_factory=list)


def analyze(text: str, metadata: dict[str, Any]) -> Analysis:
    detected = detect_languages(text)
    language = _declared_language(metadata) or detected.main
    table = _table(text, metadata)
    facts = [
        fact
        for fact in extract_facts(
            text, language, cells=table["cells"], delimiter=table["delimiter"]
        )
        if text[fact.start : fact.end] == fact.quote
    ]
    mentions = [
        *mentions_from_metadata(metadata),
        *_column_or_text_mentions(
            text,
            metadata | {"cells": table["cells"], "cells_delimiter": table["delimiter"]},
            language,
        ),
    ]
    return Analysis(language, facts, mentions, detected.sections)


def _declared_language(metadata: dict[str, Any]) -> str | None:
    """The language the file declares (HTML lang, an office document's dc:language), when it
    is a real ISO 639 code: `x-none`, `zxx`, `mul` and the like declare nothing."""
    declared = metadata.get("language")
    if not isinstance(declared, str):
        return None
    code = declared.strip().replace("_", "-").split("-")[0].lower()
    if not re.fullmatch("[a-z]{2,3}", code) or code in _NO_LANGUAGE:
        return None
    return code


def _table(text: str, metadata: dict[str, Any]) -> dict[str, Any]:
    """A sheet's cell map, else that of delimited text read as plain text (a CSV attachment
    typed text/plain), else none."""
    if metadata.get("cells"):
        return {"cells": metadata["cells"], "delimiter": "\t"}
    found = delimited_cells(text) if len(text) <= MAX_DELIMITED_CHARS else None
    return (
        {"cells": found[0], "delimiter": found[1]} if found else {"cells": None, "delimiter": "\t"}
    )


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
