"""What the pipeline hands the store when a document has been read."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nutgraf.model import Fact, Mention


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
    ocr: bool = False
    children: list[ChildRecord] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    error_reason: str | None = None
    error: str | None = None
