"""Search with each group of near-identical documents collapsed to its best hit.

The groups are the case's version groups (nutgraf/versions.py). A collapsed hit stands for
its group: it carries how many other versions the group holds ("+3 versions"), whether or
not they matched the query, so the reader knows to open the version list.
"""

from __future__ import annotations

from typing import Any

from nutgraf import search as run_search
from nutgraf.case import Case
from nutgraf.search import MAX_LIMIT, Hit, Results


def collapsed_search(
    case: Case, query: str, limit: int = 10, offset: int = 0, **options: Any
) -> tuple[Results, dict[str, dict[str, Any]]]:
    """Like `nutgraf.search`, with at most one hit per version group.

    Returns the results (whose `total` still counts every matching document) and, for each
    hit that stands for a group, {"group_id", "versions"}: the other members' count. Hits are
    fetched in growing windows from the top until the page is full, so paging with `offset`
    pages over collapsed hits.
    """
    from nutgraf.versions import ensure_versions

    ensure_versions(case.store)
    want = offset + limit
    window = max(2 * want, 20)
    while True:
        results = run_search(case, query, limit=min(window, MAX_LIMIT), offset=0, **options)
        kept, groups = _collapse(case, results.hits)
        exhausted = len(results.hits) >= results.total or window >= MAX_LIMIT
        if len(kept) >= want or exhausted:
            break
        window *= 4
    results.hits = kept[offset:want]
    results.offset = offset
    shown = {hit.document.id for hit in results.hits}
    return results, {doc_id: found for doc_id, found in groups.items() if doc_id in shown}


def _collapse(case: Case, hits: list[Hit]) -> tuple[list[Hit], dict[str, dict[str, Any]]]:
    groups = case.store.version_groups([hit.document.id for hit in hits])
    seen: set[str] = set()
    kept: list[Hit] = []
    found: dict[str, dict[str, Any]] = {}
    for hit in hits:
        group = groups.get(hit.document.id)
        if group is None:
            kept.append(hit)
            continue
        if group[0] in seen:
            continue  # a lower-ranked version of a group already shown
        seen.add(group[0])
        kept.append(hit)
        found[hit.document.id] = {"group_id": group[0], "versions": group[1] - 1}
    return kept, found
