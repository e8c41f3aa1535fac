"""Watchlists: which names of a list (a CSV with a name column, or FollowTheMoney JSON lines such
as an OpenSanctions export) the case names, where, with the quote.

Names are compared folded (case and accents aside: `Hélène` is `Helene`) with word order set
aside (`Marchetti, Hélène` is `Hélène Marchetti`), by rapidfuzz's token-sort ratio, so a typo
or a missing letter still scores high. Each match carries its score, the name it matched and
every mention as evidence. A name in Arabic or Hebrew script and one in Latin letters match
when their consonants and long vowels agree (analyze/across_scripts.py: `كريم حداد` is
`Karim Haddad`), reported with method `transliteration`.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from nutgraf.analyze.across_scripts import crosses_scripts, same_across_scripts, skeleton
from nutgraf.case import Case
from nutgraf.errors import BadInput
from nutgraf.fold import fold

DEFAULT_THRESHOLD = 90.0  # bench/watchlist.py: precision ≈0.96, recall ≈0.99 here
MAX_EVIDENCE = 50  # mentions listed per match
# followthemoney schemata → the entity types of a case they may match
SCHEMA_TYPES = {
    "Person": ("person",),
    "Organization": ("organization",),
    "Company": ("organization",),
    "PublicBody": ("organization",),
    "LegalEntity": ("person", "organization"),
    "Vessel": ("organization",),
}
_PUNCTUATION = re.compile(r"[^\w\s]+")


@dataclass(frozen=True)
class Listed:
    """One entry of a watchlist: its names (the first is its main one)."""

    key: str  # the list's own id, else the row number
    names: tuple[str, ...]
    types: tuple[str, ...] = ("person", "organization")


@dataclass(frozen=True)
class Candidate:
    entity_id: str
    type: str
    names: tuple[str, ...]


@dataclass
class Match:
    listed: Listed
    entity_id: str | None  # None: found in the text, not among the extracted entities
    type: str
    listed_name: str
    matched_name: str
    score: float
    evidence: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "list_id": self.listed.key,
            "list_name": self.listed.names[0],
            "listed_name": self.listed_name,
            "entity_id": self.entity_id,
            "type": self.type,
            "matched_name": self.matched_name,
            "score": round(self.score, 1),
            "exact": self.score >= 100.0,
            "method": self.method,
            "evidence": self.evidence,
        }

    @property
    def method(self) -> str:
        if self.entity_id is None:
            return "text"
        if crosses_scripts(self.listed_name, self.matched_name):
            return "transliteration"  # score 100: the same consonant skeleton, not spelling
        return "entity"


def comparable(name: str) -> str:
    """A name as compared: folded, punctuation as spaces, words in alphabetical order."""
    # lower-cased first: fold() maps ł and ø but not Ł and Ø (so Łukasz stayed łukasz)
    return " ".join(sorted(_PUNCTUATION.sub(" ", fold(name.lower())).split()))


# ---------------------------------------------------------------- reading lists


def read_list(path: Path) -> list[Listed]:
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise BadInput(f"{path}: cannot read the watchlist ({error.strerror})") from None
    return read_list_text(raw.decode("utf-8-sig", errors="replace"), str(path))


def read_list_text(text: str, source: str = "the list") -> list[Listed]:
    """A list given as text: FollowTheMoney JSON lines when it starts with `{`, else CSV."""
    first = text.lstrip()[:1]
    entries = list(_from_ftm(text, source) if first == "{" else _from_csv(text, source))
    if not entries:
        raise BadInput(f"{source}: no names found (a CSV needs a 'name' column)")
    return entries


def _from_csv(text: str, path: str) -> Iterator[Listed]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return
    header = [cell.strip().lower() for cell in rows[0]]
    if "name" not in header:
        raise BadInput(f"{path}: the CSV has no 'name' column (found: {', '.join(header)})")
    column = header.index("name")
    aliases = [i for i, cell in enumerate(header) if cell in ("alias", "aliases")]
    for number, row in enumerate(rows[1:], start=2):
        if len(row) <= column or not row[column].strip():
            continue
        names = [row[column].strip()]
        for index in aliases:
            if index < len(row):
                names += [part.strip() for part in row[index].split(";") if part.strip()]
        yield Listed(f"row-{number}", tuple(dict.fromkeys(names)))


def _from_ftm(text: str, path: str) -> Iterator[Listed]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError:
            raise BadInput(f"{path}: line {number} is not JSON") from None
        types = SCHEMA_TYPES.get(str(data.get("schema")))
        properties = data.get("properties") or {}
        names = [n for n in properties.get("name") or [] if isinstance(n, str) and n.strip()]
        if types is None or not names:
            continue  # sanctions, addresses and other non-party entities
        names += [n for n in properties.get("alias") or [] if isinstance(n, str) and n.strip()]
        yield Listed(str(data.get("id") or f"line-{number}"), tuple(dict.fromkeys(names)), types)


# ---------------------------------------------------------------- matching


def match_names(
    entries: Iterable[Listed], candidates: list[Candidate], threshold: float = DEFAULT_THRESHOLD
) -> Iterator[tuple[Listed, Candidate, str, str, float]]:
    """(entry, candidate, listed name, matched name, score) for each pair at or over the
    threshold: the best-scoring pair of names for each entry and candidate."""
    choices: list[str] = []
    owners: list[tuple[int, str]] = []
    by_skeleton: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for index, candidate in enumerate(candidates):
        for name in candidate.names:
            key = comparable(name)
            if len(key) >= 3:
                choices.append(key)
                owners.append((index, name))
            if bones := skeleton(name):
                by_skeleton.setdefault(bones, []).append((index, name))
    for entry in entries:
        best: dict[int, tuple[float, str, str]] = {}
        for listed_name in entry.names:
            query = comparable(listed_name)
            if len(query) < 3:
                continue
            for _, score, position in process.extract(
                query, choices, scorer=fuzz.ratio, score_cutoff=threshold, limit=None
            ):
                index, matched = owners[position]
                if candidates[index].type not in entry.types:
                    continue
                if score > best.get(index, (-1.0, "", ""))[0]:
                    best[index] = (score, listed_name, matched)
            for index, matched in by_skeleton.get(skeleton(listed_name) or ("",), []):
                fits = candidates[index].type in entry.types
                if fits and index not in best and same_across_scripts(listed_name, matched):
                    best[index] = (100.0, listed_name, matched)
        for index, (score, listed_name, matched) in sorted(best.items(), key=lambda b: -b[1][0]):
            yield entry, candidates[index], listed_name, matched, score


def case_candidates(case: Case) -> list[Candidate]:
    found = []
    for entity in case.store.entities(limit=None):
        if entity["type"] == "location":
            continue
        names = [entity["name"], *(a for a in entity["aliases"] if "@" not in a)]
        found.append(Candidate(entity["id"], entity["type"], tuple(dict.fromkeys(names))))
    return found


def watch(
    case: Case, path: Path, threshold: float = DEFAULT_THRESHOLD, in_text: bool = True
) -> list[Match]:
    """Every listed name the case mentions, with the mentions (quote, span, path) as evidence:
    matched extracted entities, then (`in_text`) the names as written in texts where no
    extracted entity's mention covers them (`method: text`, folded exact match, score 100)."""
    return watch_entries(case, read_list(path), threshold, in_text)


