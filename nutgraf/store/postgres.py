"""A case whose database is PostgreSQL: the store's SQL, run unchanged through one adapter.

Each case lives in its own PostgreSQL schema (`nutgraf_<name>`), so one server can hold many
cases. Its tables are derived from schema.sql (one schema for both databases, `pg_schema`),
plus a few functions under SQLite's names (json_extract, instr, group_concat, SUM of a
condition). The adapter
turns `?` marks into psycopg's, `INSERT OR IGNORE/REPLACE` into ON CONFLICT clauses, GLOB into
a regular expression, reads NUMERIC as int or float as sqlite3 would, and runs `with db:` as
one transaction (autocommit outside it, so a long-lived reader never holds a snapshot open).
"""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from types import TracebackType
from typing import Any

from nutgraf.errors import CaseError, DatabaseUnavailable
from nutgraf.store.database import Cursor
from nutgraf.store.sql import SqlStore

# Outside quotes: a `?` mark, a `%` (psycopg's own marker character), or an INSERT OR verb.
_TOKENS = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"])*\"|\?|%")
_INSERT_OR = re.compile(r"^\s*INSERT OR (IGNORE|REPLACE) INTO\s+(\w+)\s*(\(([^)]*)\))?", re.I)
_GLOB = re.compile(r"\bGLOB\s+'([^']*)'", re.I)
_DEFER = "PRAGMA defer_foreign_keys = ON"


class Row(tuple[Any, ...]):
    """A result row read by position or by column name, like sqlite3.Row."""

    names: tuple[str, ...] = ()

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return tuple.__getitem__(self, self.names.index(key))
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self.names)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[Row]:
    return type("Row", (Row,), {"names": names})


def _row_factory(cursor: Any) -> Any:
    row_class = _row_class(tuple(column.name for column in cursor.description or ()))

    def make(values: Sequence[Any]) -> Row:
        return row_class(_plain(value) for value in values)

    return make


