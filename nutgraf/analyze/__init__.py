"""From a document's text and metadata to what it states: language, facts, entity mentions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nutgraf.analyze.entities import mentions_from_metadata
from nutgraf.analyze.facts import extract_facts
from nutgraf.analyze.language import detect_language
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
    return Analysis(language, facts, mentions_from_metadata(metadata))
