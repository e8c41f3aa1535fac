"""Legacy office formats: LibreOffice conversions and the native HWP 5 reader, on corpus files."""

from __future__ import annotations

import shutil

import pytest

from nutgraf.errors import Corrupt
from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats import legacy
from nutgraf.ingest.formats.base import Extraction, Source
from tests.conftest import corpus_file

needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice is not installed"
)


def _extract(relative: str) -> Extraction:
    path = corpus_file(relative)
    return legacy.extract(Source(path=path, mime=detect(path), name=path.name))


def test_hwp5_text_and_summary() -> None:
    result = _extract("tika/miscoffice/testHWP-v5b.hwp")
    assert result.text.startswith("Apache Tika - 컨텐츠 분석 툴킷\n")
    assert "PPT, XLS 및 PDF와 같은 다양한 파일 유형에서" in result.text
    assert result.metadata["author"] == "SooMyung Lee"
    assert result.metadata["title"] == "Apache Tika"
    assert result.metadata["created"] == "2016-08-22T02:32:06"


def test_hwp5_distribution_document_is_decrypted() -> None:
    plain = _extract("tika/miscoffice/testHWP-v5b.hwp")
    distributed = _extract("tika/miscoffice/testHWP-v5-dist.hwp")
    assert distributed.metadata["distribution_document"] is True
    # the same document, saved for distribution: the same paragraphs come out
    assert distributed.text.splitlines()[:3] == plain.text.splitlines()[:3]


def test_hwp5_small_document() -> None:
    result = _extract("tika/miscoffice/testHWP_5.0.hwp")
    assert result.text.split() == ["테스트", "test"]
    assert result.metadata["author"] == "next1009"


def test_hwp5_damaged_section_is_corrupt(tmp_path) -> None:
    import olefile

    original = corpus_file("tika/miscoffice/testHWP_5.0.hwp").read_bytes()
    with olefile.OleFileIO(original) as ole:
        sector_data = ole.openstream("BodyText/Section0").read()
    broken = original.replace(sector_data[:64], bytes(64), 1)
    path = tmp_path / "broken.hwp"
    path.write_bytes(broken)
    with pytest.raises(Corrupt):
        legacy.extract(Source(path=path, mime="application/x-hwp"))


@needs_soffice
def test_wordperfect_5_1() -> None:
    result = _extract("tika/miscoffice/testWordPerfect_5_1.wp")
    assert "Western Gulf of Alaska Petroleum Development Scenarios" in result.text
    assert result.metadata["format"] == "WordPerfect"


@needs_soffice
def test_works_and_staroffice() -> None:
    works = _extract("tika/integration-tests/testWORKS.wps")
    assert "This is an example document made with Microsoft Works" in works.text
    star = _extract("tika/integration-tests/testStarOffice-5.2-writer.sdw")
    assert "This is an example StarOffice 5.2 document." in star.text


@needs_soffice
def test_visio_goes_through_pdf_with_pages() -> None:
    result = _extract("tika/microsoft/testVISIO.vsd")
    # a shape's text wraps where the drawing wraps it; LibreOffice versions differ there
    assert "I am a test view" in " ".join(result.text.split())
    assert result.pages == [0]
    assert result.metadata["company"] == "Torchbox"  # from the OLE summary, not the PDF
    assert "producer" not in result.metadata or "LibreOffice" not in result.metadata["producer"]
