"""A pool of worker processes that read documents, one per core, each file on its own.

Parsers meet hostile bytes: one may hang, blow up its memory or crash the interpreter.
Each worker runs under an address-space limit, each job under a deadline; a worker that
dies or overruns is killed and replaced, and only its current file fails (`timeout`,
`memory`, `crashed`). `concurrent.futures` cannot do this: one dead worker breaks its pool.

Each worker leads its own process group, so killing it also kills the programs it started
(tesseract, soffice, unar), and gets its own scratch folder as TMPDIR, inside the case folder
when the pipeline gives one: a killed parser's temporary files (decrypted copies, page
images) never linger in the machine's /tmp, and the pool removes them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import count
from multiprocessing import forkserver
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, BinaryIO

from nutgraf.ingest.reader import ReadJob, read_document
from nutgraf.store.records import ReadResult

STDERR_FILE = "stderr.log"  # in the worker's scratch folder
LOG_KEY = "stderr"  # metadata: what the parser printed on standard error for this document
LOG_BYTES = 64 * 1024
LOG_CHARS = 2000
WORKER_ENV = {"OMP_THREAD_LIMIT": "1", "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
ReadFunction = Callable[[ReadJob], ReadResult]


@dataclass(frozen=True)
class WorkerLimits:
    timeout_base: float = 300.0  # seconds any file may take
    timeout_per_mb: float = 60.0  # and more for bigger files (OCR of long scans)
    memory_bytes: int | None = 6 * 1024**3  # address space of one worker

    def deadline_for(self, size: int) -> float:
        return self.timeout_base + self.timeout_per_mb * size / 1_000_000


def _worker_main(
    connection: Connection,
    memory_bytes: int | None,
    scratch: str | None,
    read: ReadFunction = read_document,
) -> None:
    os.setpgid(0, 0)  # the pool kills the whole group: the parser's subprocesses too
    os.environ.update(WORKER_ENV)
    if scratch:
        os.environ["TMPDIR"] = scratch  # for subprocesses
        tempfile.tempdir = scratch
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    log = _capture_stderr(scratch)
    while True:
        try:
            job = connection.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        log.seek(0)
        log.truncate()
        try:
            result = read(job)
        except MemoryError:
            result = ReadResult("", error_reason="memory", error="memory: ran out of memory")
        noise = _drain(log)
        if noise:
            result.metadata[LOG_KEY] = noise
        connection.send(result)


def _capture_stderr(scratch: str | None) -> BinaryIO:
    """Point file descriptor 2 at a file of the worker's own: what parsers print there
    (a Rust panic's backtrace, a C library's warnings, Python warnings) goes with the
    document it came from, never over the terminal's progress bar."""
    if scratch:
        log: BinaryIO = open(Path(scratch, STDERR_FILE), "w+b")  # noqa: SIM115 (lives on)
    else:
        log = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the worker)
    sys.stderr.flush()
    os.dup2(log.fileno(), 2)
    return log


def _drain(log: BinaryIO) -> str:
    """What the job printed on standard error, on one line, shortened."""
    with contextlib.suppress(Exception):
        sys.stderr.flush()
    log.seek(0)
    return _one_line(log.read(LOG_BYTES).decode("utf-8", "replace"))


