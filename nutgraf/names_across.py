"""Entities that are one name written in two scripts: `كريم حداد` and `Karim Haddad`.

After each ingest and each review, every person and company name in Arabic, Hebrew or another
non-Latin script is compared with the Latin ones of the same type (analyze/across_scripts.py: the
same consonants, long vowels in their place). A pair is kept as a link with both names, shown
on each entity's page as a suggestion; merging stays the reporter's decision (nutgraf review
merge), because one transliteration can fit two people.
"""

from __future__ import annotations

from collections import defaultdict

from nutgraf.analyze.across_scripts import crosses_scripts, same_across_scripts, skeleton
from nutgraf.store.sql import SqlStore


def compute_script_links(store: SqlStore) -> int:
    """Rebuild the links of the case; how many pairs of entities are linked."""
    by_key: dict[tuple[str, tuple[str, ...]], list[tuple[str, str]]] = defaultdict(list)
    for entity_id, type_, names in store.entity_names():
        for name in names:
            if key := skeleton(name):
                by_key[(type_, key)].append((entity_id, name))
    links: dict[tuple[str, str], tuple[str, str]] = {}
    for named in by_key.values():
        for index, (a, name_a) in enumerate(named):
            for b, name_b in named[index + 1 :]:
                if a == b or (a, b) in links or not crosses_scripts(name_a, name_b):
                    continue
                if same_across_scripts(name_a, name_b):
                    links[(a, b)] = (name_a, name_b)
                    links[(b, a)] = (name_b, name_a)
    store.replace_script_links([(a, b, na, nb) for (a, b), (na, nb) in sorted(links.items())])
    return len(links) // 2


def links_of(store: SqlStore, entity_id: str) -> list[dict]:
    if not store.script_links_computed():
        compute_script_links(store)  # a case made before links existed
    return store.script_links_of(entity_id)
