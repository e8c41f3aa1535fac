"""Resolution across documents: one entity for every way a case writes one person or company.

Run after each ingest over the whole case (it is cheap next to reading). Evidence, in order:

- the same words whatever their case, accents or order: `Hélène Marchetti`, `MARCHETTI Hélène`
  and `helene marchetti` are one key;
- a mail header pairing a display name with an address joins the two;
- an address alone joins a name whose words are exactly its local part
  (`helene.marchetti@…` → `Hélène Marchetti`);
- initials: `H. Marchetti` (or `h.marchetti@…`) joins `Hélène Marchetti` only when that is the
  one person of the case with surname Marchetti and a first name starting with H;
- companies: the legal form is normalised (`S.A.` = `SA`, `Limited` = `Ltd`); a name without a
  legal form joins the one company of that name that has one, never two.

A bare surname never joins anyone. Entity ids are derived from each group's best key, so the
same case content always gives the same ids; every name seen is kept among the aliases.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from nutgraf.analyze._known_names import add_known_name_mentions
from nutgraf.analyze._names import name_tokens, organisation_key

_LOCAL_PART_SPLIT = re.compile(r"[._\-+]+")


@dataclass(frozen=True)
class _Row:
    mention_id: int
    doc_id: str
    type: str
    name: str
    email: str | None


class _Groups:
    """Union-find over keys; the smaller key is the root, so results do not depend on order."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def add(self, key: str) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: str) -> str:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            low, high = sorted((root_a, root_b))
            self.parent[high] = low


def resolve_entities(db: sqlite3.Connection) -> int:
    """Regroup every mention of the case into entities; returns how many entities there are."""
    add_known_name_mentions(db)
    rows = _mentions(db)
    groups = _Groups()
    keys_of: dict[int, list[str]] = {}
    for row in rows:
        keys_of[row.mention_id] = _keys(row)
        for key in keys_of[row.mention_id]:
            groups.add(key)
        for key in keys_of[row.mention_id][1:]:
            groups.union(keys_of[row.mention_id][0], key)
    _join_addresses_to_names(groups)
    _join_initials(groups)
    _join_bare_companies(groups)
    members: dict[str, list[_Row]] = defaultdict(list)
    for row in rows:
        members[groups.find(keys_of[row.mention_id][0])].append(row)
    _write(db, members, groups)
    return len(members)


def needs_resolution(db: sqlite3.Connection) -> bool:
    """True when some entity still has the key a single document gave it (a run was cut)."""
    row = db.execute(
        "SELECT 1 FROM entities WHERE substr(key, 1, instr(key, ':')) NOT IN "
        "('person:', 'organization:', 'location:', 'email:') LIMIT 1"
    ).fetchone()
    return row is not None


def _mentions(db: sqlite3.Connection) -> list[_Row]:
    cursor = db.execute(
        "SELECT m.id, m.doc_id, e.type, COALESCE(m.name, e.name) AS name, "
        "COALESCE(m.email, CASE WHEN e.key LIKE '%@%' AND e.key NOT LIKE '%:%' THEN e.key END) "
        "AS email FROM mentions m JOIN entities e ON e.id = m.entity_id ORDER BY m.id"
    )
    return [_Row(r[0], r[1], r[2], r[3] or "", (r[4] or "").lower() or None) for r in cursor]


def _keys(row: _Row) -> list[str]:
    """The keys one mention gives: its name's key first, then its address."""
    keys = []
    if row.type == "person":
        words = [w for w in name_tokens(row.name) if "@" not in row.name]
        if len(words) == 1:
            # `Mr Smith` in two documents may be two people: a lone word stays in its document.
            keys.append(f"person:{words[0]} @{row.doc_id}")
        elif words:
            keys.append("person:" + " ".join(sorted(words)))
    elif row.type == "organization":
        base, form = organisation_key(row.name)
        if base:
            keys.append(f"organization:{base}|{form or ''}")
    else:
        keys.append(f"{row.type}:" + " ".join(name_tokens(row.name)))
    if row.email:
        keys.append(f"email:{row.type}:{row.email}")
    return keys or [f"{row.type}:{row.name}"]


def _person_names(groups: _Groups) -> dict[str, list[str]]:
    """Words of each person name key → that key (full words only, no initials)."""
    return {
        key: key.split(":", 1)[1].split()
        for key in groups.parent
        if key.startswith("person:")
        and " @" not in key
        and all(len(w) > 1 for w in key.split(":", 1)[1].split())
    }


