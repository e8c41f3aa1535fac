"""The ingest job: walk, store originals, read every document on all cores, index.

It is resumable by construction. Every file's original goes into the blob store before
its row exists in case.db; a document's text, facts and children land in one transaction;
the index is told about a document only after that, and case.db records which documents the
index has committed. Kill it at any point, run it again, and it picks up the pending
documents: nothing is lost, nothing is doubled. A file whose size and modification time are
unchanged since the last run is not even read again.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from nutgraf.case import Case
from nutgraf.entities import resolve_entities
from nutgraf.ingest.detect import detect
from nutgraf.ingest.post import after_ingest
from nutgraf.ingest.reader import OCR_PENDING, ReadJob, ReadSettings
from nutgraf.ingest.volumes import read_volume_sets
from nutgraf.ingest.workers import WorkerLimits, WorkerPool
from nutgraf.search.indexing import Indexer
from nutgraf.store.base import PendingDocument
from nutgraf.store.records import ReadResult


@dataclass(frozen=True)
class IngestSettings:
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    read: ReadSettings = field(default_factory=ReadSettings)
    worker_limits: WorkerLimits = field(default_factory=WorkerLimits)
    max_depth: int = 12  # archive in mail in archive ... deeper is refused as too_deep
    retry_failed: bool = False
    # now: OCR as each document is read; later: every text layer read and indexed first,
    # then OCR (searchable meanwhile); never: not in this run (a later run does it)
    ocr: str = "later"


@dataclass
class Progress:
    """What the job has done so far; handed to the caller's callback as it changes."""

    phase: str = "walking"  # walking | storing | reading | ocr | done
    files_total: int = 0
    files_stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    documents_read: int = 0
    documents_queued: int = 0
    bytes_stored: int = 0
    ocr_documents: int = 0  # documents whose OCR was put off to the OCR job, in this run
    ocr_pages_total: int = 0  # pages the OCR job has (had) to do
    ocr_pages_done: int = 0
    current: str = ""  # the last file handed to a worker
    failures: Counter[str] = field(default_factory=Counter)
    unreadable: list[str] = field(default_factory=list)  # files the OS would not let us read
    started: float = field(default_factory=time.monotonic)
    text_layer_seconds: float | None = None  # when every text layer was searchable

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def errors(self) -> int:
        return sum(self.failures.values()) + len(self.unreadable)

    @property
    def ocr_pages_left(self) -> int:
        return max(0, self.ocr_pages_total - self.ocr_pages_done)

    def summary(self) -> dict:
        return {
            "files_seen": self.files_total,
            "files_stored": self.files_stored,
            "unchanged": self.unchanged,
            "duplicates": self.duplicates,
            "documents_read": self.documents_read,
            "failures_by_reason": dict(self.failures.most_common()),
            "unreadable_files": len(self.unreadable),
            "bytes_stored": self.bytes_stored,
            "ocr_pages": self.ocr_pages_done,
            "ocr_pages_left": self.ocr_pages_left,
            "text_layer_seconds": None
            if self.text_layer_seconds is None
            else round(self.text_layer_seconds, 2),
            "seconds": round(self.seconds, 2),
        }


ProgressCallback = Callable[[Progress], None]


def ingest(
    case: Case,
    roots: list[Path],
    settings: IngestSettings | None = None,
    on_progress: ProgressCallback | None = None,
) -> Progress:
    """Add the files under `roots` to the case and read every pending document."""
    with case.writing():
        return _ingest(case, roots, settings or IngestSettings(), on_progress)


def _ingest(
    case: Case,
    roots: list[Path],
    settings: IngestSettings,
    on_progress: ProgressCallback | None,
) -> Progress:
    progress = Progress()
    report = on_progress or (lambda _progress: None)
    case.blobs.clean_incoming()
    run_id = case.store.start_run([str(root) for root in roots])
    # the workers' temporary files stay inside the case folder (see workers.py); the pool
    # warms up (loads every parser) while the leak is walked and stored
    pool = WorkerPool(settings.workers, settings.worker_limits, case.folder / "tmp")
    pool.warm_up()
    indexer = Indexer(case.store, case.index)
    indexer.catch_up()
    if settings.retry_failed:
        case.store.retry_failed()
    files = list(walk_files(roots, progress, case.folder, report))
    progress.phase = "storing"
    report(progress)
    for path in files:
        progress.current = display_path(path)
        store_file(case, path, progress)
        report(progress)
    with pool:
        progress.phase = "reading"
        # (h-ingest) multi-volume archives: each set read once, from its first volume
        for doc_id in read_volume_sets(case, files, settings.read.limits, settings.max_depth):
            indexer.add(doc_id)
        text_layer = replace(settings.read, defer_ocr=settings.ocr != "now")
        _read(
            case, pool, deque(case.store.pending()), text_layer, settings, indexer, progress, report
        )
        _settle(case, indexer, progress)  # every text layer is searchable from here on
        progress.text_layer_seconds = progress.seconds
        if settings.ocr != "never":
            _ocr(case, pool, settings, indexer, progress, report)
        else:  # said in the summary: a later run (--ocr later or now) does them
            progress.ocr_pages_total = sum(pages for _, pages in case.store.ocr_pending())
    indexer.flush()
    after_ingest(case)  # conversations and version groups over the whole case (post.py)
    progress.phase = "done"
    report(progress)
    case.store.finish_run(run_id, progress.summary())
    return progress


