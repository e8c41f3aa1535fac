"""Single-stream compressors: gzip, bzip2, xz, and Unix compress (.Z).

Each yields one child. Output is produced in bounded blocks (`max_length`), so a stream that
expands without end (zeros, concatenated members, a quine) is stopped by the budget after a
few MB of ratio or at max_child_bytes, never after it has filled memory. A compressed tar
becomes a child tar, which the pipeline then reads as tar.
"""

from __future__ import annotations

import bz2
import lzma
import shutil
import struct
import subprocess
import zlib
from collections.abc import Callable, Generator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO, Protocol

from nutgraf.errors import Corrupt, TooLarge, Unsupported
from nutgraf.ingest.formats._archive_common import (
    CHUNK,
    Collector,
    human_size,
    iso_datetime,
    one_line,
    sanitize_member_name,
)
from nutgraf.ingest.formats.base import Source

_INPUT_CHUNK = 64 * 1024
_GZIP_MAGIC = b"\x1f\x8b"
_FLAG_EXTRA, _FLAG_NAME = 0x04, 0x08
# Extensions these compressors add, and what the name becomes without them.
_SUFFIXES = {
    ".gz": "",
    ".gzip": "",
    ".z": "",
    ".bz2": "",
    ".bz": "",
    ".xz": "",
    ".tgz": ".tar",
    ".taz": ".tar",
    ".tbz": ".tar",
    ".tbz2": ".tar",
    ".txz": ".tar",
}


class _Decompressor(Protocol):
    @property
    def eof(self) -> bool: ...
    @property
    def needs_input(self) -> bool: ...
    @property
    def unused_data(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int = -1) -> bytes: ...


class _Gunzip:
    """zlib's decompressobj with the needs_input interface of bz2 and lzma."""

    def __init__(self) -> None:
        self._inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)

    @property
    def eof(self) -> bool:
        return self._inflate.eof

    @property
    def needs_input(self) -> bool:
        return not self._inflate.unconsumed_tail

    @property
    def unused_data(self) -> bytes:
        return self._inflate.unused_data

    def decompress(self, data: bytes, max_length: int = -1) -> bytes:
        return self._inflate.decompress(self._inflate.unconsumed_tail + data, max(max_length, 0))


_FORMATS: dict[str, tuple[Callable[[], _Decompressor], bytes]] = {
    "application/gzip": (_Gunzip, _GZIP_MAGIC),
    "application/x-bzip2": (bz2.BZ2Decompressor, b"BZh"),
    "application/x-xz": (lzma.LZMADecompressor, b"\xfd7zXZ\x00"),
}


class _Truncated(Exception):
    pass


def read_stream(source: Source, collector: Collector) -> None:
    name, metadata = _child_name(source)
    clean = collector.member_name(name, 0)
    with source.path.open("rb") as handle:
        if source.mime == "application/x-compress":
            chunks = _uncompress_chunks(handle)
        else:
            new_decompressor, magic = _FORMATS[source.mime]
            chunks = _decompressed_chunks(handle, new_decompressor, magic)
        data, problem = _gather(chunks, collector)
    if data is None:
        limit = human_size(collector.limits.max_child_bytes)
        raise TooLarge(f"too_large: decompressed content exceeds the limit of {limit}")
    if problem:
        if not data:
            raise Corrupt(f"corrupt: {problem}")
        metadata["truncated"] = problem  # keep what came out: partial data still says things
    collector.add(clean, data, metadata)


def _gather(chunks: Generator[bytes, None, None], collector: Collector) -> tuple[bytes | None, str]:
    """All output (None past max_child_bytes) and the error that cut it short, if any."""
    problem = ""

    def guarded() -> Iterator[bytes]:
        nonlocal problem
        try:
            yield from chunks
        except _Truncated as error:
            problem = str(error)
        except (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError) as error:
            problem = f"damaged compressed data ({one_line(error)})"

    stream = guarded()
    try:
        data = collector.read(lambda _size: next(stream, b""))
    finally:
        chunks.close()  # stops the `gzip -dc` process when we stop early
    return data, problem


def _decompressed_chunks(
    handle: BinaryIO, new_decompressor: Callable[[], _Decompressor], magic: bytes
) -> Generator[bytes, None, None]:
    """Output of every concatenated stream, in blocks of at most CHUNK bytes."""
    decompressor = new_decompressor()
    while True:
        if decompressor.eof:
            tail = decompressor.unused_data or handle.read(_INPUT_CHUNK)
            if not tail.startswith(magic):
                return  # the end, or padding and garbage after the last stream
            decompressor, data = new_decompressor(), tail
        elif decompressor.needs_input:
            data = handle.read(_INPUT_CHUNK)
            if not data:
                raise _Truncated("compressed stream ends before its end marker")
        else:
            data = b""
        if out := decompressor.decompress(data, CHUNK):
            yield out


def _uncompress_chunks(handle: BinaryIO) -> Generator[bytes, None, None]:
    """Unix compress (LZW) through `gzip -dc`, streamed, killed as soon as we stop reading."""
    gzip_tool = shutil.which("gzip")
    if gzip_tool is None:
        raise Unsupported("unsupported: .Z needs the gzip program, which is missing")
    process = subprocess.Popen(
        [gzip_tool, "-dc"], stdin=handle, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    try:
        while out := process.stdout.read(CHUNK):
            yield out
        if process.wait() != 0:
            message = " ".join(process.stderr.read(500).decode("utf-8", "replace").split())
            raise _Truncated(f"compress stream unreadable ({message})")
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        process.stdout.close()
        process.stderr.close()


def _child_name(source: Source) -> tuple[str, dict]:
    metadata: dict = {}
    if source.mime == "application/gzip":
        header_name, mtime = _gzip_header(source.path)
        if mtime:
            metadata["modified"] = iso_datetime(datetime.fromtimestamp(mtime, tz=UTC))
        header_name = sanitize_member_name(header_name).rsplit("/", 1)[-1]
        if header_name:
            return header_name, metadata
    return _name_without_suffix(source.name) or "content", metadata


def _name_without_suffix(name: str) -> str:
    base = sanitize_member_name(name).rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if dot and stem and f".{suffix.lower()}" in _SUFFIXES:
        return stem + _SUFFIXES[f".{suffix.lower()}"]
    return ""


def _gzip_header(path: Path) -> tuple[str, int]:
    """The original file name and modification time that gzip records, when it did."""
    with path.open("rb") as handle:
        head = handle.read(64 * 1024)
    if len(head) < 10 or not head.startswith(_GZIP_MAGIC):
        return "", 0
    flags, mtime = head[3], struct.unpack_from("<I", head, 4)[0]
    if not flags & _FLAG_NAME:
        return "", mtime
    offset = 10
    if flags & _FLAG_EXTRA and len(head) >= 12:
        offset += 2 + struct.unpack_from("<H", head, 10)[0]
    end = head.find(b"\0", offset)
    raw = head[offset:end] if end > offset else b""
    # RFC 1952 says ISO-8859-1; modern tools write UTF-8.
    try:
        return raw.decode("utf-8"), mtime
    except UnicodeDecodeError:
        return raw.decode("latin-1"), mtime
