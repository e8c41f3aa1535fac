"""The terminal view of a running ingest: a progress bar, then a summary."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from nutgraf.ingest.pipeline import Progress as IngestProgress

REFRESH_SECONDS = 0.2


class ProgressView:
    """Files done / total, MB/s, errors so far; cheap to call after every file."""

    def __init__(self, console: Console) -> None:
        self.bar = Progress(
            TextColumn("{task.description:<8}"),
            BarColumn(),
            TextColumn("{task.completed:>7.0f}/{task.total:<7.0f}"),
            TextColumn("{task.fields[rate]}"),
            TextColumn("[red]{task.fields[errors]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None
        self.last = 0.0

    def __enter__(self) -> ProgressView:
        self.bar.start()
        self.task = self.bar.add_task("walking", total=0, rate="", errors="")
        return self

    def __exit__(self, *_exc: object) -> None:
        self.bar.stop()

    def update(self, progress: IngestProgress) -> None:
        now = time.monotonic()
        if now - self.last < REFRESH_SECONDS and progress.phase not in ("done",):
            return
        self.last = now
        assert self.task is not None
        seconds = max(progress.seconds, 1e-6)
        errors = sum(progress.failures.values()) + len(progress.unreadable)
        if progress.phase == "storing":
            done = progress.files_stored + progress.unchanged + len(progress.unreadable)
            total = progress.files_total
            rate = f"{progress.bytes_stored / 1e6 / seconds:6.1f} MB/s"
        else:
            done, total = progress.documents_read, max(progress.documents_queued, 1)
            rate = f"{progress.documents_read / seconds:6.1f} docs/s"
        self.bar.update(
            self.task,
            description=progress.phase,
            completed=done,
            total=total,
            rate=rate,
            errors=f"{errors} errors" if errors else "",
        )


def print_summary(console: Console, progress: IngestProgress, summary: dict[str, Any]) -> None:
    table = Table(title="ingest summary", show_header=False, box=None)
    table.add_row("files seen", str(progress.files_total))
    table.add_row("new files stored", str(progress.files_stored))
    table.add_row("unchanged since last run", str(progress.unchanged))
    table.add_row("duplicates (same content)", str(progress.duplicates))
    table.add_row("documents read", str(progress.documents_read))
    table.add_row("documents in case", str(summary["documents"]["documents"]))
    for reason, count in progress.failures.most_common():
        table.add_row(f"failed: {reason}", str(count))
    if progress.unreadable:
        table.add_row("unreadable files", str(len(progress.unreadable)))
    table.add_row("time", f"{progress.seconds:.1f} s")
    console.print(table)
    for line in progress.unreadable[:20]:
        console.print(f"[red]unreadable:[/red] {line}")
    if progress.failures:
        console.print("List failures with: nutgraf docs --errors")