def _ocr(
    case: Case,
    pool: WorkerPool,
    settings: IngestSettings,
    indexer: Indexer,
    progress: Progress,
    report: ProgressCallback,
) -> None:
    """The OCR job: read again, with OCR, every document whose OCR was put off (in this
    run or in one that was killed); its OCR text, facts and entities replace what the text
    layer gave, and the index follows."""
    waiting = case.store.ocr_pending()
    if not waiting:
        return
    progress.phase = "ocr"
    progress.ocr_pages_total += sum(pages for _, pages in waiting)
    report(progress)
    queue = deque(document for document, _ in waiting)
    pages = dict((document.id, count) for document, count in waiting)
    with_ocr = replace(settings.read, defer_ocr=False)
    _read(case, pool, queue, with_ocr, settings, indexer, progress, report, pages)
    _settle(case, indexer, progress)


def _settle(case: Case, indexer: Indexer, progress: Progress) -> None:
    """Commit the index, then resolve entities across documents (re-indexing those whose
    entities resolution changed)."""
    indexer.commit()
    if progress.documents_read or progress.ocr_pages_done or case.store.needs_resolution():
        resolve_entities(case.store)  # one entity per person or company, across documents
        indexer.flush()


def walk_files(
    roots: list[Path], progress: Progress, case_folder: Path, report: ProgressCallback
) -> Iterator[Path]:
    """Every regular file under the roots, in a stable order.

    Links met inside a folder are not followed (they may point anywhere, even out of the
    leak), and the case folder itself is never walked into, even when it lies in a root.
    """
    skip = case_folder.resolve()
    for root in roots:
        if root.is_file():
            progress.files_total += 1
            yield root
            continue
        if not root.is_dir():
            progress.unreadable.append(f"{root}: no such file or folder")
            continue
        for folder, dirs, names in os.walk(root, onerror=lambda e: _unreadable(progress, e)):
            dirs[:] = sorted(d for d in dirs if Path(folder, d).resolve() != skip)
            for name in sorted(names):
                path = Path(folder, name)
                # not links, and not pipes or devices: reading a FIFO blocks forever;
                # `nutgraf check` reports both as skipped, with the reason
                if not path.is_symlink() and path.is_file():
                    progress.files_total += 1  # files found so far
                    report(progress)
                    yield path


def _unreadable(progress: Progress, error: OSError) -> None:
    progress.unreadable.append(f"{error.filename}: {error.strerror}")


def store_file(case: Case, path: Path, progress: Progress) -> None:
    shown = display_path(path)
    try:
        stat = path.stat()
        if case.store.path_unchanged(shown, stat.st_size, stat.st_mtime_ns):
            progress.unchanged += 1
            return
        sha256, size = case.blobs.put_file(path)
    except OSError as error:
        progress.unreadable.append(f"{shown}: {error.strerror or error}")
        return
    raw = os.fsencode(path)
    known = case.store.has_document(sha256)
    case.store.register_file(
        shown, raw if _needs_raw(raw) else None, sha256, size, stat.st_mtime_ns
    )
    progress.files_stored += 1
    progress.bytes_stored += size
    if known:
        progress.duplicates += 1


def display_path(path: Path) -> str:
    """The absolute path as text; bytes that are not UTF-8 are shown as \\xNN escapes."""
    raw = os.fsencode(path.absolute())
    return raw.decode("utf-8", "backslashreplace")


def _needs_raw(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _read(
    case: Case,
    pool: WorkerPool,
    queue: deque[PendingDocument],
    read: ReadSettings,
    settings: IngestSettings,
    indexer: Indexer,
    progress: Progress,
    report: ProgressCallback,
    ocr_pages: dict[str, int] | None = None,
) -> None:
    """Read the queued documents, and the children they bring, on the pool."""
    if ocr_pages is None:  # the OCR job's documents were counted when first read
        progress.documents_queued += len(queue)
    report(progress)
    blobs_root = str(case.blobs.root)

    def next_job() -> tuple[ReadJob, int] | None:
        if not queue:
            return None
        pending = queue.popleft()
        progress.current = pending.path
        name = pending.path.rsplit("/", 1)[-1]
        job = ReadJob(pending.id, pending.sha256, name, blobs_root, read)
        return job, case.blobs.path(pending.sha256).stat().st_size

    for job, result in pool.run(next_job):
        if not result.mime:
            result.mime = detect(case.blobs.path(job.sha256))
        saved = case.store.save_result(job.doc_id, result, settings.max_depth)
        queue.extend(case.store.pending_by_ids(saved.children))
        progress.documents_queued += len(saved.children)
        if ocr_pages and job.doc_id in ocr_pages:
            progress.ocr_pages_done += ocr_pages[job.doc_id]  # read before: not counted again
        else:
            progress.documents_read += 1
        if result.metadata.get(OCR_PENDING):
            progress.ocr_documents += 1
        _count_failure(progress, result)
        if saved.too_deep:
            progress.failures["too_deep"] += saved.too_deep
        indexer.add(job.doc_id, result.text)
        report(progress)


def _count_failure(progress: Progress, result: ReadResult) -> None:
    if result.error_reason:
        progress.failures[result.error_reason] += 1
