"""TAR members, read with tarfile under the rules of `tarfile.data_filter`, in memory only.

As the data filter would: links are never followed (noted in skipped_links), device and
FIFO entries are left out, names lose their root and '..' parts. Nothing is written to disk.
"""

from __future__ import annotations

import tarfile
from datetime import UTC, datetime

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._archive_common import Collector, iso_datetime, one_line, raw_name_text
from nutgraf.ingest.formats._archive_names import decode_name
from nutgraf.ingest.formats.base import Source

_READ_ERRORS = (tarfile.TarError, EOFError, OSError, ValueError)


def read_tar(source: Source, collector: Collector) -> None:
    try:
        # "r:*" also reads a compressed tar handed over as a tar; the budget still counts.
        archive = tarfile.open(  # noqa: SIM115 - closed by the `with` below
            source.path, mode="r:*", encoding="utf-8", errors="surrogateescape"
        )
    except _READ_ERRORS as error:
        raise Corrupt(f"corrupt: not a readable tar archive ({one_line(error)})") from None
    with archive:
        index = 0
        try:
            # Iterate rather than getmembers(): the count limit stops a huge tar early.
            for index, member in enumerate(archive, start=1):
                collector.check_count(index)
                _read_member(archive, member, index, collector)
        except tarfile.TarError as error:
            if index == 0:
                raise Corrupt(f"corrupt: unreadable tar header ({one_line(error)})") from None
            collector.skip(f"(after member {index})", "corrupt", one_line(error))
    collector.fail_if_nothing_read()


def _read_member(
    archive: tarfile.TarFile, member: tarfile.TarInfo, index: int, collector: Collector
) -> None:
    if member.isdir():
        return
    raw = member.name.encode("utf-8", "surrogateescape")
    clean = collector.member_name(decode_name(raw), index)
    if member.issym() or member.islnk():
        kind = "symlink" if member.issym() else "hardlink"
        target = member.linkname.encode("utf-8", "surrogateescape")
        collector.link(clean, raw_name_text(target), kind)
        return
    if not member.isfile():
        collector.skip(clean, "special_file", "device, FIFO or other non-regular entry")
        return
    metadata = {
        "modified": _mtime(member.mtime),
        "raw_name": raw_name_text(raw) if raw_name_text(raw) != clean else None,
    }
    try:
        stream = archive.extractfile(member)
        data = collector.read(stream.read) if stream is not None else b""
    except _READ_ERRORS as error:
        collector.skip(clean, "corrupt", one_line(error))
        return
    collector.add(clean, data, metadata)


def _mtime(seconds: float) -> str | None:
    if not seconds:
        return None
    try:
        return iso_datetime(datetime.fromtimestamp(seconds, tz=UTC))
    except (OverflowError, OSError, ValueError):
        return None
