"""The small interface every format module implements.

A format module exposes:

    MIME_TYPES: tuple[str, ...]          the MIME types it reads (detected from content)
    def extract(source: Source) -> Extraction

It reads `source.path` (the original, read-only, in the blob store), and returns the text,
the metadata and the children (archive members, attachments, mbox messages) it found.
It never recurses into children itself and never writes anywhere: the pipeline stores
children, detects their type and extracts them in turn, applying the limits.

On a file it cannot read it raises a `nutgraf.errors.FileError` subclass (`Corrupt`,
`Encrypted`, `Unsupported`, `TooLarge`, `Bomb`) with a one-line message; any other exception
is recorded as `corrupt` by the pipeline with the exception's message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nutgraf.model import WordBox


@dataclass(frozen=True)
class Limits:
    """Per-file limits; a format that expands data must honour them (raise `Bomb`/`TooLarge`)."""

    max_child_bytes: int = 512 * 1024**2  # one extracted member or attachment (held in memory)
    max_total_expanded: int = 1024**3  # all children of one container together
    max_ratio: float = 200.0  # expanded size / compressed size, for archives
    max_children: int = 100_000
    max_text_chars: int = 50_000_000
    max_pages: int = 20_000


@dataclass(frozen=True)
class Source:
    """One original file handed to a format module."""

    path: Path  # the bytes, read-only
    mime: str  # detected from content
    name: str = ""  # the file name it was found under (a hint only, never trusted for type)
    limits: Limits = field(default_factory=Limits)
    passwords: tuple[str, ...] = ()  # user-supplied passwords for encrypted files
    ocr_languages: str = "eng+fra+ara+heb+deu+spa"  # tesseract's -l argument


@dataclass(frozen=True)
class Child:
    """A file found inside another: an archive member, an attachment, an mbox message."""

    name: str  # member path, attachment file name, or message number
    data: bytes
    metadata: dict[str, Any] = field(default_factory=dict)  # e.g. modified date of a member


@dataclass
class Extraction:
    """What a format module found in one file.

    `text` is the document's readable text; facts and search index into it, so it must be
    final (no later rewriting). `pages` holds the character offset at which each page starts
    (first is 0) for paged documents, empty otherwise. `metadata` uses these keys where
    known: title, author, created, modified (ISO 8601), page_count, producer, language,
    and for mail: from, to, cc, bcc, date, subject, message_id, in_reply_to, references.
    `ocr` is True when some text came from OCR, with its mean confidence (0-100) in
    metadata["ocr_confidence"].
    """

    text: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)
    children: list[Child] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    ocr: bool = False
    boxes: list[WordBox] = field(default_factory=list)  # where OCR found each word
