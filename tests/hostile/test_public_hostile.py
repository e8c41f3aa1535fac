"""The public corpus's own hostile files, read by a real ingest: each fails (or is read) the
way it should, and none crashes, hangs or exhausts a worker."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from nutgraf import ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.ingest.workers import WorkerLimits
from tests.conftest import corpus_file

# file -> the reason it fails with (None: read, its danger noted in its metadata)
EXPECTED = {
    "tika/pkg/droste.zip": None,  # contains itself: that member is skipped as a quine
    "tika/pkg/quine.gz": None,  # decompresses to itself: likewise
    "tika/pkg/testZ_oom.Z": "corrupt",  # a .Z header asking for 2^30-entry tables
    "tika/microsoft/testZIP_corrupted_oom.zip": "corrupt",
    "tika/pkg/test-documents-enc.rar": "encrypted",
    "ingest-file/empty.pdf": "empty",
    # a single symlink member whose target is outside the archive (/ingestors/...)
    "ingest-file/badzip.zip": None,
    "ingest-file/badtar.tar": None,
    "ingest-file/bad7zip.7z": None,
    "ingest-file/badrar.rar": None,
}
CHM = "tika/microsoft/testChm_oom.chm"  # written to exhaust memory; CHM is not read


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("public-hostile")
    leak = root / "leak"
    leak.mkdir()
    for relative in [*EXPECTED, CHM]:
        shutil.copyfile(corpus_file(relative), leak / Path(relative).name)
    settings = IngestSettings(workers=2, worker_limits=WorkerLimits(timeout_base=120))
    with open_case(root / "case", create=True) as case:
        ingest(case, [leak], settings)
    db = sqlite3.connect(root / "case" / "case.db")
    db.row_factory = sqlite3.Row
    rows = db.execute("SELECT path, status, error_reason, error, metadata FROM documents")
    found = {row["path"].removeprefix(f"{leak}/"): dict(row) for row in rows}
    db.close()
    return found


@pytest.mark.parametrize("relative", list(EXPECTED))
def test_each_hostile_file_gets_its_reason(outcome, relative: str) -> None:
    row = outcome[Path(relative).name]
    assert row["error_reason"] == EXPECTED[relative], row["error"]
    assert row["status"] == ("done" if EXPECTED[relative] is None else "failed")


def test_self_containing_archives_stop_at_themselves(outcome) -> None:
    for name in ("droste.zip", "quine.gz"):
        skipped = json.loads(outcome[name]["metadata"])["skipped"]
        assert [item["reason"] for item in skipped] == ["copy_of_archive"]
    assert outcome["droste.zip/droste.jpg"]["status"] == "done"  # its other member is read
    assert not any(path.startswith("quine.gz/") for path in outcome)


@pytest.mark.parametrize("name", ["badzip.zip", "badtar.tar", "bad7zip.7z", "badrar.rar"])
def test_link_members_are_noted_never_followed(outcome, name: str) -> None:
    links = json.loads(outcome[name]["metadata"])["skipped_links"]
    assert [link["name"] for link in links] == ["secret.txt"]
    assert not any(path.startswith(f"{name}/") for path in outcome)


def test_the_memory_eaters_fail_safely(outcome) -> None:
    assert outcome["testChm_oom.chm"]["error_reason"] in {"unsupported", "corrupt", "bomb"}
    reasons = {row["error_reason"] for row in outcome.values()}
    assert not reasons & {"crashed", "memory", "timeout"}
