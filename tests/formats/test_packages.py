"""Zip and OLE packages: XPS, iWork, OLE embedded objects, OneNote — corpus and generated files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from nutgraf.errors import Encrypted, Unsupported
from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats import iwork, ole_object, onenote, xps
from nutgraf.ingest.formats.base import Source
from tests.conftest import corpus_file

XPS = "application/vnd.ms-xpsdocument"
IWORK = "application/vnd.apple.iwork"


# -- XPS -------------------------------------------------------------------------------------


def test_xps_pages_in_declared_order_with_metadata() -> None:
    path = corpus_file("tika/microsoft/testPPT.xps")
    result = xps.extract(Source(path=path, mime=XPS))
    assert result.text.startswith("Attachment Test\nRajiv")
    assert "every other file being tested for tika content" in result.text
    assert len(result.pages) == 3 == result.metadata["page_count"]
    assert result.text[result.pages[1] :].startswith("This is a test file data")
    assert result.metadata["author"] == "Rajiv"


def test_xps_runs_split_per_letter_become_words() -> None:
    result = xps.extract(Source(path=corpus_file("tika/microsoft/test_text.xps"), mime=XPS))
    assert result.text.splitlines() == [
        "Rainbow",
        "Large font size",
        "Parts of this are in italics and bold.",
    ]


def _fpage(*glyphs: tuple[float, float, str]) -> str:
    items = "".join(
        f'<Glyphs OriginX="{x}" OriginY="{y}" FontRenderingEmSize="10" UnicodeString="{text}"/>'
        for x, y, text in glyphs
    )
    return f'<FixedPage xmlns="http://schemas.openxps.org/oxps/v1.0">{items}</FixedPage>'


def test_generated_openxps_follows_references_not_names(tmp_path: Path) -> None:
    path = tmp_path / "doc.oxps"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "Seq.fdseq",
            '<FixedDocumentSequence><DocumentReference Source="/D/doc.fdoc"/>'
            "</FixedDocumentSequence>",
        )
        archive.writestr(
            "D/doc.fdoc",
            '<FixedDocument><PageContent Source="p/b.fpage"/>'
            '<PageContent Source="p/a.fpage"/></FixedDocument>',
        )
        archive.writestr("D/p/a.fpage", _fpage((10, 20, "second"), (10, 40, "page")))
        archive.writestr("D/p/b.fpage", _fpage((10, 20, "{}{first}"), (80, 20, "page")))
    assert detect(path) == XPS
    result = xps.extract(Source(path=path, mime=XPS))
    assert result.text == "{first} page\n\nsecond\npage"
    assert result.pages == [0, len("{first} page\n\n")]


# -- iWork -----------------------------------------------------------------------------------


def test_pages_09_text_and_preview_child() -> None:
    result = iwork.extract(Source(path=corpus_file("tika/apple/testPages.pages"), mime=IWORK))
    assert result.text.startswith("Lorem ipsum dolor sit amet\nConsectetur adipiscing elit")
    assert [child.name for child in result.children] == ["QuickLook/Preview.pdf"]
    assert result.children[0].data.startswith(b"%PDF")


def test_numbers_09_cells_and_keynote_09_slides() -> None:
    numbers = iwork.extract(Source(path=corpus_file("tika/apple/testNumbers.numbers"), mime=IWORK))
    assert "Checking Account: 300545668" in numbers.text.splitlines()
    keynote = iwork.extract(Source(path=corpus_file("tika/apple/testKeynote.key"), mime=IWORK))
    assert keynote.text.startswith("A sample presentation\nFor the Apache Tika project\nSlide 1")
    assert keynote.metadata["format"] == "Keynote"


def test_iwork_2013_gives_its_preview_and_says_what_is_not_read() -> None:
    result = iwork.extract(Source(path=corpus_file("tika/apple/testPages2013.pages"), mime=IWORK))
    assert [child.name for child in result.children] == ["preview.jpg"]
    assert result.children[0].data.startswith(b"\xff\xd8\xff")
    assert "iwa" in result.metadata["not_read"]


def test_password_protected_pages_is_encrypted() -> None:
    with pytest.raises(Encrypted):
        iwork.extract(
            Source(path=corpus_file("tika/apple/testPagesPwdProtected.pages"), mime=IWORK)
        )


# -- OLE embedded objects --------------------------------------------------------------------


def _embedded(tmp_path: Path, container: str, member: str) -> Path:
    with zipfile.ZipFile(corpus_file(container)) as archive:
        path = tmp_path / "oleObject.bin"
        path.write_bytes(archive.read(member))
    return path


def test_acrobat_object_unwraps_to_the_pdf(tmp_path: Path) -> None:
    path = _embedded(tmp_path, "tika/microsoft/EmbeddedPDF.docx", "word/embeddings/oleObject1.bin")
    result = ole_object.extract(Source(path=path, mime=detect(path)))
    [child] = result.children
    assert child.data.startswith(b"%PDF-")
    assert result.metadata["object_class"] == "Acrobat Document"


def test_packaged_file_keeps_its_name(tmp_path: Path) -> None:
    path = _embedded(
        tmp_path, "tika/microsoft/testWORD_2006ml.docx", "word/embeddings/oleObject1.bin"
    )
    [child] = ole_object.extract(Source(path=path, mime=detect(path))).children
    assert child.name == "testJPEG_EXIF.jpg"
    assert child.data.startswith(b"\xff\xd8\xff")


def test_package_stream_holds_an_ooxml_file(tmp_path: Path) -> None:
    path = _embedded(
        tmp_path, "tika/microsoft/testPPT_various2.pptx", "ppt/embeddings/oleObject1.bin"
    )
    [child] = ole_object.extract(Source(path=path, mime=detect(path))).children
    child_path = tmp_path / "child"
    child_path.write_bytes(child.data)
    assert detect(child_path).startswith("application/vnd.openxmlformats-officedocument")


# -- OneNote ---------------------------------------------------------------------------------


def test_onenote_embedded_files_become_children() -> None:
    path = corpus_file("tika/microsoft/testOneNoteEmbeddedWordDoc.one")
    result = onenote.extract(Source(path=path, mime="application/onenote"))
    assert [child.data[:4] for child in result.children] == [b"PK\x03\x04", b"\x89PNG"]
    assert "no free reader" in result.metadata["not_read"]


def test_onenote_without_embedded_files_is_unsupported_with_the_reason() -> None:
    path = corpus_file("tika/microsoft/testOneNote2016.one")
    with pytest.raises(Unsupported, match="unsupported: OneNote"):
        onenote.extract(Source(path=path, mime="application/onenote"))


def test_onenote_truncated_frame_is_ignored(tmp_path: Path) -> None:
    original = corpus_file("tika/microsoft/testOneNoteEmbeddedWordDoc.one").read_bytes()
    path = tmp_path / "cut.one"
    path.write_bytes(original[:25000])  # cuts the embedded docx, keeps nothing half-read
    with pytest.raises(Unsupported):
        onenote.extract(Source(path=path, mime="application/onenote"))
