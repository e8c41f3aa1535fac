"""Case-wide checks: wrong merges, money totals, null-date sentinels."""

from __future__ import annotations

import re
from typing import Any

from scoring import normalise

SENTINEL_PREFIXES = ("1601-01-01", "1899-12-30", "1899-12-31", "1900-01-00", "1970-01-01")
SENTINEL_MONTHS = ("1601-01", "1899-12", "1900-01", "1970-01")


def names_to_entities(entities: list[dict], mentions: list[dict]) -> dict[str, set[str]]:
    """Normalised name -> the entity ids it is filed under (names, aliases, mention quotes)."""
    index: dict[str, set[str]] = {}
    for entity in entities:
        for name in [entity.get("name", ""), *(entity.get("aliases") or [])]:
            index.setdefault(normalise(name), set()).add(entity["id"])
    for mention in mentions:
        for name in (mention.get("quote"), mention.get("name")):
            if name and mention.get("entity_id"):
                index.setdefault(normalise(name), set()).add(mention["entity_id"])
    return index


def check_merges(group: dict, index: dict[str, set[str]], entities: list[dict]) -> list[str]:
    """One line per pair of names that must be different entities: ok, MERGED, or unseen."""
    lines = []
    names = group["names"]
    why = {e["id"]: e.get("why") for e in entities}

    def ids(name: str) -> set[str]:
        bare = re.sub(
            r"\s*\([^()]*\)\s*$", "", name
        )  # "Julien Nioche (JIRA)" is also "Julien Nioche"
        return index.get(normalise(name), set()) | index.get(normalise(bare), set())

    for i, first in enumerate(names):
        for second in names[i + 1 :]:
            ids_a, ids_b = ids(first), ids(second)
            if not ids_a or not ids_b:
                unseen = first if not ids_a else second
                lines.append(f"unseen  {first!r} / {second!r} ({unseen!r} is no entity)")
            elif ids_a & ids_b:
                shared = sorted(ids_a & ids_b)[0]
                lines.append(f"MERGED  {first!r} / {second!r} in {shared} why={why.get(shared)}")
            else:
                lines.append(f"ok      {first!r} / {second!r}")
    return lines


def _distinct(row: dict[str, Any]) -> Any:
    for key in ("distinct", "distinct_amounts", "amounts"):
        if key in row:
            return row[key]
    return None


def check_totals(total: dict, money: list[dict]) -> list[tuple[bool, str]]:
    """(ok, line) per expected currency and per reported currency nobody expected."""
    lines = []
    reported = {row.get("currency"): row for row in money if "entity" not in row}
    for currency, want in total["currencies"].items():
        row = reported.get(currency)
        if row is None:
            lines.append((False, f"{total['id']} {currency}: no total (want {want['total']:,.2f})"))
            continue
        got = float(row.get("total") or 0)
        ok_total = abs(got - want["total"]) <= max(1.0, want["total"] * 1e-6)
        distinct = _distinct(row)
        if isinstance(distinct, list):
            values = sorted(
                float(v.get("value", v) if isinstance(v, dict) else v) for v in distinct
            )
            ok_distinct = values == sorted(float(v) for v in want["distinct"])
        elif isinstance(distinct, int):
            ok_distinct = distinct == len(want["distinct"])
        else:
            ok_distinct = False
        lines.append(
            (
                ok_total and ok_distinct,
                f"{total['id']} {currency}: total {got:,.2f} (want {want['total']:,.2f}) "
                f"{'ok' if ok_total else 'WRONG'}; distinct amounts "
                f"{distinct if distinct is not None else 'not reported'} "
                f"(want {len(want['distinct'])}) {'ok' if ok_distinct else 'WRONG'}",
            )
        )
    for currency in sorted(set(reported) - set(total["currencies"]), key=str):
        lines.append((False, f"{total['id']} {currency}: unexpected total {reported[currency]}"))
    return lines


def sentinel_facts(facts: list[dict]) -> list[str]:
    return [
        f"{f.get('doc_id')}: {f.get('quote')!r} -> {f.get('value')}"
        for f in facts
        if f.get("kind") == "date" and str(f.get("value", "")).startswith(SENTINEL_PREFIXES)
    ]


def sentinel_months(timeline: list[dict]) -> list[str]:
    return [
        f"{m['month']} ({m.get('documents', 0)} documents, {m.get('facts', 0)} facts)"
        for m in timeline
        if str(m.get("month", "")).startswith(SENTINEL_MONTHS) or str(m.get("month", "")) < "1700"
    ]
