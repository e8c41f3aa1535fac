"""A pool of worker processes that read documents, one per core, each file on its own.

Parsers meet hostile bytes: one may hang, blow up its memory or crash the interpreter.
Each worker runs under an address-space limit, each job under a deadline; a worker that
dies or overruns is killed and replaced, and only its current file fails (`timeout`,
`memory`, `crashed`). `concurrent.futures` cannot do this: one dead worker breaks its pool.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from nutgraf.ingest.reader import ReadJob, read_document
from nutgraf.store.records import ReadResult

WORKER_ENV = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}


@dataclass(frozen=True)
class WorkerLimits:
    timeout_base: float = 300.0  # seconds any file may take
    timeout_per_mb: float = 60.0  # and more for bigger files (OCR of long scans)
    memory_bytes: int | None = 6 * 1024**3  # address space of one worker

    def deadline_for(self, size: int) -> float:
        return self.timeout_base + self.timeout_per_mb * size / 1_000_000


def _worker_main(connection: Connection, memory_bytes: int | None) -> None:
    os.environ.update(WORKER_ENV)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            result = read_document(job)
        except MemoryError:
            result = ReadResult("", error_reason="memory", error="memory: ran out of memory")
        connection.send(result)


@dataclass
class _Worker:
    process: Any
    connection: Connection
    job: ReadJob | None = None
    size: int = 0
    started: float = 0.0


class WorkerPool:
    def __init__(self, size: int, limits: WorkerLimits | None = None) -> None:
        self.size = max(1, size)
        self.limits = limits or WorkerLimits()
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["nutgraf.ingest.reader"])
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        self.workers = [self._start() for _ in range(self.size)]
        return self

    def __exit__(self, *_exc: object) -> None:
        for worker in self.workers:
            self._stop(worker, kill=worker.job is not None)
        self.workers = []

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(
            target=_worker_main, args=(child_end, self.limits.memory_bytes), daemon=True
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _stop(self, worker: _Worker, kill: bool) -> None:
        if kill:
            worker.process.kill()
        else:
            try:
                worker.connection.send(None)
            except OSError:
                worker.process.kill()
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()

    def _replace(self, worker: _Worker) -> None:
        self._stop(worker, kill=True)
        self.workers[self.workers.index(worker)] = self._start()

    def run(
        self, next_job: Callable[[], tuple[ReadJob, int] | None]
    ) -> Iterator[tuple[ReadJob, ReadResult]]:
        """Read jobs as `next_job()` hands them out (job, size in bytes) until it has none
        left and no job is running; yields each job with its result, in completion order.
        `next_job` is called again after every result, so it may hand out new work
        (children) that the results brought."""
        while True:
            exhausted = self._hand_out(next_job)
            busy = [worker for worker in self.workers if worker.job is not None]
            if not busy:
                if exhausted:
                    return
                continue
            yield from self._collect(busy)

    def _hand_out(self, next_job: Callable[[], tuple[ReadJob, int] | None]) -> bool:
        for worker in self.workers:
            if worker.job is not None:
                continue
            handed = next_job()
            if handed is None:
                return True
            worker.job, worker.size = handed
            worker.started = time.monotonic()
            # a dead worker raises here: _collect then sees its sentinel and reports the job
            with contextlib.suppress(OSError):
                worker.connection.send(worker.job)
        return False

    def _collect(self, busy: list[_Worker]) -> Iterator[tuple[ReadJob, ReadResult]]:
        now = time.monotonic()
        wait_for = min(w.started + self.limits.deadline_for(w.size) - now for w in busy)
        handles: list[Any] = [w.connection for w in busy] + [w.process.sentinel for w in busy]
        wait(handles, timeout=max(0.0, wait_for))
        for worker in busy:
            job = worker.job
            assert job is not None
            outcome = self._outcome(worker)
            if outcome is None:
                continue
            worker.job = None
            yield job, outcome

    def _outcome(self, worker: _Worker) -> ReadResult | None:
        if worker.connection.poll():
            try:
                return worker.connection.recv()
            except (EOFError, OSError):
                pass
            except Exception as error:  # a result that cannot be unpickled
                self._replace(worker)
                return ReadResult("", error_reason="crashed", error=f"crashed: {error}")
        if not worker.process.is_alive():
            code = worker.process.exitcode
            self._replace(worker)
            return _death(code)
        limit = self.limits.deadline_for(worker.size)
        if time.monotonic() - worker.started > limit:
            self._replace(worker)
            return ReadResult(
                "", error_reason="timeout", error=f"timeout: reading took over {limit:.0f} s"
            )
        return None


def _death(exit_code: int | None) -> ReadResult:
    if exit_code is not None and exit_code < 0:
        name = signal.Signals(-exit_code).name if -exit_code in signal.valid_signals() else ""
        how = f"killed by signal {-exit_code} {name}".strip()
    else:
        how = f"exited with code {exit_code}"
    return ReadResult("", error_reason="crashed", error=f"crashed: the parser {how}")
