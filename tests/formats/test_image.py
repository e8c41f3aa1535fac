"""Image extraction (OCR and EXIF) on real images from the public corpus and generated ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from nutgraf.errors import Bomb, Corrupt, TooLarge
from nutgraf.ingest.formats import image
from nutgraf.ingest.formats.base import Limits, Source
from nutgraf.ingest.formats.pdf import PAGE_SEPARATOR
from tests.conftest import corpus_file

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract missing")
DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def source(path: Path, **options) -> Source:
    return Source(path=path, mime="image/png", ocr_languages="eng", **options)


def test_phototest_tif_words():
    extraction = image.extract(source(corpus_file("tesseract-test/testing/phototest.tif")))
    assert "This is a lot of 12 point text" in extraction.text
    assert "lazy fox" in extraction.text
    assert extraction.ocr is True
    assert extraction.metadata["width"] == 640
    assert extraction.metadata["ocr_confidence"] > 80
    assert extraction.pages == []


def test_multipage_tiff_every_page_with_offsets():
    extraction = image.extract(source(corpus_file("tika/ocr/testTIFF_multipage.tif")))
    assert extraction.metadata["page_count"] == 2
    assert len(extraction.pages) == 2
    second = extraction.text[extraction.pages[1] :]
    assert "Page 2" in second
    assert "Page 1" in extraction.text[: extraction.pages[1] - len(PAGE_SEPARATOR)]


def test_multipage_tiff_page_limit():
    with pytest.raises(TooLarge, match="10 pages"):
        image.extract(
            source(
                corpus_file("ingest-file/multipage_tiff_example.tif"), limits=Limits(max_pages=3)
            )
        )


@pytest.mark.parametrize(
    "name", ["regression_openjpeg.jp2", "regression_webp.webp", "regression_gif.gif"]
)
def test_other_formats_are_read(name):
    extraction = image.extract(source(corpus_file(f"ingest-file/{name}")))
    assert "Debian" in extraction.text or "GIF image" in extraction.text


def test_exif_date_camera_and_position():
    extraction = image.extract(source(corpus_file("tika/image/testJPEG_GEO.jpg")))
    metadata = extraction.metadata
    assert metadata["created"] == "2009-08-11T09:09:45"
    assert metadata["camera"] == "Canon EOS 40D"
    assert metadata["latitude"] == pytest.approx(12.54321)
    assert metadata["longitude"] == pytest.approx(-54.1234)


def test_exif_orientation_is_applied(tmp_path):
    # Text drawn upright, stored turned on its side with an EXIF tag saying so (as phones do).
    font = ImageFont.truetype(DEJAVU, 40)
    upright = Image.new("L", (900, 200), 255)
    ImageDraw.Draw(upright).text((40, 70), "Receipt from Lakeside Hotel", font=font, fill=0)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view"
    path = tmp_path / "photo.jpg"
    upright.rotate(90, expand=True).save(path, exif=exif, quality=95)
    assert "Lakeside Hotel" in image.extract(source(path)).text


def test_not_an_image_is_corrupt(tmp_path):
    path = tmp_path / "fake.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really" * 10)
    with pytest.raises(Corrupt, match="image"):
        image.extract(source(path))


def test_truncated_image_is_corrupt(tmp_path):
    data = corpus_file("ingest-file/regression_jpg.jpg").read_bytes()
    path = tmp_path / "cut.jpg"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(Corrupt):
        image.extract(source(path))


def test_decompression_bomb(tmp_path):
    # A small PNG that declares a huge canvas: Pillow's pixel guard must stop it.
    path = tmp_path / "bomb.png"
    Image.new("1", (20_000, 20_000), 1).save(path, optimize=True)
    assert path.stat().st_size < 200_000
    with pytest.raises(Bomb, match="pixels"):
        image.extract(source(path))
