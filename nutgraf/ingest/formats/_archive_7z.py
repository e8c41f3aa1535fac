"""7z members, read with py7zr into memory through a counting writer.

py7zr decompresses a member in blocks of at most 128 MB (less on a small machine) and hands
each block to our writer, which counts it in the budget (raising Bomb) and drops the bytes of
a member once it outgrows max_child_bytes. The archive is passed as an open file so that
py7zr extracts in this thread (it uses threads only when given a path).

Split volumes (`x.7z.001`, `.002`…) can be read only together; a single volume is a truncated
archive and is reported as corrupt.
"""

from __future__ import annotations

import lzma
from pathlib import Path
from typing import Any

import py7zr
import py7zr.exceptions
from py7zr.io import Py7zIO, WriterFactory

from nutgraf.errors import Bomb, Corrupt, Encrypted, Unsupported
from nutgraf.ingest.formats._archive_common import Collector, iso_datetime, one_line
from nutgraf.ingest.formats.base import Source

_FAILURES = (py7zr.exceptions.ArchiveError, lzma.LZMAError, EOFError, OSError, ValueError)


class _CountingWriter(Py7zIO):
    """Receives one member's bytes; counts them all, keeps them while under the limit."""

    def __init__(self, collector: Collector) -> None:
        self._collector = collector
        self._chunks: list[bytes] = []
        self._size = 0
        self.oversized = False

    def write(self, s: bytes | bytearray) -> int:
        self._collector.budget.consume(len(s))
        self._size += len(s)
        if self._size > self._collector.limits.max_child_bytes:
            self.oversized = True
            self._chunks = []
        elif not self.oversized:
            self._chunks.append(bytes(s))
        return len(s)

    def data(self) -> bytes | None:
        return None if self.oversized else b"".join(self._chunks)

    def read(self, size: int | None = None) -> bytes:
        return b""

    def seek(self, offset: int, whence: int = 0) -> int:
        return 0

    def flush(self) -> None:
        return None

    def size(self) -> int:
        return self._size


class _Factory(WriterFactory):
    def __init__(self, collector: Collector) -> None:
        self.collector = collector
        self.writers: list[_CountingWriter] = []

    def create(self, filename: str) -> Py7zIO:
        writer = _CountingWriter(self.collector)
        self.writers.append(writer)
        return writer


def read_7z(source: Source, collector: Collector) -> None:
    for password in (None, *source.passwords):
        if _try_password(source, password, collector):
            collector.fail_if_nothing_read()
            return
    tried = " (none of the given passwords opens it)" if source.passwords else ""
    raise Encrypted(f"encrypted: the 7z archive needs a password{tried}")


def _try_password(source: Source, password: str | None, collector: Collector) -> bool:
    """Read the archive with this password (or none); False when it does not open it."""
    with source.path.open("rb") as handle:
        try:
            archive = py7zr.SevenZipFile(handle, password=password)
        except py7zr.exceptions.PasswordRequired:
            return False  # the headers themselves are encrypted
        except _FAILURES as error:
            if password is not None:
                return False  # a wrong password decrypts the headers into garbage
            raise Corrupt(_open_failure(source, error)) from None
        with archive:
            entries = archive.list()
            collector.check_count(len(entries))
            collector.budget.check_declared(sum(entry.uncompressed or 0 for entry in entries))
            if archive.needs_password() and password is None:
                return False
            try:
                _extract(archive, entries, collector, wrong_password_possible=password is not None)
            except _WrongPassword:
                return False
            return True


def _extract(
    archive: py7zr.SevenZipFile,
    entries: list[Any],
    collector: Collector,
    *,
    wrong_password_possible: bool,
) -> None:
    files = [entry for entry in entries if not entry.is_directory]
    regular = [entry for entry in files if not entry.is_symlink]
    factory = _Factory(collector)
    if regular:
        try:
            archive.extract(targets=[entry.filename for entry in regular], factory=factory)
        except py7zr.exceptions.DecompressionBombError as error:
            raise Bomb(f"bomb: {one_line(error)}") from None
        except py7zr.exceptions.UnsupportedCompressionMethodError as error:
            raise Unsupported(f"unsupported: 7z compression method ({one_line(error)})") from None
        except py7zr.exceptions.PasswordRequired:
            raise Encrypted("encrypted: the 7z archive needs a password") from None
        except _FAILURES as error:
            if wrong_password_possible:
                raise _WrongPassword from None
            raise Corrupt(f"corrupt: 7z data damaged ({one_line(error)})") from None
    _collect(entries, factory.writers, collector)


class _WrongPassword(Exception):
    pass


def _collect(entries: list[Any], writers: list[_CountingWriter], collector: Collector) -> None:
    # py7zr creates one writer per extracted target, in the archive's order of entries.
    pending = iter(writers)
    for index, entry in enumerate(entries):
        if entry.is_directory:
            continue
        clean = collector.member_name(entry.filename, index)
        if entry.is_symlink:
            collector.link(clean, "")
            continue
        writer = next(pending, None)
        data = writer.data() if writer is not None else b""
        metadata = {
            "modified": iso_datetime(entry.creationtime),
            "raw_name": entry.filename if entry.filename != clean else None,
        }
        collector.add(clean, data, metadata)


def _open_failure(source: Source, error: BaseException) -> str:
    message = one_line(error)
    volume = Path(source.name or source.path.name).suffix[1:].isdigit()
    if volume or "exceeds the archive size" in message:
        return f"corrupt: split volume or truncated 7z archive, other parts missing ({message})"
    return f"corrupt: not a readable 7z archive ({message})"
