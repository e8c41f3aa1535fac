"""Team mode end to end: `ingest --enqueue-only`, then `nutgraf worker` processes (two at
once, or one killed with SIGKILL mid-work and another taking over after the lease) reach the
very end state of a plain SQLite ingest of the same leak: nothing lost, nothing doubled, and
every document searchable."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nutgraf import open_case
from tests.leak_factory import write_leak
from tests.store.conftest import drop_schema, postgres_url


def nutgraf(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "NUTGRAF_DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
    )


def worker(case: Path, *extra: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "NUTGRAF_DATABASE_URL"}
    command = [sys.executable, "-m", "nutgraf.cli", "worker", "--case", str(case), *extra]
    return subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )


def end_state(case_dir: Path) -> dict[str, object]:
    with open_case(case_dir) as case:
        db = case.store.db
        state = {
            "documents": sorted(
                tuple(row)
                for row in db.execute("SELECT id, status, error_reason, text_length FROM documents")
            ),
            "paths": sorted(tuple(row) for row in db.execute("SELECT path, doc_id FROM paths")),
            "facts": sorted(
                tuple(row) for row in db.execute('SELECT doc_id, kind, start, "end" FROM facts')
            ),
            "mentions": db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0],
        }
        state["indexed"] = case.index.searcher().num_docs
        return state


@pytest.fixture
def team_case(tmp_path: Path):
    url = postgres_url()
    case = tmp_path / "team"
    done = nutgraf("init", str(case), "--database", url)
    assert done.returncode == 0, done.stderr
    yield case
    drop_schema(url, json.loads((case / "case.json").read_text())["schema"])


@pytest.fixture
def reference(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    leak = write_leak(tmp_path)
    case = tmp_path / "reference"
    done = nutgraf("ingest", str(leak), "--case", str(case), "--json")
    assert done.returncode == 0, done.stderr
    return leak, end_state(case)


def enqueue(leak: Path, case: Path) -> dict[str, object]:
    done = nutgraf("ingest", str(leak), "--case", str(case), "--enqueue-only", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_two_workers_reach_the_end_state_of_one_plain_run(team_case, reference) -> None:
    leak, expected = reference
    queued = enqueue(leak, team_case)
    assert queued["documents_queued"] > 0 and queued["documents"]["pending"] > 0
    workers = [worker(team_case, "--until-empty", "--concurrency", "1", "--json") for _ in "ab"]
    outputs = [process.communicate(timeout=300) for process in workers]
    assert [process.returncode for process in workers] == [0, 0], outputs
    read = [json.loads(out)["documents_read"] for out, _ in outputs]
    assert sum(read) >= len(expected["documents"]) - 1  # the ones read, each once
    assert end_state(team_case) == expected
    assert read[0] > 0 and read[1] > 0  # both took a share


def test_a_killed_worker_is_taken_over_after_its_lease(team_case, reference) -> None:
    leak, expected = reference
    enqueue(leak, team_case)
    first = worker(team_case, "--concurrency", "2", "--lease", "3")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and _documents_done(team_case) < 2:
        time.sleep(0.1)
    os.killpg(first.pid, signal.SIGKILL)  # mid-work: jobs it held stay "doing"
    first.wait()
    second = worker(team_case, "--until-empty", "--lease", "3", "--json")
    _out, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert end_state(team_case) == expected


def test_an_ingest_on_a_team_case_works_the_queue_itself(team_case, reference) -> None:
    leak, expected = reference
    done = nutgraf("ingest", str(leak), "--case", str(team_case), "--json")
    assert done.returncode == 0, done.stderr
    assert end_state(team_case) == expected
    again = nutgraf("ingest", str(leak), "--case", str(team_case), "--json")
    assert json.loads(again.stdout)["documents_read"] == 0  # idempotent: nothing read twice
    assert end_state(team_case) == expected


def test_enqueue_only_needs_a_team_case(tmp_path: Path) -> None:
    leak = write_leak(tmp_path)
    done = nutgraf("ingest", str(leak), "--case", str(tmp_path / "solo"), "--enqueue-only")
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "needs a case kept on PostgreSQL" in done.stderr
    alone = nutgraf("worker", "--case", str(tmp_path / "solo"), "--until-empty")
    assert alone.returncode == 2 and "kept in SQLite" in alone.stderr


def _documents_done(case_dir: Path) -> int:
    with open_case(case_dir) as case:
        counts = case.store.counts()
    return int(counts["documents"] - counts["pending"])
