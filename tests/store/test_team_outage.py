"""A database outage in the middle of team work: the worker waits, says so in one line, and
when the database is back it goes on to the very end state of a plain run — the jobs whose
end could not be written are done again, none is lost.

The outage is real: a throwaway PostgreSQL server of this test's own is stopped for longer
than a worker's lease and started again on the same data."""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import THROWAWAY
from tests.store.team import (
    documents_done,
    end_state,
    enqueue,
    nutgraf,
    worker,
)


@pytest.fixture
def own_server() -> Iterator[dict[str, str]]:
    if not list(Path("/usr/lib/postgresql").glob("*/bin")):
        reason = "PostgreSQL is not installed (apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    done = subprocess.run([THROWAWAY, "start"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    server = dict(
        line.removeprefix("export ").replace("'", "").split("=", 1)
        for line in done.stdout.splitlines()
    )
    yield {**os.environ, **server}
    subprocess.run([THROWAWAY, "stop"], env={**os.environ, **server}, timeout=120)


def test_a_worker_rides_out_a_database_outage(own_server, reference, tmp_path: Path) -> None:
    leak, expected = reference
    case = tmp_path / "team"
    done = nutgraf("init", str(case), "--database", own_server["NUTGRAF_TEST_POSTGRES"])
    assert done.returncode == 0, done.stderr
    enqueue(leak, case)
    working = worker(case, "--until-empty", "--concurrency", "2", "--lease", "3", "--json")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and documents_done(case) < 2:
        time.sleep(0.1)
    paused = subprocess.run([THROWAWAY, "pause"], env=own_server, capture_output=True, timeout=60)
    assert paused.returncode == 0, paused.stderr
    # longer than the lease (the own heartbeat goes stale) and than the pool's 30 s wait for a
    # connection (the queries waiting on it fail)
    time.sleep(35)
    resumed = subprocess.run([THROWAWAY, "resume"], env=own_server, capture_output=True, timeout=60)
    assert resumed.returncode == 0, resumed.stderr

    _out, err = working.communicate(timeout=300)
    assert working.returncode == 0, err
    assert end_state(case) == expected
    said = err.splitlines()
    assert any("the case database is unreachable" in line for line in said), err
    assert all(line.startswith("nutgraf worker: ") for line in said), err  # no tracebacks
