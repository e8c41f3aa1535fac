"""cpio, ISO 9660, CAB and XAR members, streamed with libarchive (libarchive-c).

libarchive reads each format as a stream of entries whose data blocks are handed to the
`Collector` as they are decompressed, so the `Budget` counts real bytes. Directories are
skipped, symbolic and hard links listed, never followed.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import libarchive
import libarchive.exception

from nutgraf.errors import Corrupt, Encrypted
from nutgraf.ingest.formats._archive_common import Collector, one_line
from nutgraf.ingest.formats.base import Source

# What each MIME type is to libarchive: reading with only that format enabled keeps a file
# from being read as something else than what the detector found.
FORMATS = {
    "application/x-cpio": "cpio",
    "application/x-iso9660-image": "iso9660",
    "application/vnd.ms-cab-compressed": "cab",
    "application/x-xar": "xar",
}


def read_libarchive(source: Source, collector: Collector) -> None:
    try:
        with libarchive.file_reader(str(source.path), format_name=FORMATS[source.mime]) as entries:
            for index, entry in enumerate(entries):
                collector.check_count(index + 1)
                _read_entry(entry, index, collector)
    except (libarchive.exception.ArchiveError, UnicodeDecodeError) as error:
        message = one_line(error)
        if "encrypt" in message.lower() or "passphrase" in message.lower():
            raise Encrypted(f"encrypted: archive members are encrypted ({message})") from None
        if not collector.children:
            raise Corrupt(
                f"corrupt: not a readable {FORMATS[source.mime]} archive ({message})"
            ) from None
        collector.skip("(rest of archive)", "corrupt", message)  # keep what came before
    collector.fail_if_nothing_read()


def _read_entry(entry: Any, index: int, collector: Collector) -> None:
    raw = _text(entry.pathname)
    if entry.isdir:
        return
    clean = collector.member_name(raw, index)
    if entry.issym or entry.islnk:
        collector.link(clean, _text(entry.linkpath), "symlink" if entry.issym else "hardlink")
        return
    if not entry.isreg:
        collector.skip(clean, "special_file", "device, fifo or socket")
        return
    blocks = _chunks(entry.get_blocks())
    data = collector.read(lambda _size: next(blocks, b""))
    metadata = {
        "modified": _time(entry.mtime),
        "raw_name": raw if raw != clean else None,
    }
    collector.add(clean, data, metadata)


def _text(name: str | bytes | None) -> str:
    """libarchive hands back bytes for a name it cannot decode: keep them, escaped."""
    if isinstance(name, bytes):
        return name.decode("utf-8", "backslashreplace")
    return name or ""


def _chunks(blocks: Iterator[bytes]) -> Iterator[bytes]:
    for block in blocks:
        if block:
            yield bytes(block)


def _time(value: float | int | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(value, UTC).replace(tzinfo=None).isoformat()
    except (OverflowError, OSError, ValueError):
        return None
