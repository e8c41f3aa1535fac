"""What the team-mode tests share: the CLI in a subprocess, workers, a leak's end state."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from nutgraf import open_case
from tests.leak_factory import end_state

__all__ = ["end_state"]


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


def enqueue(leak: Path, case: Path) -> dict[str, object]:
    done = nutgraf("ingest", str(leak), "--case", str(case), "--enqueue-only", "--json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def documents_done(case_dir: Path) -> int:
    with open_case(case_dir) as case:
        counts = case.store.counts()
    return int(counts["documents"] - counts["pending"])
