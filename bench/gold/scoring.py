"""Score what nutgraf stored for a document against its gold annotation.

Pure functions: a gold row (see README.md), the stored text, the document's facts and
mentions in, counts and the reasons behind them out. Nothing here knows how nutgraf finds
dates or names; it only reads the public fields (`start`, `end`, `quote`, `value`, `type`,
and, when they exist, `ambiguous`, `other`, `calendar`).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

GOLD_DIR = Path(__file__).resolve().parent
NON_GREGORIAN = {"hijri", "solar_hijri", "hebrew"}
CALENDAR_SLACK_DAYS = 2  # lunar calendars differ by a day or two between sighting and table
HONORIFICS = {
    "mr", "mrs", "ms", "dr", "prof", "professor", "m", "mme", "monsieur", "madame", "maître",
    "herr", "frau", "señor", "señora", "sr", "sra", "don", "doña", "judge", "senator",
    "president", "the", "الدكتور", "الاستاذ", "الأستاذ", "الشيخ", "السيد", "السيدة", "الأمير",
    "المهندس", 'עו"ד', 'ד"ר', "מר", "גב'",
}  # fmt: skip
PROCLITICS = {"ar": "وبلفك", "fa": "وب", "he": "והבלמשכ"}


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

    def add(self, other: Counts) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        self.misses += other.misses
        self.false_alarms += other.false_alarms


@dataclass
class DocScore:
    """One gold row's result: counts per kind and per entity type, and the side checks."""

    dates: Counts = field(default_factory=Counts)
    entity_types: dict[str, Counts] = field(default_factory=dict)
    checks: dict[str, list[str]] = field(default_factory=dict)  # check name -> "ok"/"bad" notes
    problems: list[str] = field(default_factory=list)  # the gold could not be applied

    def entity_counts(self, kind: str) -> Counts:
        return self.entity_types.setdefault(kind, Counts())

    def check(self, name: str, ok: bool, note: str) -> None:
        self.checks.setdefault(name, []).append(("ok " if ok else "BAD ") + note)