def _one_line(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= LOG_CHARS else line[: LOG_CHARS - 1] + "…"


@dataclass
class _Worker:
    process: Any
    connection: Connection
    scratch: Path | None = None
    job: ReadJob | None = None
    size: int = 0
    started: float = 0.0


class WorkerPool:
    """`scratch`: a folder for the workers' temporary files (default: the system's).
    `read`: what a worker does with a job; only tests give another (a module-level function)."""

    def __init__(
        self,
        size: int,
        limits: WorkerLimits | None = None,
        scratch: Path | None = None,
        read: ReadFunction = read_document,
    ) -> None:
        self.size = max(1, size)
        self.limits = limits or WorkerLimits()
        self.scratch = scratch
        self.read = read
        self._numbers = count()
        self.context = multiprocessing.get_context("forkserver")
        self.context.set_forkserver_preload(["nutgraf.ingest.reader", "nutgraf.ingest.warmup"])
        self.workers: list[_Worker] = []

    def warm_up(self) -> None:
        """Start the fork server now, without waiting for it: it loads every parser (seconds)
        while the caller does other work, such as walking the leak; workers start warm."""
        forkserver.ensure_running()

    def __enter__(self) -> WorkerPool:
        if self.scratch is not None:
            _remove_stale_scratch(self.scratch)
        self.workers = [self._start() for _ in range(self.size)]
        return self

    def __exit__(self, *_exc: object) -> None:
        for worker in self.workers:
            self._stop(worker, kill=worker.job is not None)
        self.workers = []
        if self.scratch is not None:
            with contextlib.suppress(OSError):
                self.scratch.rmdir()  # only when empty: another pool may still use it

    def _start(self) -> _Worker:
        scratch = None
        if self.scratch is not None:
            scratch = self.scratch / f"worker-{os.getpid()}-{next(self._numbers)}"
            scratch.mkdir(parents=True, exist_ok=True)
        parent_end, child_end = self.context.Pipe()
        process = self.context.Process(
            target=_worker_main,
            args=(child_end, self.limits.memory_bytes, scratch and str(scratch), self.read),
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end, scratch)

    def _stop(self, worker: _Worker, kill: bool) -> None:
        if kill:
            _kill_group(worker.process)
        else:
            try:
                worker.connection.send(None)
            except OSError:
                _kill_group(worker.process)
        worker.process.join(timeout=5)
        if worker.process.is_alive():
            _kill_group(worker.process)
            worker.process.join()
        _kill_group(worker.process)  # what it started and left behind
        worker.connection.close()
        if worker.scratch is not None:
            shutil.rmtree(worker.scratch, ignore_errors=True)

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
            last_words = _last_words(worker.scratch)
            self._replace(worker)
            return _death(code, last_words)
        limit = self.limits.deadline_for(worker.size)
        if time.monotonic() - worker.started > limit:
            self._replace(worker)
            return ReadResult(
                "", error_reason="timeout", error=f"timeout: reading took over {limit:.0f} s"
            )
        return None


def _kill_group(process: Any) -> None:
    """Kill the worker and every program its parser started: its process group, and any
    descendant that left the group for a session of its own (LibreOffice does)."""
    if process.pid is None:
        return
    for pid in _descendants(process.pid):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        process.kill()


def _descendants(root: int) -> list[int]:
    """Every process below `root`, read from /proc (empty where there is no /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry.name))
    found, stack = [], [root]
    while stack:
        for child in children.get(stack.pop(), []):
            found.append(child)
            stack.append(child)
    return found


def _remove_stale_scratch(scratch: Path) -> None:
    """Scratch folders of pools whose process is gone (a run killed with kill -9)."""
    if not scratch.is_dir():
        return
    for folder in scratch.glob("worker-*-*"):
        owner = folder.name.split("-")[1]
        if owner.isdigit() and not _alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _last_words(scratch: Path | None) -> str:
    """The end of what a dead worker printed on standard error (a panic's message)."""
    if scratch is None:
        return ""
    try:
        with open(scratch / STDERR_FILE, "rb") as log:
            text = log.read(LOG_BYTES).decode("utf-8", "replace")
    except OSError:
        return ""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return _one_line(lines[-1])[:200] if lines else ""


def _death(exit_code: int | None, last_words: str = "") -> ReadResult:
    if exit_code is not None and exit_code < 0:
        name = signal.Signals(-exit_code).name if -exit_code in signal.valid_signals() else ""
        how = f"killed by signal {-exit_code} {name}".strip()
    else:
        how = f"exited with code {exit_code}"
    said = f" ({last_words})" if last_words else ""
    result = ReadResult("", error_reason="crashed", error=f"crashed: the parser {how}{said}")
    if last_words:
        result.metadata[LOG_KEY] = last_words
    return result
