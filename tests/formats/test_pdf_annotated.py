"""The annotation pass is skipped for a PDF none of whose pages has an annotation, and that
loses nothing: on real PDFs, the text is the same as with the pass forced."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from nutgraf.ingest.formats import pdf
from nutgraf.ingest.formats._pdf_annotations import with_annotation_text
from nutgraf.ingest.formats.base import Limits, Source
from nutgraf.ingest.ocr import deferred_ocr

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "public"
ANNOTATED = [
    "py-pdf-sample-files/012-libreoffice-form/libreoffice-form.pdf",
    "tika/pdf/testPopupAnnotation.pdf",
]


def _pages(path: Path) -> tuple[Source, list[pdf.PageText]]:
    source = Source(path=path, mime="application/pdf", name=path.name, limits=Limits())
    document = pdf.open_document(source)
    try:
        with deferred_ocr(True):  # the text layers only: OCR is not what is compared
            pages = [pdf.read_page(document, i, source.ocr_languages) for i in range(len(document))]
    finally:
        document.close()
    return source, pages


def _corpus_pdfs() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip(f"the public corpus is not at {CORPUS}")
    return sorted((CORPUS / "py-pdf-sample-files").rglob("*.pdf"))[:25]


def test_pages_say_whether_they_hold_annotations() -> None:
    _corpus_pdfs()
    for name in ANNOTATED:
        _, pages = _pages(CORPUS / name)
        assert any(page.annotated for page in pages), name


def test_skipping_the_pass_loses_no_text() -> None:
    skipped = 0
    for path in _corpus_pdfs():
        try:
            source, pages = _pages(path)
        except Exception:  # an encrypted or broken sample: not what this test is about
            continue
        forced = [replace(page, annotated=True) for page in pages]
        assert [p.text for p in with_annotation_text(source, pages)] == [
            p.text for p in with_annotation_text(source, forced)
        ], path
        skipped += not any(page.annotated for page in pages)
    assert skipped >= 5  # plain PDFs were among them: the skip itself was compared
