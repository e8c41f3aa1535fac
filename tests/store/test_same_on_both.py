"""The same leak ingested into a SQLite case and a PostgreSQL case answers the same, through
the CLI contract and the JSON API: documents, facts, entities, totals, searches, folders,
threads, marks. Only search scores (the index's term statistics) and the times marks were made
may differ."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from nutgraf import open_case
from nutgraf.web import create_app
from tests.leak_factory import write_leak
from tests.store.conftest import drop_schema, postgres_url

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "leak"


def nutgraf(*args: str, database: str = "") -> str:
    env = {"NUTGRAF_DATABASE_URL": database} if database else {}
    done = subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", *args],
        capture_output=True,
        text=True,
        timeout=600,
        env={**_environment(), **env},
    )
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def _environment() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "NUTGRAF_DATABASE_URL"}


VARYING = ("score", "took_ms", "added_at")


def without_scores(value: Any) -> Any:
    if isinstance(value, dict):
        return {
            k: without_scores(v)
            for k, v in value.items()
            if k not in ("score", "took_ms", "added_at")
        }
    if isinstance(value, list):
        return [without_scores(v) for v in value]
    return value


def rows(output: str) -> list[Any]:
    """The JSON lines; search hits as their dates in order, then the hits by id: hits of equal
    score or date come in the order they were indexed, which the workers' timing sets."""
    raw = [json.loads(line) for line in output.splitlines() if line.strip()]
    found = [without_scores(row) for row in raw]
    hits = [row for row in found if isinstance(row, dict) and "snippets" in row]
    if not hits:
        return found
    rest = [row for row in found if row not in hits]
    by_date = all(row.get("score") == 0 for row in raw if "snippets" in row)  # --sort date
    dates = [hit["date"] for hit in hits] if by_date else []
    return [*rest, dates, sorted(hits, key=lambda hit: hit["id"])]


@pytest.fixture(scope="module")
def cases(tmp_path_factory: pytest.TempPathFactory):
    url = postgres_url()
    root = tmp_path_factory.mktemp("both")
    leak = write_leak(root / "generated")
    made = {}
    for name, database in (("sqlite", ""), ("postgres", url)):
        case = root / name
        for source in (leak, SAMPLE):
            nutgraf("ingest", str(source), "--case", str(case), "--workers", "2", database=database)
        made[name] = case
    yield made, leak
    drop_schema(url, json.loads((made["postgres"] / "case.json").read_text())["schema"])


COMMANDS = [
    ["docs", "--json"],
    ["docs", "--errors", "--json"],
    ["facts", "--json"],
    ["facts", "--kind", "money", "--min", "1000", "--json"],
    ["entities", "--json"],
    ["entities", "--type", "person", "--json"],
    ["money", "--json"],
    ["money", "--by", "entity", "--json"],
    ["search", "transfer OR contract", "--json", "--limit", "50"],
    ["search", '"lugano account"', "--json", "--facets"],
    ["search", "has:money", "--json", "--sort", "-date"],
    ["folders", "--json"],
    ["tag", "--json"],
    ["saved", "list", "--json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c))
def test_cli_answers_the_same(cases, command: list[str]) -> None:
    made, _leak = cases
    answers = [rows(nutgraf(*command, "--case", str(made[n]))) for n in ("sqlite", "postgres")]
    assert answers[0] == answers[1]
    assert answers[0] or command[0] in ("tag", "saved") or "--errors" in command


def test_check_thread_and_marks_answer_the_same(cases) -> None:
    made, leak = cases
    answers: dict[str, list[Any]] = {}
    for name in ("sqlite", "postgres"):
        case = str(made[name])
        docs = rows(nutgraf("docs", "--json", "--case", case))
        mail = next(d["id"] for d in docs if d["mime"] == "message/rfc822")
        nutgraf("tag", mail, "payments", "--case", case)
        nutgraf("note", mail, "ask the bank", "--case", case)
        nutgraf("saved", "add", "money", "has:money", "--case", case)
        answers[name] = [
            rows(nutgraf("check", str(leak), "--json", "--case", case)),
            rows(nutgraf("thread", mail, "--json", "--case", case)),
            rows(nutgraf("search", "tag:payments", "--json", "--case", case)),
            rows(nutgraf("note", "--json", "--case", case)),
            rows(nutgraf("saved", "run", "money", "--json", "--case", case)),
        ]
    assert answers["sqlite"] == answers["postgres"]
    assert all(answers["sqlite"][:3])


def test_api_answers_the_same(cases) -> None:
    made, _leak = cases
    answers: dict[str, list[Any]] = {}
    for name in ("sqlite", "postgres"):
        with open_case(made[name]) as case:
            client = TestClient(create_app(case), base_url="http://127.0.0.1")
            docs = client.get("/api/documents?limit=500").json()
            some = [d["id"] for d in docs["documents"]][:12]
            entity = client.get("/api/entities").json()["entities"][0]["id"]
            paths = [
                "/api/search?q=transfer&facets=1",
                "/api/facts?kind=money",
                f"/api/entities/{entity}",
                "/api/graph",
                "/api/timeline",
                "/api/folders",
                *(f"/api/documents/{i}" for i in some),
                *(f"/api/documents/{i}/thread" for i in some),
                *(f"/api/documents/{i}/versions" for i in some),
            ]
            answers[name] = [without_scores(_json(client, path)) for path in paths]
    assert answers["sqlite"] == answers["postgres"]


def _json(client: TestClient, path: str) -> Any:
    response = client.get(path)
    return {"status": response.status_code, "body": response.json()}
