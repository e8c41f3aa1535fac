"""`nutgraf worker`: read a team case's queued documents on this machine."""

from __future__ import annotations

import os
from pathlib import Path

import click

from nutgraf import open_case
from nutgraf.cli_common import case_option, console, emit_json, handles_errors
from nutgraf.cli_ingest import read_settings, reading_options, worker_limits


@click.command()
@case_option
@reading_options
@click.option(
    "--concurrency",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    help="Documents read at once (default: all cores).",
)
@click.option(
    "--lease",
    "lease_seconds",
    type=click.FloatRange(min=2),
    default=30.0,
    show_default=True,
    help="Seconds of silence after which a worker is taken for dead and its jobs go to another.",
)
@click.option(
    "--until-empty",
    is_flag=True,
    help="Stop when the queue is empty (default: wait for more work until stopped).",
)
@handles_errors
def worker(
    case_dir: Path | None,
    as_json: bool,
    passwords: tuple[str, ...],
    passwords_file: Path | None,
    ocr_languages: str,
    timeout: float,
    timeout_per_mb: float,
    memory_mb: int,
    max_expanded_mb: int,
    concurrency: int,
    lease_seconds: float,
    until_empty: bool,
) -> None:
    """Take jobs from the case's queue (a case on PostgreSQL) and do them, beside any other
    workers, on any machine that reaches the database and the case folder. Ctrl-C stops
    it after the jobs at hand."""
    from nutgraf.queue import WorkerSettings, work  # the queue's libraries only here

    settings = WorkerSettings(
        concurrency=concurrency,
        read=read_settings(passwords, passwords_file, ocr_languages, max_expanded_mb),
        limits=worker_limits(timeout, timeout_per_mb, memory_mb),
        lease_seconds=lease_seconds,
    )
    with open_case(case_dir) as case:
        if not as_json:
            console.print(
                f"worker on {case.folder}: {concurrency} at once; Ctrl-C stops it", style="dim"
            )
        tally = work(case, settings, until_empty=until_empty)
    summary = {
        "case": str(case.folder),
        "documents_read": tally.read,
        "ocr_documents": tally.ocr,
        "failures_by_reason": tally.failures,
    }
    if as_json:
        emit_json([summary])
    else:
        console.print(
            f"read {tally.read} documents, OCR on {tally.ocr}; "
            f"{sum(tally.failures.values())} failed"
        )
