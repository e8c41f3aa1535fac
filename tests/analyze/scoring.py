"""Scores extract_facts against the hand-annotated gold set (shared by the test and the bench).

A predicted fact matches a gold fact when both have the same kind, their spans overlap (the
gold span is found by its quote) and their values agree: money within 0.5 % and same currency,
quantity same value and unit, other kinds equal value. Every sentence is exhaustively annotated,
so any unmatched prediction is a false positive (sentences without facts are negatives).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nutgraf.analyze.facts import extract_facts
from nutgraf.model import Fact

GOLD_DIR = Path(__file__).parent / "gold"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)
    false_alarms: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_gold() -> list[dict[str, Any]]:
    rows = []
    for path in sorted(GOLD_DIR.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def gold_spans(row: dict[str, Any]) -> list[tuple[int, int, dict[str, Any]]]:
    """Each gold fact with the span of its quote (successive equal quotes take successive spans)."""
    spans, taken = [], set()
    for fact in row["facts"]:
        start = row["text"].find(fact["quote"])
        while start in taken:
            start = row["text"].find(fact["quote"], start + 1)
        if start < 0:
            raise ValueError(f"quote {fact['quote']!r} not in {row['text']!r}")
        taken.add(start)
        spans.append((start, start + len(fact["quote"]), fact))
    return spans


def _agrees(predicted: Fact, gold: dict[str, Any]) -> bool:
    if predicted.kind != gold["kind"]:
        return False
    if gold["kind"] == "money":
        same_amount = abs(predicted.value - gold["value"]) <= 0.005 * abs(gold["value"])
        return same_amount and predicted.currency == gold["currency"]
    if gold["kind"] in ("percent", "quantity"):
        same = abs(predicted.value - gold["value"]) <= 1e-6 * max(1.0, abs(gold["value"]))
        return same and (gold["kind"] == "percent" or predicted.unit == gold["unit"])
    return predicted.value == gold["value"]


def score(rows: list[dict[str, Any]]) -> tuple[dict[str, Counts], dict[str, dict[str, Counts]]]:
    """Counts per kind, and per language then kind."""
    by_kind: dict[str, Counts] = defaultdict(Counts)
    by_language: dict[str, dict[str, Counts]] = defaultdict(lambda: defaultdict(Counts))
    for row in rows:
        predicted = extract_facts(row["text"], row["lang"], row.get("country"))
        unmatched = list(predicted)
        for start, end, gold in gold_spans(row):
            hit = next(
                (p for p in unmatched if p.start < end and start < p.end and _agrees(p, gold)), None
            )
            for counts in (by_kind[gold["kind"]], by_language[row["lang"]][gold["kind"]]):
                if hit is None:
                    counts.fn += 1
                    counts.misses.append(f"{gold['quote']!r} in {row['text'][:70]!r}")
                else:
                    counts.tp += 1
            if hit is not None:
                unmatched.remove(hit)
        for fact in unmatched:
            for counts in (by_kind[fact.kind], by_language[row["lang"]][fact.kind]):
                counts.fp += 1
                counts.false_alarms.append(f"{fact.quote!r}={fact.value} in {row['text'][:70]!r}")
    return by_kind, by_language
