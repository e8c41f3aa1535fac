"""Word-processing and presentation formats, on real public documents and generated ones."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from nutgraf.errors import Bomb, Corrupt, Encrypted
from nutgraf.ingest.formats import _office_ppt, _office_soffice, office
from nutgraf.ingest.formats.base import Extraction, Limits, Source
from tests.conftest import corpus_file


def read(relative: str, mime: str, **options) -> Extraction:
    return office.extract(Source(path=corpus_file(relative), mime=mime, **options))


def read_path(path: Path, mime: str, **options) -> Extraction:
    return office.extract(Source(path=path, mime=mime, **options))


def test_every_mime_type_is_claimed():
    assert set(office.MIME_TYPES) == {
        office.DOCX, office.DOC, office.ODT, office.RTF, office.PPTX, office.PPT, office.ODP,
        office.EPUB,
    }  # fmt: skip


# -- Word ----------------------------------------------------------------------------------


def test_docx_body_tables_headers_footnotes_and_metadata():
    result = read("tika/microsoft/testWORD_various.docx", office.DOCX)
    assert "Row 1 Col 1\tRow 1 Col 2\tRow 1 Col 3\nRow 2 Col 1" in result.text
    assert "Here is a text box" in result.text
    assert "ゾルゲと尾崎、淡々と最期" in result.text
    assert "𐌲𐌿𐍄𐌹𐍃𐌺" in result.text
    assert "This is the header text." in result.text
    assert "This is the footer text." in result.text
    assert "This is a footnote." in result.text
    assert result.text.index("Bullet 1") < result.text.index("Number bullet 1")
    assert result.metadata["author"] == "Michael McCandless"
    assert result.metadata["subject"] == "Subject is here"
    assert result.metadata["created"].startswith("2011-09-05")


def test_docx_hello_world_and_embedded_pdf_child():
    assert read("ingest-file/hello world word.docx", office.DOCX).text == "Hello world, Word!"
    result = read("tika/microsoft/testWORD_embedded_pdf.docx", office.DOCX)
    assert "Here is the pdf file:" in result.text
    assert result.children and all(c.name.startswith("word/embeddings/") for c in result.children)
    assert result.metadata["company"] == "IBM"


def test_docx_comments_are_kept_with_their_author():
    result = read("tika/microsoft/testComment.docx", office.DOCX)
    assert "Here is some text" in result.text
    assert "Here is a comment" in result.text


def test_doc_piece_table_reads_all_stories():
    result = read("tika/microsoft/testWORD_various.doc", office.DOC)
    assert "Row 1 Col 1\tRow 1 Col 2" in result.text
    assert "ゾルゲと尾崎、淡々と最期" in result.text
    assert "𐌲𐌿𐍄𐌹𐍃𐌺" in result.text
    assert "This is the header text." in result.text
    assert "This is a footnote." in result.text
    assert "HYPERLINK" not in result.text  # field instructions dropped, their result kept
    assert "This is a hyperlink" in result.text
    assert result.metadata["author"] == "Michael McCandless"
    assert result.metadata["modified"] == "2017-11-24T00:12:58"


def test_doc_sample_and_word6():
    result = read("ingest-file/doc.doc", office.DOC)
    assert result.text.startswith("Sample Word Document Title")
    word6 = read("tika/microsoft/testWORD6.doc", office.DOC)
    assert "The quick brown fox jumps over the lazy dog" in word6.text
    assert word6.metadata["author"] == "Nevin Nollop"


def test_doc_embedded_pdf_becomes_a_child():
    result = read("tika/microsoft/testWORD_embedded_pdf.doc", office.DOC)
    assert any(child.data.startswith(b"%PDF") for child in result.children)


def test_doc_that_is_not_ole_is_corrupt():
    with pytest.raises(Corrupt, match="OLE"):
        read("tika/miscoffice/testWordPerfect_42.doc", office.DOC)


# -- encryption ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("relative", "mime"),
    [
        ("tika/microsoft/testWORD_protected_passtika.doc", office.DOC),
        ("tika/microsoft/testWORD_protected_passtika.docx", office.DOCX),
        ("tika/microsoft/testWORD_protected_drm.doc", office.DOC),
        ("tika/microsoft/testPPT_protected_passtika.ppt", office.PPT),
        ("tika/microsoft/testPPT_protected_passtika.pptx", office.PPTX),
        ("ingest-file/encypted_by_libreoffice.odt", office.ODT),
        ("tika/miscoffice/testODTEncrypted.odt", office.ODT),
    ],
)
def test_protected_documents_are_encrypted(relative, mime):
    with pytest.raises(Encrypted, match=r"^encrypted: "):
        read(relative, mime)


def test_a_supplied_password_decrypts_ooxml_and_doc():
    docx = read(
        "tika/microsoft/testWORD_protected_passtika.docx", office.DOCX, passwords=("x", "tika")
    )
    assert docx.metadata["decrypted"] is True
    assert docx.text.strip()
    doc = read("tika/microsoft/testWORD_protected_passtika.doc", office.DOC, passwords=("tika",))
    assert doc.text.strip()
    with pytest.raises(Encrypted, match="no working password"):
        read("tika/microsoft/testWORD_protected_passtika.docx", office.DOCX, passwords=("no",))


# -- RTF -----------------------------------------------------------------------------------


def test_rtf_code_pages_and_unicode_escapes():
    polish = read("tika/microsoft/testRTFWindowsCodepage1250.rtf", office.RTF)
    assert "zażółć gęślą jaźń" in polish.text
    japanese = read("tika/microsoft/testRTF-ms932.rtf", office.RTF)
    assert "こんにちは" in japanese.text
    assert japanese.metadata["title"] == "タイトル"
    gothic = read("tika/microsoft/testRTFUnicodeGothic.rtf", office.RTF)
    assert gothic.text == "𐌲𐌿𐍄𐌹𐍃𐌺"  # surrogate pairs joined


def test_rtf_tables_headers_footnotes_and_metadata():
    table = read("tika/microsoft/testRTFTableCellSeparation.rtf", office.RTF)
    assert "a\tb\nc\td" in table.text
    various = read("tika/microsoft/testRTFVarious.rtf", office.RTF)
    for expected in ("This is the header text.", "This is a footnote.", "Here is a text box"):
        assert expected in various.text
    assert "HYPERLINK" not in various.text
    assert various.metadata["author"] == "Michael McCandless"
    assert various.metadata["created"] == "2011-08-29T05:20:00"


def test_rtf_misplaced_star_does_not_hide_text():
    result = read("tika/microsoft/testRTFIgnoredControlWord.rtf", office.RTF)
    assert "The quick brown fox jumps over the lazy dog" in result.text


def test_not_rtf_is_corrupt(tmp_path):
    path = tmp_path / "fake.rtf"
    path.write_bytes(b"just text")
    with pytest.raises(Corrupt):
        read_path(path, office.RTF)


# -- OpenDocument --------------------------------------------------------------------------


def test_odt_text_and_metadata():
    plan = read("ingest-file/Plan.odt", office.ODT)
    assert "Trump tower" in plan.text
    footer = read("tika/miscoffice/testFooter.odt", office.ODT)
    assert "Here is some text on page 2" in footer.text
    assert "Here is footer text" in footer.text  # master-page footer from styles.xml
    assert footer.metadata["author"] == "Michael McCandless"
    assert footer.metadata["created"] == "2011-10-26T11:01:15"
    assert footer.metadata["page_count"] == 2
    neo = read("tika/miscoffice/testOpenOffice2.odt", office.ODT)
    assert "written in NeoOffice" in neo.text
    assert neo.metadata["producer"].startswith("NeoOffice")


def test_odp_slides_are_pages():
    result = read("tika/miscoffice/testODP_NPE.odp", office.ODP)
    assert len(result.pages) == result.metadata["page_count"] > 10
    assert result.pages[0] == 0 and result.pages == sorted(result.pages)
    assert result.text.startswith("Medicine and Health Care")


def test_odt_not_a_zip_is_corrupt():
    with pytest.raises(Corrupt, match="zip"):
        read("tika/miscoffice/testODTnotaZipFile.odt", office.ODT)


# -- PowerPoint ----------------------------------------------------------------------------


def test_pptx_slides_tables_and_pages():
    result = read("tika/microsoft/testPPT_various.pptx", office.PPTX)
    assert "Row 1 Col 1\tRow 1 Col 2" in result.text
    assert "ゾルゲと尾崎、淡々と最期" in result.text
    assert result.pages[0] == 0
    assert result.metadata["page_count"] == len(result.pages)


def test_pptx_pages_start_at_each_slide():
    result = read("tika/microsoft/testPPT_embedded_two_slides.pptx", office.PPTX)
    assert len(result.pages) == 2
    for start in result.pages:  # each slide of this file says the same sentence
        assert result.text[start:].startswith("The quick brown fox jumps over the lazy dog")
    assert result.text[: result.pages[1]].endswith("\n\n")


def test_ppt_native_reader():
    result = read("tika/microsoft/testPPT.ppt", office.PPT)
    assert "Sample Powerpoint Slide" in result.text
    assert result.metadata["title"] == "Sample Powerpoint Slide"
    assert result.metadata["author"] == "Keith Bennett"
    various = read("tika/microsoft/testPPT_various.ppt", office.PPT)
    assert "Row 1 Col 1" in various.text and "𐌲𐌿𐍄𐌹𐍃𐌺" in various.text


# -- EPUB ----------------------------------------------------------------------------------


def test_epub_spine_order_and_metadata():
    result = read("tika/miscoffice/testEPUB.epub", office.EPUB)
    assert "This is the text for chapter One" in result.text
    first, second = result.text.rfind("chapter One"), result.text.rfind("chapter Two")
    assert -1 < first < second
    assert result.metadata["title"]
    assert result.metadata["language"]


# -- zip bombs -----------------------------------------------------------------------------


def _docx_with_body(path: Path, body_size: int) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document>" + b" " * body_size + b"</w:document>")
    return path


def test_zip_bomb_is_refused_before_inflating(tmp_path):
    bomb = _docx_with_body(tmp_path / "bomb.docx", 80 * 1024**2)
    with pytest.raises(Bomb, match=r"^bomb: "):
        read_path(bomb, office.DOCX)
    small = _docx_with_body(tmp_path / "small.docx", 2 * 1024**2)
    with pytest.raises(Bomb):
        read_path(small, office.DOCX, limits=Limits(max_total_expanded=1024**2))


# -- LibreOffice fallback ------------------------------------------------------------------

needs_soffice = pytest.mark.skipif(
    _office_soffice.soffice_binary() is None, reason="LibreOffice (soffice) not installed"
)


@needs_soffice
def test_libreoffice_converts_doc_to_text():
    source = Source(path=corpus_file("ingest-file/doc.doc"), mime=office.DOC)
    text = _office_soffice.convert_to_text(source, "doc")
    assert text is not None and "Sample Word Document Title" in text


@needs_soffice
def test_libreoffice_ppt_fallback_reads_through_pptx():
    source = Source(path=corpus_file("tika/microsoft/testPPT.ppt"), mime=office.PPT)
    result = _office_ppt._convert_with_libreoffice(source)
    assert result is not None and "Sample Powerpoint Slide" in result.text
