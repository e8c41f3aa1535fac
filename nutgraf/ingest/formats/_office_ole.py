"""OLE2 compound files (legacy doc/ppt, encrypted OOXML): encryption, metadata, embeddings."""

from __future__ import annotations

import datetime as dt
import itertools
import struct
from pathlib import Path
from typing import Any

import msoffcrypto
import olefile

from nutgraf.errors import Corrupt, Encrypted
from nutgraf.ingest.formats.base import Child, Limits

_CODEPAGES = {65001: "utf-8", 1200: "utf-16-le", 10000: "mac_roman", 0: "cp1252"}
_DRM_STREAM = "\tDRMContent"  # rights-managed (IRM) content: the real text is encrypted


def is_ole(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(8) == olefile.MAGIC


def open_ole(path: Path, kind: str) -> olefile.OleFileIO:
    try:
        return olefile.OleFileIO(str(path))
    except (OSError, ValueError, struct.error) as exc:
        raise Corrupt(f"corrupt: {kind} is not a readable OLE compound file ({exc})") from None


def is_encrypted(path: Path) -> bool:
    """True for password-protected or rights-managed legacy files and encrypted OOXML."""
    if not is_ole(path):
        return False
    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedPackage") or ole.exists(_DRM_STREAM):
                return True
        with path.open("rb") as handle:
            return bool(msoffcrypto.OfficeFile(handle).is_encrypted())
    except Exception:
        return False


def decrypt(path: Path, target: Path, passwords: tuple[str, ...]) -> None:
    """Write the decrypted file to `target` with the first password that works, or raise."""
    with path.open("rb") as handle:
        try:
            office_file = msoffcrypto.OfficeFile(handle)
        except Exception as exc:
            raise Encrypted(f"encrypted: unsupported protection ({exc})") from None
        if _has_drm(path):
            raise Encrypted("encrypted: rights-managed (IRM/DRM) document")
        for password in passwords:
            try:
                office_file.load_key(password=password)
                with target.open("wb") as out:
                    office_file.decrypt(out)
                return
            except Exception:
                continue
    reason = "no working password among those supplied" if passwords else "password-protected"
    raise Encrypted(f"encrypted: {reason}")


def _has_drm(path: Path) -> bool:
    with olefile.OleFileIO(str(path)) as ole:
        return ole.exists(_DRM_STREAM)


# A summary holds a few dozen values; a damaged vector count (read as up to 2^32) made
# olefile loop for hours (found by bench/fuzz.py). Past this many values parsing stops.
MAX_PROPERTY_VALUES = 100_000


def bounded_metadata(ole: olefile.OleFileIO) -> olefile.OleMetadata:
    calls = itertools.count()
    parse_value = ole._parse_property_basic

    def bounded(*args: Any) -> Any:
        if next(calls) > MAX_PROPERTY_VALUES:
            raise ValueError("too many property values")  # olefile skips that property
        return parse_value(*args)

    ole._parse_property_basic = bounded  # type: ignore[method-assign]
    try:
        return ole.get_metadata()
    finally:
        del ole._parse_property_basic


def summary_metadata(ole: olefile.OleFileIO) -> dict[str, Any]:
    """Title, author, dates... from the SummaryInformation property streams."""
    try:
        props = bounded_metadata(ole)
    except Exception:
        return {}
    encoding = _CODEPAGES.get((props.codepage or 0) & 0xFFFF, f"cp{(props.codepage or 0) & 0xFFFF}")
    fields = {
        "title": props.title,
        "author": props.author,
        "last_modified_by": props.last_saved_by,
        "subject": props.subject,
        "keywords": props.keywords,
        "description": props.comments,
        "producer": props.creating_application,
        "company": props.company,
        "manager": props.manager,
        "template": props.template,
        "created": props.create_time,
        "modified": props.last_saved_time,
        "last_printed": props.last_printed,
        "page_count": props.num_pages,
    }
    metadata: dict[str, Any] = {}
    for key, value in fields.items():
        value = _clean_value(value, encoding)
        if value not in (None, "", 0):
            metadata[key] = value
    return metadata


def _clean_value(value: Any, encoding: str) -> Any:
    if isinstance(value, bytes):
        try:
            return value.decode(encoding, errors="replace").strip("\x00").strip()
        except LookupError:
            return value.decode("cp1252", errors="replace").strip("\x00").strip()
    if isinstance(value, dt.datetime):
        # OLE leaves unset dates as the FILETIME epoch
        return None if value.year <= 1601 else value.replace(microsecond=0).isoformat()
    return value


def embedded_objects(ole: olefile.OleFileIO, pool: str, limits: Limits) -> list[Child]:
    """Files embedded as OLE objects under the storage `pool` (Word's ObjectPool).

    An object's payload is the `\\x01Ole10Native` stream (a packaged file), or `CONTENTS` /
    `Package` (a PDF or an OOXML file stored whole). Objects stored as nested OLE storages
    (an embedded legacy workbook) cannot be rebuilt as a standalone file by olefile and are
    skipped.
    """
    children: list[Child] = []
    for entry in ole.listdir(streams=True, storages=False):
        if len(entry) < 3 or entry[0] != pool or entry[-1] not in _PAYLOAD_STREAMS:
            continue
        if ole.get_size("/".join(entry)) > limits.max_child_bytes:
            continue
        data = ole.openstream(entry).read()
        name, payload = _unpack_payload(entry[-1], data)
        if payload:
            children.append(Child(name=name or "/".join(entry[1:]), data=payload))
        if len(children) >= limits.max_children:
            break
    return children


_PAYLOAD_STREAMS = {"\x01Ole10Native", "CONTENTS", "Package"}


def _unpack_payload(stream: str, data: bytes) -> tuple[str, bytes]:
    if stream != "\x01Ole10Native":
        return "", data
    try:
        return _parse_ole10_native(data)
    except (struct.error, IndexError, ValueError):
        return "", b""


def _parse_ole10_native(data: bytes) -> tuple[str, bytes]:
    """Ole10Native: size, flags, label, path, ..., then the packaged file's bytes."""
    offset = 4  # total size
    offset += 2  # flags
    label, offset = _cstring(data, offset)
    _path, offset = _cstring(data, offset)
    offset += 4  # reserved
    path_length = struct.unpack_from("<I", data, offset)[0]
    offset += 4 + path_length
    size = struct.unpack_from("<I", data, offset)[0]
    offset += 4
    if offset + size > len(data):
        raise ValueError("truncated Ole10Native payload")
    return label, data[offset : offset + size]


def _cstring(data: bytes, offset: int) -> tuple[str, int]:
    end = data.index(b"\x00", offset)
    return data[offset:end].decode("cp1252", errors="replace"), end + 1
