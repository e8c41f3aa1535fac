"""Spans placed on their page: OCR word boxes kept at ingest, a PDF's text layer measured when
shown. Each test checks a box against the ink: the pixels inside it must hold the words."""

from __future__ import annotations

import shutil

import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageDraw, ImageFont

from bench.ceiling import FONT, text_pdf
from nutgraf import ingest, open_case
from nutgraf.ingest.formats.pdf import PAGE_SEPARATOR
from nutgraf.ingest.formats.pdf_geometry import layer_rects, merged_lines
from nutgraf.ingest.ocr_words import TsvWord, word_boxes
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.page_view import Span, page_marks

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="tesseract is not installed (apt-get install tesseract-ocr)",
)
INVOICE = [
    "INVOICE 2024-118",
    "Cirrolux Systems SA, Lugano",
    "Amount due: EUR 48,500.00",
    "Payment by 30 April 2024",
    "Signed: Karim Haddad",
]
TOP, STEP, LEFT = 300, 110, 220  # where each line of the scan is drawn (pixels)


def _ink(image: Image.Image, rect: tuple[float, float, float, float]) -> float:
    """The share of dark pixels inside a rectangle given as fractions of the image."""
    gray = image.convert("L")
    width, height = gray.size
    box = (
        int(rect[0] * width),
        int(rect[1] * height),
        int(rect[2] * width) + 1,
        int(rect[3] * height) + 1,
    )
    pixels = list(gray.crop(box).tobytes())
    return sum(1 for value in pixels if value < 128) / max(len(pixels), 1)


def _scan(rotate: int = 0) -> Image.Image:
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 50)
    for number, line in enumerate(INVOICE):
        draw.text((LEFT, TOP + number * STEP), line, fill=0, font=font)
    return image.rotate(rotate, expand=True) if rotate else image


# --- pure parts -------------------------------------------------------------------------------


def test_words_are_found_in_order_and_a_missing_word_gets_no_box():
    text = "Pay EUR 10\nto Lugano"
    words = [
        TsvWord(0, 0, 30, 10, 95, "Pay"),
        TsvWord(40, 0, 30, 10, 95, "EUR"),
        TsvWord(80, 0, 20, 10, 95, "10"),
        TsvWord(0, 20, 20, 10, 95, "Zürich"),  # tesseract wrote another text: no box
        TsvWord(30, 20, 60, 10, 95, "Lugano"),
    ]
    boxes = word_boxes(text, words, (100, 40), 0)
    assert [text[start:end] for start, end, *_ in boxes] == ["Pay", "EUR", "10", "Lugano"]
    assert boxes[3][2:] == (0.3, 0.5, 0.9, 0.75)


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_turned_reading_is_boxed_on_the_image_as_given(rotation):
    """A word at the top left of the upright page: the image was given turned, tesseract read it
    turned back; the box must land where the word is on the image as given (and as shown)."""
    upright = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(upright).rectangle((20, 10, 120, 40), fill=0)  # "the word"
    given = upright.rotate(-rotation, expand=True)  # as the file holds it (turned clockwise)
    # tesseract reads the given image turned back (counter-clockwise) to upright:
    read_size = upright.size
    boxes = word_boxes(
        "word", [TsvWord(20, 10, 100, 30, 90, "word")], read_size, (360 - rotation) % 360
    )
    (_, _, *rect) = boxes[0]
    assert _ink(given, tuple(rect)) > 0.9


def test_glyph_rectangles_of_one_line_merge_and_lines_stay_apart():
    glyphs = [(0.10, 0.10, 0.12, 0.12), (0.121, 0.10, 0.14, 0.12), (0.10, 0.20, 0.13, 0.22)]
    assert merged_lines(glyphs) == [(0.10, 0.10, 0.14, 0.12), (0.10, 0.20, 0.13, 0.22)]


# --- a PDF's text layer -------------------------------------------------------------------------


