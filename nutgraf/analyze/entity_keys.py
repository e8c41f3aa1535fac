"""The key resolution gives a mention's name: the same key, the same entity.

Keys are what entity resolution groups and what a reviewer's rules (review.py) name: words in
any order, case and accents aside (`person:helene marchetti`), a company's legal form
normalised (`organization:acme|sa`), a lone word kept within its document (`person:smith @DOC`).
"""

from __future__ import annotations

from nutgraf.analyze._names import name_tokens, organisation_key
from nutgraf.model import MentionRecord

__all__ = ["MentionRecord", "case_wide", "name_keys"]

DOCUMENT_SCOPE = " @"  # what ties a lone word's key to its document


def name_keys(record: MentionRecord) -> list[str]:
    """The key a mention's name gives (an address is added by `group_mentions`)."""
    if record.type == "person":
        words = [w for w in name_tokens(record.name) if "@" not in record.name]
        if len(words) == 1:
            # `Mr Smith` in two documents may be two people: a lone word stays in its document.
            return [f"person:{words[0]} @{record.doc_id}"]
        if words:
            return ["person:" + " ".join(sorted(words))]
    elif record.type == "organization":
        base, form = organisation_key(record.name)
        if base:
            return [f"organization:{base}|{form or ''}"]
    else:
        words = name_tokens(record.name)
        if words:
            return [f"{record.type}:" + " ".join(words)]
    if record.email:
        return []  # only an address: `group_mentions` gives it its address key
    return [f"{record.type}:{record.name}"]


def case_wide(key: str) -> str:
    """The key without its document scope: `person:smith @DOC` → `person:smith`."""
    return key.split(DOCUMENT_SCOPE, 1)[0]
