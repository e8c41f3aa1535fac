"""Cases built straight into the store and index (no files, no extraction): fast, and every
document's words, language, type, date, amounts and entities are known to the test."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nutgraf import open_case
from nutgraf.case import Case
from nutgraf.model import Fact, Mention
from nutgraf.search.indexing import Indexer
from nutgraf.store.records import ReadResult


@dataclass
class Doc:
    name: str
    text: str
    language: str | None = None
    mime: str = "text/plain"
    metadata: dict[str, Any] = field(default_factory=dict)
    money: list[tuple[str, float, str]] = field(default_factory=list)  # (quote, value, currency)
    organizations: list[str] = field(default_factory=list)  # named in the text as written
    error: str | None = None


def build_case(folder: Path, docs: list[Doc]) -> tuple[Case, dict[str, str]]:
    """A case holding `docs`; returns it and {doc name: document id}."""
    case = open_case(folder, create=True)
    indexer = Indexer(case.store, case.index)
    ids = {}
    for doc in docs:
        sha = hashlib.sha256(f"{doc.name}\n{doc.text}".encode()).hexdigest()
        doc_id = case.store.register_file(f"/leak/{doc.name}", None, sha, len(doc.text), 0)
        case.store.save_result(doc_id, _result(doc), 12)
        indexer.add(doc_id)
        ids[doc.name] = doc_id
    indexer.flush()
    return case, ids


def _result(doc: Doc) -> ReadResult:
    facts = []
    for quote, value, currency in doc.money:
        start = doc.text.index(quote)
        facts.append(Fact("money", start, start + len(quote), quote, value, currency=currency))
    mentions = []
    for name in doc.organizations:
        start = doc.text.index(name)
        mentions.append(Mention("organization", name, start, start + len(name), name))
    return ReadResult(
        mime=doc.mime,
        text=doc.text,
        metadata=doc.metadata,
        language=doc.language,
        facts=facts,
        mentions=mentions,
        error_reason=doc.error.split(":", 1)[0] if doc.error else None,
        error=doc.error,
    )
