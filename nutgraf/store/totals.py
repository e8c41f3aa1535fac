"""Money totals that count each payment once (the `money` command and the facts page).

The rule, meant to be explained in one breath and never to overstate:

1. Amounts are the same when they have the same currency and the same value to the cent.
   The same amount written again — in a reply's quote, a forward, a copy of a document, the
   minutes that record it, a document's table and its prose — is ONE amount with several
   sources, whatever the documents.
2. The only repeats that count again are separate rows of one table (a ledger's lines): an
   amount counts as many times as the one document listing it on most rows shows it (a
   line holding tabs, or a delimited record, is a row), and at least once.
3. A part introduced as such ("12,5 M€, dont 1,2 M€", "of which", "davon", "de los cuales",
   "including") is never added to its whole: such facts carry `part_of` and are listed
   under `parts`, not summed.

So two genuinely separate payments of exactly the same amount in prose count once: a total
is a floor. Every total says how many distinct amounts and documents it sums, lists each
amount with its sources, and gives `plain_sum` (every mention added) only when asked.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from nutgraf.store.queries_entities import facts_in_context, mentions_by_document
from nutgraf.store.sql import SqlStore

MAX_SOURCES = 50  # per distinct amount: the quotes shown; the counts stay exact


def money_totals(
    store: SqlStore, by: str = "currency", plain_sum: bool = False, **filters: Any
) -> list[dict[str, Any]]:
    """Totals per currency, or per entity and currency (the entity named in the sentence)."""
    facts = list(facts_in_context(store, kind="money", **filters))
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    labels: dict[tuple[str, ...], dict[str, Any]] = {}
    if by == "currency":
        for fact in facts:
            groups[(fact.get("currency") or "?",)].append(fact)
    else:
        names = mentions_by_document(store, {fact["doc_id"] for fact in facts})
        for fact in facts:
            end = fact["sentence_start"] + len(fact["sentence"])
            for entity_id, entity_name, start, stop in names.get(fact["doc_id"], []):
                if start is not None and start < end and fact["sentence_start"] < stop:
                    key = (entity_id, fact.get("currency") or "?")
                    if fact not in groups[key]:
                        groups[key].append(fact)
                    labels[key] = {"entity_id": entity_id, "entity": entity_name}
    rows = [
        labels.get(key, {}) | _total(key[-1], group, plain_sum) for key, group in groups.items()
    ]
    return sorted(rows, key=lambda t: (-t["total"], t["currency"], t.get("entity", "")))


def _total(currency: str, facts: list[dict[str, Any]], plain_sum: bool) -> dict[str, Any]:
    wholes = [fact for fact in facts if fact.get("part_of") is None]
    parts = [fact for fact in facts if fact.get("part_of") is not None]
    amounts: dict[float, list[dict[str, Any]]] = defaultdict(list)
    for fact in wholes:
        amounts[round(float(fact["value"]), 2)].append(fact)
    sources = [_amount(value, mentions) for value, mentions in amounts.items()]
    sources.sort(key=lambda s: (-s["value"] * s["counted"], s["value"]))
    total: dict[str, Any] = {
        "currency": currency,
        "total": round(sum(s["value"] * s["counted"] for s in sources), 2),
        "distinct_amounts": sum(s["counted"] for s in sources),
        "documents": len({fact["doc_id"] for fact in facts}),
        "mentions": len(facts),
        "sources": sources,
    }
    if parts:
        total["parts"] = [_source(fact) for fact in parts[:MAX_SOURCES]]
    if plain_sum:
        total["plain_sum"] = round(sum(float(fact["value"]) for fact in facts), 2)
    return total


def _amount(value: float, mentions: list[dict[str, Any]]) -> dict[str, Any]:
    rows: dict[str, set[int]] = defaultdict(set)
    for fact in mentions:
        line_start = fact["sentence_start"]
        if _is_row(fact["sentence"]):
            rows[fact["doc_id"]].add(line_start)
    documents = list(dict.fromkeys(fact["doc_id"] for fact in mentions))
    return {
        "value": value,
        "counted": max([1, *(len(lines) for lines in rows.values())]),
        "documents": documents,
        "mentions": [_source(fact) for fact in mentions[:MAX_SOURCES]],
    }


def _source(fact: dict[str, Any]) -> dict[str, Any]:
    return {key: fact[key] for key in ("doc_id", "start", "end", "quote")}


def _is_row(sentence: str) -> bool:
    """A table row: `sentence_around` gives a tab-separated or delimited line whole."""
    if "\n" in sentence:
        return False
    return "\t" in sentence or sentence.count(";") >= 2 or sentence.count("|") >= 2
