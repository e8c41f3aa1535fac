"""One fallback chain per family: a second reader reads what the first refuses, and the
document says which reader produced its text."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from nutgraf.ingest import formats
from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats.base import Source
from tests.conftest import corpus_file


def _extract(path: Path):  # type: ignore[no-untyped-def]
    return formats.extract(Source(path=path, mime=detect(path), name=path.name))


@pytest.mark.skipif(shutil.which("7zz") is None, reason="7zz (Debian 7zip) not installed")
def test_7z_with_bcj2_falls_back_to_the_7zz_tool(tmp_path: Path) -> None:
    (tmp_path / "invoice.txt").write_text("Invoice 4471: 12,500 EUR due 3 March 2024.\n")
    (tmp_path / "program.bin").write_bytes(Path(shutil.which("7zz") or "").read_bytes()[:20000])
    archive = tmp_path / "x.7z"
    subprocess.run(
        ["7zz", "a", "-mf=BCJ2", str(archive), "invoice.txt", "program.bin"],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip
    found = _extract(archive)
    assert found.metadata["reader"] == "7zz"
    assert "first_reader_error" in found.metadata  # py7zr refused the BCJ2 filter
    children = {child.name: child.data for child in found.children}
    assert children["invoice.txt"] == (tmp_path / "invoice.txt").read_bytes()
    assert set(children) == {"invoice.txt", "program.bin"}


def test_first_reader_is_named_when_it_reads(tmp_path: Path) -> None:
    found = _extract(corpus_file("aleph/aleph/tests/fixtures/demo.pdf"))
    assert found.metadata["reader"] == "pdfium"


def test_xlsx_declaring_a1_dimension_reads_every_inline_cell(tmp_path: Path) -> None:
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<dimension ref="A1"/><sheetData>'
        + "".join(
            f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>name{r}</t></is></c>'
            f'<c r="B{r}"><v>{r * 100}</v></c></row>'
            for r in range(1, 4)
        )
        + "</sheetData></worksheet>"
    )
    plain = tmp_path / "plain.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Data"
    workbook.save(plain)
    path = tmp_path / "book.xlsx"  # the same workbook, its sheet as such writers write it
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w") as book:
        for member in source.namelist():
            data = sheet.encode() if member == "xl/worksheets/sheet1.xml" else source.read(member)
            book.writestr(member, data)
    found = _extract(path)
    for row in range(1, 4):
        assert f"name{row}\t{row * 100}" in found.text


def test_pdf_form_values_and_annotations_are_text() -> None:
    form = _extract(corpus_file("py-pdf-sample-files/012-libreoffice-form/libreoffice-form.pdf"))
    assert "Alice" in form.text and "Bob" in form.text  # filled-in AcroForm fields
    assert "\nOff" not in form.text  # a check box's state is not text
    note = _extract(corpus_file("tika/pdf/testPopupAnnotation.pdf"))
    assert note.text == "this is the note"  # the page itself has no text layer


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdftotext_reader_gives_pages() -> None:
    from nutgraf.ingest.formats.fallback import pdftotext

    path = corpus_file("py-pdf-sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf")
    found = pdftotext(Source(path=path, mime="application/pdf"))
    assert len(found.pages) == 4 and found.pages[0] == 0
    assert found.text[found.pages[1] :].strip()
