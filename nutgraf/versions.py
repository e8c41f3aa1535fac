"""Versions over a case: group near-identical documents after an ingest, list a group, and
say what changed between two of its members.

The comparison itself is nutgraf/analyze/versions.py (pure); the SQL is nutgraf/store/versions.py.
"""

from __future__ import annotations

from typing import Any

from nutgraf.analyze.versions import MAX_CHARS, group_texts, jaccard, sentence_diff, shingles
from nutgraf.errors import NotFound
from nutgraf.families import FAMILIES
from nutgraf.store.sql import SqlStore

# A container's text is a list of what it holds: two mailboxes are not versions of each other.
CONTAINERS = FAMILIES["mailbox"] + FAMILIES.get("archive", ())
MIN_LENGTH = 100  # characters; shorter texts are never grouped


def compute_versions(store: SqlStore) -> int:
    """Group the case's near-identical documents; returns how many groups there are."""
    found = group_texts(store.version_texts(MIN_LENGTH, MAX_CHARS, CONTAINERS))
    store.replace_versions(found)
    return len(set(found.values()))


def ensure_versions(store: SqlStore) -> None:
    """A case ingested before versions existed gets them on first use."""
    if not store.has_versions():
        compute_versions(store)


def versions_of(store: SqlStore, doc_id: str) -> dict[str, Any]:
    """The document's group: every member with its similarity to this one (0..1, exact
    Jaccard of word 3-grams). A document with no near-duplicate is a group of one."""
    full_id = store.resolve_id(doc_id)
    ensure_versions(store)
    group = store.version_group_id(full_id)
    members: list[dict[str, Any]]
    if group is None:
        doc = store.document(full_id)
        members = [{"id": doc.id, "path": doc.path, "title": doc.title, "mime": doc.mime}]
        members[0] |= {"size": doc.size, "text_length": doc.text_length, "date": None}
    else:
        members = store.version_members(group)
    mine = shingles(store.text(full_id)[:MAX_CHARS])
    for member in members:
        member["this"] = member["id"] == full_id
        other = mine if member["this"] else shingles(store.text(member["id"])[:MAX_CHARS])
        member["similarity"] = round(jaccard(mine, other), 3)
    return {"group_id": group, "doc_id": full_id, "members": members}


def compare(store: SqlStore, old_id: str, new_id: str) -> dict[str, Any]:
    """What changed from one document's text to another's, sentence by sentence."""
    old, new = store.resolve_id(old_id), store.resolve_id(new_id)
    if old == new:
        raise NotFound(f"{old} is compared with itself: give another document")
    changes = sentence_diff(store.text(old), store.text(new))
    counts = {kind: 0 for kind in ("same", "added", "removed", "changed")}
    for change in changes:
        counts[change.kind] += 1
    return {"old": old, "new": new, "counts": counts, "changes": [c.to_dict() for c in changes]}
