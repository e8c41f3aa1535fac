"""Shared test fixtures: the public corpus in ../shared, read in place, never copied."""

from __future__ import annotations

from pathlib import Path

import pytest

PUBLIC_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "public"


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
