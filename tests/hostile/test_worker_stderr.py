"""What a parser prints on standard error goes with its document, never to the terminal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.hostile import _jobs
from tests.hostile.test_limits import run_jobs


def test_a_parsers_stderr_goes_into_its_documents_log(tmp_path: Path) -> None:
    results = run_jobs(tmp_path, _jobs.noisy, ["a", "b", "c"])
    for doc_id, result in results.items():
        log = result.metadata["stderr"]
        assert f"odd table in {doc_id}" in log and f"python says {doc_id}" in log
        assert "and a third line" in log
        others = {d for d in results if d != doc_id}
        assert not any(f"in {other}" in log for other in others), "one job's log in another's"


def test_a_panic_message_names_the_crash(tmp_path: Path) -> None:
    results = run_jobs(tmp_path, _jobs.panic, ["a"])
    result = results["doc0"]
    assert result.error_reason == "crashed"
    assert "index out of bounds" in result.error
    assert "panicked" in result.metadata["stderr"] or "bounds" in result.metadata["stderr"]


def test_nothing_reaches_the_terminal(tmp_path: Path) -> None:
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, '.');"
        "from tests.hostile import _jobs; from tests.hostile.test_limits import run_jobs;"
        f"run_jobs(Path({str(tmp_path)!r}), _jobs.noisy, ['a', 'b']);"
        f"run_jobs(Path({str(tmp_path)!r}), _jobs.panic, ['c'])"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "odd table" not in done.stderr and "panicked" not in done.stderr
    assert "python says" not in done.stderr
