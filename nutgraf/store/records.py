"""What the pipeline hands the store when a document has been read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nutgraf.model import Fact, Mention, WordBox


@dataclass(frozen=True)
class ChildRecord:
    name: str
    sha256: str
    size: int
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass
class ReadResult:
    """Everything one worker found in one document."""

    mime: str
    text: str = ""
    pages: list[int] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    language: str | None = None
    languages: list[dict] = field(default_factory=list)  # sections of a multilingual text
    ocr: bool = False
    children: list[ChildRecord] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    error_reason: str | None = None
    error: str | None = None
    boxes: list[WordBox] = field(default_factory=list)  # OCR words on their pages


@dataclass
class Saved:
    """What storing a result added: children to read next, and children refused as too deep."""

    children: list[str] = field(default_factory=list)
    too_deep: int = 0
