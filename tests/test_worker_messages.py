"""A worker's stderr while the database is away or a job fails: one line per event."""

from __future__ import annotations

import io
import logging
import sqlite3

from nutgraf.queue.messages import worker_messages


def test_a_database_outage_is_one_line_not_a_flood() -> None:
    stderr = io.StringIO()
    with worker_messages(stderr):
        for _ in range(50):
            logging.getLogger("psycopg.pool").warning(
                "error connecting in 'pool-1': connection failed: connection to server on "
                'socket "/tmp/pg/.s.PGSQL.5432" failed: No such file or directory'
            )
    lines = stderr.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("nutgraf worker: the case database is unreachable (connection")
    assert "No such file or directory" in lines[0]
    assert "waits for it" in lines[0]


def test_a_failed_job_is_one_line_naming_its_cause() -> None:
    stderr = io.StringIO()
    try:
        try:
            raise ValueError("unsupported Unicode escape sequence\nDETAIL: more")
        except ValueError as cause:
            raise sqlite3.DatabaseError("wrapped") from cause
    except sqlite3.DatabaseError:
        with worker_messages(stderr):
            logging.getLogger("procrastinate.worker").exception(
                "Job nutgraf.settle[31](ocr='later') ended with status: Error, lasted 0.998 s"
            )
    assert stderr.getvalue() == (
        "nutgraf worker: Job nutgraf.settle[31](ocr='later') failed: ValueError: "
        "unsupported Unicode escape sequence (NUTGRAF_DEBUG=1 shows the details)\n"
    )


def test_the_loggers_are_given_back_as_they_were() -> None:
    pool = logging.getLogger("psycopg.pool")
    before = (pool.propagate, pool.level, list(pool.handlers))
    with worker_messages(io.StringIO()):
        assert not pool.propagate
    assert (pool.propagate, pool.level, list(pool.handlers)) == before


def test_a_side_task_hit_by_the_outage_says_the_database_is_away() -> None:
    class PoolTimeout(Exception):  # psycopg_pool's, by name: the module is not imported here
        pass

    stderr = io.StringIO()
    with worker_messages(stderr):
        try:
            raise PoolTimeout("couldn't get a connection after 30.00 sec")
        except PoolTimeout:
            logging.getLogger("procrastinate.worker").exception("poll_jobs_to_abort error")
        logging.getLogger("psycopg.pool").warning("error connecting in 'pool-1': refused")
    assert stderr.getvalue() == (
        "nutgraf worker: the case database is unreachable (couldn't get a connection after "
        "30.00 sec); the jobs stay in the queue and this worker waits for it\n"
    )
