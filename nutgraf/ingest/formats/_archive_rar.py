"""RAR members, read with rarfile; decompression runs in a free extractor it pipes from.

rarfile parses the headers itself and streams each member from the first tool it finds:
`unrar` (non-free, not installed by us), `unar` (Debian package `unar`), `bsdtar`, `7z`.
`unar` is the one we install. Stored (uncompressed) members rarfile reads directly. Links are
never followed or materialised: they are only noted.
"""

from __future__ import annotations

from functools import cache

import rarfile

from nutgraf.errors import Corrupt, Encrypted, Unsupported
from nutgraf.ingest.formats._archive_common import Collector, iso_datetime, one_line, raw_name_text
from nutgraf.ingest.formats.base import Source

_FAILURES = (rarfile.Error, EOFError, OSError, ValueError)


@cache
def _setup_tools() -> None:
    try:
        rarfile.tool_setup()
    except rarfile.RarCannotExec:
        raise Unsupported("unsupported: no RAR extractor found (install unar)") from None


def read_rar(source: Source, collector: Collector) -> None:
    archive = _open(source)
    with archive:
        infos = archive.infolist()
        collector.check_count(len(infos))
        collector.budget.check_declared(sum(info.file_size or 0 for info in infos))
        files = [(index, info) for index, info in enumerate(infos) if not info.is_dir()]
        for index, info in files:
            _read_member(archive, index, info, source.passwords, collector)
    if files and len(collector.encrypted_members) == len(files):
        raise Encrypted("encrypted: every member of the rar needs a password")
    collector.fail_if_nothing_read()


def _open(source: Source) -> rarfile.RarFile:
    try:
        archive = rarfile.RarFile(source.path)
        if not archive.needs_password() or archive.infolist():
            return archive
        # The headers are encrypted: nothing is listed until a password opens them.
        for password in source.passwords:
            try:
                archive = rarfile.RarFile(source.path)
                archive.setpassword(password)
                archive.infolist()
                return archive
            except rarfile.BadRarFile:
                continue
    except rarfile.NeedFirstVolume as error:
        raise Corrupt(f"corrupt: later volume of a split rar ({one_line(error)})") from None
    except _FAILURES as error:
        raise Corrupt(f"corrupt: not a readable rar archive ({one_line(error)})") from None
    raise Encrypted("encrypted: the rar archive's file list needs a password")


def _read_member(
    archive: rarfile.RarFile,
    index: int,
    info: rarfile.RarInfo,
    passwords: tuple[str, ...],
    collector: Collector,
) -> None:
    raw = info.orig_filename if isinstance(info.orig_filename, bytes) else b""
    clean = collector.member_name(info.filename, index)
    if info.is_symlink():
        collector.link(clean, _link_target(info))
        return
    metadata = {
        "modified": iso_datetime(info.mtime or info.date_time),
        "raw_name": raw_name_text(raw) if raw and raw_name_text(raw) != clean else None,
    }
    if info.needs_password():
        data = _read_with_passwords(archive, info, passwords, collector)
        if data is _LOCKED:
            collector.encrypted(clean)
            return
    else:
        try:
            data = _read(archive, info, None, collector)
        except _FAILURES as error:
            collector.skip(clean, "corrupt", one_line(error))
            return
    assert not isinstance(data, _Locked)
    collector.add(clean, data, metadata)


class _Locked:
    pass


_LOCKED = _Locked()


def _read_with_passwords(
    archive: rarfile.RarFile,
    info: rarfile.RarInfo,
    passwords: tuple[str, ...],
    collector: Collector,
) -> bytes | _Locked | None:
    for password in passwords:
        try:
            return _read(archive, info, password, collector)
        except _FAILURES:
            continue  # wrong password: the CRC check fails or the extractor refuses
    return _LOCKED


def _read(
    archive: rarfile.RarFile, info: rarfile.RarInfo, password: str | None, collector: Collector
) -> bytes | None:
    _setup_tools()
    with archive.open(info, pwd=password) as stream:
        return collector.read(stream.read)


def _link_target(info: rarfile.RarInfo) -> str:
    # RAR5 keeps the target in the header; older RAR stores it as the member's data.
    target = getattr(info, "file_redir", None)
    if target and len(target) >= 3 and isinstance(target[2], str):
        return target[2]
    return ""
