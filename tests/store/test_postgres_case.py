"""A case on PostgreSQL as a user makes and meets it: `nutgraf init --database`, case.json, one
schema per case, clear one-line errors, and a server connection lost and found again."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

from nutgraf import open_case
from nutgraf.errors import DatabaseUnavailable
from tests.store.conftest import drop_schema, postgres_url


def nutgraf(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_init_makes_a_case_on_the_server(tmp_path: Path) -> None:
    url = postgres_url()
    case = tmp_path / "harbour"
    done = nutgraf("init", str(case), "--database", url, "--json")
    assert done.returncode == 0, done.stderr
    config = json.loads((case / "case.json").read_text())
    assert config["database"] == url and config["schema"].startswith("nutgraf_harbour_")
    assert not (case / "case.db").exists()
    try:
        leak = tmp_path / "leak"
        leak.mkdir()
        (leak / "memo.txt").write_text("Transfer of EUR 40,000 to Lugano on 3 March 2024.")
        assert nutgraf("ingest", str(leak), "--case", str(case)).returncode == 0
        facts = nutgraf("facts", "--kind", "money", "--case", str(case), "--json").stdout
        assert [json.loads(line)["value"] for line in facts.splitlines()] == [40000.0]
        again = nutgraf("init", str(case), "--database", url)
        assert again.returncode == 2 and "already a nutgraf case" in again.stderr
    finally:
        drop_schema(url, config["schema"])


def test_init_errors_are_one_line(tmp_path: Path) -> None:
    wrong = nutgraf("init", str(tmp_path / "a"), "--database", "mysql://x/y")
    assert wrong.returncode == 2 and wrong.stderr.count("\n") == 1
    assert "not a PostgreSQL URL" in wrong.stderr
    away = nutgraf("init", str(tmp_path / "b"), "--database", "postgresql://nobody@127.0.0.1:1/x")
    assert away.returncode == 2 and "cannot connect to the case database" in away.stderr
    assert not (tmp_path / "b").exists()  # nothing made for a server that cannot be reached
    plain = nutgraf("init", str(tmp_path / "c"))
    assert plain.returncode == 0 and (tmp_path / "c" / "case.db").exists()


def test_a_lost_connection_is_named_and_found_again(tmp_path: Path) -> None:
    url = postgres_url()
    case_dir = tmp_path / "case"
    assert nutgraf("init", str(case_dir), "--database", url).returncode == 0
    schema = json.loads((case_dir / "case.json").read_text())["schema"]
    try:
        with open_case(case_dir) as case:
            store = case.store
            doc_id = store.register_file("/leak/a.txt", None, "ab" * 32, 10, 1)
            _cut(url, store)
            # a transaction cut off fails whole
            with pytest.raises(DatabaseUnavailable, match="went away"), store.db:
                store.db.execute("UPDATE documents SET title = 'half' WHERE id = ?", (doc_id,))
            assert store.document(doc_id).title is None  # reconnected; nothing half-written
            _cut(url, store)
            with pytest.raises(DatabaseUnavailable):
                store.counts()
            assert store.counts()["documents"] == 1
    finally:
        drop_schema(url, schema)


def _cut(url: str, store) -> None:
    """End the store's server session from outside, as a server restart would."""
    pid = store.db.execute("SELECT pg_backend_pid()").fetchone()[0]
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
