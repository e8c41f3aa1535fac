"""OneNote sections (.one): the files embedded in them; their text cannot be read.

No free reader of OneNote's text exists in Python or Debian (LibreOffice has no import
filter; Apache Tika's parser is Java). What can be read reliably are the files attached or
pasted into a page (PDFs, images, Office documents): each is stored whole in a
FileDataStoreObject (MS-ONESTORE 2.6.13), framed by fixed header and footer GUIDs, and
becomes a child. The section's text is reported as not read (metadata["not_read"]); a
section with no embedded file raises `Unsupported` with that reason.
"""

from __future__ import annotations

import mmap
import struct

from nutgraf.errors import Unsupported
from nutgraf.ingest.formats.base import Child, Extraction, Source

MIME_TYPES: tuple[str, ...] = ("application/onenote",)

NO_READER = "OneNote text: no free reader of the format exists"
# {BDE316E7-2665-4511-A4C4-8D4D0B7A9EAC} and {71FBA722-0F79-4A0B-BB13-899256426B24}, as stored
_FILE_DATA_HEADER = bytes.fromhex("e716e3bd65261145a4c48d4d0b7a9eac")
_FILE_DATA_FOOTER = bytes.fromhex("22a7fb71790f0b4abb13899256426b24")
_PREFIX = struct.Struct("<16sQ4sQ")  # header GUID, cbLength, unused, reserved


def extract(source: Source) -> Extraction:
    children = _embedded_files(source)
    if not children:
        raise Unsupported(f"unsupported: OneNote section; {NO_READER}")
    metadata = {"format": "OneNote", "not_read": NO_READER, "embedded_files": len(children)}
    return Extraction(metadata=metadata, children=children)


def _embedded_files(source: Source) -> list[Child]:
    if source.path.stat().st_size == 0:
        return []
    children: list[Child] = []
    with (
        source.path.open("rb") as handle,
        mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data,
    ):
        position = data.find(_FILE_DATA_HEADER)
        while position >= 0 and len(children) < source.limits.max_children:
            payload = _payload_at(data, position, source.limits.max_child_bytes)
            if payload is not None:
                children.append(Child(name=f"embedded-{len(children) + 1}", data=payload))
            position = data.find(_FILE_DATA_HEADER, position + len(_FILE_DATA_HEADER))
    return children


def _payload_at(data: mmap.mmap, position: int, max_bytes: int) -> bytes | None:
    """The file stored at `position`, or None when its frame is not intact or too large."""
    if position + _PREFIX.size > len(data):
        return None
    _, length, _, _ = _PREFIX.unpack_from(data, position)
    start = position + _PREFIX.size
    footer = position + (_PREFIX.size + length + 7) // 8 * 8  # the object is 8-byte aligned
    if length == 0 or length > max_bytes or footer + 16 > len(data):
        return None
    if data[footer : footer + 16] != _FILE_DATA_FOOTER:
        return None
    return bytes(data[start : start + length])
