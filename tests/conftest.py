"""Shared test fixtures: the public corpus in ../shared, read in place, never copied; and a
throwaway PostgreSQL server for the store tests when none is given and PostgreSQL is installed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

PUBLIC_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "public"
THROWAWAY = Path(__file__).resolve().parents[1] / "scripts" / "throwaway-postgres"
_started: dict[str, str] = {}


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("NUTGRAF_TEST_POSTGRES") or not list(
        Path("/usr/lib/postgresql").glob("*/bin")
    ):
        return
    done = subprocess.run([THROWAWAY, "start"], capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        return  # the PostgreSQL tests say why they skip (or fail, in CI)
    for line in done.stdout.splitlines():
        name, _, value = line.removeprefix("export ").partition("=")
        _started[name] = os.environ[name] = value.strip("'")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _started:
        subprocess.run([THROWAWAY, "stop"], env={**os.environ, **_started}, timeout=120)


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The public corpus folder; tests that need it skip with a clear reason when absent."""
    if not PUBLIC_CORPUS.is_dir():
        pytest.skip(f"public corpus not found at {PUBLIC_CORPUS} (../shared/corpus/public)")
    return PUBLIC_CORPUS


def corpus_file(relative: str) -> Path:
    """One file of the public corpus, or skip the test naming what is missing."""
    path = PUBLIC_CORPUS / relative
    if not path.is_file():
        pytest.skip(f"corpus file missing: {path}")
    return path


@pytest.fixture(scope="session")
def small_case(tmp_path_factory: pytest.TempPathFactory):
    """A case made by a real ingest of the generated multilingual leak (see leak_factory)."""
    from nutgraf import ingest, open_case
    from nutgraf.ingest.pipeline import IngestSettings
    from tests.leak_factory import write_leak

    root = tmp_path_factory.mktemp("small")
    leak = write_leak(root)
    case = open_case(root / "case", create=True)
    progress = ingest(case, [leak], IngestSettings(workers=2))
    case.ingest_progress = progress  # type: ignore[attr-defined]
    case.leak = leak  # type: ignore[attr-defined]
    yield case
    case.close()
