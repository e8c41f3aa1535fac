"""The audit log: who did or saw what, when. Each entry's hash covers its fields and the hash
of the entry before it, and the store keeps the last hash apart (audit_head), so editing,
removing, reordering or cutting off entries breaks the chain that `verify` walks.

Someone able to rewrite the whole database could recompute every hash: keep the head that
`nutgraf audit --verify` prints somewhere else (a note, a mail) and pass it back with
`--head` later; the log must still hold it, at the same place, unchanged."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nutgraf.model import AuditEntry
from nutgraf.store.access import GENESIS
from nutgraf.store.sql import SqlStore

# Never written to the log, whatever a caller passes in `detail`.
_SECRET_KEYS = {"password", "token", "cookie", "secret", "csrf"}


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def entry_hash(
    prev: str, seq: int, at: str, user: str, action: str, object_: str, detail: str
) -> str:
    fields = [prev, seq, at, user, action, object_, detail]
    canonical = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record(store: SqlStore, user: str, action: str, object_: str = "", **detail: Any) -> AuditEntry:
    """Append what `user` did; `detail` holds what else tells it (a query, a count…)."""
    kept = {key: value for key, value in detail.items() if key not in _SECRET_KEYS}
    text = json.dumps(kept, ensure_ascii=False, sort_keys=True, default=str)
    return store.append_audit(now(), user, action, object_, text, entry_hash)


@dataclass(frozen=True)
class Verification:
    entries: int
    head: str  # the last entry's hash: note it elsewhere to check later
    problem: str | None  # None when the chain holds

    @property
    def ok(self) -> bool:
        return self.problem is None


def verify(store: SqlStore, known_head: str | None = None) -> Verification:
    """Walk the chain from the start; the first break found is the problem."""
    prev, seq, seen_known = GENESIS, 0, known_head is None
    for entry in store.audit_entries():
        seq += 1
        problem = _broken(entry, seq, prev)
        if problem:
            return Verification(seq - 1, prev, problem)
        seen_known = seen_known or entry.hash == known_head
        prev = entry.hash
    head_seq, head_hash = store.audit_head()
    if (head_seq, head_hash) != (seq, prev):
        return Verification(
            seq,
            prev,
            f"the log ends at entry {seq} but its head says {head_seq}: entries were cut off",
        )
    if not seen_known:
        return Verification(seq, prev, "the head given is not in the log: it was rewritten")
    return Verification(seq, prev, None)


def _broken(entry: AuditEntry, seq: int, prev: str) -> str | None:
    if entry.seq != seq:
        return f"entry {seq} is missing (the next one is {entry.seq})"
    if entry.prev != prev:
        return f"entry {seq} does not follow entry {seq - 1}: one of them was changed or removed"
    fields = (entry.at, entry.user, entry.action, entry.object, entry.detail)
    if entry_hash(prev, seq, *fields) != entry.hash:
        return f"entry {seq} was edited after it was written"
    return None
