"""PDF extraction on real PDFs (public corpus) and on scanned PDFs generated at test time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from nutgraf.errors import Corrupt, Encrypted, TooLarge
from nutgraf.ingest.formats import pdf
from nutgraf.ingest.formats.base import Limits, Source
from tests.conftest import corpus_file

needs_tesseract = pytest.mark.skipif(shutil.which("tesseract") is None, reason="no tesseract")
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def source(path: Path, **options) -> Source:
    return Source(path=path, mime="application/pdf", ocr_languages="eng", **options)


def page_text(extraction, number: int) -> str:
    """The text of one page (0-based), cut out with the `pages` offsets."""
    starts = extraction.pages
    end = starts[number + 1] - len(pdf.PAGE_SEPARATOR) if number + 1 < len(starts) else None
    return extraction.text[starts[number] : end]


def scanned_page(lines: list[str]) -> Image.Image:
    """A white A4 page at 150 dpi with text drawn on it, as a scanner would produce."""
    page = Image.new("L", (1240, 1754), 255)
    font = ImageFont.truetype(DEJAVU, 36)
    draw = ImageDraw.Draw(page)
    for number, line in enumerate(lines):
        draw.text((120, 150 + 70 * number), line, font=font, fill=0)
    return page


def test_text_layer_pages_and_metadata():
    extraction = pdf.extract(source(corpus_file("ingest-file/udhr_ger.pdf")))
    assert extraction.metadata["page_count"] == 6
    assert len(extraction.pages) == 6 and extraction.pages[0] == 0
    assert "Allgemeine Erklärung der Menschenrechte" in page_text(extraction, 0)
    assert extraction.metadata["author"] == "OHCHR"
    assert extraction.metadata["created"] == "2008-11-27T13:46:42"
    assert extraction.ocr is False


def test_pages_are_separated_by_a_form_feed():
    extraction = pdf.extract(source(corpus_file("ingest-file/twopage.pdf")))
    assert extraction.text == "Page one" + pdf.PAGE_SEPARATOR + "Page two"
    assert page_text(extraction, 1) == "Page two"


def test_dates_with_time_zone_and_producer():
    extraction = pdf.extract(source(corpus_file("tika/pdf/testPDF_protected.pdf")))
    metadata = extraction.metadata
    assert metadata["created"] == "2009-04-28T10:06:56+01:00"
    assert metadata["producer"] == "Acrobat Distiller 7.0.5 (Windows)"
    assert metadata["title"].startswith("Rethinking the Financial Network")
    assert metadata["page_count"] == 41


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("D:20221123094713Z", "2022-11-23T09:47:13+00:00"),
        ("D:20090428100656+01'00'", "2009-04-28T10:06:56+01:00"),
        ("D:20160718072446-04'00'", "2016-07-18T07:24:46-04:00"),
        ("D:19990101", "1999-01-01"),
        ("D:20221399", None),
        ("garbage", None),
    ],
)
def test_pdf_dates(value, expected):
    assert pdf.pdf_date_to_iso(value) == expected


def test_line_end_hyphen_is_joined():
    extraction = pdf.extract(
        source(corpus_file("py-pdf-sample-files/001-trivial/minimal-document.pdf"))
    )
    assert "takimata" in extraction.text
    assert "\x02" not in extraction.text


def test_arabic_text_layer():
    extraction = pdf.extract(source(corpus_file("py-pdf-sample-files/015-arabic/habibi.pdf")))
    assert "حَبيبي" in extraction.text or "يبيبَح" in extraction.text
    assert "habibi" in extraction.text


def test_user_password_opens_encrypted_pdf():
    path = corpus_file(
        "py-pdf-sample-files/005-libreoffice-writer-password/libreoffice-writer-password.pdf"
    )
    with pytest.raises(Encrypted, match="needs a password"):
        pdf.extract(source(path))
    extraction = pdf.extract(source(path, passwords=("wrong", "openpassword")))
    assert extraction.text.startswith("Lorem ipsum dolor sit amet")


def test_hunter2_password():
    path = corpus_file("ingest-file/password-hunter2.pdf")
    with pytest.raises(Encrypted, match="none of the 1 supplied"):
        pdf.extract(source(path, passwords=("hunter3",)))
    assert "password" in pdf.extract(source(path, passwords=("hunter2",))).text


def test_empty_file_is_corrupt():
    with pytest.raises(Corrupt, match="empty file"):
        pdf.extract(source(corpus_file("ingest-file/empty.pdf")))


def test_not_a_pdf_is_corrupt(tmp_path):
    path = tmp_path / "fake.pdf"
    path.write_bytes(b"%PDF-1.4\nthis is not really a PDF\n" * 20)
    with pytest.raises(Corrupt, match="not a readable PDF"):
        pdf.extract(source(path))


def test_page_limit():
    path = corpus_file("ingest-file/500 pages.pdf")
    with pytest.raises(TooLarge, match="500 pages"):
        pdf.extract(source(path, limits=Limits(max_pages=100)))
    extraction = pdf.extract(source(path))
    assert len(extraction.pages) == 500
    assert page_text(extraction, 499) == "Hello, World!\nHello, World!"


def test_embedded_files_become_children():
    extraction = pdf.extract(
        source(corpus_file("py-pdf-sample-files/025-attachment/with-attachment.pdf"))
    )
    assert [child.name for child in extraction.children] == ["image.png"]
    assert extraction.children[0].data.startswith(b"\x89PNG")


def test_pdf_package_children_are_pdfs():
    extraction = pdf.extract(source(corpus_file("tika/pdf/testPDFPackage.pdf")))
    assert len(extraction.children) == 2
    assert all(child.data.startswith(b"%PDF") for child in extraction.children)


def test_garbage_text_layer_is_not_usable():
    # A real page whose fonts have no Unicode map: PDFium yields control characters.
    document = pdfium.PdfDocument(corpus_file("ingest-file/example.pdf"))
    raw = document[0].get_textpage().get_text_bounded()
    document.close()
    assert not pdf.is_usable_text(raw)
    assert pdf.is_usable_text("Invoice 2024-03, total 1,234.00 EUR")
    assert not pdf.is_usable_text("  \n ")


@needs_tesseract
def test_scanned_pdf_is_ocred(tmp_path):
    path = tmp_path / "scan.pdf"
    scanned_page(
        ["CONFIDENTIAL MEMORANDUM", "Payment to Hartley Holdings", "Amount 45,000 USD"]
    ).save(path, resolution=150)
    extraction = pdf.extract(source(path))
    assert extraction.ocr is True
    assert "Hartley Holdings" in extraction.text
    assert "45,000" in extraction.text
    assert extraction.metadata["ocr_pages"] == [1]
    assert extraction.metadata["ocr_confidence"] > 70


@needs_tesseract
def test_mixed_pdf_only_scanned_page_is_ocred(tmp_path):
    # Page 1 has a text layer (copied from a real PDF), page 2 is a scan.
    scan_path = tmp_path / "scan.pdf"
    scanned_page(["Second page was scanned"]).save(scan_path, resolution=150)
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(pdfium.PdfDocument(corpus_file("ingest-file/readme.pdf")))
    mixed.import_pages(pdfium.PdfDocument(scan_path))
    path = tmp_path / "mixed.pdf"
    mixed.save(path)
    extraction = pdf.extract(source(path))
    assert extraction.metadata["ocr_pages"] == [2]
    assert "Ingestors extract useful information" in page_text(extraction, 0)
    assert "scanned" in page_text(extraction, 1)


@needs_tesseract
def test_image_only_pdf_is_ocred():
    # A slide exported as a picture: no text layer at all.
    extraction = pdf.extract(source(corpus_file("tika/pdf/testOCR.pdf")))
    assert extraction.ocr is True
    assert "Happy New Year 2003" in extraction.text
