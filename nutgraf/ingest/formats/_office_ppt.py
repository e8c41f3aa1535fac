"""Legacy binary PowerPoint (.ppt, 97-2003), read natively from its record stream.

The live slides are found the way PowerPoint finds them ([MS-PPT] 2.1.2): the Current User
stream points at the last UserEditAtom, whose chain of persist directories maps persist ids to
stream offsets; the document's SlideListWithText names the slides in order. A slide's text
is its outline text (in SlideListWithText) plus the text atoms in its own drawing; its notes
follow it. Fast-saved files keep superseded copies of records in the stream, which is why a
plain walk of every record is only the last resort. LibreOffice, when installed, is the
fallback for files with no readable record structure. Embedded OLE objects (ExOleObjStg
records) become children (_office_ppt_objects.py).
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats import _office_soffice
from nutgraf.ingest.formats._office_ole import open_ole, summary_metadata
from nutgraf.ingest.formats._office_ooxml import extract_pptx
from nutgraf.ingest.formats._office_ppt_objects import embedded_objects
from nutgraf.ingest.formats._office_zip import TextBuilder
from nutgraf.ingest.formats.base import Extraction, Source

_DOCUMENT = 0x03E8
_SLIDE = 0x03EE
_SLIDE_ATOM = 0x03EF
_NOTES = 0x03F0
_SLIDE_PERSIST = 0x03F3
_SLIDE_LIST = 0x0FF0
_TEXT_CHARS = 0x0FA0
_TEXT_BYTES = 0x0FA8
_USER_EDIT = 0x0FF5
_PERSIST_DIRECTORY = 0x1772
_HEADER = struct.Struct("<HHI")
_MAX_EDITS = 10_000  # a loop in the UserEditAtom chain must not hang us
_PLACEHOLDER_ONLY = {"*"}  # PowerPoint's stand-in for the slide number field


def extract_ppt(source: Source) -> Extraction:
    with open_ole(source.path, "PowerPoint presentation") as ole:
        if not ole.exists("PowerPoint Document"):
            raise Corrupt("corrupt: OLE file has no PowerPoint Document stream")
        stream = ole.openstream("PowerPoint Document").read()
        current_user = ole.openstream("Current User").read() if ole.exists("Current User") else b""
        metadata = summary_metadata(ole)
    try:
        persist: tuple[dict[int, int], int] | None = _persist_offsets(stream, current_user)
    except (struct.error, IndexError, ValueError):
        persist = None
    try:
        slides = _slides_by_persist(stream, *persist) if persist else []
    except (struct.error, KeyError, IndexError, ValueError, RecursionError):
        slides = []
    try:
        children, skipped = embedded_objects(
            stream, _records, persist[0] if persist else None, source.limits
        )
    except (struct.error, RecursionError):
        children, skipped = [], []
    if skipped:
        metadata["skipped"] = skipped
    if not slides:
        slides = [_all_texts(stream)]
    builder = TextBuilder()
    for texts in slides:
        builder.start_page()
        for text in texts:
            builder.add_to_page(text)
    if not builder.text().strip():
        converted = _convert_with_libreoffice(source)
        if converted is not None and converted.text.strip():
            converted.metadata = metadata | {"converter": "libreoffice"}
            # the converter's embeddings are re-saved copies of the same objects: the
            # original bytes, when read natively, are the ones to keep
            converted.children = children or converted.children
            return converted
    metadata["page_count"] = len(builder.pages)
    return Extraction(
        text=builder.text(), metadata=metadata, pages=builder.pages, children=children
    )


def _records(data: bytes, start: int, end: int) -> Iterator[tuple[int, int, int, int]]:
    """(type, instance, body start, body end) of each record between start and end."""
    offset = start
    while offset + _HEADER.size <= end:
        ver_instance, rec_type, length = _HEADER.unpack_from(data, offset)
        body = offset + _HEADER.size
        body_end = min(body + length, end)
        yield rec_type, ver_instance >> 4, body, body_end
        if ver_instance & 0x0F == 0x0F:  # a container: its children follow its header
            yield from _records(data, body, body_end)
        offset = body_end


def _texts(data: bytes, start: int, end: int) -> list[str]:
    """Every text atom between start and end, in stream order."""
    found = []
    for rec_type, _instance, body, body_end in _records(data, start, end):
        if rec_type == _TEXT_CHARS:
            found.append(data[body:body_end].decode("utf-16-le", errors="replace"))
        elif rec_type == _TEXT_BYTES:
            found.append(data[body:body_end].decode("latin-1"))
    cleaned = (_clean(text) for text in found)
    return [text for text in cleaned if text and text not in _PLACEHOLDER_ONLY]


def _clean(text: str) -> str:
    # PowerPoint ends paragraphs with CR and soft breaks with VT
    return text.replace("\r", "\n").replace("\x0b", "\n").strip()


def _persist_offsets(stream: bytes, current_user: bytes) -> tuple[dict[int, int], int]:
    """Map persist id → stream offset (newest edit wins), and the document's persist id."""
    offset_to_edit = struct.unpack_from("<I", current_user, 16)[0]
    offsets: dict[int, int] = {}
    document_ref = 0
    for _ in range(_MAX_EDITS):
        _ver, rec_type, _length = _HEADER.unpack_from(stream, offset_to_edit)
        if rec_type != _USER_EDIT:
            raise ValueError("no UserEditAtom where Current User points")
        body = offset_to_edit + _HEADER.size
        last_edit, directory, doc_ref = struct.unpack_from("<III", stream, body + 8)
        document_ref = document_ref or doc_ref
        for persist_id, offset in _directory_entries(stream, directory):
            offsets.setdefault(persist_id, offset)
        if last_edit == 0 or last_edit == offset_to_edit:
            break
        offset_to_edit = last_edit
    return offsets, document_ref


