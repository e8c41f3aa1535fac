"""OLE embedded objects (`word/embeddings/oleObject1.bin` in a docx, pptx or xlsx).

Office stores an embedded file inside a small OLE2 wrapper: a packaged file in the
`\\x01Ole10Native` stream (with its original name), an OOXML document in `Package`, or a PDF
in `CONTENTS` (Acrobat's object). The wrapper itself says nothing; its payload becomes the
one child, which the pipeline then reads as what it is.
"""

from __future__ import annotations

import olefile

from nutgraf.errors import Corrupt, TooLarge, Unsupported
from nutgraf.ingest.formats._archive_common import human_size
from nutgraf.ingest.formats._office_ole import _unpack_payload, open_ole
from nutgraf.ingest.formats.base import Child, Extraction, Source

MIME_TYPES: tuple[str, ...] = ("application/x-ole-object",)

# In order of preference: a wrapper may hold several (a Package and its CONTENTS preview)
_PAYLOAD_STREAMS = ("\x01Ole10Native", "Package", "CONTENTS")


def extract(source: Source) -> Extraction:
    with open_ole(source.path, "OLE embedded object") as ole:
        stream = _payload_stream(ole)
        if stream is None:
            raise Unsupported("unsupported: OLE embedded object without a payload stream")
        size = ole.get_size(stream)
        if size > source.limits.max_child_bytes:
            limit = human_size(source.limits.max_child_bytes)
            raise TooLarge(f"too_large: embedded object of {human_size(size)} (limit {limit})")
        raw = ole.openstream(stream).read()
        metadata = {"object_class": _class_name(ole)} if _class_name(ole) else {}
    name, payload = _unpack_payload(stream, raw)
    if not payload:
        raise Corrupt(f"corrupt: OLE embedded object's {stream!r} stream holds no file")
    metadata["payload_stream"] = stream.lstrip("\x01")
    child_name = name or f"embedded.{_extension(payload)}"
    return Extraction(text="", metadata=metadata, children=[Child(name=child_name, data=payload)])


def _payload_stream(ole: olefile.OleFileIO) -> str | None:
    names = {entry[0].lower(): entry[0] for entry in ole.listdir(streams=True) if len(entry) == 1}
    for stream in _PAYLOAD_STREAMS:
        if stream.lower() in names:
            return names[stream.lower()]
    return None


def _class_name(ole: olefile.OleFileIO) -> str:
    """The object's user type from `\\x01CompObj` ("Acrobat Document", "Package")."""
    if not ole.exists("\x01CompObj"):
        return ""
    data = ole.openstream("\x01CompObj").read(4096)
    # header (28 bytes), then a length-prefixed ANSI string: the user type name
    if len(data) < 32:
        return ""
    length = int.from_bytes(data[28:32], "little")
    if not 0 < length < 256:
        return ""
    return data[32 : 32 + length].split(b"\x00", 1)[0].decode("cp1252", "replace").strip()


def _extension(payload: bytes) -> str:
    """A name hint only (the pipeline detects the type from the bytes)."""
    if payload.startswith(b"%PDF"):
        return "pdf"
    if payload.startswith(b"PK\x03\x04"):
        return "zip"
    if payload.startswith(olefile.MAGIC):
        return "ole"
    return "bin"
