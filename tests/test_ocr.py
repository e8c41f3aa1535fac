"""OCR with the real tesseract program on real and generated images."""

from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageDraw, ImageFont, ImageOps, features

from nutgraf.errors import Unsupported
from nutgraf.ingest.ocr import languages_for_script, ocr_image, usable_languages
from tests.conftest import corpus_file

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract missing")

DEJAVU = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def rendered(text: str, size: int = 40) -> Image.Image:
    font = ImageFont.truetype(DEJAVU, size)
    image = Image.new("L", (int(font.getlength(text)) + 80, size * 3), 255)
    ImageDraw.Draw(image).text((40, size), text, font=font, fill=0)
    return image


def test_phototest_words_and_confidence():
    data = corpus_file("tesseract-test/testing/phototest.tif").read_bytes()
    result = ocr_image(data, "eng")
    assert "quick brown dog" in result.text
    assert "lazy fox" in result.text
    assert result.confidence > 80
    assert result.words > 40


def test_upside_down_scan_is_turned_upright():
    data = corpus_file("tesseract-test/testing/phototest-rotated-180.png").read_bytes()
    result = ocr_image(data, "eng")
    assert result.rotation == 180
    assert "quick brown dog" in result.text


def test_hebrew_is_read_with_the_default_language_list():
    if not features.check("raqm"):
        pytest.skip("Pillow without raqm cannot lay out Hebrew")
    result = ocr_image(rendered("שלום עולם"), "eng+fra+ara+heb+deu+spa")
    assert "שלום" in result.text
    assert "\u200f" not in result.text and "\u200e" not in result.text


def test_image_with_no_text_gives_empty_result():
    result = ocr_image(Image.new("RGB", (300, 200), "white"), "eng")
    assert result.text == ""
    assert result.confidence == 0


def test_transparent_png_text_is_read():
    # Black text on a fully transparent background: RGBA→L alone would give black on black.
    ink = ImageOps.invert(rendered("Transparent invoice"))
    text_layer = Image.new("RGBA", ink.size, (0, 0, 0, 0))
    text_layer.putalpha(ink)
    assert text_layer.getpixel((0, 0)) == (0, 0, 0, 0)
    assert "invoice" in ocr_image(text_layer, "eng").text


def test_missing_languages_are_skipped_and_none_is_an_error():
    assert usable_languages("eng+xxx_not_a_language") == "eng"
    with pytest.raises(Unsupported, match="languages"):
        usable_languages("xxx_not_a_language")


def test_languages_for_script():
    assert languages_for_script("eng+fra+ara+heb", "Hebrew") == "heb"
    assert languages_for_script("eng+fra+ara+heb", "Latin") == "eng+fra"
    assert languages_for_script("eng+fra", "Cyrillic") == "eng+fra"  # nothing fits: keep all
