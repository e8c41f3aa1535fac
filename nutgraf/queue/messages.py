"""What a worker says on stderr: one line per event, never a flood.

The queue's libraries log through `logging`: psycopg's pool once per failed connection attempt
(many a second while the database is away), procrastinate a traceback per failed job. A reporter
running `nutgraf worker` needs one clear line for each, naming what happened and what the worker
does about it; NUTGRAF_DEBUG=1 keeps the libraries' full records.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
import time
from collections.abc import Iterator
from typing import TextIO

_LOGGERS = ("psycopg.pool", "procrastinate", "nutgraf.worker", "asyncio")

# errors that mean the database is away, whoever meets them
_UNREACHABLE = {"OperationalError", "PoolTimeout", "ConnectionTimeout", "InterfaceError"}

# the same kind of message is said at most this often
REPEAT_SECONDS = 30.0


class OneLineHandler(logging.Handler):
    """Write each warning or error as one line, the same kind at most once per interval."""

    def __init__(self, stream: TextIO, repeat_seconds: float = REPEAT_SECONDS) -> None:
        super().__init__(logging.WARNING)
        self.stream = stream
        self.repeat_seconds = repeat_seconds
        self._last_said: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        kind, line = describe(record)
        now = time.monotonic()
        if now - self._last_said.get(kind, -self.repeat_seconds) < self.repeat_seconds:
            return
        self._last_said[kind] = now
        try:
            self.stream.write(f"nutgraf worker: {line}\n")
            self.stream.flush()
        except (OSError, ValueError):  # stderr closed: nothing to tell
            pass


def describe(record: logging.LogRecord) -> tuple[str, str]:
    """A record's kind (what repeats) and its one line."""
    message = _first_line(record.getMessage())
    if getattr(record, "kind", None):  # nutgraf's own: it says which kind it is
        return str(record.__dict__["kind"]), message
    if record.name.startswith("psycopg.pool"):
        return "unreachable", _unreachable(message.split(": ", 1)[-1])
    cause = ""
    if record.exc_info and record.exc_info[1] is not None:
        deepest = _deepest(record.exc_info[1])
        if type(deepest).__name__ in _UNREACHABLE:  # a side task of the worker, hit by the outage
            return "unreachable", _unreachable(_first_line(str(deepest)) or type(deepest).__name__)
        cause = f": {type(deepest).__name__}: {_first_line(str(deepest))}".rstrip(": ")
    if record.name.startswith("procrastinate") and "ended with status" in message:
        job = message.split(" ended with status", 1)[0]
        return f"job:{job}", f"{job} failed{cause} (NUTGRAF_DEBUG=1 shows the details)"
    return f"{record.name}:{message}", f"{message}{cause}"


def _unreachable(reason: str) -> str:
    return (
        f"the case database is unreachable ({reason}); the jobs stay in the queue and this "
        "worker waits for it"
    )


def _deepest(error: BaseException) -> BaseException:
    """The first cause: what went wrong, not the wrappers around it."""
    while error.__cause__ is not None:
        error = error.__cause__
    return error


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[0] if lines else ""


@contextlib.contextmanager
def worker_messages(stream: TextIO | None = None) -> Iterator[None]:
    """While working: the queue's log records as one-line messages (or, with NUTGRAF_DEBUG,
    as the libraries wrote them)."""
    if os.environ.get("NUTGRAF_DEBUG"):
        yield
        return
    handler = OneLineHandler(stream or sys.stderr)
    loggers = [logging.getLogger(name) for name in _LOGGERS]
    saved = [(logger.propagate, logger.level) for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, (propagate, level) in zip(loggers, saved, strict=True):
            logger.removeHandler(handler)
            logger.propagate = propagate
            logger.setLevel(level)