def _plain(value: Any) -> Any:
    """SUM and AVG answer NUMERIC in PostgreSQL; sqlite3 gives int or float."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _parameter(value: Any) -> Any:
    if isinstance(value, bool):  # columns are integers, as in SQLite
        return int(value)
    if isinstance(value, str) and "\x00" in value:
        # PostgreSQL text cannot hold NUL; one character for one keeps every span in place
        return value.replace("\x00", "\ufffd")
    return value


def _glob_to_regex(pattern: str) -> str:
    out = ["^"]
    for part in re.findall(r"\[[^\]]*\]|.", pattern):
        if part == "*":
            out.append(".*")
        elif part == "?":
            out.append(".")
        elif part.startswith("["):
            out.append(part)
        else:
            out.append(re.escape(part))
    return "'" + "".join(out) + "$'"


class PostgresConnection:
    """The face of sqlite3.Connection the store uses (database.Connection), on psycopg."""

    def __init__(self, url: str, schema: str, create: bool = True) -> None:
        import psycopg  # only cases on PostgreSQL need it

        self._psycopg = psycopg
        self._url = url
        self.schema = schema
        self._conn = self._connect()
        self._depth = 0
        self._transaction: Any = None
        self._lock = threading.RLock()
        self._keys: dict[str, list[str]] = {}
        if create:
            self._create_schema()
        else:  # a schema another connection made (a scope's views, store/scoped.py)
            with self._errors():
                self._conn.execute(f'SET search_path TO "{self.schema}"')

    def _connect(self) -> Any:
        try:
            return self._psycopg.connect(self._url, autocommit=True, row_factory=_row_factory)
        except self._psycopg.Error as error:
            raise CaseError(f"cannot connect to the case database ({_first_line(error)})") from None

    def _reconnect_if_lost(self) -> None:
        """A server that went away and came back: a new connection, between transactions
        only (a transaction cut off fails whole, and its caller says so)."""
        if self._depth == 0 and (self._conn.closed or self._conn.broken):
            try:
                self._conn = self._connect()
            except CaseError as error:
                raise DatabaseUnavailable(str(error)) from None
            self._conn.execute(f'SET search_path TO "{self.schema}"')

    # -- database.Connection --

    def execute(self, sql: str, parameters: Sequence[Any] = (), /) -> Cursor:
        if sql.strip() == _DEFER:
            sql = "SET CONSTRAINTS ALL DEFERRED"
        with self._lock, self._errors():
            self._reconnect_if_lost()
            return self._conn.execute(self._translate(sql), [_parameter(p) for p in parameters])

    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Cursor:
        with self._lock, self._errors():
            self._reconnect_if_lost()
            cursor = self._conn.cursor()
            rows = [[_parameter(p) for p in row] for row in parameters]
            if rows:
                cursor.executemany(self._translate(sql), rows)
            return cursor

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> PostgresConnection:
        self._lock.acquire()
        if self._depth == 0:
            try:
                with self._errors():
                    self._reconnect_if_lost()
                    self._transaction = self._conn.transaction()
                    self._transaction.__enter__()
            except BaseException:
                self._lock.release()
                raise
        self._depth += 1
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
        /,
    ) -> None:
        try:
            self._depth -= 1
            if self._depth == 0:
                transaction, self._transaction = self._transaction, None
                with self._errors():
                    transaction.__exit__(kind, error, trace)
        finally:
            self._lock.release()

    # -- the adapter --

    def _translate(self, sql: str) -> str:
        verb = _INSERT_OR.match(sql)
        if verb:
            sql = self._upsert(sql, verb)
        return _marks(sql)

    def _upsert(self, sql: str, verb: re.Match[str]) -> str:
        action, table, columns = verb.group(1).upper(), verb.group(2), verb.group(4)
        body = f"INSERT INTO {table} " + sql[verb.end(2) :].lstrip()
        if action == "IGNORE":
            return _before_returning(body, " ON CONFLICT DO NOTHING")
        keys = self._primary_key(table)
        names = [c.strip() for c in columns.split(",")] if columns else self._columns(table)
        updates = ", ".join(f"{n} = excluded.{n}" for n in names if n.strip('"') not in keys)
        target = ", ".join(f'"{k}"' for k in keys)
        clause = f" ON CONFLICT ({target}) DO " + (
            f"UPDATE SET {updates}" if updates else "NOTHING"
        )
        return _before_returning(body, clause)

    def _primary_key(self, table: str) -> list[str]:
        if table not in self._keys:
            rows = self._conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s::regclass AND i.indisprimary",
                [table],
            ).fetchall()
            self._keys[table] = [row[0] for row in rows]
        return self._keys[table]

    def _columns(self, table: str) -> list[str]:
        rows = self._conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
            "AND table_name = %s AND column_name != 'rowid' ORDER BY ordinal_position",
            [self.schema, table],
        ).fetchall()
        return [f'"{row[0]}"' for row in rows]

    def _errors(self) -> _Errors:
        return _Errors(self._psycopg)

    def run_once(self, table: str, sql: str) -> None:
        """Run `sql` (a script) unless `table` exists in the case's schema; one process at
        a time."""
        with self._errors(), self._lock:
            self._conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [self.schema])
            try:
                found = self._conn.execute("SELECT to_regclass(%s)", [table]).fetchone()
                if found[0] is None:
                    self._conn.execute(sql)
            finally:
                self._conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", [self.schema])

    def _create_schema(self) -> None:
        """Make the case's schema and tables (idempotent; one process at a time)."""
        quoted = f'"{self.schema}"'
        with self._errors():
            self._conn.execute("SELECT pg_advisory_lock(hashtext(%s))", [self.schema])
            try:
                self._conn.execute(f"CREATE SCHEMA IF NOT EXISTS {quoted}")
                self._conn.execute(f"SET search_path TO {quoted}")
                self._conn.execute(pg_schema())
            finally:
                self._conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", [self.schema])


class _Errors:
    """psycopg's errors as sqlite3's, so the store's handlers hold on both databases."""

    def __init__(self, psycopg: Any) -> None:
        self._psycopg = psycopg

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: Any, error: BaseException | None, trace: Any) -> None:
        if error is None or not isinstance(error, self._psycopg.Error):
            return
        message = _first_line(error)
        if isinstance(error, self._psycopg.OperationalError) and _connection_lost(error):
            raise DatabaseUnavailable(
                f"the case database went away ({message}); what was stored is kept: "
                "run the command again when the server is back (an ingest resumes)"
            ) from None
        if isinstance(error, self._psycopg.IntegrityError):
            raise sqlite3.IntegrityError(message) from error
        if isinstance(error, self._psycopg.OperationalError):
            raise sqlite3.OperationalError(message) from error
        raise sqlite3.DatabaseError(message) from error


