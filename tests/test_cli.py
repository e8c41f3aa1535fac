"""The CLI contract (see DESIGN.md): command names, JSON fields, exit codes, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.leak_factory import write_leak

DOC_FIELDS = {
    "id", "path", "parent_id", "sha256", "mime", "language", "title", "size", "text_length",
    "error", "languages",
}  # fmt: skip


def nutgraf(*args: str, check: bool = True, stdin: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        check=check,
        timeout=300,
    )


def lines(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("cli")
    leak = write_leak(root)
    summary = lines(nutgraf("ingest", str(leak), "--case", str(root / "case"), "--json").stdout)
    assert summary[0]["files_seen"] == 9
    return root / "case"


def test_docs_json_has_the_contract_fields(case_dir: Path) -> None:
    docs = lines(nutgraf("docs", "--case", str(case_dir), "--json").stdout)
    assert docs and all(DOC_FIELDS | {"paths"} <= set(doc) for doc in docs)  # extended, not renamed
    errors = lines(nutgraf("docs", "--errors", "--case", str(case_dir), "--json").stdout)
    assert {Path(d["path"]).name for d in errors} == {"broken.pdf", "empty.dat"}
    assert all(d["error"] and "\n" not in d["error"] for d in errors)


def test_text_is_exactly_the_stored_text_and_facts_index_into_it(case_dir: Path) -> None:
    facts = lines(nutgraf("facts", "--case", str(case_dir), "--json").stdout)
    assert facts
    texts: dict[str, str] = {}
    for fact in facts:
        assert {"doc_id", "kind", "start", "end", "quote", "value"} <= set(fact)
        if fact["doc_id"] not in texts:
            texts[fact["doc_id"]] = nutgraf("text", fact["doc_id"], "--case", str(case_dir)).stdout
        assert texts[fact["doc_id"]][fact["start"] : fact["end"]] == fact["quote"]


def test_facts_filters(case_dir: Path) -> None:
    emails = lines(nutgraf("facts", "--kind", "email", "--case", str(case_dir), "--json").stdout)
    assert "helene.marchetti@cirrolux.example" in {f["value"] for f in emails}
    assert all(f["kind"] == "email" for f in emails)


def test_search_json_and_human(case_dir: Path) -> None:
    hits = lines(nutgraf("search", "lugano", "--case", str(case_dir), "--json").stdout)
    assert [Path(h["path"]).name for h in hits] == ["memo.txt"]
    assert hits[0]["snippets"][0]["highlights"]
    human = nutgraf("search", "lugano", "--case", str(case_dir)).stdout
    assert "memo.txt" in human and "1 documents match" in human


def test_entities_from_mail_headers(case_dir: Path) -> None:
    entities = lines(nutgraf("entities", "--case", str(case_dir), "--json").stdout)
    names = {e["name"] for e in entities}
    assert "Hélène Marchetti" in names and "Bob Stone" in names
    assert all({"id", "type", "name", "aliases", "mentions"} <= set(e) for e in entities)


def test_bad_query_is_one_line_with_exit_code(case_dir: Path) -> None:
    result = nutgraf("search", '"unclosed', "--case", str(case_dir), check=False)
    assert result.returncode == 4
    assert result.stderr.count("\n") == 1 and "unclosed quote" in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_document_and_missing_case(case_dir: Path, tmp_path: Path) -> None:
    result = nutgraf("text", "ffffffffffff", "--case", str(case_dir), check=False)
    assert result.returncode == 3 and "no document" in result.stderr
    result = nutgraf("docs", "--case", str(tmp_path / "nowhere"), check=False)
    assert result.returncode == 2 and "no nutgraf case" in result.stderr
    assert not (tmp_path / "nowhere").exists()


def test_case_from_environment(case_dir: Path) -> None:
    env_run = subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", "docs", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env={"NUTGRAF_CASE": str(case_dir), "PATH": "/usr/bin:/bin"},
    )
    assert len(lines(env_run.stdout)) >= 10
