"""A reviewer's corrections to entity resolution, applied as rules over names.

A rule names mentions by their name keys (entity_keys.py), never by row or entity id, so it
still holds when documents are read again and entities are regrouped:

- reject: mentions with these names, of this type, are not entities; they are set aside;
- retype: mentions with these names are of another type (`Paris Hilton`: a person, not a place);
- split: names in `keys` are never joined with names in `apart` by resolution's evidence;
- merge: every mention with these names is one entity, whatever the evidence says;
- rename: the entity holding these names is shown under `value`.

reject and retype match a name anywhere in the case (a lone word too, which resolution keeps
within its document); split, merge and rename match keys as resolution has them.
"""

from __future__ import annotations

from dataclasses import replace

from nutgraf.analyze.entity_keys import case_wide, name_keys
from nutgraf.model import MentionRecord, ReviewRule

ACTIONS = ("reject", "retype", "split", "merge", "rename")
TYPES = ("person", "organization", "location")


def record_key(record: MentionRecord) -> str:
    """The one key a mention's name gives (its address's when it has no name)."""
    keys = name_keys(record)
    if keys:
        return keys[0]
    return f"email:{record.type}:{record.email}"


def screen(
    records: list[MentionRecord], rules: list[ReviewRule]
) -> tuple[list[MentionRecord], list[tuple[int, int]]]:
    """Reject, then retype: (the records kept, typed as reviewed; (mention id, rule id) of
    each record set aside)."""
    rejects = [rule for rule in rules if rule.action == "reject"]
    retypes = [rule for rule in rules if rule.action == "retype"]
    kept: list[MentionRecord] = []
    rejected: list[tuple[int, int]] = []
    for record in records:
        key = case_wide(record_key(record))
        rule = next((r for r in rejects if key in {case_wide(k) for k in r.keys}), None)
        if rule is not None:
            rejected.append((record.mention_id, rule.id))
            continue
        for rule in retypes:  # in the order they were made: the last one wins
            if key in {case_wide(k) for k in rule.keys}:
                record = replace(record, type=rule.value)
                key = case_wide(record_key(record))
        kept.append(record)
    return kept, rejected


def split_sides(rules: list[ReviewRule], key: str) -> set[tuple[int, int]]:
    """(rule id, side) for each split that puts this key on one side (0 left, 1 stays)."""
    sides: set[tuple[int, int]] = set()
    for rule in rules:
        if rule.action == "split":
            if key in rule.keys:
                sides.add((rule.id, 0))
            elif key in rule.apart:
                sides.add((rule.id, 1))
    return sides


def merges(rules: list[ReviewRule]) -> list[ReviewRule]:
    return [rule for rule in rules if rule.action == "merge"]


def renamed(rules: list[ReviewRule], keys: set[str]) -> str | None:
    """The name the last rename of any of these keys gives, if one does."""
    names = [rule.value for rule in rules if rule.action == "rename" and rule.keys & keys]
    return names[-1] if names else None
