"""ZIP members, read with zipfile (Deflate64 through zipfile-deflate64, AES through pyzipper)."""

from __future__ import annotations

import lzma
import stat
import struct
import zipfile
import zlib
from contextlib import ExitStack
from pathlib import Path

import pyzipper
import zipfile_deflate64  # noqa: F401  # patches zipfile to read Deflate64 (Windows Explorer)

from nutgraf.errors import Corrupt, Encrypted
from nutgraf.ingest.formats._archive_common import Collector, iso_datetime, one_line, raw_name_text
from nutgraf.ingest.formats._archive_names import decode_names
from nutgraf.ingest.formats.base import Source

_FLAG_ENCRYPTED = 0x1
_FLAG_UTF8 = 0x800
_METHOD_AES = 99
_EXTRA_UNICODE_PATH = 0x7075  # Info-ZIP: the UTF-8 name beside a legacy-encoded one
_SYSTEM_UNIX = 3
_LINK_TARGET_MAX = 4096
# What zipfile and its decompressors raise on damaged member data.
_MEMBER_ERRORS = (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError)


def read_zip(source: Source, collector: Collector) -> None:
    try:
        archive = zipfile.ZipFile(source.path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise Corrupt(f"corrupt: not a readable zip archive ({one_line(error)})") from None
    with archive, ExitStack() as stack:
        infos = archive.infolist()
        collector.check_count(len(infos))
        collector.budget.check_declared(sum(info.file_size for info in infos))
        aes = _LazyAes(source.path, stack)
        files = [(index, info) for index, info in enumerate(infos) if not info.is_dir()]
        names = _decoded_names([info for _, info in files])
        for (index, info), (name, raw) in zip(files, names, strict=True):
            clean = collector.member_name(name, index)
            _read_member(archive, aes, index, info, clean, raw, source, collector)
    _raise_if_all_encrypted(collector, len(files), source.passwords)
    collector.fail_if_nothing_read()


def _read_member(
    archive: zipfile.ZipFile,
    aes: _LazyAes,
    index: int,
    info: zipfile.ZipInfo,
    clean: str,
    raw: bytes,
    source: Source,
    collector: Collector,
) -> None:
    metadata = {
        "modified": iso_datetime(info.date_time),
        "raw_name": raw_name_text(raw) if raw_name_text(raw) != clean else None,
    }
    if _is_symlink(info):
        collector.link(clean, _link_target(archive, info))
        return
    try:
        if info.flag_bits & _FLAG_ENCRYPTED:
            data = _read_encrypted(archive, aes, index, info, source.passwords, collector)
            if data is _LOCKED:
                collector.encrypted(clean)
                return
        else:
            with archive.open(info) as stream:
                data = collector.read(stream.read)
    except NotImplementedError as error:
        collector.skip(clean, "unsupported", one_line(error))
        return
    except _MEMBER_ERRORS as error:
        collector.skip(clean, "corrupt", one_line(error))
        return
    assert not isinstance(data, _Locked)
    collector.add(clean, data, metadata)


class _Locked:
    """Marks a member no given password opens."""


_LOCKED = _Locked()


class _LazyAes:
    """pyzipper's reader, opened only when an AES member is met."""

    def __init__(self, path: Path, stack: ExitStack) -> None:
        self._path = path
        self._stack = stack
        self._archive: pyzipper.AESZipFile | None = None

    def info(self, index: int) -> zipfile.ZipInfo:
        if self._archive is None:
            self._archive = self._stack.enter_context(pyzipper.AESZipFile(self._path))
        return self._archive.infolist()[index]

    def open(self, index: int, password: bytes):
        info = self.info(index)
        assert self._archive is not None
        return self._archive.open(info, pwd=password)


def _read_encrypted(
    archive: zipfile.ZipFile,
    aes: _LazyAes,
    index: int,
    info: zipfile.ZipInfo,
    passwords: tuple[str, ...],
    collector: Collector,
) -> bytes | _Locked | None:
    for password in passwords:
        secret = password.encode("utf-8")
        try:
            if info.compress_type == _METHOD_AES:
                opened = aes.open(index, secret)
            else:
                opened = archive.open(info, pwd=secret)
            with opened as stream:
                return collector.read(stream.read)
        except (RuntimeError, *_MEMBER_ERRORS):
            continue  # wrong password: a bad check byte, or garbage that fails to inflate
    return _LOCKED


def _raise_if_all_encrypted(collector: Collector, file_count: int, passwords: tuple) -> None:
    locked = len(collector.encrypted_members)
    if locked and locked == file_count:
        tried = " (none of the given passwords opens it)" if passwords else ""
        raise Encrypted(f"encrypted: every member of the zip needs a password{tried}")


def _decoded_names(infos: list[zipfile.ZipInfo]) -> list[tuple[str, bytes]]:
    """(name, raw bytes) of each member, legacy names decoded together for the archive."""
    raws = [_raw_name(info) for info in infos]
    known = [_declared_unicode_name(info, raw) for info, raw in zip(infos, raws, strict=True)]
    legacy = [raw for raw, name in zip(raws, known, strict=True) if name is None]
    guessed = iter(decode_names(legacy, oem=True))
    names = [name if name is not None else next(guessed) for name in known]
    return list(zip(names, raws, strict=True))


def _raw_name(info: zipfile.ZipInfo) -> bytes:
    # zipfile decoded the bytes as UTF-8 (flag set) or cp437, which round-trips every byte.
    encoding = "utf-8" if info.flag_bits & _FLAG_UTF8 else "cp437"
    return info.orig_filename.encode(encoding, "surrogateescape")


def _declared_unicode_name(info: zipfile.ZipInfo, raw: bytes) -> str | None:
    if info.flag_bits & _FLAG_UTF8:
        return info.orig_filename
    extra = info.extra
    offset = 0
    while offset + 4 <= len(extra):
        header_id, size = struct.unpack_from("<HH", extra, offset)
        body = extra[offset + 4 : offset + 4 + size]
        offset += 4 + size
        # version 1, then the CRC-32 of the legacy name it stands for, then the UTF-8 name
        if (
            header_id == _EXTRA_UNICODE_PATH
            and len(body) > 5
            and body[0] == 1
            and struct.unpack_from("<I", body, 1)[0] == zlib.crc32(raw)
        ):
            return body[5:].decode("utf-8", "replace")
    return None


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return info.create_system == _SYSTEM_UNIX and stat.S_ISLNK(mode)


def _link_target(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> str:
    try:
        with archive.open(info) as stream:
            return raw_name_text(stream.read(_LINK_TARGET_MAX))
    except (RuntimeError, NotImplementedError, *_MEMBER_ERRORS):
        return ""
