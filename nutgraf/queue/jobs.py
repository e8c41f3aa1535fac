"""What one worker does with one job: read a document, OCR one, or settle the case.

Each job may run twice (its worker was killed after saving, before the queue heard), so
each one first looks at what the case already holds and does only what is left.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from procrastinate import App

from nutgraf.case import Case, open_case
from nutgraf.entities import resolve_entities
from nutgraf.errors import DatabaseUnavailable
from nutgraf.ingest.detect import detect
from nutgraf.ingest.post import after_ingest
from nutgraf.ingest.reader import OCR_PENDING, ReadJob, ReadSettings, one_line
from nutgraf.ingest.workers import WorkerLimits, WorkerPool
from nutgraf.queue.app import (
    SETTLE,
    JobOptions,
    defer_ocr,
    defer_reads,
    defer_settle,
    queue_counts,
)
from nutgraf.search.indexing import Indexer
from nutgraf.store.records import ReadResult, Saved

SETTLE_AGAIN_SECONDS = 3.0  # while documents are still being read, the index catches up so often


@dataclass
class Slot:
    """One job's tools: a connection to the case and a reading process of its own."""

    case: Case
    pool: WorkerPool


@dataclass
class Tally:
    """What this worker process did (all its slots), for the ingest's summary."""

    read: int = 0
    ocr: int = 0
    failures: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, result: ReadResult, ocr: bool, too_deep: int = 0) -> None:
        with self.lock:
            if too_deep:  # children refused, recorded as failed without a job of their own
                self.failures["too_deep"] = self.failures.get("too_deep", 0) + too_deep
            if ocr:
                self.ocr += 1
            else:
                self.read += 1
            if result.error_reason:
                reason = result.error_reason
                self.failures[reason] = self.failures.get(reason, 0) + 1


class Slots:
    """As many slots as the worker runs jobs at once, made when first needed."""

    def __init__(self, folder: Path, size: int, limits: WorkerLimits) -> None:
        self.folder = folder
        self.limits = limits
        self.free: queue.Queue[Slot] = queue.Queue()
        self.made: list[Slot] = []
        self.size = size
        self.lock = threading.Lock()

    @contextmanager
    def take(self) -> Iterator[Slot]:
        slot = self._free_or_new()
        try:
            yield slot
        finally:
            self.free.put(slot)

    def _free_or_new(self) -> Slot:
        with self.lock:
            if self.free.empty() and len(self.made) < self.size:
                case = open_case(self.folder)
                pool = WorkerPool(1, self.limits, self.folder / "tmp").__enter__()
                self.made.append(Slot(case, pool))
                return self.made[-1]
        return self.free.get()

    def close(self) -> None:
        for slot in self.made:
            slot.pool.__exit__(None, None, None)
            slot.case.close()
        self.made = []


def read_job(
    app: App, slot: Slot, doc_id: str, options: JobOptions, read: ReadSettings, tally: Tally
) -> None:
    """Read one pending document; queue its children (and its OCR, when put off)."""
    store = slot.case.store
    pending = store.pending_by_ids([doc_id])
    if not pending:  # read already: a retried job only makes sure its children are queued
        defer_reads(app, [child.id for child in store.pending_children(doc_id)], options)
        _ocr_if_waiting(app, slot, doc_id, options)
        return
    settings = replace(read, defer_ocr=options.ocr != "now")
    try:
        result = _read(slot, doc_id, pending[0].sha256, pending[0].path, settings)
    except DatabaseUnavailable:
        raise  # the job is tried again when the database is back
    except Exception as error:  # a bug here must not leave the document pending for ever
        reason = f"crashed: the worker could not read it ({type(error).__name__}: {error})"
        result = ReadResult(
            "application/octet-stream", error_reason="crashed", error=one_line(reason)
        )
    saved = _save(slot, doc_id, result, options)
    defer_reads(app, saved.children, options)
    if result.metadata.get(OCR_PENDING):
        _ocr_if_waiting(app, slot, doc_id, options)
    tally.count(result, ocr=False, too_deep=saved.too_deep)
    defer_settle(app, options, SETTLE_AGAIN_SECONDS)


def ocr_job(
    app: App, slot: Slot, doc_id: str, options: JobOptions, read: ReadSettings, tally: Tally
) -> None:
    """Read again, with OCR, a document whose OCR was put off; its text, facts and
    mentions replace what the text layer gave."""
    store = slot.case.store
    if not store.ocr_waiting(doc_id):
        return  # done already (a retried job), or nothing to do
    document = store.document(doc_id)
    result = _read(slot, doc_id, document.sha256, document.path, replace(read, defer_ocr=False))
    store.save_result(doc_id, result, options.max_depth)
    tally.count(result, ocr=True)
    defer_settle(app, options, SETTLE_AGAIN_SECONDS)


def settle_job(app: App, folder: Path, options: JobOptions) -> None:
    """Bring the index up to the database; once nothing else is open in the queue, sweep
    up documents left pending without a job, then do the work across documents."""
    # a case of its own: the index writer is let go after
    with open_case(folder) as case, case.indexing(wait=True):
        indexer = Indexer(case.store, case.index)
        indexer.catch_up()
        if queue_counts(app).open_besides(SETTLE):
            defer_settle(app, options, SETTLE_AGAIN_SECONDS)
            return
        left = [document.id for document in case.store.pending()]
        if left:  # a worker died between saving a parent and queueing its children
            defer_reads(app, left, options)
            defer_settle(app, options, SETTLE_AGAIN_SECONDS)
            return
        if case.store.needs_resolution():
            resolve_entities(case.store)
        indexer.flush()
        after_ingest(case)


def _save(slot: Slot, doc_id: str, result: ReadResult, options: JobOptions) -> Saved:
    """Save what was read; what cannot be saved is saved as a failure, so the document is
    not left pending for ever (the run goes on, and the reason can be listed)."""
    try:
        return slot.case.store.save_result(doc_id, result, options.max_depth)
    except DatabaseUnavailable:
        raise  # the job is tried again when the database is back
    except Exception as error:
        reason = f"crashed: cannot save what was read ({one_line(str(error))})"
        failed = ReadResult(result.mime, error_reason="crashed", error=reason)
        return slot.case.store.save_result(doc_id, failed, options.max_depth)


def _ocr_if_waiting(app: App, slot: Slot, doc_id: str, options: JobOptions) -> None:
    if options.ocr == "later" and slot.case.store.ocr_waiting(doc_id):
        defer_ocr(app, doc_id, options)


def _read(slot: Slot, doc_id: str, sha256: str, path: str, settings: ReadSettings) -> ReadResult:
    blobs = slot.case.blobs
    job = ReadJob(doc_id, sha256, path.rsplit("/", 1)[-1], str(blobs.root), settings)
    handed: list[tuple[ReadJob, int]] = [(job, blobs.path(sha256).stat().st_size)]
    [(_, result)] = list(slot.pool.run(lambda: handed.pop() if handed else None))
    if not result.mime:
        result.mime = detect(blobs.path(sha256))
    return result
