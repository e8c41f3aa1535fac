"""`nutgraf check`: every file under a folder accounted for, and exit 1 when one is not;
`docs --json` lists every path of a content; the web status page shows the same reckoning."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from nutgraf import ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.web import create_app
from tests.test_cli import lines, nutgraf


@pytest.fixture(scope="module")
def leak_and_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("check")
    leak = root / "leak"
    (leak / "sub").mkdir(parents=True)
    (leak / "memo.txt").write_text("The transfer of 40,000 EUR was approved on 3 May 2021.\n")
    shutil.copy(leak / "memo.txt", leak / "sub" / "memo copy.txt")
    (leak / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    (leak / "link.txt").symlink_to("memo.txt")
    (leak / "linked-folder").symlink_to("sub")
    os.mkfifo(leak / "pipe")
    case = root / "case"
    with open_case(case, create=True) as opened:  # a FIFO must not hang the ingest
        ingest(opened, [leak], IngestSettings(workers=1))
    return leak, case


def _verdicts(leak: Path, case: Path) -> tuple[int, dict[str, dict]]:
    done = nutgraf("check", str(leak), "--case", str(case), "--json", check=False)
    return done.returncode, {Path(row["path"]).name: row for row in lines(done.stdout)}


def test_every_file_is_accounted_for(leak_and_case: tuple[Path, Path]) -> None:
    leak, case = leak_and_case
    code, found = _verdicts(leak, case)
    assert code == 0
    assert found["memo.txt"]["status"] == "document"
    copy = found["memo copy.txt"]
    assert copy["status"] == "duplicate" and copy["of"] == str(leak / "memo.txt")
    assert copy["doc_id"] == found["memo.txt"]["doc_id"]
    assert found["broken.pdf"]["status"] == "error"
    assert found["broken.pdf"]["reason"].startswith("corrupt")
    assert found["link.txt"] == {
        "path": str(leak / "link.txt"),
        "status": "skipped",
        "reason": "link (not followed)",
    }
    assert found["linked-folder"]["status"] == "skipped"
    assert found["pipe"]["reason"] == "special file (named pipe)"
    assert len(found) == 6


def test_a_file_never_ingested_or_changed_is_unaccounted_for(
    leak_and_case: tuple[Path, Path], tmp_path: Path
) -> None:
    leak, case = leak_and_case
    later = tmp_path / "leak"
    shutil.copytree(leak, later, symlinks=True, ignore=shutil.ignore_patterns("pipe"))
    (later / "late.txt").write_text("Found after the ingest.\n")
    (later / "memo.txt").write_text("Changed after the ingest.\n")
    code, found = _verdicts(later, case)
    assert code == 1
    assert found["late.txt"] == {
        "path": str(later / "late.txt"),
        "status": "missing",
        "reason": "not in the case",
    }
    assert found["memo.txt"]["status"] == "missing"
    # the copied folder's unchanged file is known by its content, under the first path
    moved = found["memo copy.txt"]
    assert moved["status"] == "duplicate" and moved["of"] == str(leak / "memo.txt")
    text = nutgraf("check", str(later), "--case", str(case), check=False)
    assert text.returncode == 1 and "2 unaccounted for" in text.stdout
    assert "late.txt" in text.stdout and "not in the case" in text.stdout


def test_docs_json_lists_every_path(leak_and_case: tuple[Path, Path]) -> None:
    leak, case = leak_and_case
    rows = lines(nutgraf("docs", "--case", str(case), "--json").stdout)
    memo = next(row for row in rows if row["path"] == str(leak / "memo.txt"))
    assert memo["paths"] == [str(leak / "memo.txt"), str(leak / "sub" / "memo copy.txt")]
    assert all(row["paths"] and row["paths"][0] == row["path"] for row in rows)


def test_status_page_shows_the_reckoning(leak_and_case: tuple[Path, Path]) -> None:
    _, case = leak_and_case
    with (
        open_case(case) as opened,
        TestClient(create_app(opened), base_url="http://127.0.0.1") as client,
    ):
        page = client.get("/status").text
    assert "Every file accounted for" in page
    assert "<strong>3</strong> files ingested from disk: 1 documents, 1 duplicates" in page
    assert "1 that could not be read" in page
