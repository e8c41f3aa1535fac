"""Team-mode benchmark: the same leak ingested into a SQLite case and into PostgreSQL cases read by
1 and by 2 `nutgraf worker` processes, then the same query mix on both (bench/search.py's),
printed as JSON.

    .venv/bin/python bench/team.py [N] [--files DIR] [--database URL] [--rounds R]

N synthetic top-level files (bench/make_corpus.py, default 600), or the files under DIR (e.g.
../shared/corpus/public). Every step is a separate command, as a team runs it: on SQLite,
`nutgraf ingest --workers W`; on PostgreSQL, `nutgraf ingest --enqueue-only`, then W
`nutgraf worker --until-empty --concurrency 1` processes started together (on one machine here;
on a team, one per machine), timed from the enqueue to the last worker's end. Without
--database (or $NUTGRAF_TEST_POSTGRES) a throwaway PostgreSQL server is started in a temporary
folder (scripts/throwaway-postgres: a Unix socket, no fsync) and stopped.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_corpus import write_corpus
from search import SEED, run_queries

from nutgraf import open_case

ROOT = Path(__file__).resolve().parents[1]
THROWAWAY = ROOT / "scripts" / "throwaway-postgres"


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("count", nargs="?", type=int, default=600)
    parser.add_argument("--files", type=Path, help="ingest these files, not a synthetic leak")
    parser.add_argument("--database", help="a PostgreSQL URL (default: a throwaway server)")
    parser.add_argument("--rounds", type=int, default=5, help="times each query runs")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nutgraf-team-") as work:
        root = Path(work)
        leak = args.files or root / "leak"
        if args.files is None:
            write_corpus(args.count, leak, SEED)
        url, stop = _server(args.database)
        try:
            report = _run(root, leak, url, args.rounds)
        finally:
            stop()
    print(json.dumps(report, indent=2))


def _run(root: Path, leak: Path, url: str, rounds: int) -> dict:
    files = sum(1 for path in leak.rglob("*") if path.is_file())
    report: dict = {"files": files, "cores": os.cpu_count(), "ingest": {}, "search": {}}
    for backend, database in (("sqlite", None), ("postgresql", url)):
        for workers in (1, 2):
            case = root / f"{backend}-{workers}"
            started = time.perf_counter()
            if database:
                _nutgraf("init", str(case), "--database", database)
                started = time.perf_counter()
                _nutgraf("ingest", str(leak), "--case", str(case), "--enqueue-only")
                _workers(case, workers)
                label = f"postgresql, {workers} nutgraf worker process(es)"
            else:
                _nutgraf("ingest", str(leak), "--case", str(case), "--workers", str(workers))
                label = f"sqlite, ingest --workers {workers}"
            seconds = time.perf_counter() - started
            with open_case(case) as opened:
                counts = opened.store.counts()
            report["ingest"][label] = {
                "seconds": round(seconds, 1),
                "files_per_second": round(files / seconds, 2),
                "documents": counts["documents"],
                "pending": counts["pending"],
            }
        report["search"][backend] = run_queries(root / f"{backend}-2", rounds)["all"]
    return report


def _workers(case: Path, count: int) -> None:
    command = [sys.executable, "-m", "nutgraf.cli", "worker", "--case", str(case)]
    command += ["--until-empty", "--concurrency", "1", "--json"]
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
        for _ in range(count)
    ]
    for process in running:
        _out, err = process.communicate(timeout=7200)
        if process.returncode != 0:
            raise SystemExit(f"bench/team.py: a worker failed: {err.decode()[-500:]}")


def _nutgraf(*args: str) -> None:
    command = [sys.executable, "-m", "nutgraf.cli", *args]
    subprocess.run(command, check=True, capture_output=True, env=_env(), timeout=7200)


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != "NUTGRAF_DATABASE_URL"}


def _server(url: str | None) -> tuple[str, Callable[[], None]]:
    url = url or os.environ.get("NUTGRAF_TEST_POSTGRES")
    if url:
        return url, lambda: None
    started = subprocess.run([THROWAWAY, "start"], check=True, capture_output=True, text=True)
    found = dict(
        line.removeprefix("export ").replace("'", "").split("=", 1)
        for line in started.stdout.splitlines()
    )

    def stop() -> None:
        subprocess.run([THROWAWAY, "stop"], env={**os.environ, **found}, check=False)

    return found["NUTGRAF_TEST_POSTGRES"], stop


if __name__ == "__main__":
    main()
