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
from dataclasses import dataclass, field
from pathlib import Path

from nutgraf.analyze.resolve import needs_resolution, resolve_entities
from nutgraf.case import Case
from nutgraf.ingest.detect import detect
from nutgraf.ingest.indexing import Indexer
from nutgraf.ingest.reader import ReadJob, ReadSettings
from nutgraf.ingest.volumes import read_volume_sets
from nutgraf.ingest.workers import WorkerLimits, WorkerPool
from nutgraf.search.entity_sync import reindex_moved_mentions
from nutgraf.store.base import PendingDocument
from nutgraf.store.records import ReadResult


@dataclass(frozen=True)
class IngestSettings:
    workers: int = field(default_factory=lambda: os.cpu_count() or 1)
    read: ReadSettings = field(default_factory=ReadSettings)
    worker_limits: WorkerLimits = field(default_factory=WorkerLimits)
    max_depth: int = 12  # archive in mail in archive ... deeper is refused as too_deep
    retry_failed: bool = False


@dataclass
class Progress:
    """What the job has done so far; handed to the caller's callback as it changes."""

    phase: str = "walking"  # walking | storing | reading | indexing | done
    files_total: int = 0
    files_stored: int = 0
    unchanged: int = 0
    duplicates: int = 0
    documents_read: int = 0
    documents_queued: int = 0
    bytes_stored: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    unreadable: list[str] = field(default_factory=list)  # files the OS would not let us read
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

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
    indexer = Indexer(case)
    indexer.catch_up()
    if settings.retry_failed:
        case.store.retry_failed()
    files = list(_walk(roots, progress, case.folder))
    progress.files_total = len(files)
    progress.phase = "storing"
    report(progress)
    for path in files:
        _store_file(case, path, progress)
        report(progress)
    progress.phase = "reading"
    # (h-ingest) multi-volume archives: each set read once, from its first volume
    for doc_id in read_volume_sets(case, files, settings.read.limits, settings.max_depth):
        indexer.add(doc_id)
    _read_pending(case, settings, indexer, progress, report)
    if progress.documents_read or needs_resolution(case.store.db):
        indexer.commit()  # then documents whose entities resolution changes are re-indexed
        with reindex_moved_mentions(case.store.db):
            resolve_entities(case.store.db)  # one entity per person or company, across documents
    indexer.flush()
    progress.phase = "done"
    report(progress)
    case.store.finish_run(run_id, progress.summary())
    return progress


def _walk(roots: list[Path], progress: Progress, case_folder: Path) -> Iterator[Path]:
    """Every regular file under the roots, in a stable order.

    Links met inside a folder are not followed (they may point anywhere, even out of the
    leak), and the case folder itself is never walked into, even when it lies in a root.
    """
    skip = case_folder.resolve()
    for root in roots:
        if root.is_file():
            yield root
            continue
        if not root.is_dir():
            progress.unreadable.append(f"{root}: no such file or folder")
            continue
        for folder, dirs, names in os.walk(root, onerror=lambda e: _unreadable(progress, e)):
            dirs[:] = sorted(d for d in dirs if Path(folder, d).resolve() != skip)
            for name in sorted(names):
                path = Path(folder, name)
                # (h-ingest) not links, and not pipes or devices: reading a FIFO blocks forever;
                # `nutgraf check` reports both as skipped, with the reason
                if not path.is_symlink() and path.is_file():
                    yield path


def _unreadable(progress: Progress, error: OSError) -> None:
    progress.unreadable.append(f"{error.filename}: {error.strerror}")


def _store_file(case: Case, path: Path, progress: Progress) -> None:
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


def _read_pending(
    case: Case,
    settings: IngestSettings,
    indexer: Indexer,
    progress: Progress,
    report: ProgressCallback,
) -> None:
    queue: deque[PendingDocument] = deque(case.store.pending())
    progress.documents_queued = len(queue)
    report(progress)
    blobs_root = str(case.blobs.root)

    def next_job() -> tuple[ReadJob, int] | None:
        if not queue:
            return None
        pending = queue.popleft()
        name = pending.path.rsplit("/", 1)[-1]
        job = ReadJob(pending.id, pending.sha256, name, blobs_root, settings.read)
        return job, case.blobs.path(pending.sha256).stat().st_size

    # the workers' temporary files stay inside the case folder (see workers.py)
    scratch = case.folder / "tmp"
    with WorkerPool(settings.workers, settings.worker_limits, scratch) as pool:
        for job, result in pool.run(next_job):
            if not result.mime:
                result.mime = detect(case.blobs.path(job.sha256))
            saved = case.store.save_result(job.doc_id, result, settings.max_depth)
            queue.extend(case.store.pending_by_ids(saved.children))
            progress.documents_queued += len(saved.children)
            progress.documents_read += 1
            _count_failure(progress, result)
            if saved.too_deep:
                progress.failures["too_deep"] += saved.too_deep
            indexer.add(job.doc_id)
            report(progress)


def _count_failure(progress: Progress, result: ReadResult) -> None:
    if result.error_reason:
        progress.failures[result.error_reason] += 1
