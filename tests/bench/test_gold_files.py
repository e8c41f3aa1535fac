"""The gold sets under bench/gold/ (and the held-out set in bench/gold/heldout/) are
well-formed: every file they name exists with the hash they give, and every quote, excerpt
and name they annotate occurs in that file.

This checks the gold, not the extractor: it never runs nutgraf's analysis.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from tests.conftest import PUBLIC_CORPUS

REPO = Path(__file__).resolve().parents[2]
GOLD = REPO / "bench" / "gold"
HELDOUT = GOLD / "heldout"
ROOTS = {"texts": GOLD, "sample": REPO, "corpus": PUBLIC_CORPUS}
TYPES = {"person", "organization", "location"}
CALENDARS = {"gregorian", "hijri", "solar_hijri", "hebrew"}
PRECISIONS = {"day": 10, "month": 7, "year": 4}
PLAIN = {".txt", ".csv", ".tsv"}


def _rows(name: str, folder: Path = GOLD) -> list[dict]:
    with open(folder / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


MAIN_DOCS = _rows("docs.jsonl")
HELDOUT_DOCS = _rows("docs.jsonl", HELDOUT)
# Each row keeps the folder its `texts` paths are relative to (the held-out set has its own).
DOCS = [{**row, "_gold": GOLD} for row in MAIN_DOCS] + [
    {**row, "_gold": HELDOUT, "id": "heldout/" + row["id"]} for row in HELDOUT_DOCS
]


def _file(row: dict) -> Path:
    roots = {**ROOTS, "texts": row.get("_gold", GOLD)}
    path = roots[row["source"]] / row["path"]
    if not path.is_file():
        pytest.skip(f"{row['id']}: file missing: {path}")
    return path


def _raw_text(row: dict) -> str:
    """The file's own text when it is plain (text, CSV); else skip: mail headers, HTML, PDF
    and sheets are encoded, and bench/facts.py reports quotes not found in the stored text."""
    if row.get("member") or _file(row).suffix.lower() not in PLAIN:
        pytest.skip(f"{row['id']}: not a plain text file")
    return _visible(_file(row).read_text(encoding="utf-8"))


def _visible(text: str) -> str:
    """Without bidi marks and stray C1 controls, as the scorer compares names."""
    return "".join(c for c in text if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf"))


def _occurs(needle: str, text: str) -> bool:
    needle = _visible(needle)
    if needle in text:
        return True
    pattern = r"\s+".join(re.escape(part) for part in needle.split())
    return re.search(pattern, text) is not None


def test_ids_are_unique_and_the_languages_cover_the_issue():
    for rows in (MAIN_DOCS, HELDOUT_DOCS):
        ids = [row["id"] for row in rows]
        assert len(ids) == len(set(ids))
        assert {"en", "fr", "de", "es", "ar", "he"} <= {row["lang"] for row in rows}


def test_the_heldout_set_is_held_out():
    """Its documents are not the main set's, and it annotates entities only."""
    main = {row["sha256"] for row in MAIN_DOCS}
    for row in HELDOUT_DOCS:
        assert row["sha256"] not in main, row["id"]
        assert row["kinds"] == ["entity"] and row["entities"] and row["not_entities"], row["id"]
    main_names = {g["name"] for row in MAIN_DOCS for g in row.get("entities", [])}
    reused = {g["name"] for row in HELDOUT_DOCS for g in row["entities"]} & main_names
    # Famous names (a country, a big company) may recur; invented people must not.
    people = {g["name"] for row in HELDOUT_DOCS for g in row["entities"] if g["type"] == "person"}
    assert not reused & people, sorted(reused & people)


@pytest.mark.parametrize("row", DOCS, ids=lambda row: row["id"])
def test_annotations_are_well_formed(row):
    assert row["source"] in ROOTS
    assert re.fullmatch(r"[0-9a-f]{64}", row["sha256"])
    assert row["scope"] == "whole" or row["scope"]["excerpts"]
    for gold in row.get("dates", []):
        value, precision = gold["value"], gold["precision"]
        assert len(value) == PRECISIONS[precision], gold
        date.fromisoformat(value + {"day": "", "month": "-01", "year": "-01-01"}[precision])
        assert gold.get("calendar", "gregorian") in CALENDARS
        if gold.get("ambiguous"):
            assert gold["other"] != value and len(gold["other"]) == len(value), gold
    for gold in row.get("entities", []):
        assert gold["type"] in TYPES and set(gold.get("alt_types", [])) <= TYPES, gold
        assert gold["name"].strip() == gold["name"] and gold["name"]


@pytest.mark.parametrize("row", DOCS, ids=lambda row: row["id"])
def test_the_file_is_the_one_annotated(row):
    digest = hashlib.sha256(_file(row).read_bytes()).hexdigest()
    assert digest == row["sha256"], f"{row['path']} changed since it was annotated"


@pytest.mark.parametrize("row", DOCS, ids=lambda row: row["id"])
def test_every_quote_and_name_occurs_in_the_text(row):
    text = _raw_text(row)
    excerpts = [] if row["scope"] == "whole" else [_visible(e) for e in row["scope"]["excerpts"]]
    missing = [e[:40] for e in excerpts if not _occurs(e, text)]
    scope = "\n".join(excerpts) if excerpts else text
    missing += [g["quote"] for g in row.get("dates", []) if not _occurs(g["quote"], scope)]
    for gold in row.get("entities", []):
        names = [gold["name"], *gold.get("aliases", [])]
        if not any(_occurs(name, scope) for name in names):
            missing.append(gold["name"])
    assert not missing, f"{row['id']}: not in {row['path']}: {missing}"


@pytest.mark.parametrize("row", HELDOUT_DOCS, ids=lambda row: row["id"])
def test_every_heldout_trap_occurs_in_its_scope(row):
    """A trap the text does not contain tests nothing (the held-out set promises real traps)."""
    row = {**row, "_gold": HELDOUT}
    if row["source"] == "texts":
        scope = _raw_text(row)
    else:  # a corpus page scored on excerpts: the traps must sit inside them
        scope = "\n".join(_visible(e) for e in row["scope"]["excerpts"])
    missing = [trap for trap in row["not_entities"] if not _occurs(trap, scope)]
    assert not missing, f"{row['id']}: traps not in scope: {missing}"


def test_totals_add_up_and_name_existing_files():
    for total in _rows("totals.jsonl"):
        for path in total["paths"]:
            if not (ROOTS[total["source"]] / path).exists():
                pytest.skip(f"{total['id']}: missing {path}")
        for currency, want in total["currencies"].items():
            assert re.fullmatch(r"[A-Z]{3}", currency)
            assert sum(want["distinct"]) == want["total"], (total["id"], currency)
            assert not set(want.get("parts_not_added", [])) & set(want["distinct"])


def test_merge_groups_name_gold_documents():
    ids = {row["id"] for row in DOCS}
    for group in _rows("merges.jsonl"):
        assert set(group["docs"]) <= ids and len(group["names"]) >= 2
