"""A case folder: case.db (SQLite, WAL), index/ (tantivy) and blobs/ (the originals).

nutgraf-case/
  case.db     documents, paths, texts, facts, entities, mentions, runs
  index/      the full-text index, rebuildable from case.db
  blobs/ab/cd/<sha256>   originals and extracted children, written once
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from nutgraf.blobs import BlobStore
from nutgraf.errors import CaseError
from nutgraf.search.index import SearchIndex
from nutgraf.store.sqlite import SqliteStore

DEFAULT_CASE = "nutgraf-case"


def default_case_dir() -> Path:
    return Path(os.environ.get("NUTGRAF_CASE") or DEFAULT_CASE)


@dataclass
class Case:
    folder: Path
    store: SqliteStore
    blobs: BlobStore
    _index: SearchIndex | None = None

    _writing: bool = False

    @property
    def index(self) -> SearchIndex:
        if self._index is None:
            self._index = SearchIndex(self.folder / "index")
            if self._index.created:
                self._fill_index()
        return self._index

    def _fill_index(self) -> None:
        """A new index (first use, or a nutgraf upgrade changed its layout) is filled from
        case.db at once, so a search never silently misses documents the case holds."""
        from nutgraf.ingest.indexing import Indexer  # indexing builds on the case

        with self.writing():
            Indexer(self).catch_up()

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the case's write lock: one ingest at a time; searches go on meanwhile."""
        if self._writing:  # already held by this case (an ingest filling a new index)
            yield
            return
        with open(self.folder / "ingest.lock", "w") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise CaseError(
                    f"{self.folder}: another ingest is running on this case; "
                    "wait for it to finish (searching works meanwhile)"
                ) from None
            self._writing = True
            try:
                yield
            finally:
                self._writing = False

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self.store.close()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()


def open_case(folder: Path | str | None = None, create: bool = False) -> Case:
    """Open a case folder; with `create`, make it when missing."""
    folder = Path(folder) if folder is not None else default_case_dir()
    database = folder / "case.db"
    if not database.exists():
        if not create:
            raise CaseError(
                f"{folder}: no nutgraf case here (run `nutgraf ingest PATH` to make one, "
                "or give --case DIR)"
            )
        if folder.exists() and not folder.is_dir():
            raise CaseError(f"{folder}: exists and is not a folder")
        folder.mkdir(parents=True, exist_ok=True)
    try:
        store = SqliteStore(database)
    except Exception as error:  # sqlite3.DatabaseError and friends
        raise CaseError(f"{database}: cannot open the case database ({error})") from error
    return Case(folder=folder, store=store, blobs=BlobStore(folder / "blobs"))
