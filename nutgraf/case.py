"""A case folder: case.db (SQLite, WAL), index/ (tantivy) and blobs/ (the originals).

nutgraf-case/
  case.db     documents, paths, texts, facts, entities, mentions, runs
  case.json   instead of case.db, for a case kept on PostgreSQL: {"database": URL, "schema": S}
  index/      the full-text index, rebuildable from the database
  blobs/ab/cd/<sha256>   originals and extracted children, written once
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nutgraf.blobs import BlobStore
from nutgraf.errors import CaseError
from nutgraf.search.index import SearchIndex
from nutgraf.store.postgres import PostgresStore
from nutgraf.store.sql import SqlStore
from nutgraf.store.sqlite import SqliteStore

DEFAULT_CASE = "nutgraf-case"
CONFIG = "case.json"  # a case on PostgreSQL: where its database is


def default_case_dir() -> Path:
    return Path(os.environ.get("NUTGRAF_CASE") or DEFAULT_CASE)


@dataclass
class Case:
    folder: Path
    store: SqlStore  # SqliteStore or PostgresStore: the same statements on either database
    blobs: BlobStore
    _index: SearchIndex | None = None

    _writing: bool = False
    _indexing: bool = False

    @property
    def on_server(self) -> bool:
        """Whether the case is kept on PostgreSQL (shared by a team), not in SQLite."""
        return database_config(self.folder) is not None

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.folder / "index")
            if self._index.created:
                self._fill_index(self._index)
        return self._index

    def _fill_index(self, index: SearchIndex) -> None:
        """A new index (first use, or a nutgraf upgrade changed its layout) is filled from
        case.db at once, so a search never silently misses documents the case holds."""
        from nutgraf.search.indexing import Indexer  # imports the folders' terms: only here

        with self.indexing():
            Indexer(self.store, index).catch_up()

    @contextmanager
    def writing(self, index: bool = True) -> Iterator[None]:
        """Hold the case's write lock: one ingest at a time; searches go on meanwhile.
        With `index`, hold the index's lock too (this process writes the index; a team's
        ingest leaves that to the queue's settle jobs)."""
        with self._flock("ingest.lock", "_writing", wait=False):
            if index:
                with self.indexing():
                    yield
            else:
                yield

    @contextmanager
    def indexing(self, wait: bool = False) -> Iterator[None]:
        """Hold the index's lock: one process writes the index at a time, and lets go of
        its writer with the lock (a team's other processes write it too)."""
        if self._indexing:
            yield
            return
        with self._flock("index.lock", "_indexing", wait):
            try:
                yield
            finally:
                if self._index is not None:
                    self._index.close()  # commits, and lets go of the writer

    @contextmanager
    def _flock(self, name: str, held: str, wait: bool) -> Iterator[None]:
        if getattr(self, held):  # already held by this case (an ingest filling a new index)
            yield
            return
        with open(self.folder / name, "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            except BlockingIOError:
                raise CaseError(
                    f"{self.folder}: another ingest is running on this case; "
                    "wait for it to finish (searching works meanwhile)"
                ) from None
            setattr(self, held, True)
            try:
                yield
            finally:
                setattr(self, held, False)

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self.store.close()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_case(folder: Path | str | None = None, create: bool = False) -> Case:
    """Open a case folder; with `create`, make it when missing (on the database that
    NUTGRAF_DATABASE_URL names, else SQLite in the folder)."""
    folder = Path(folder) if folder is not None else default_case_dir()
    if not (folder / "case.db").exists() and not (folder / CONFIG).exists():
        if not create:
            raise CaseError(
                f"{folder}: no nutgraf case here (run `nutgraf ingest PATH` to make one, "
                "or give --case DIR)"
            )
        init_case(folder, os.environ.get("NUTGRAF_DATABASE_URL") or None)
    return Case(folder=folder, store=_open_store(folder), blobs=BlobStore(folder / "blobs"))


def init_case(folder: Path, database: str | None = None) -> None:
    """Make a case folder: its database is SQLite inside it, or the PostgreSQL at `database`
    (the case gets a schema of its own there, so one server holds many cases)."""
    if folder.exists() and not folder.is_dir():
        raise CaseError(f"{folder}: exists and is not a folder")
    if (folder / "case.db").exists() or (folder / CONFIG).exists():
        raise CaseError(f"{folder}: is already a nutgraf case")
    if database is not None and not database.startswith(("postgresql://", "postgres://")):
        raise CaseError(f"{database}: not a PostgreSQL URL (postgresql://user@host/dbname)")
    if database is None:
        folder.mkdir(parents=True, exist_ok=True)
        _open_store(folder).close()
        return
    schema = "nutgraf_" + re.sub(r"[^a-z0-9]+", "_", folder.resolve().name.lower())[:40]
    schema = f"{schema}_{secrets.token_hex(4)}"
    PostgresStore(database, schema).close()  # fails here, before the folder is made
    folder.mkdir(parents=True, exist_ok=True)
    config = {"database": database, "schema": schema}
    (folder / CONFIG).write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")


def case_database(folder: Path) -> str:
    """Where the case's database is, for people: the SQLite file, or the server and schema
    (without a password)."""
    config = database_config(folder)
    if config is None:
        return str(folder / "case.db")
    return f"{_without_password(config['database'])} (schema {config['schema']})"


def _open_store(folder: Path) -> SqlStore:
    config = database_config(folder)
    try:
        if config is not None:
            return PostgresStore(config["database"], config["schema"])
        return SqliteStore(folder / "case.db")
    except CaseError:
        raise
    except Exception as error:  # sqlite3.DatabaseError and friends
        raise CaseError(f"{folder}: cannot open the case database ({error})") from error


def database_config(folder: Path) -> dict[str, str] | None:
    path = folder / CONFIG
    if not path.exists():
        return None
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
        return {"database": str(config["database"]), "schema": str(config["schema"])}
    except (ValueError, KeyError, TypeError) as error:
        raise CaseError(f"{path}: not a readable case configuration ({error})") from None


def _without_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+):[^@/]*@", r"\1@", url)