def _directory_entries(stream: bytes, offset: int) -> Iterator[tuple[int, int]]:
    _ver, rec_type, length = _HEADER.unpack_from(stream, offset)
    if rec_type != _PERSIST_DIRECTORY:
        raise ValueError("no PersistDirectoryAtom where the UserEditAtom points")
    position, end = offset + _HEADER.size, offset + _HEADER.size + length
    while position + 4 <= end:
        entry = struct.unpack_from("<I", stream, position)[0]
        first_id, count = entry & 0xFFFFF, entry >> 20
        offsets = struct.unpack_from(f"<{count}I", stream, position + 4)
        for index, value in enumerate(offsets):
            yield first_id + index, value
        position += 4 + 4 * count


def _slides_by_persist(
    stream: bytes, offsets: dict[int, int], document_ref: int
) -> list[list[str]]:
    document = offsets[document_ref]
    _ver, rec_type, length = _HEADER.unpack_from(stream, document)
    if rec_type != _DOCUMENT:
        raise ValueError("persist directory does not lead to the document")
    lists = _slide_lists(stream, document + _HEADER.size, document + _HEADER.size + length)
    notes_by_slide_id = {slide_id: ref for ref, slide_id, _texts in lists.get(2, [])}
    slides = []
    for persist_ref, _slide_id, outline in lists.get(0, []):
        texts = list(outline)
        slide_offset = offsets.get(persist_ref)
        notes_ref = None
        if slide_offset is not None:
            body, body_end = _body(stream, slide_offset, _SLIDE)
            texts += [text for text in _texts(stream, body, body_end) if text not in texts]
            notes_ref = notes_by_slide_id.get(_notes_id(stream, body, body_end))
        if notes_ref is not None and notes_ref in offsets:
            body, body_end = _body(stream, offsets[notes_ref], _NOTES)
            texts += _texts(stream, body, body_end)
        slides.append(texts)
    return slides


def _slide_lists(stream: bytes, start: int, end: int) -> dict[int, list]:
    """Instance (0 slides, 1 masters, 2 notes) → [(persist ref, slide id, outline texts)]."""
    lists: dict[int, list] = {}
    for rec_type, instance, body, body_end in _records(stream, start, end):
        if rec_type != _SLIDE_LIST:
            continue
        entries: list = lists.setdefault(instance, [])
        for child_type, _inst, child, child_end in _records(stream, body, body_end):
            if child_type == _SLIDE_PERSIST:
                persist_ref, _flags, _count, slide_id = struct.unpack_from("<IIiI", stream, child)
                entries.append((persist_ref, slide_id, []))
            elif child_type in (_TEXT_CHARS, _TEXT_BYTES) and entries:
                entries[-1][2].extend(_texts(stream, child - _HEADER.size, child_end))
    return lists


def _body(stream: bytes, offset: int, expected: int) -> tuple[int, int]:
    _ver, rec_type, length = _HEADER.unpack_from(stream, offset)
    if rec_type != expected:
        return offset, offset  # an unexpected record: treat as empty rather than misread
    return offset + _HEADER.size, min(offset + _HEADER.size + length, len(stream))


def _notes_id(stream: bytes, body: int, body_end: int) -> int | None:
    for rec_type, _instance, atom, _atom_end in _records(stream, body, body_end):
        if rec_type == _SLIDE_ATOM:
            return struct.unpack_from("<I", stream, atom + 16)[0]
    return None


def _all_texts(stream: bytes) -> list[str]:
    """Last resort: every text atom in the stream, superseded copies included."""
    try:
        return _texts(stream, 0, len(stream))
    except (struct.error, RecursionError):
        return []


def _convert_with_libreoffice(source: Source) -> Extraction | None:
    """LibreOffice's reading of the file, saved as pptx and read by the pptx reader."""

    def read(path: Path) -> Extraction:
        return extract_pptx(Source(path=path, mime=source.mime, limits=source.limits))

    return _office_soffice.convert_and_read(source, "ppt", "pptx", read)