def _connection_lost(error: BaseException) -> bool:
    connection = getattr(error, "pgconn", None)
    closed = connection is None or getattr(connection, "status", 0) != 0  # 0: CONNECTION_OK
    state = getattr(error, "sqlstate", None) or ""
    return closed or state.startswith(("08", "57P"))  # connection exceptions, shutdowns


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def _before_returning(sql: str, clause: str) -> str:
    at = re.search(r"\sRETURNING\s", sql, re.I)
    return sql + clause if at is None else sql[: at.start()] + clause + sql[at.start() :]


@lru_cache(maxsize=2048)
def _marks(sql: str) -> str:
    sql = _GLOB.sub(lambda m: "~ " + _glob_to_regex(m.group(1)), sql)

    def swap(match: re.Match[str]) -> str:
        token = match.group(0)
        return "%s" if token == "?" else "%%" if token == "%" else token.replace("%", "%%")

    return _TOKENS.sub(swap, sql)


_SQLITE_NAMES = """
CREATE OR REPLACE FUNCTION json_extract(document text, path text) RETURNS text
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT (document::json) #>> string_to_array(substr(path, 3), '.') $$;
CREATE OR REPLACE FUNCTION instr(haystack text, needle text) RETURNS integer
    LANGUAGE sql IMMUTABLE AS $$ SELECT strpos(haystack, needle) $$;
CREATE OR REPLACE FUNCTION group_concat_step(sofar text, item text) RETURNS text
    LANGUAGE sql IMMUTABLE AS
    $$ SELECT CASE WHEN item IS NULL THEN sofar WHEN sofar IS NULL THEN item
                   ELSE sofar || ',' || item END $$;
CREATE OR REPLACE AGGREGATE group_concat(text) (SFUNC = group_concat_step, STYPE = text);
CREATE OR REPLACE FUNCTION sum_true_step(sofar bigint, item boolean) RETURNS bigint
    LANGUAGE sql IMMUTABLE AS $$ SELECT coalesce(sofar, 0) + coalesce(item::integer, 0) $$;
CREATE OR REPLACE AGGREGATE sum(boolean) (SFUNC = sum_true_step, STYPE = bigint);
"""

_TYPES = (
    (re.compile(r"\bINTEGER PRIMARY KEY\b"), "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
    (re.compile(r"\bINTEGER\b"), "BIGINT"),
    (re.compile(r"\bREAL\b"), "DOUBLE PRECISION"),
    (re.compile(r"\bTEXT\b"), 'TEXT COLLATE "C"'),  # code point order, as SQLite compares
    (re.compile(r"\bBLOB\b"), "BYTEA"),
    (
        re.compile(r"strftime\('%Y-%m-%dT%H:%M:%SZ', 'now'\)"),
        "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
    ),
    (re.compile(r"(REFERENCES \w+\(\w+\))"), r"\1 DEFERRABLE"),
    # the order files were found in, which SQLite keeps as rowid
    (
        re.compile(r"(CREATE TABLE IF NOT EXISTS (?:documents|paths) \()"),
        r"\1\n    rowid BIGINT GENERATED BY DEFAULT AS IDENTITY,",
    ),
)

_MASTER = """
CREATE OR REPLACE VIEW sqlite_master AS
    SELECT 'table'::text AS type, table_name::text AS name FROM information_schema.tables
    WHERE table_schema = current_schema();
"""


def sqlite_names() -> str:
    """The SQLite functions and sqlite_master, for a schema of views (store/scoped.py)."""
    return _SQLITE_NAMES + _MASTER


@lru_cache(maxsize=1)
def pg_schema() -> str:
    """schema.sql in PostgreSQL's types, with the SQLite functions the statements use."""
    sql = resources.files("nutgraf.store").joinpath("schema.sql").read_text()
    for pattern, replacement in _TYPES:
        sql = pattern.sub(replacement, sql)
    return _SQLITE_NAMES + sql + _MASTER


class PostgresStore(SqlStore):
    """A case's store on a PostgreSQL server, in the case's own schema."""

    def __init__(self, url: str, schema: str, create: bool = True) -> None:
        self.connection = PostgresConnection(url, schema, create)
        super().__init__(self.connection)

    def ensure_queue_schema(self, schema_sql: str) -> None:
        """Install the job queue's tables (procrastinate's own schema text) in the case's
        schema, once: every case has a queue of its own."""
        self.connection.run_once("procrastinate_jobs", schema_sql)
