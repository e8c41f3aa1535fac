"""Saved searches: a named query a reporter runs again as the case grows."""

from __future__ import annotations

from typing import Any

from nutgraf.case import Case
from nutgraf.errors import BadInput, NotFound
from nutgraf.search.query import parse

MAX_NAME = 100


def save(case: Case, name: str, query: str) -> dict[str, Any]:
    """Save `query` under `name` (replacing an older one); a malformed query is refused."""
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME:
        raise BadInput(f"a saved search needs a name of 1 to {MAX_NAME} characters")
    if "/" in name:
        raise BadInput("a saved search's name cannot hold '/' (it names a URL in the API)")
    parse(query)  # QueryError, saying where, before anything is kept
    created = case.store.save_search(name, query)
    return get(case, name) | {"created": created}


def get(case: Case, name: str) -> dict[str, Any]:
    found = case.store.saved_search(" ".join(name.split()))
    if found is None:
        raise NotFound(f"no saved search named {name!r} (see `nutgraf saved list`)")
    return found


def remove(case: Case, name: str) -> None:
    if not case.store.remove_saved(" ".join(name.split())):
        raise NotFound(f"no saved search named {name!r}")


def listed(case: Case) -> list[dict[str, Any]]:
    return case.store.saved_searches()
