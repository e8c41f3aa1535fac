"""A page whose OCR is put off is not rendered at 300 dpi, and a blank page is not put off."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw

from nutgraf.ingest.formats import pdf
from nutgraf.ingest.ocr import deferred_ocr


def _scan_pdf(path: Path, marked: bool) -> pdfium.PdfDocument:
    image = Image.new("L", (1240, 1754), 255)
    if marked:
        ImageDraw.Draw(image).text((100, 100), "A scanned memo about payments", fill=0)
    image.save(path, resolution=150)
    return pdfium.PdfDocument(str(path))


def test_deferred_page_renders_only_a_preview(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _scan_pdf(tmp_path / "scan.pdf", marked=True)
    dpis: list[int] = []
    real = pdf.render_page
    monkeypatch.setattr(
        pdf, "render_page", lambda page, dpi=300: dpis.append(dpi) or real(page, dpi)
    )
    with deferred_ocr(True) as deferral:
        page = pdf.read_page(document, 0, "eng")
    assert deferral.pages == 1
    assert page.ocr_error is not None and page.ocr_error.startswith("ocr_later")
    assert dpis == [pdf.PREVIEW_DPI]


def test_blank_page_is_not_deferred(tmp_path: Path) -> None:
    document = _scan_pdf(tmp_path / "blank.pdf", marked=False)
    with deferred_ocr(True) as deferral:
        page = pdf.read_page(document, 0, "eng")
    assert deferral.pages == 0
    assert page.text == "" and page.ocr_error is None