def test_a_text_layer_span_is_boxed_on_its_ink_and_a_wrong_text_gets_none(tmp_path):
    path = tmp_path / "minutes.pdf"
    path.write_bytes(text_pdf([["Board minutes.", "A transfer of USD 2,400,000 to Cirrolux."]]))
    document = pdfium.PdfDocument(path)
    page = document[0]
    image = page.render(scale=2).to_pil()
    layer = page.get_textpage().get_text_bounded().replace("\r\n", "\n")
    page.close()
    document.close()
    start = layer.index("USD 2,400,000")
    before = layer.index("A transfer of")
    (amount, title, lead) = layer_rects(
        path, 0, layer, [(start, start + 13), (0, 5), (before, before + 13)]
    )
    assert len(amount) == 1 and _ink(image, amount[0]) > 0.1
    assert title[0][3] <= amount[0][1]  # "Board" is above the amount's line
    assert lead[0][2] < amount[0][0] and abs(lead[0][1] - amount[0][1]) < 0.005  # same line, left
    gap = (lead[0][2] + 0.002, amount[0][1], amount[0][0] - 0.002, amount[0][3])
    assert _ink(image, gap) < 0.02  # between them: the space, no ink
    assert layer_rects(path, 0, "Another reading of the page", [(0, 5)]) is None
    assert layer_rects(path, 3, layer, [(0, 5)]) is None  # no such page


# --- through ingest: the case keeps OCR boxes, the page viewer places spans --------------------


@needs_tesseract
def test_ocr_boxes_are_kept_with_the_text_and_place_facts_on_the_scan(tmp_path):
    leak = tmp_path / "leak"
    leak.mkdir()
    _scan().save(leak / "invoice.png", dpi=(300, 300))
    _scan(rotate=90).save(leak / "turned.png", dpi=(300, 300))
    pages = [
        ["Board minutes, Lugano."],
        ["Nothing here."],
        ["Paid EUR 125,000.00 on 12 April 2024."],
    ]
    (leak / "minutes.pdf").write_bytes(text_pdf(pages))
    with open_case(tmp_path / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
        docs = {doc.path.rsplit("/", 1)[-1]: doc for doc in case.store.documents()}
        for name in ("invoice.png", "turned.png"):
            doc = docs[name]
            text = case.store.text(doc.id)
            money = [f for f in case.store.facts(doc_id=doc.id) if f["kind"] == "money"]
            assert money, f"{name}: OCR found no amount in {text!r}"
            spans = [Span("fact", f["start"], f["end"], "money") for f in money]
            marks = page_marks(case.store, case.blobs.path(doc.sha256), doc, 1, spans)
            assert marks.method == "ocr" and marks.unplaced == 0
            (placed,) = marks.placed
            shown = Image.open(case.blobs.path(doc.sha256))
            assert _ink(shown, placed.rects[0]) > 0.05, name
            if name == "invoice.png":  # the amount is on the third line drawn
                y0, y1 = placed.rects[0][1] * 3508, placed.rects[0][3] * 3508
                assert y0 < TOP + 2 * STEP + 40 and y1 > TOP + 2 * STEP

        pdf = docs["minutes.pdf"]
        text, _offsets = case.store.text_and_pages(pdf.id)
        start = text.index("EUR 125,000.00")
        spans = [Span("hit", start, start + 14), Span("hit", 0, 5)]
        marks = page_marks(case.store, case.blobs.path(pdf.sha256), pdf, 3, spans)
        assert (marks.page, marks.page_count, marks.method) == (3, 3, "text layer")
        assert [placed.span.start for placed in marks.placed] == [start]  # page 1's span: not here
        assert (
            text[marks.start : marks.end].startswith("Paid")
            and PAGE_SEPARATOR not in text[marks.start : marks.end]
        )
        rendered = pdfium.PdfDocument(case.blobs.path(pdf.sha256))[2].render(scale=2).to_pil()
        assert _ink(rendered, marks.placed[0].rects[0]) > 0.1
