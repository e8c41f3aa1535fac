"""Per-file limits: a parser that hangs, hoards memory or crashes fails only its file, and
takes the programs it started down with it; the CLI sets the limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from nutgraf.ingest.reader import ReadJob, ReadSettings
from nutgraf.ingest.workers import WorkerLimits, WorkerPool
from tests.hostile import _jobs
from tests.hostile import builders as b


def run_jobs(tmp_path: Path, read, names: list[str], **limits) -> dict[str, object]:
    jobs = [ReadJob(f"doc{n}", "0" * 64, name, str(tmp_path), ReadSettings()) for n, name in
            enumerate(names)]  # fmt: skip
    queue = list(jobs)

    def next_job():
        return (queue.pop(0), 0) if queue else None

    pool = WorkerPool(2, WorkerLimits(**limits), scratch=tmp_path / "scratch", read=read)
    with pool:
        return {job.doc_id: result for job, result in pool.run(next_job)}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


def test_a_hanging_parser_times_out_and_its_programs_are_killed(tmp_path: Path) -> None:
    started = time.monotonic()
    results = run_jobs(
        tmp_path, _jobs.hang_with_a_child, ["a", "b", "c"], timeout_base=1.5, timeout_per_mb=0
    )
    assert time.monotonic() - started < 20
    assert {result.error_reason for result in results.values()} == {"timeout"}
    assert all(result.error.startswith("timeout: ") for result in results.values())
    pids = [int(p.read_text()) for p in tmp_path.glob("child-*.pid")]
    assert len(pids) == 3
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids), "a hung parser's subprocess outlived it"


def test_memory_beyond_the_limit_fails_as_memory(tmp_path: Path) -> None:
    results = run_jobs(
        tmp_path, _jobs.allocate, [str(4 * b.GIB), str(b.MIB)], memory_bytes=2 * b.GIB
    )
    assert results["doc0"].error_reason == "memory"
    assert results["doc1"].error_reason is None and results["doc1"].text == str(b.MIB)


def test_a_crashing_parser_fails_its_file_and_the_pool_goes_on(tmp_path: Path) -> None:
    crashed = run_jobs(tmp_path, _jobs.abort, ["x", "y"])
    assert {r.error_reason for r in crashed.values()} == {"crashed"}
    assert "SIGABRT" in crashed["doc0"].error
    fine = run_jobs(tmp_path, _jobs.quick, ["z"])
    # workers keep temporary files in their scratch folder, removed when the pool closes
    assert str(tmp_path / "scratch") in fine["doc0"].text
    assert not (tmp_path / "scratch").exists()


def _scan(path: Path) -> Path:
    """A big page of text: OCR takes seconds, far beyond a one-second limit."""
    image = Image.new("L", (4800, 6800), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=40)
    for row in range(120):
        for column in (80, 2480):
            draw.text((column, 60 + row * 55), f"Line {row}: the funds were approved.", 0, font)
    image.save(path)
    return path


def _cli_ingest(leak: Path, case: Path, *options: str) -> dict:
    command = [sys.executable, "-m", "nutgraf.cli", "ingest", str(leak), "--case", str(case)]
    done = subprocess.run([*command, "--json", *options], capture_output=True, check=True)
    return json.loads(done.stdout.decode().splitlines()[-1])


def _errors(case: Path) -> dict[str, str]:
    command = [sys.executable, "-m", "nutgraf.cli", "docs", "--case", str(case), "--json"]
    listing = subprocess.run(command, capture_output=True, check=True).stdout.decode()
    rows = [json.loads(line) for line in listing.splitlines()]
    return {row["path"].rsplit("/", 1)[-1]: row["error"] for row in rows}


def test_cli_timeout_stops_a_slow_real_file(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    _scan(leak / "scan.png")
    (leak / "note.txt").write_text("A short note about the plover account.\n")
    summary = _cli_ingest(leak, tmp_path / "case", "--timeout", "1", "--timeout-per-mb", "0")
    errors = _errors(tmp_path / "case")
    assert errors["scan.png"] == "timeout: reading took over 1 s"
    assert errors["note.txt"] is None
    assert summary["failures_by_reason"] == {"timeout": 1}


def test_cli_depth_and_expansion_limits(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    b.nested_zips(leak / "nested.zip", levels=5)
    b.zip_bomb_many_members(leak / "bomb.zip", count=16, each=4 * b.MIB)  # 64 MiB declared
    _cli_ingest(leak, tmp_path / "case", "--max-depth", "2", "--max-expanded", "32")
    errors = _errors(tmp_path / "case")
    assert errors["bomb.zip"].startswith("bomb: ")
    assert errors["level-3.zip"] is None and errors["level-2.txt"] is None
    assert (
        errors["level-3.txt"].startswith("too_deep: ")
        and errors["level-4.zip"] == errors["level-3.txt"]
    )
    assert "level-5.txt" not in errors
