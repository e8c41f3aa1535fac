"""`ingest` on a case kept on PostgreSQL: store the originals here, queue the reading,
and (unless asked only to queue) work the queue until it is empty, beside any other
workers of the team."""

from __future__ import annotations

import threading
from pathlib import Path

from procrastinate import App

from nutgraf.case import Case
from nutgraf.ingest.pipeline import (
    IngestSettings,
    Progress,
    ProgressCallback,
    display_path,
    store_file,
    walk_files,
)
from nutgraf.ingest.volumes import read_volume_sets
from nutgraf.queue.app import JobOptions, defer_ocr, defer_reads, defer_settle, queue_app
from nutgraf.queue.jobs import Tally
from nutgraf.queue.worker import WorkerSettings, work
from nutgraf.search.indexing import Indexer

PROGRESS_SECONDS = 1.0  # how often the bar asks the case how far the team is


def team_ingest(
    case: Case,
    roots: list[Path],
    settings: IngestSettings,
    on_progress: ProgressCallback | None = None,
    enqueue_only: bool = False,
) -> Progress:
    """Store every file under `roots`, queue a job per document to read, then work the
    queue (unless `enqueue_only`: then `nutgraf worker` processes do it)."""
    report = on_progress or (lambda _progress: None)
    progress = Progress()
    with case.writing(index=False):  # one ingest at a time; the settle jobs index
        case.blobs.clean_incoming()
        run_id = case.store.start_run([str(root) for root in roots])
        if settings.retry_failed:
            case.store.retry_failed()
        files = list(walk_files(roots, progress, case.folder, report))
        progress.phase = "storing"
        report(progress)
        for path in files:
            progress.current = display_path(path)
            store_file(case, path, progress)
            report(progress)
        progress.phase = "reading"
        # multi-volume archives are read here, each set whole from its first volume
        read_volume_sets(case, files, settings.read.limits, settings.max_depth)
        options = JobOptions(settings.ocr, settings.max_depth)
        app = queue_app(case)
        with app.open():
            progress.documents_queued = _enqueue(app, case, options)
        report(progress)
        if not enqueue_only:
            _work(case, settings, progress, report)
            _index_what_is_left(case)
        progress.phase = "queued" if enqueue_only else "done"
        report(progress)
        case.store.finish_run(run_id, progress.summary())
    return progress


def _index_what_is_left(case: Case) -> None:
    """The queue is empty, so the last settle job ran; if it failed (it says why), the
    documents it did not index are indexed here: a search never misses what was read."""
    if case.store.unindexed(1):
        with case.indexing(wait=True):
            Indexer(case.store, case.index).flush()


def _enqueue(app: App, case: Case, options: JobOptions) -> int:
    """Every document left to read (new ones, and those of a run cut short), the OCR put
    off in earlier runs, and a settle job, which also indexes what was read already."""
    queued = defer_reads(app, [document.id for document in case.store.pending()], options)
    if options.ocr == "later":
        for document, _pages in case.store.ocr_pending():
            defer_ocr(app, document.id, options)
    defer_settle(app, options)
    return queued


def _work(
    case: Case, settings: IngestSettings, progress: Progress, report: ProgressCallback
) -> None:
    worker = WorkerSettings(
        concurrency=settings.workers, read=settings.read, limits=settings.worker_limits
    )
    tally = Tally()
    stop = threading.Event()
    watcher = threading.Thread(
        target=_show_reading, args=(case, progress, report, stop), name="progress", daemon=True
    )
    watcher.start()
    try:
        work(case, worker, until_empty=True, tally=tally)
    finally:
        stop.set()
        watcher.join()
    progress.documents_read = tally.read
    progress.ocr_documents = tally.ocr
    for reason, count in tally.failures.items():
        progress.failures[reason] += count
    progress.ocr_pages_total = sum(pages for _, pages in case.store.ocr_pending())


def _show_reading(
    case: Case, progress: Progress, report: ProgressCallback, stop: threading.Event
) -> None:
    """While the queue is worked: the documents of this run read so far by the whole team,
    out of those known (children count as they are found), from the case itself."""
    progress.current = ""  # the jobs' files are read by many processes: none is "the" current one
    counts = case.store.counts()
    read_before = counts["documents"] - (counts["pending"] or 0)
    while not stop.wait(PROGRESS_SECONDS):
        counts = case.store.counts()
        progress.documents_read = counts["documents"] - (counts["pending"] or 0) - read_before
        progress.documents_queued = max(
            progress.documents_queued, counts["documents"] - read_before
        )
        report(progress)
