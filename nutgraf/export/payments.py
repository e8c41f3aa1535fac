"""Payments the data itself states: one table row naming a payer and a beneficiary in columns
whose headers say so, with exactly one amount.

Never guessed from prose ("X paid Y"): a sentence can be read more than one way, and a wrong
payment is worse than a missing one. A row with two amounts, or two payers, is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from nutgraf.fold import fold


def _folded(words: str) -> frozenset[str]:
    return frozenset(fold(word) for word in words.split())


PAYER_HEADERS = _folded(
    "payer payor debtor ordenante pagador payeur débiteur donneur auftraggeber schuldner "
    "pagatore committente deudor opdrachtgever الدافع משלם sender absender émetteur"
)
BENEFICIARY_HEADERS = _folded(
    "payee beneficiary recipient bénéficiaire destinataire empfänger zahlungsempfänger "
    "begünstigter beneficiario destinatario beneficiário begunstigde ontvanger المستفيد "
    "מוטב נמען creditor créancier gläubiger acreedor"
)


@dataclass(frozen=True)
class Payment:
    doc_id: str
    row_start: int
    row_end: int
    payer: dict[str, Any]  # the payer column's mention (entity_id, start, end, quote)
    beneficiary: dict[str, Any]
    amount: dict[str, Any]  # the money fact
    date: dict[str, Any] | None


def _role(source: str) -> str | None:
    if not source.startswith("column:"):
        return None
    words = set(fold(source.split(":", 1)[1]).replace("_", " ").split())
    payer, beneficiary = bool(words & PAYER_HEADERS), bool(words & BENEFICIARY_HEADERS)
    if payer == beneficiary:  # neither, or a header naming both sides: not settled
        return None
    return "payer" if payer else "beneficiary"


def _row_of(text: str, start: int) -> tuple[int, int]:
    row_start = text.rfind("\n", 0, start) + 1
    row_end = text.find("\n", start)
    return row_start, len(text) if row_end < 0 else row_end


def payments_in(
    doc_id: str, text: str, mentions: Iterable[dict[str, Any]], facts: Iterable[dict[str, Any]]
) -> Iterator[Payment]:
    """The payments of one document's table rows (see the module's rule)."""
    rows: dict[tuple[int, int], dict[str, list[dict[str, Any]]]] = {}
    for mention in mentions:
        role = _role(mention.get("source") or "")
        if role is None or mention.get("start") is None:
            continue
        row = _row_of(text, mention["start"])
        rows.setdefault(row, {"payer": [], "beneficiary": []})[role].append(mention)
    if not rows:
        return
    money: dict[tuple[int, int], list[dict[str, Any]]] = {}
    dates: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for fact in facts:
        if fact["kind"] in ("money", "date"):
            target = money if fact["kind"] == "money" else dates
            target.setdefault(_row_of(text, fact["start"]), []).append(fact)
    for (start, end), parties in sorted(rows.items()):
        amounts = money.get((start, end), [])
        if len(parties["payer"]) != 1 or len(parties["beneficiary"]) != 1 or len(amounts) != 1:
            continue
        (payer,), (beneficiary,) = parties["payer"], parties["beneficiary"]
        if payer["entity_id"] == beneficiary["entity_id"]:
            continue
        day = [d for d in dates.get((start, end), []) if d.get("precision") == "day"]
        yield Payment(
            doc_id, start, end, payer, beneficiary, amounts[0], day[0] if len(day) == 1 else None
        )
