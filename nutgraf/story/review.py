"""Entity review: a reporter corrects the machine's people, companies and places.

Reject a name as not an entity, give it another type, rename an entity, merge several into
one, or split names off one. Each decision is kept as a rule over names (analyze/review.py),
so it survives re-ingest and re-resolution; rules are listed and each can be undone. Every
change re-resolves the case and re-indexes the documents whose entities changed, so search,
facets and exports follow at once.
"""

from __future__ import annotations

from typing import Any

from nutgraf.analyze.review import TYPES, record_key
from nutgraf.case import Case
from nutgraf.entities import resolve_entities
from nutgraf.errors import BadInput, NotFound
from nutgraf.fold import fold
from nutgraf.model import MentionRecord
from nutgraf.store.queries_entities import find_entities
from nutgraf.store.resolution import KNOWN_SOURCE

MAX_NAME = 200


def rules(case: Case) -> list[dict[str, Any]]:
    return case.store.review_rule_rows()


def reject(case: Case, entity: str) -> dict[str, Any]:
    """This entity's names (of its type) are not an entity anywhere in the case."""
    found = _entity(case, entity)
    label = f"rejected “{found['name']}” ({found['type']}) as not an entity"
    return _apply(case, "reject", found["records"], label)


def retype(case: Case, entity: str, new_type: str) -> dict[str, Any]:
    if new_type not in TYPES:
        raise BadInput(f"{new_type!r} is not a type (one of: {', '.join(TYPES)})")
    found = _entity(case, entity)
    if found["type"] == new_type:
        raise BadInput(f"“{found['name']}” is already {_a(new_type)}")
    label = f"“{found['name']}” is {_a(new_type)}, not {_a(found['type'])}"
    return _apply(case, "retype", found["records"], label, value=new_type)


def rename(case: Case, entity: str, name: str) -> dict[str, Any]:
    shown = " ".join(name.split())
    if not shown or len(shown) > MAX_NAME or any(ord(ch) < 32 for ch in shown):
        raise BadInput(f"a name has 1 to {MAX_NAME} printable characters")
    found = _entity(case, entity)
    label = f"“{found['name']}” renamed “{shown}”"
    return _apply(case, "rename", found["records"], label, value=shown)


def merge(case: Case, entities: list[str]) -> dict[str, Any]:
    """These entities are one: the mentions of all their names become one entity."""
    found = [_entity(case, entity) for entity in entities]
    if len({f["id"] for f in found}) < 2:
        raise BadInput("merging needs at least two different entities")
    types = {f["type"] for f in found}
    if len(types) > 1:
        raise BadInput(
            "these entities are of different types (" + ", ".join(sorted(types)) + "); "
            "change the type of one first (`nutgraf review retype`)"
        )
    records = [record for f in found for record in f["records"]]
    label = "merged " + " + ".join(f"“{f['name']}”" for f in found)
    return _apply(case, "merge", records, label)


def split(case: Case, entity: str, names: list[str]) -> dict[str, Any]:
    """The mentions with these names (of the entity's names) become an entity of their own,
    which resolution's evidence never joins back; a reviewer's merge of them is undone."""
    found = _entity(case, entity)
    wanted = {_folded(name) for name in names}
    leaving = [r for r in found["records"] if wanted & {_folded(r.name), _folded(r.email or "")}]
    staying = [r for r in found["records"] if r not in leaving]
    known = sorted({r.name for r in found["records"] if r.name})
    if not leaving:
        raise BadInput(f"“{found['name']}” has no name {names!r} (its names: {known})")
    if not staying:
        raise BadInput("split off some of the names, not all of them")
    keys = {record_key(r) for r in leaving}
    apart = {record_key(r) for r in staying} - keys
    if not apart:
        raise BadInput("these names are one name once case and accents are set aside")
    for rule in case.store.review_rules():  # the later decision wins over an earlier merge
        if rule.action == "merge" and rule.keys & keys and rule.keys & apart:
            case.store.set_review_rule_keys(rule.id, set(rule.keys - keys))
    shown = ", ".join(f"“{n}”" for n in sorted({r.name for r in leaving if r.name}))
    label = f"split {shown} off “{found['name']}”"
    return _apply(case, "split", leaving, label, apart=apart, shown=found["records"])


def undo(case: Case, rule_id: int) -> dict[str, Any]:
    """Delete a rule; the case is resolved again as if it had never been made."""
    gone = next((rule for rule in rules(case) if rule["id"] == rule_id), None)
    if gone is None or not case.store.delete_review_rule(rule_id):
        raise NotFound(f"no review rule {rule_id} (see `nutgraf review list`)")
    _resolve(case)
    return {"undone": gone, "entities": _entities_with(case, set(gone["keys"]))}


# -------------------------------------------------------------------------- helpers


def _a(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _folded(name: str) -> str:
    return " ".join(fold(name).split())


def _entity(case: Case, entity: str) -> dict[str, Any]:
    ids = find_entities(case.store, entity)
    if len(ids) > 1:
        raise BadInput(f"{entity!r} names {len(ids)} entities ({', '.join(ids[:5])}…); give an id")
    row = case.store.entity_summary(ids[0])
    records = case.store.entity_records(ids[0])
    if not records:
        raise NotFound(f"entity {ids[0]} has no mentions")
    return row | {"records": records}


def _apply(
    case: Case,
    action: str,
    records: list[MentionRecord],
    label: str,
    apart: set[str] | None = None,
    value: str = "",
    shown: list[MentionRecord] | None = None,
) -> dict[str, Any]:
    """Keep the rule, resolve again; the rule and the entities that now hold `shown` (the
    rule's mentions unless given)."""
    keys = {record_key(record) for record in records}
    rule_id = case.store.add_review_rule(action, keys, label, apart=apart, value=value)
    _resolve(case)
    rule = next(rule for rule in rules(case) if rule["id"] == rule_id)
    # Mention ids outlive resolution (known-name mentions are found afresh each time).
    kept = [r.mention_id for r in shown or records if r.source != KNOWN_SOURCE]
    return {"rule": rule, "entities": case.store.entities_of_mentions(kept)}


def _resolve(case: Case) -> None:
    from nutgraf.search.indexing import Indexer  # indexing builds on the case

    with case.writing():
        resolve_entities(case.store)
        Indexer(case.store, case.index).catch_up()
    from nutgraf.names_across import compute_script_links

    compute_script_links(case.store)  # entity ids may have changed


def _entities_with(case: Case, keys: set[str]) -> list[dict[str, Any]]:
    """The entities that now hold mentions with these name keys (none once rejected)."""
    mention_ids = [
        record.mention_id
        for record in case.store.mention_records()
        if record.source != KNOWN_SOURCE and record_key(record) in keys
    ]
    return case.store.entities_of_mentions(mention_ids)