def watch_entries(
    case: Case, entries: list[Listed], threshold: float = DEFAULT_THRESHOLD, in_text: bool = True
) -> list[Match]:
    if not 0 < threshold <= 100:
        raise BadInput("the threshold is a score from 1 to 100")

    matches = []
    for entry, candidate, listed_name, matched, score in match_names(
        entries, case_candidates(case), threshold
    ):
        evidence = case.store.entity_evidence(candidate.entity_id, MAX_EVIDENCE)
        matches.append(
            Match(entry, candidate.entity_id, candidate.type, listed_name, matched, score, evidence)
        )
    if in_text:
        matches += _text_matches(case, entries, matches)
    return matches


def _text_matches(case: Case, entries: list[Listed], found: list[Match]) -> list[Match]:
    """Each entry's names where the text states them and no matched entity's mention does."""
    from nutgraf.story.watch_text import find_in_text

    covered: dict[str, set[tuple[str, int | None]]] = {}
    for match in found:
        spans = covered.setdefault(match.listed.key, set())
        spans.update((e["doc_id"], e["start"]) for e in match.evidence)
    extra = []
    for entry in entries:
        seen = covered.get(entry.key, set())
        hits = [
            hit
            for name in entry.names
            for hit in find_in_text(case, name)
            if (hit["doc_id"], hit["start"]) not in seen
        ]
        unique = list({(h["doc_id"], h["start"]): h for h in hits}.values())[:MAX_EVIDENCE]
        if unique:
            extra.append(
                Match(entry, None, "text", entry.names[0], unique[0]["quote"], 100.0, unique)
            )
    return extra
