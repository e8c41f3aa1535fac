"""DjVu scans, audio/video metadata, and the extra image types, on real corpus files."""

from __future__ import annotations

from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats import djvu, image, media, text
from nutgraf.ingest.formats.base import Source
from tests.conftest import corpus_file


def source(relative: str) -> Source:
    path = corpus_file(relative)
    return Source(path=path, mime=detect(path), name=path.name)


def test_djvu_text_layer_per_page() -> None:
    report = source("ingest-file/Test_rs20846.djvu")
    assert report.mime == "image/vnd.djvu"
    extraction = djvu.extract(report)
    assert extraction.metadata["page_count"] == 11
    assert len(extraction.pages) == 11
    assert "Executive Orders: Issuance and Revocation" in extraction.text
    assert "Vanessa K. Burrows" in extraction.text[: extraction.pages[1]]
    assert not extraction.ocr


def test_audio_gives_metadata_not_an_error() -> None:
    memo = source("ingest-file/memo.m4a")
    assert memo.mime in media.MIME_TYPES
    extraction = media.extract(memo)
    assert extraction.metadata["media"] is True
    assert extraction.metadata["duration_seconds"] > 0


def test_heic_photo_metadata() -> None:
    photo = source("tika/image/testHEIF.heic")
    extraction = image.extract(photo)
    assert extraction.metadata["camera"] == "Canon EOS 40D"
    assert extraction.metadata["created"].startswith("2009-08-11")


def test_netpbm_and_pcx_images_open() -> None:
    for relative in ("tika/integration-tests/testPCX.pcx", "tika/microsoft/testPPM.ppm"):
        extraction = image.extract(source(relative))
        assert extraction.metadata["width"] > 0


def test_svg_text_is_read_as_xml() -> None:
    svg = source("ingest-file/image.svg")
    assert svg.mime == "image/svg+xml"
    assert text.extract(svg).text.strip()
