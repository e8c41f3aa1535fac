"""Embedded OLE objects in legacy PowerPoint: each ExOleObjStg record becomes a child."""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats import office, sheet
from nutgraf.ingest.formats._office_ppt import _records
from nutgraf.ingest.formats._office_ppt_objects import embedded_objects
from nutgraf.ingest.formats.base import Limits, Source
from tests.conftest import corpus_file


def _read_child(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    mime = detect(path)
    reader = office.extract if mime in office.MIME_TYPES else sheet.extract
    return reader(Source(path=path, mime=mime)).text


def test_embedded_workbook_and_document_are_children(tmp_path):
    result = office.extract(
        Source(path=corpus_file("tika/microsoft/testPPT_embeded.ppt"), mime=office.PPT)
    )
    names = [child.name for child in result.children]
    assert names == ["embedded-1.xls", "embedded-2.doc"]
    workbook, document = result.children
    assert workbook.metadata["prog_id"] == "Excel.Sheet.8"
    assert document.metadata["object_type"] == "Microsoft Office Word 97 - 2003 Document"
    assert "The Alfresco logo is above this" in _read_child(tmp_path, document.name, document.data)
    assert "Special characters" in _read_child(tmp_path, workbook.name, workbook.data)
    assert result.text.strip()  # the slides are still read


def test_objects_with_a_broken_zlib_trailer_are_kept_whole():
    # Two of its Excel charts have a wrong Adler-32; the declared size says they are whole.
    path = corpus_file("tika/microsoft/testPPT_skipBadCompressedObject.ppt")
    result = office.extract(Source(path=path, mime=office.PPT))
    charts = [child for child in result.children if child.metadata["prog_id"] == "Excel.Chart.8"]
    assert [len(chart.data) for chart in charts] == [193024, 199168]
    assert all(chart.name.endswith(".xls") for chart in charts)


def test_the_macro_project_is_listed_not_a_child():
    # VbaProjectStg shares the ExOleObjStg record type; nothing reads it, so it is only named
    path = corpus_file("tika/microsoft/testPPT_macros.ppt")
    result = office.extract(Source(path=path, mime=office.PPT))
    assert result.children == []
    [skipped] = result.metadata["skipped"]
    assert skipped["reason"] == "unsupported" and "VBA" in skipped["detail"]


def _record(rec_type: int, body: bytes, instance: int = 0, container: bool = False) -> bytes:
    ver_instance = (instance << 4) | (0x0F if container else 0)
    return struct.pack("<HHI", ver_instance, rec_type, len(body)) + body


def _cstring(instance: int, text: str) -> bytes:
    return _record(0x0FBA, text.encode("utf-16-le"), instance=instance)


def _stream(payloads: list[bytes], compress: bool = True) -> tuple[bytes, dict[int, int]]:
    """A PowerPoint Document stream: an ExOleEmbed per payload, then its ExOleObjStg."""
    embeds, storages = b"", b""
    persist: dict[int, int] = {}
    for index, payload in enumerate(payloads):
        persist_id = 10 + index
        atom = struct.pack("<IIIIII", 1, 0, index + 1, 0, persist_id, 0)
        embeds += _record(
            0x0FCC,
            _record(0x0FC3, atom) + _cstring(2, "Word.Document.8") + _cstring(3, "A document"),
            container=True,
        )
        persist[persist_id] = len(storages)  # made absolute once the embeds are laid out
        if compress:
            body = struct.pack("<I", len(payload)) + zlib.compress(payload)
            storages += _record(0x1011, body, instance=1)
        else:
            storages += _record(0x1011, payload)
    absolute = {persist_id: len(embeds) + offset for persist_id, offset in persist.items()}
    return embeds + storages, absolute


def test_generated_stream_compressed_and_plain_objects():
    word = corpus_file("tika/microsoft/testWORD6.doc").read_bytes()
    plain = b"not a compound file " * 100
    for compress in (True, False):
        stream, persist = _stream([word, plain], compress=compress)
        children, skipped = embedded_objects(stream, _records, persist, Limits())
        assert skipped == []
        assert [child.name for child in children] == ["embedded-1.doc", "embedded-2.bin"]
        assert children[0].data == word and children[1].data == plain
        assert children[0].metadata == {"prog_id": "Word.Document.8", "object_type": "A document"}


def test_superseded_copies_are_ignored_when_the_persist_directory_is_read():
    stream, persist = _stream([b"old edit", b"new edit"])
    del persist[10]  # as if a later edit replaced the first object
    children, _skipped = embedded_objects(stream, _records, persist, Limits())
    assert [child.data for child in children] == [b"new edit"]
    # without a persist directory, every copy is taken
    children, _skipped = embedded_objects(stream, _records, None, Limits())
    assert [child.data for child in children] == [b"old edit", b"new edit"]


def test_limits_and_damage_leave_objects_out_with_a_reason():
    big, small = b"x" * 5000, b"y" * 10
    stream, persist = _stream([big, small])
    children, skipped = embedded_objects(stream, _records, persist, Limits(max_child_bytes=4096))
    assert [child.data for child in children] == [small]
    assert skipped[0]["name"] == "embedded-1" and skipped[0]["reason"] == "too_large"

    stream, persist = _stream([random.Random(1).randbytes(5000)])
    cut = stream[: len(stream) - 100]  # the deflate stream ends early
    children, skipped = embedded_objects(cut, _records, None, Limits())
    assert children == [] and skipped[0]["reason"] == "corrupt"
    assert "of 5000 bytes" in skipped[0]["detail"]


def test_a_compressed_bomb_is_not_inflated_past_the_ratio():
    bomb = b"\x00" * (8 * 1024 * 1024)
    stream, persist = _stream([bomb])
    children, skipped = embedded_objects(stream, _records, persist, Limits(max_ratio=10))
    assert children == [] and skipped[0]["reason"] == "bomb"


def test_a_declared_expansion_past_the_ratio_is_refused_before_inflating():
    lie = struct.pack("<I", 400 * 1024 * 1024) + zlib.compress(b"tiny")
    stream = _record(0x1011, lie, instance=1)
    children, skipped = embedded_objects(stream, _records, None, Limits())
    assert children == [] and skipped == [
        {"name": "embedded-1", "reason": "bomb", "detail": "objects expand more than 200x the file"}
    ]
