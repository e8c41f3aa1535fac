"""Build throw-away cases from the gold documents and read them back as a user would.

Ingest goes through the library (`nutgraf.open_case`, `nutgraf.ingest`); facts, entities and
money come from the CLI's `--json` output (the public contract), texts and paths from the
store calls `nutgraf text` and the JSON API use, mentions from the JSON API's query.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "bench" / "gold"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "public"


@dataclass
class Group:
    """Files ingested together into one case (a totals set needs a case of its own)."""

    name: str
    paths: list[Path]
    totals: dict[str, Any] | None = None


@dataclass
class DocData:
    id: str
    language: str | None
    text: str
    facts: list[dict[str, Any]] = field(default_factory=list)
    mentions: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CaseData:
    folder: Path
    by_path: dict[str, DocData] = field(default_factory=dict)
    entities: list[dict[str, Any]] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def use_gold_dir(folder: Path) -> None:
    """Score another gold folder (bench/gold/heldout): its `texts` rows live under it."""
    global GOLD_DIR
    GOLD_DIR = folder


def source_root(source: str, corpus: Path) -> Path:
    return {"texts": GOLD_DIR, "corpus": corpus, "sample": REPO}[source]


def gold_file(row: dict[str, Any], corpus: Path) -> Path:
    return (source_root(row["source"], corpus) / row["path"]).resolve()


def doc_path(row: dict[str, Any], corpus: Path) -> str:
    path = str(gold_file(row, corpus))
    return f"{path}/{row['member']}" if row.get("member") else path


def make_groups(rows: list[dict], totals: list[dict], corpus: Path) -> list[Group]:
    groups = []
    claimed: set[Path] = set()
    for total in totals:
        root = source_root(total["source"], corpus)
        paths = [(root / p).resolve() for p in total["paths"]]
        groups.append(Group(total["id"], paths, total))
        claimed.update(paths)
    rest = []
    for row in rows:
        path = gold_file(row, corpus)
        mine = any(path == c or c in path.parents for c in claimed)
        if path.exists() and not mine and path not in rest:
            rest.append(path)
    groups.append(Group("main", rest))
    return groups


def _cli(folder: Path, *args: str) -> list[dict[str, Any]]:
    env = dict(os.environ, PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", *args, "--case", str(folder), "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        raise RuntimeError(f"nutgraf {' '.join(args)}: {done.stderr.strip()[-300:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _mentions(store: Any, doc_id: str) -> list[dict[str, Any]]:
    from nutgraf.web import queries

    return queries.document_mentions(store.db, doc_id)


def build_case(group: Group, folder: Path) -> CaseData:
    """Ingest the group's files into `folder` and read back everything the scorer needs."""
    import nutgraf

    data = CaseData(folder)
    existing = [p for p in group.paths if p.exists()]
    with nutgraf.open_case(folder, create=True) as case:
        nutgraf.ingest(case, existing)
        for doc in case.store.documents():
            info = DocData(doc.id, doc.language, case.store.text(doc.id))
            try:
                info.mentions = _mentions(case.store, doc.id)
            except Exception as error:  # the JSON API's query changed: say so, score the rest
                data.errors.append(f"mentions of {doc.id}: {error}")
            for path in {doc.path, *case.store.paths(doc.id)}:
                data.by_path[path] = info
        try:
            from nutgraf.web import queries

            data.timeline = queries.timeline(case.store.db)
        except Exception as error:
            data.errors.append(f"timeline: {error}")
    by_id = {info.id: info for info in data.by_path.values()}
    for fact in _cli(folder, "facts"):
        if fact.get("doc_id") in by_id:
            by_id[fact["doc_id"]].facts.append(fact)
    for name, target in (("entities", data.entities), ("money", data.money)):
        try:
            target.extend(_cli(folder, name))
        except RuntimeError as error:
            data.errors.append(str(error))
    return data
