"""The case's job queue: procrastinate, in the case's own PostgreSQL schema."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from procrastinate import App, PsycopgConnector
from procrastinate.exceptions import AlreadyEnqueued

from nutgraf.case import Case, database_config
from nutgraf.errors import CaseError
from nutgraf.store.postgres import PostgresStore

QUEUE = "nutgraf"
READ = "nutgraf.read"
OCR = "nutgraf.ocr"
SETTLE = "nutgraf.settle"
# lower runs later: every text layer is read (and searchable) before any OCR
READ_PRIORITY, OCR_PRIORITY, SETTLE_PRIORITY = 10, 0, 5


def queue_app(case: Case, connections: int = 4) -> App:
    """The queue of a case on PostgreSQL (its tables are made on first use); not opened."""
    config = database_config(case.folder)
    if config is None or not isinstance(case.store, PostgresStore):
        raise CaseError(
            f"{case.folder}: this case is kept in SQLite, on this machine only; workers "
            "share a case kept on PostgreSQL (nutgraf init CASE --database postgresql://…)"
        )
    connector = PsycopgConnector(
        conninfo=config["database"],
        kwargs={"options": f"-c search_path={config['schema']}"},
        min_size=1,
        max_size=connections,
    )
    app = App(connector=connector)
    case.store.ensure_queue_schema(app.schema_manager.get_schema())
    return app


@dataclass(frozen=True)
class JobOptions:
    """What every reading job of one ingest carries (JSON in the queue)."""

    ocr: str = "later"  # now | later | never, as `ingest --ocr`
    max_depth: int = 12


def defer_reads(app: App, doc_ids: Iterable[str], options: JobOptions) -> int:
    """Queue a read job per document; one waiting job per document at most, and never two
    running at once (a queue lock per document). Returns how many were queued."""
    queued = 0
    for doc_id in doc_ids:
        deferrer = app.configure_task(
            READ,
            queue=QUEUE,
            lock=doc_id,
            queueing_lock=f"read:{doc_id}",
            priority=READ_PRIORITY,
        )
        with contextlib.suppress(AlreadyEnqueued):
            deferrer.defer(doc_id=doc_id, ocr=options.ocr, max_depth=options.max_depth)
            queued += 1
    return queued


def defer_ocr(app: App, doc_id: str, options: JobOptions) -> None:
    deferrer = app.configure_task(
        OCR, queue=QUEUE, lock=doc_id, queueing_lock=f"ocr:{doc_id}", priority=OCR_PRIORITY
    )
    with contextlib.suppress(AlreadyEnqueued):
        deferrer.defer(doc_id=doc_id, max_depth=options.max_depth)


def defer_settle(app: App, options: JobOptions, after_seconds: float = 0) -> None:
    """Ask for the index to catch up (and, when nothing is left to read, for the work
    across documents); one waiting at most, one running at a time in the whole team."""
    deferrer = app.configure_task(
        SETTLE,
        queue=QUEUE,
        lock="settle",
        queueing_lock="settle",
        priority=SETTLE_PRIORITY,
        schedule_in={"seconds": after_seconds} if after_seconds else None,
    )
    with contextlib.suppress(AlreadyEnqueued):
        deferrer.defer(ocr=options.ocr, max_depth=options.max_depth)


@dataclass(frozen=True)
class QueueCounts:
    """Jobs waiting (todo, scheduled ones included), running, and failed, by task."""

    waiting: dict[str, int]
    running: dict[str, int]
    failed: dict[str, int]

    @property
    def open(self) -> int:
        return sum(self.waiting.values()) + sum(self.running.values())

    def open_besides(self, task: str, running_here: int = 1) -> int:
        """Open jobs other than `running_here` running jobs of `task` (the caller's own)."""
        return self.open - min(running_here, self.running.get(task, 0))


def queue_counts(app: App) -> QueueCounts:
    rows: list[dict[str, Any]] = list(app.job_manager.list_tasks(queue=QUEUE))
    return _counts(rows)


async def queue_counts_async(app: App) -> QueueCounts:
    return _counts(list(await app.job_manager.list_tasks_async(queue=QUEUE)))


def _counts(rows: list[dict[str, Any]]) -> QueueCounts:
    return QueueCounts(
        waiting={row["name"]: row["todo"] for row in rows if row["todo"]},
        running={row["name"]: row["doing"] for row in rows if row["doing"]},
        failed={row["name"]: row["failed"] for row in rows if row["failed"]},
    )
