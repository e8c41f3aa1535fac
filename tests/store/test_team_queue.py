"""Team mode end to end: `ingest --enqueue-only`, then `nutgraf worker` processes (two at
once, or one killed with SIGKILL mid-work and another taking over after the lease) reach the
very end state of a plain SQLite ingest of the same leak: nothing lost, nothing doubled, and
every document searchable."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

from nutgraf import open_case
from tests.leak_factory import write_leak
from tests.store.team import (
    documents_done,
    end_state,
    enqueue,
    nutgraf,
    worker,
)


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
    while time.monotonic() < deadline and documents_done(team_case) < 2:
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


def test_an_ingest_working_the_queue_shows_how_far_the_team_is(
    team_case, reference, monkeypatch
) -> None:
    from nutgraf import ingest, open_case
    from nutgraf.ingest.pipeline import IngestSettings
    from nutgraf.queue import ingest as team_ingest

    monkeypatch.setattr(team_ingest, "PROGRESS_SECONDS", 0.05)  # many looks during a small run

    leak, expected = reference
    seen: list[tuple[int, int]] = []

    def watch(progress) -> None:
        if progress.phase == "reading":
            seen.append((progress.documents_read, progress.documents_queued))

    with open_case(team_case) as case:
        ingest(case, [leak], IngestSettings(workers=1), on_progress=watch)
    read = [done for done, _ in seen]
    assert read == sorted(read), seen  # the count never goes back
    assert all(done <= total for done, total in seen), seen
    assert max(total for _, total in seen) <= len(expected["documents"])
    assert any(0 < done < total for done, total in seen), seen  # it moved while reading


def test_a_document_the_worker_cannot_read_is_a_listed_failure(team_case, reference) -> None:
    # an original gone from the case folder (a share not mounted on that machine, say): the
    # job must not fail for ever and leave the document pending; the run goes on
    leak, _expected = reference
    enqueue(leak, team_case)
    with open_case(team_case) as case:
        victim = case.store.pending()[0]
        case.blobs.path(victim.sha256).unlink()
    done = worker(team_case, "--until-empty", "--json")
    out, err = done.communicate(timeout=300)
    assert done.returncode == 0, err
    assert json.loads(out)["failures_by_reason"].get("crashed", 0) >= 1
    with open_case(team_case) as case:
        failed = case.store.document(victim.id)
        assert case.store.counts()["pending"] == 0
    assert failed.error and "could not read it" in failed.error and "\n" not in failed.error
