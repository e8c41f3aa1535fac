"""The terminal view of a running ingest: a progress bar, then a summary."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from nutgraf.cli_common import printable
from nutgraf.ingest.pipeline import Progress as IngestProgress

REFRESH_SECONDS = 0.2


STEPS = 1000  # the bar's resolution; what it shows is a share that only ever grows


class ProgressView:
    """Files found, documents read, pages to OCR; ETA, current file, errors so far.

    The bar shows the current phase's share done, and never moves backwards: when an
    archive brings more documents the share is held until the work catches up with it.
    Cheap to call after every file.
    """

    def __init__(self, console: Console) -> None:
        self.console = console
        self.bar = Progress(
            TextColumn("{task.description:<8}"),
            BarColumn(),
            TextColumn("{task.fields[counts]}"),
            TextColumn("[red]{task.fields[errors]}"),
            TimeElapsedColumn(),
            TextColumn("{task.fields[eta]}"),
            TextColumn("[dim]{task.fields[current]}"),
            console=console,
            transient=False,
        )
        self.task: TaskID | None = None
        self.last = 0.0
        self.phase = ""
        self.phase_started = time.monotonic()
        self.shown = 0.0  # the share shown, this phase
        self.announced = False

    def __enter__(self) -> ProgressView:
        self.bar.start()
        self.task = self.bar.add_task(
            "walking", total=STEPS, counts="", errors="", eta="", current=""
        )
        return self

    def __exit__(self, *_exc: object) -> None:
        self.bar.stop()

    def update(self, progress: IngestProgress) -> None:
        now = time.monotonic()
        if progress.phase != self.phase:
            self._new_phase(progress, now)
        elif now - self.last < REFRESH_SECONDS and progress.phase != "done":
            return
        self.last = now
        assert self.task is not None
        done, total, counts = _counts(progress)
        if total:
            self.shown = max(self.shown, min(1.0, done / total))
        if progress.phase == "done":
            self.shown = 1.0
        errors = progress.errors
        self.bar.update(
            self.task,
            description=progress.phase,
            completed=round(self.shown * STEPS),
            counts=counts,
            errors=f"{errors} error{'s' if errors != 1 else ''}" if errors else "",
            eta=self._eta(done, total, now),
            current=_short(progress.current) if progress.phase != "done" else "",
        )

    def _new_phase(self, progress: IngestProgress, now: float) -> None:
        if progress.phase == "ocr" and not self.announced:
            self.announced = True
            self.bar.console.print(
                f"text layer done ({progress.documents_read} documents read, searchable now), "
                f"{progress.ocr_pages_left} pages left to OCR"
            )
        self.phase = progress.phase
        self.phase_started = now
        self.shown = 0.0

    def _eta(self, done: int, total: int, now: float) -> str:
        elapsed = now - self.phase_started
        if not total or done <= 0 or elapsed < 2 or done >= total:
            return ""
        left = (total - done) * elapsed / done
        return f"ETA {_duration(left)}"


def _counts(progress: IngestProgress) -> tuple[int, int, str]:
    """(done, total, what to show) for the phase."""
    if progress.phase == "walking":
        return 0, 0, f"{progress.files_total} files found"
    if progress.phase == "storing":
        done = progress.files_stored + progress.unchanged + len(progress.unreadable)
        mb_s = progress.bytes_stored / 1e6 / max(progress.seconds, 1e-6)
        return done, progress.files_total, f"{done}/{progress.files_total} files  {mb_s:.1f} MB/s"
    if progress.phase == "ocr":
        done, total = progress.ocr_pages_done, progress.ocr_pages_total
        return done, total, f"{done}/{total} pages OCRed"
    if progress.phase == "done":
        ocr = f", {progress.ocr_pages_done} pages OCRed" if progress.ocr_pages_done else ""
        return 1, 1, f"{progress.files_total} files, {progress.documents_read} documents{ocr}"
    total = max(progress.documents_queued, progress.documents_read)
    later = f"  {progress.ocr_documents} for OCR" if progress.ocr_documents else ""
    counts = f"{progress.files_total} files, {progress.documents_read}/{total} documents{later}"
    return progress.documents_read, total, counts


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    if seconds >= 3600:
        return f"{seconds // 3600}h{seconds % 3600 // 60:02d}m"
    if seconds >= 60:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds}s"


def _short(path: str, most: int = 40) -> str:
    name = printable(path)
    return name if len(name) <= most else "…" + name[-(most - 1) :]


def print_summary(console: Console, progress: IngestProgress, summary: dict[str, Any]) -> None:
    table = Table(title="ingest summary", show_header=False, box=None)
    table.add_row("files seen", str(progress.files_total))
    table.add_row("new files stored", str(progress.files_stored))
    table.add_row("unchanged since last run", str(progress.unchanged))
    table.add_row("duplicates (same content)", str(progress.duplicates))
    table.add_row("documents read", str(progress.documents_read))
    table.add_row("documents in case", str(summary["documents"]["documents"]))
    if progress.ocr_pages_done or progress.ocr_pages_left:
        table.add_row("pages OCRed", str(progress.ocr_pages_done))
    if progress.ocr_pages_left:
        table.add_row("pages left to OCR", str(progress.ocr_pages_left))
    if progress.text_layer_seconds is not None and progress.ocr_pages_done:
        table.add_row("text layer searchable after", f"{progress.text_layer_seconds:.1f} s")
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