def _join_addresses_to_names(groups: _Groups) -> None:
    by_words: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for key, words in _person_names(groups).items():
        if len(words) >= 2:
            by_words[tuple(sorted(words))].append(key)
    for key in list(groups.parent):
        if not key.startswith("email:person:"):
            continue
        local = key.rsplit("@", 1)[0].split(":")[-1]
        words = tuple(sorted(w for w in _LOCAL_PART_SPLIT.split(local) if w))
        if len(words) >= 2 and len(by_words.get(words, [])) == 1:
            groups.union(key, by_words[words][0])


def _join_initials(groups: _Groups) -> None:
    """`H. Marchetti` joins the one Marchetti whose first name starts with H, if one only."""
    full = _person_names(groups)
    for key in list(groups.parent):
        short = _initials_and_surnames(key)
        if short is None:
            continue
        initials, surnames = short
        matches = {
            groups.find(candidate)
            for candidate, words in full.items()
            if _fits(initials, surnames, words)
        }
        if len(matches) == 1:
            groups.union(key, matches.pop())


def _initials_and_surnames(key: str) -> tuple[list[str], list[str]] | None:
    if key.startswith("person:"):
        words = key.split(":", 1)[1].split()
    elif key.startswith("email:person:"):
        local = key.rsplit("@", 1)[0].split(":")[-1]
        words = [w for w in _LOCAL_PART_SPLIT.split(local) if w]
    else:
        return None
    initials = [w for w in words if len(w) == 1]
    surnames = [w for w in words if len(w) > 1]
    if not initials or not surnames:
        return None
    return initials, surnames


def _fits(initials: list[str], surnames: list[str], words: list[str]) -> bool:
    rest = list(words)
    for surname in surnames:
        if surname not in rest:
            return False
        rest.remove(surname)
    return len(rest) >= len(initials) and all(
        any(word.startswith(initial) for word in rest) for initial in initials
    )


def _join_bare_companies(groups: _Groups) -> None:
    formed: dict[str, set[str]] = defaultdict(set)
    for key in groups.parent:
        if key.startswith("organization:") and not key.endswith("|"):
            formed[key.split(":", 1)[1].rsplit("|", 1)[0]].add(groups.find(key))
    for key in list(groups.parent):
        if key.startswith("organization:") and key.endswith("|"):
            roots = formed.get(key.split(":", 1)[1][:-1], set())
            if len(roots) == 1:
                groups.union(key, next(iter(roots)))


# -------------------------------------------------------------------------- writing


def _write(db: sqlite3.Connection, members: dict[str, list[_Row]], groups: _Groups) -> None:
    from nutgraf.store.ids import entity_id_for

    entities: list[tuple[Any, ...]] = []
    assignments: list[tuple[str, int]] = []
    keys_by_root: dict[str, list[str]] = defaultdict(list)
    for key in groups.parent:
        keys_by_root[groups.find(key)].append(key)
    for root, rows in members.items():
        type_ = rows[0].type
        key = _best_key(keys_by_root[root])
        entity_id = entity_id_for(type_, key)
        name, aliases = _names(rows)
        entities.append((entity_id, type_, name, key, json.dumps(aliases, ensure_ascii=False)))
        assignments.extend((entity_id, row.mention_id) for row in rows)
    with db:
        db.execute("PRAGMA defer_foreign_keys = ON")
        db.execute("DELETE FROM entities")
        db.executemany(
            "INSERT OR REPLACE INTO entities (id, type, name, key, aliases) VALUES (?, ?, ?, ?, ?)",
            entities,
        )
        db.executemany("UPDATE mentions SET entity_id = ? WHERE id = ?", assignments)


def _best_key(keys: list[str]) -> str:
    """The most complete name's key; an address only when no name is known."""

    def rank(key: str) -> tuple[int, int, str]:
        words = key.split(":", 1)[1].split()
        return (key.startswith("email:"), -sum(len(w) > 1 for w in words), key)

    return min(keys, key=rank)


def _names(rows: list[_Row]) -> tuple[str, list[str]]:
    counts = Counter(row.name for row in rows if row.name)
    emails = sorted({row.email for row in rows if row.email})

    def rank(name: str) -> tuple[int, int, int, int, str]:
        return (
            "@" in name,
            name.isupper(),
            -len([w for w in name_tokens(name) if len(w) > 1]),
            -counts[name],
            name,
        )

    ordered = sorted(counts, key=rank)
    name = ordered[0] if ordered else (emails[0] if emails else "")
    aliases = [alias for alias in sorted({*ordered, *emails}) if alias != name]
    return name, aliases
