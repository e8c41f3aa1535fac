"""A worker: take the case's jobs from the queue and do them, until stopped (or, for the
ingest that started them, until the queue is empty)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from procrastinate import App, RetryStrategy, exceptions
from procrastinate.job_context import JobContext
from procrastinate.jobs import Job, Status
from procrastinate.middleware import AsyncCallNext, WorkerMiddleware
from procrastinate.worker import Worker

from nutgraf.case import Case
from nutgraf.errors import DatabaseUnavailable
from nutgraf.ingest.reader import ReadSettings
from nutgraf.ingest.workers import WorkerLimits
from nutgraf.queue.app import OCR, QUEUE, READ, SETTLE, JobOptions, queue_app, queue_counts_async
from nutgraf.queue.jobs import Slots, Tally, ocr_job, read_job, settle_job
from nutgraf.queue.messages import worker_messages

log = logging.getLogger("nutgraf.worker")

_NEVER = 10.0**9  # seconds


@dataclass(frozen=True)
class WorkerSettings:
    concurrency: int = field(default_factory=lambda: os.cpu_count() or 1)
    read: ReadSettings = field(default_factory=ReadSettings)
    limits: WorkerLimits = field(default_factory=WorkerLimits)
    # a worker silent this long is taken for dead: its jobs go to another worker
    lease_seconds: float = 30.0
    # how long the database may be away before the worker gives up (it says so)
    outage_seconds: float = 300.0


def work(
    case: Case, settings: WorkerSettings, until_empty: bool = False, tally: Tally | None = None
) -> Tally:
    """Do the case's jobs; returns what this process did (counted into `tally` as it goes,
    when one is given, so that a caller can show it)."""
    tally = tally if tally is not None else Tally()
    slots = Slots(case.folder, settings.concurrency, settings.limits)
    app = queue_app(case, connections=settings.concurrency + 3)
    _register(app, case.folder, slots, settings.read, tally)
    try:
        with worker_messages():
            asyncio.run(_work(app, settings, until_empty))
    finally:
        slots.close()
    return tally


def _register(app: App, folder: Path, slots: Slots, read: ReadSettings, tally: Tally) -> None:
    # a database gone for a moment fails the job; it is tried again a little later
    retry = RetryStrategy(max_attempts=20, wait=5, retry_exceptions={DatabaseUnavailable})

    @app.task(name=READ, queue=QUEUE, retry=retry)
    def read_document(doc_id: str, ocr: str, max_depth: int) -> None:
        with slots.take() as slot:
            read_job(app, slot, doc_id, JobOptions(ocr, max_depth), read, tally)

    @app.task(name=OCR, queue=QUEUE, retry=retry)
    def ocr_document(doc_id: str, max_depth: int) -> None:
        with slots.take() as slot:
            ocr_job(app, slot, doc_id, JobOptions("later", max_depth), read, tally)

    @app.task(name=SETTLE, queue=QUEUE, retry=retry)
    def settle(ocr: str, max_depth: int) -> None:
        settle_job(app, folder, JobOptions(ocr, max_depth))


async def _work(app: App, settings: WorkerSettings, until_empty: bool) -> None:
    """Run the worker; when the database goes away, wait for it and run it again."""
    down_since: float | None = None
    while True:
        try:
            async with app.open_async():
                down_since = None
                await _run_once(app, settings, until_empty)
                return
        except (
            OSError,
            DatabaseUnavailable,
            exceptions.ConnectorException,
            _psycopg_error(),
        ) as error:
            now = time.monotonic()
            down_since = down_since or now
            if now - down_since > settings.outage_seconds:
                raise DatabaseUnavailable(
                    f"the case database has been unreachable for {settings.outage_seconds:.0f} s "
                    f"({_first_line(error)}); "
                    "the queue keeps every job: start the worker again when it is back"
                ) from None
            log.warning(
                "the case database is unreachable (%s); the jobs stay in the queue and this "
                "worker waits for it",
                _first_line(error),
                extra={"kind": "unreachable"},
            )
            await asyncio.sleep(2)


async def _run_once(app: App, settings: WorkerSettings, until_empty: bool) -> None:
    beat = max(1.0, settings.lease_seconds / 4)
    in_hand: set[int] = set()  # the jobs this worker is doing now
    worker = Worker(
        app,
        queues=[QUEUE],
        concurrency=settings.concurrency,
        name=f"{socket.gethostname()}:{os.getpid()}",
        # procrastinate's heartbeat task ends the worker's heartbeats for good when the database
        # is away for a moment, while the worker goes on: its own jobs would then look stalled
        update_heartbeat_interval=_NEVER,
        stalled_worker_timeout=settings.lease_seconds,
        fetch_job_polling_interval=1.0,
        install_signal_handlers=not until_empty,
        worker_middleware=[_tracker(in_hand)],
    )
    running = asyncio.create_task(worker.run())
    emptied = asyncio.Event()
    helpers = [
        asyncio.create_task(_keep_heartbeat(app, worker, beat)),
        asyncio.create_task(_rescue_stalled(app, worker, in_hand, settings.lease_seconds)),
    ]
    if until_empty:
        helpers.append(asyncio.create_task(_stop_when_empty(app, running, emptied)))
    try:
        await running
    except asyncio.CancelledError:
        if not emptied.is_set():
            raise
    finally:
        for helper in helpers:
            helper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await helper


async def _keep_heartbeat(app: App, worker: Worker, interval: float) -> None:
    """Tell the database this worker is alive; through an outage, again as soon as it is back."""
    while True:
        await asyncio.sleep(interval)
        if worker.worker_id is None:
            continue
        with contextlib.suppress(exceptions.ConnectorException):  # said by the pool already
            await app.job_manager.update_heartbeat(worker.worker_id)


async def _rescue_stalled(app: App, worker: Worker, in_hand: set[int], lease: float) -> None:
    """Hand back to the queue the jobs of workers silent longer than the lease, and this
    worker's own jobs that it no longer does (their end could not be written: the database
    was away at that moment)."""
    orphans: set[int] = set()
    while True:
        await asyncio.sleep(max(1.0, lease / 3))
        try:
            stalled = await app.job_manager.get_stalled_jobs(
                queue=QUEUE, seconds_since_heartbeat=lease
            )
            for job in stalled:
                if job.worker_id is None or job.worker_id != worker.worker_id:
                    await _hand_back(app, job)
            orphans = await _hand_back_orphans(app, worker, in_hand, orphans)
        except exceptions.ConnectorException as error:
            # the database is away: the worker's own loop deals with it; try again later
            log.warning(
                "could not look for jobs left by silent workers (%s)",
                _first_line(error),
                extra={"kind": "unreachable"},
            )


async def _hand_back_orphans(
    app: App, worker: Worker, in_hand: set[int], seen_before: set[int]
) -> set[int]:
    """Own jobs marked as being done but not in hand: twice in a row, since a job is marked
    a moment before it is taken in hand."""
    if worker.worker_id is None:
        return set()
    own = await app.job_manager.list_jobs_async(
        queue=QUEUE, status=Status.DOING.value, worker_id=worker.worker_id
    )
    orphans = {job.id: job for job in own if job.id is not None and job.id not in in_hand}
    for job_id, job in orphans.items():
        if job_id in seen_before:
            await _hand_back(app, job, "was being done here when the database went away")
    return set(orphans)


def _tracker(in_hand: set[int]) -> WorkerMiddleware:
    async def track(call_next: AsyncCallNext, context: JobContext, worker: Worker) -> Any:
        job_id = context.job.id
        if job_id is not None:
            in_hand.add(job_id)
        try:
            return await call_next()
        finally:
            in_hand.discard(job_id or -1)

    return track


async def _hand_back(app: App, job: Job, why: str = "was left by a silent worker") -> None:
    try:
        await app.job_manager.retry_job(job)
    except exceptions.UniqueViolation:
        # a later run queued the same work again (same queueing lock): that job does it,
        # and this one must end, or its lock would keep the new one waiting for ever
        log.warning("job %s (%s) %s: queued again already", job.id, job.task_name, why)
        await app.job_manager.finish_job(job, status=Status.ABORTED, delete_job=False)
    else:
        log.warning("job %s (%s) %s: queued again", job.id, job.task_name, why)


async def _stop_when_empty(app: App, worker: asyncio.Task[None], emptied: asyncio.Event) -> None:
    checks = 0
    while checks < 2:  # twice in a row: a job may be queued between two checks
        await asyncio.sleep(0.5)
        try:
            counts = await queue_counts_async(app)
        except exceptions.ConnectorException:  # the database is away: not empty, as far as known
            checks = 0
            continue
        checks = checks + 1 if counts.open == 0 else 0
    emptied.set()
    worker.cancel()


def _psycopg_error() -> type[Exception]:
    import psycopg

    return psycopg.OperationalError


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else type(error).__name__
