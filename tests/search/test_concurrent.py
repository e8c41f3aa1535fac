"""Searching while an ingest runs in another process: only committed documents, never an error."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from nutgraf import open_case, search

FILES = 240
INGEST = """
import importlib
import sys
indexing = importlib.import_module("nutgraf.search.indexing")
indexing.COMMIT_EVERY_DOCUMENTS = 20  # many commits, so the searcher sees the index grow
from nutgraf.cli import main
main(["ingest", sys.argv[1], "--case", sys.argv[2], "--workers", "1", "--json"])
"""


def test_search_from_another_process_during_ingest(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    for number in range(FILES):
        (leak / f"entry-{number:03d}.txt").write_text(
            f"Ledger entry {number}: the harbour fund paid invoice {number * 7} to a supplier.\n",
            encoding="utf-8",
        )
    case_dir = tmp_path / "case"
    ingest = subprocess.Popen(
        [sys.executable, "-c", INGEST, str(leak), str(case_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (case_dir / "index" / "meta.json").exists():
            assert ingest.poll() is None, ingest.stderr.read() if ingest.stderr else ""
            assert time.monotonic() < deadline, "the ingest never created its index"
            time.sleep(0.05)
        totals = _search_until_done(case_dir, ingest)
    finally:
        ingest.wait(timeout=120)
    assert ingest.returncode == 0, ingest.stderr.read() if ingest.stderr else ""
    assert totals == sorted(totals), "a later search saw fewer documents than an earlier one"
    assert len(set(totals)) > 2, f"the search never saw the ingest in progress: {set(totals)}"
    with open_case(case_dir) as case:
        assert search(case, "ledger harbour", limit=1).total == FILES


def _search_until_done(case_dir: Path, ingest: subprocess.Popen) -> list[int]:
    totals = []
    with open_case(case_dir) as case:
        while ingest.poll() is None:
            results = search(case, "ledger harbour", limit=5)
            assert len(results.hits) == min(5, results.total)  # every hit is in case.db
            for hit in results.hits:
                assert "Ledger entry" in hit.snippets[0].text
            totals.append(results.total)
    return totals