def load_jsonl(name: str, folder: Path = GOLD_DIR) -> list[dict[str, Any]]:
    with open(folder / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


# --- locating quotes -------------------------------------------------------------------


def locate(text: str, needle: str) -> list[tuple[int, int]]:
    """Every occurrence of `needle`; if none, every occurrence with whitespace runs collapsed."""
    found = [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]
    if found or not needle.strip():
        return found
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    found = [(m.start(), m.end()) for m in re.finditer(pattern, text)]
    if found:
        return found
    # Last resort: ignore invisible characters (bidi marks, C1 controls) on both sides.
    keep = [
        i for i, c in enumerate(text) if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf")
    ]
    visible = "".join(text[i] for i in keep)
    wanted = "".join(
        c for c in needle if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf")
    )
    pattern = r"\s+".join(re.escape(part) for part in wanted.split())
    return [(keep[m.start()], keep[m.end() - 1] + 1) for m in re.finditer(pattern, visible)]


def scope_spans(row: dict[str, Any], text: str, score: DocScore) -> list[tuple[int, int]]:
    if row.get("scope", "whole") == "whole":
        return [(0, len(text))]
    spans = []
    for excerpt in row["scope"]["excerpts"]:
        where = locate(text, excerpt)
        if where:
            spans.append(where[0])
        else:
            score.problems.append(f"excerpt not in stored text: {excerpt[:60]!r}")
    return spans


def inside(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and span[1] > start for start, end in spans)


def occurrences(text: str, quote: str, scope: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [span for span in locate(text, quote) if inside(span, scope)]


# --- dates -----------------------------------------------------------------------------


def _as_date(value: Any) -> Date | None:
    try:
        return Date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def date_value_ok(gold: dict[str, Any], value: Any) -> bool:
    if value == gold["value"] or (gold.get("ambiguous") and value == gold.get("other")):
        return True
    if gold.get("calendar") in NON_GREGORIAN and len(gold["value"]) == 10:
        found, wanted = _as_date(value), _as_date(gold["value"])
        return bool(found and wanted and abs((found - wanted).days) <= CALENDAR_SLACK_DAYS)
    return False


def _coarser(value: Any, wanted: str) -> bool:
    text = str(value or "")
    return len(text) in (4, 7) and len(wanted) > len(text) and wanted.startswith(text)


def score_dates(row: dict, text: str, facts: list[dict], scope: list, score: DocScore) -> None:
    golds = []
    for gold in row.get("dates", []):
        where = occurrences(text, gold["quote"], scope)
        if not where:
            score.problems.append(f"date quote not in scope: {gold['quote']!r}")
        golds.append((gold, where))
    negatives = [occurrences(text, q, scope) for q in row.get("not_dates", [])]
    matched: set[int] = set()
    misread: set[int] = set()
    for fact in facts:
        if fact.get("kind") != "date" or fact.get("start") is None:
            continue
        span = (fact["start"], fact["end"])
        if not inside(span, scope):
            continue
        said = f"{row['id']}: {fact.get('quote')!r} -> {fact.get('value')}"
        hits = [i for i, (_, where) in enumerate(golds) if inside(span, where)]
        if not hits:
            negative = any(inside(span, where) for where in negatives)
            if negative:
                score.check("date negatives", False, said)
            score.dates.fp += 1
            score.dates.false_alarms.append(said + (" (a negative)" if negative else ""))
            continue
        right = [i for i in hits if date_value_ok(golds[i][0], fact.get("value"))]
        if not right and any(_coarser(fact.get("value"), golds[i][0]["value"]) for i in hits):
            # "May 2014" for "3 May 2014" is true, only less precise: a miss, not a false alarm
            score.check(
                "date precision kept", False, f"{said} (wanted {golds[hits[0]][0]['value']})"
            )
            continue
        if not right:
            gold = golds[hits[0]][0]
            score.dates.fp += 1
            score.dates.false_alarms.append(f"{said} (wanted {gold['value']})")
            if gold.get("calendar") in NON_GREGORIAN and hits[0] not in misread:
                misread.add(hits[0])
                score.check("non-Gregorian not read as Gregorian", False, said)
            if gold.get("ambiguous") is False and hits[0] not in misread:
                misread.add(hits[0])
                score.check("ambiguous flag (settled)", False, f"{said} (the evidence was ignored)")
            continue
        index = right[0]
        if index in matched or golds[index][0].get("optional"):
            continue
        matched.add(index)
        score.dates.tp += 1
        score.check("date precision kept", True, said)
        _date_side_checks(golds[index][0], fact, said, score)
    for index, (gold, where) in enumerate(golds):
        if gold.get("calendar") in NON_GREGORIAN and where and index not in misread:
            score.check(
                "non-Gregorian not read as Gregorian", True, f"{row['id']}: {gold['quote']!r}"
            )
        if index not in matched and where and not gold.get("optional"):
            score.dates.fn += 1
            score.dates.misses.append(f"{row['id']}: {gold['quote']!r} = {gold['value']}")
            if gold.get("calendar") in NON_GREGORIAN:
                score.check("non-Gregorian found", False, f"{row['id']}: {gold['quote']!r}")
    for quote, where in zip(row.get("not_dates", []), negatives, strict=True):
        if where and not any(
            f.get("kind") == "date"
            and f.get("start") is not None
            and inside((f["start"], f["end"]), where)
            for f in facts
        ):
            score.check("date negatives", True, f"{row['id']}: {quote!r}")


def _date_side_checks(gold: dict, fact: dict, said: str, score: DocScore) -> None:
    if "ambiguous" in gold:
        flagged = fact.get("ambiguous") is True
        ok = flagged == gold["ambiguous"]
        if ok and flagged and gold.get("other"):
            other = fact.get("other") or fact.get("alternative") or fact.get("other_value")
            ok = other in (gold["other"], gold["value"]) and other != fact.get("value")
        kind = "ambiguous flag (ambiguous)" if gold["ambiguous"] else "ambiguous flag (settled)"
        score.check(kind, ok, f"{said} ambiguous={fact.get('ambiguous')} other={fact.get('other')}")
    if gold.get("calendar") in NON_GREGORIAN:
        score.check("non-Gregorian found", True, said)
        score.check(
            "calendar kept",
            fact.get("calendar") == gold["calendar"],
            f"{said} calendar={fact.get('calendar')}",
        )


# --- entities --------------------------------------------------------------------------


def _strip_marks(text: str) -> str:
    """Drop accents and points, and invisible characters (bidi marks, stray C1 controls)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(
        c
        for c in decomposed
        if not unicodedata.combining(c)
        and (c.isspace() or unicodedata.category(c) not in ("Cc", "Cf"))
    )


_TITLES = {_strip_marks(title).casefold() for title in HONORIFICS}


def normalise(name: str) -> str:
    """Case, accents (and Hebrew points), spacing, quotes, possessive and leading titles."""
    text = _strip_marks(unicodedata.normalize("NFKC", name)).casefold()
    text = re.sub(r"<[^<>\s]*@[^<>\s]*>", " ", text)  # "Name <address>" in a mail header
    text = re.sub(r"[\u2019`]", "'", text)
    text = re.sub(r"[\u05be\-\u2010-\u2015]", "-", text)
    text = re.sub(r"\s+", " ", text).strip(" \t\n.,;:!?\"'()[]«»“”„")
    text = re.sub(r"'s$", "", text)
    words = text.split(" ")
    while len(words) > 1 and words[0].rstrip(".") in _TITLES:
        words = words[1:]
    return " ".join(words)


def forms(name: str, lang: str) -> set[str]:
    """The normalised name, and for ar/fa/he the name without one or two attached particles."""
    base = normalise(name)
    found = {base}
    letters = PROCLITICS.get(lang, "")
    current = base
    for _ in range(2):
        if len(current) > 3 and current[0] in letters:
            current = normalise(current[1:].lstrip("-"))
            found.add(current)
    return found


def _gold_forms(gold: dict, lang: str) -> set[str]:
    names = [gold["name"], *gold.get("aliases", [])]
    return {normalise(n) for n in names}


def score_entities(
    row: dict, text: str, mentions: list[dict], scope: list, score: DocScore
) -> None:
    lang = row["lang"]
    golds = [(gold, _gold_forms(gold, lang)) for gold in row.get("entities", [])]
    traps = {normalise(t): t for t in row.get("not_entities", [])}
    whole = row.get("scope", "whole") == "whole"
    seen: set[tuple[str, str]] = set()
    found: set[int] = set()
    sprung: set[str] = set()
    for mention in mentions:
        start = mention.get("start")
        if start is None and not whole:
            continue
        if start is not None and not inside((start, mention["end"]), scope):
            continue
        written = mention.get("quote") or mention.get("name") or ""
        kind = mention.get("type", "?")
        key = (normalise(written), kind)
        if key in seen or not key[0]:
            continue
        seen.add(key)
        said = f"{row['id']}: {written!r} as {kind}"
        names = forms(written, lang) | (
            {normalise(mention["name"])} if mention.get("name") else set()
        )
        hits = [i for i, (_, gold_forms) in enumerate(golds) if names & gold_forms]
        typed = [
            i for i in hits if kind in (golds[i][0]["type"], *golds[i][0].get("alt_types", []))
        ]
        if typed:
            for i in typed:
                if not golds[i][0].get("optional") and i not in found:
                    found.add(i)
                    score.entity_counts(golds[i][0]["type"]).tp += 1
            continue
        counts = score.entity_counts(kind)
        counts.fp += 1
        if hits:
            counts.false_alarms.append(f"{said} (wrong type: {golds[hits[0]][0]['type']})")
            continue
        trap = next((traps[f] for f in names if f in traps), None)
        counts.false_alarms.append(said + (" (a trap)" if trap else ""))
        if trap:
            sprung.add(trap)
            score.check("entity traps", False, said)
    for i, (gold, _) in enumerate(golds):
        if i not in found and not gold.get("optional"):
            counts = score.entity_counts(gold["type"])
            counts.fn += 1
            counts.misses.append(f"{row['id']}: {gold['name']!r} ({gold['type']})")
    for trap in row.get("not_entities", []):
        if trap not in sprung and occurrences(text, trap, scope):
            score.check("entity traps", True, f"{row['id']}: {trap!r}")


def score_document(row: dict, text: str, facts: list[dict], mentions: list[dict]) -> DocScore:
    score = DocScore()
    scope = scope_spans(row, text, score)
    if "date" in row.get("kinds", []):
        score_dates(row, text, facts, scope, score)
    if "entity" in row.get("kinds", []):
        score_entities(row, text, mentions, scope, score)
    return score
