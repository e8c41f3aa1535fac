"""Every Store implementation, for the contract tests: SQLite always, PostgreSQL when a server
is given (NUTGRAF_TEST_POSTGRES=postgresql://…; .ci/run starts a throwaway one). In CI a
missing server fails the PostgreSQL half instead of skipping it."""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from nutgraf.store.sql import SqlStore
from nutgraf.store.sqlite import SqliteStore


def postgres_url() -> str:
    """The test server's URL, or a skip (a failure in CI) saying why there is none."""
    url = os.environ.get("NUTGRAF_TEST_POSTGRES", "")  # read late: tests/conftest.py may start one
    if not url:
        reason = (
            "no PostgreSQL server: install postgresql (tests/conftest.py then starts one) "
            "or set NUTGRAF_TEST_POSTGRES"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return url


def drop_schema(url: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[SqlStore]:
    if request.param == "sqlite":
        opened: SqlStore = SqliteStore(tmp_path / "case.db")
        yield opened
        opened.close()
        return
    from nutgraf.store.postgres import PostgresStore

    url = postgres_url()
    schema = f"nutgraf_test_{secrets.token_hex(4)}"
    opened = PostgresStore(url, schema)
    yield opened
    opened.close()
    drop_schema(url, schema)


# team mode: a case on the test server, and what a plain SQLite run of the same leak ends with
@pytest.fixture
def team_case(tmp_path: Path):
    from tests.store.team import nutgraf

    url = postgres_url()
    case = tmp_path / "team"
    done = nutgraf("init", str(case), "--database", url)
    assert done.returncode == 0, done.stderr
    yield case
    drop_schema(url, json.loads((case / "case.json").read_text())["schema"])


@pytest.fixture
def reference(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    from tests.leak_factory import write_leak
    from tests.store.team import end_state, nutgraf

    leak = write_leak(tmp_path)
    case = tmp_path / "reference"
    done = nutgraf("ingest", str(leak), "--case", str(case), "--json")
    assert done.returncode == 0, done.stderr
    return leak, end_state(case)
