"""Embedded OLE objects of a legacy PowerPoint file: each ExOleObjStg becomes a child.

An embedded Word document, workbook, PDF or packaged file is kept in the PowerPoint Document
stream as an ExOleObjStg record ([MS-PPT] 2.10.34): the object's whole OLE compound file,
zlib-compressed when the record's instance is 1 (a 4-byte uncompressed size, then the
stream). The ExOleEmbed container that places it on a slide has an ExOleObjAtom whose
persistIdRef leads to it, and CStrings with the object's ProgID ("Excel.Sheet.8") and its
type name; those become the child's metadata. The compound file itself is the child: the
pipeline detects it (doc, xls, or an object wrapper that ole_object unpacks) and reads it.

Fast-saved files keep superseded copies of records, so when the persist directory could be
read only the ExOleObjStg records it points at are taken. Objects past the limits are left
out and listed in metadata["skipped"] with their reason; the slide text is never lost for
an object. The presentation's macros (VbaProjectStg) use the same record type: nothing here
reads VBA, so the project is listed there too rather than made a child no reader takes.
Empty storages (PowerPoint keeps some for objects never filled) are dropped.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import olefile

from nutgraf.ingest.formats._archive_common import RATIO_GRACE_BYTES, human_size
from nutgraf.ingest.formats.base import Child, Limits

_EX_OLE_OBJ_ATOM = 0x0FC3
_EX_OLE_EMBED = 0x0FCC
_CSTRING = 0x0FBA
_EX_OLE_OBJ_STG = 0x1011
_HEADER_SIZE = 8
_PROG_ID_INSTANCE, _TYPE_NAME_INSTANCE = 2, 3
_CHUNK = 1024 * 1024

# Top-level streams that say what an embedded compound file is (a hint for the name only:
# the pipeline detects the type from the bytes).
_STREAM_EXTENSIONS = (
    ("WordDocument", "doc"),
    ("Workbook", "xls"),
    ("Book", "xls"),
    ("PowerPoint Document", "ppt"),
    ("VisioDocument", "vsd"),
    ("PROJECT", "vba"),  # the presentation's macros, kept in the same record type
)

Records = Callable[[bytes, int, int], Iterator[tuple[int, int, int, int]]]


@dataclass(frozen=True)
class _Described:
    prog_id: str
    type_name: str


def embedded_objects(
    stream: bytes, records: Records, persist: dict[int, int] | None, limits: Limits
) -> tuple[list[Child], list[dict[str, Any]]]:
    """The embedded objects' compound files as children, and those left out with why.

    `records` walks the record tree (type, instance, body, body end); `persist` maps persist
    ids to stream offsets (the newest edit's), or is None when it could not be read.
    """
    described = _descriptions(stream, records, persist)
    live_offsets = set(persist.values()) if persist is not None else None
    children: list[Child] = []
    skipped: list[dict[str, Any]] = []
    total = number = 0
    for rec_type, instance, body, body_end in records(stream, 0, len(stream)):
        if rec_type != _EX_OLE_OBJ_STG:
            continue
        offset = body - _HEADER_SIZE
        if live_offsets is not None and offset not in live_offsets:
            continue  # a superseded copy left by a fast save
        number += 1
        description = described.get(offset, _Described("", ""))
        raw = stream[body:body_end]
        # Checked on the declared size, before inflating: no more than it is ever inflated.
        expanded = total + _declared_size(raw, instance)
        if expanded > RATIO_GRACE_BYTES and expanded > limits.max_ratio * max(len(stream), 1):
            detail = f"objects expand more than {limits.max_ratio:g}x the file"
            skipped.append({"name": f"embedded-{number}", "reason": "bomb", "detail": detail})
            break
        budget = min(limits.max_child_bytes, limits.max_total_expanded - total)
        data, problem = _object_data(raw, instance, budget)
        if data is None:
            skipped.append(
                {"name": f"embedded-{number}", "reason": problem[0], "detail": problem[1]}
            )
            continue
        total += len(data)
        kind = _kind(data)
        if kind is None:
            continue  # nothing in it to read, and nothing lost by leaving it out
        if kind == "vba":  # no reader for it: listed, so that the macros are known to be there
            detail = "the presentation's VBA macro project"
            skipped.append(
                {"name": f"embedded-{number}", "reason": "unsupported", "detail": detail}
            )
            continue
        name = f"embedded-{number}.{kind}"
        children.append(Child(name=name, data=data, metadata=_metadata(description)))
        if len(children) >= limits.max_children:
            break
    return children, skipped


def _descriptions(
    stream: bytes, records: Records, persist: dict[int, int] | None
) -> dict[int, _Described]:
    """Stream offset of each object's storage → the ProgID and type name its ExOleEmbed gives."""
    if persist is None:
        return {}
    found: dict[int, _Described] = {}
    for rec_type, _instance, body, body_end in records(stream, 0, len(stream)):
        if rec_type != _EX_OLE_EMBED:
            continue
        persist_ref: int | None = None
        strings: dict[int, str] = {}
        for child_type, child_instance, child, child_end in records(stream, body, body_end):
            if child_type == _EX_OLE_OBJ_ATOM and child_end - child >= 20:
                persist_ref = struct.unpack_from("<I", stream, child + 16)[0]
            elif child_type == _CSTRING:
                text = stream[child:child_end].decode("utf-16-le", errors="replace")
                strings[child_instance] = text.strip("\x00").strip()
        if persist_ref is not None and persist_ref in persist:
            found[persist[persist_ref]] = _Described(
                strings.get(_PROG_ID_INSTANCE, ""), strings.get(_TYPE_NAME_INSTANCE, "")
            )
    return found


def _declared_size(body: bytes, instance: int) -> int:
    if instance == 1 and len(body) >= 4:
        return int(struct.unpack_from("<I", body, 0)[0])
    return len(body)


def _object_data(body: bytes, instance: int, budget: int) -> tuple[bytes | None, tuple[str, str]]:
    """The compound file's bytes, or None and (reason, detail) when it cannot be kept."""
    if instance != 1:
        if len(body) > budget:
            return None, ("too_large", f"{human_size(len(body))} (limit {human_size(budget)})")
        return body, ("", "")
    if len(body) < 6:
        return None, ("corrupt", "compressed object shorter than its header")
    declared = struct.unpack_from("<I", body, 0)[0]
    if declared > budget:
        return None, ("too_large", f"declares {human_size(declared)} (limit {human_size(budget)})")
    cmf, flg = body[4], body[5]
    if cmf & 0x0F != 8 or (cmf * 256 + flg) % 31:
        return None, ("corrupt", "compressed object has no zlib header")
    # Raw deflate past the 2-byte header: PowerPoint writes some streams without a valid
    # trailer (truncated, or a wrong Adler-32), and zlib would then drop the whole output.
    # The declared size, not the checksum, is what says the object came out whole.
    inflater = zlib.decompressobj(-15)
    out = io.BytesIO()
    pending = memoryview(body)[6:]
    try:
        while pending and out.tell() <= declared:
            out.write(inflater.decompress(pending, declared + 1 - out.tell()))
            pending = memoryview(inflater.unconsumed_tail)
            if inflater.eof:
                break
    except zlib.error as error:
        return None, ("corrupt", f"compressed object unreadable ({error})")
    data = out.getvalue()
    if len(data) != declared:
        return None, ("corrupt", f"compressed object gives {len(data)} of {declared} bytes")
    return data, ("", "")


def _kind(data: bytes) -> str | None:
    """A name ending for the object ("doc", "xls", "vba"...), None for an empty storage."""
    if not data.startswith(olefile.MAGIC):
        return "bin"
    try:
        with olefile.OleFileIO(data) as ole:
            top = {entry[0] for entry in ole.listdir(streams=True, storages=False)}
    except (OSError, ValueError, IndexError, TypeError, struct.error):
        return "ole"
    if not top:
        return None  # PowerPoint keeps empty storages for objects it never filled
    for stream, extension in _STREAM_EXTENSIONS:
        if stream in top:
            return extension
    return "ole"


def _metadata(description: _Described) -> dict[str, Any]:
    metadata = {"prog_id": description.prog_id, "object_type": description.type_name}
    return {key: value for key, value in metadata.items() if value}
