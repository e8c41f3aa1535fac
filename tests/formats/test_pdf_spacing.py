"""Letter-spaced words in a PDF's text layer are rejoined only where the glyphs' gaps prove it."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from nutgraf.ingest.formats.pdf import clean_text, text_layer
from nutgraf.ingest.formats.pdf_geometry import layer_rects
from tests.conftest import PUBLIC_CORPUS

TRACKING = 3.0  # points between two letters of a word, at 12 pt (a designer's letter-spacing)
# Helvetica's advance widths (1/1000 em) of the capitals used here
WIDTHS = dict(zip("ABDEGHILMNOPRSTUW", (667, 667, 722, 667, 778, 722, 278, 556, 833, 722, 778,
                                         667, 722, 667, 611, 722, 944), strict=True))  # fmt: skip


def _pdf(stream: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _glyph_by_glyph(text: str, y: int, word_gap: float) -> bytes:
    """Each letter its own text object (as some designers' tools write headings)."""
    x, parts = 56.0, []
    for char in text:
        if char == " ":
            x += word_gap
            continue
        parts.append(b"BT /F1 12 Tf %.1f %d Td (%s) Tj ET\n" % (x, y, char.encode()))
        x += WIDTHS[char] * 12 / 1000 + TRACKING
    return b"".join(parts)


def _layer(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return clean_text(text_layer(document[0]))
    finally:
        document.close()


def test_letters_apart_and_words_further_apart_are_rejoined_into_words():
    stream = _glyph_by_glyph("UPGRADE TO SWEET", 700, word_gap=8)
    stream += b"BT /F1 12 Tf 56 650 Td (An ordinary line, its spaces in the PDF.) Tj ET\n"
    assert _layer(_pdf(stream)) == "UPGRADE TO SWEET\nAn ordinary line, its spaces in the PDF."


def test_uniform_spacing_cannot_tell_words_and_is_left_as_pdfium_reads_it():
    assert _layer(_pdf(_glyph_by_glyph("MAINS", 700, word_gap=0))) == "M A I N S"


def test_a_page_without_letter_spacing_is_read_as_before():
    data = _pdf(b"BT /F1 12 Tf 56 700 Td (I am a b c d, said the text.) Tj ET\n")
    document = pdfium.PdfDocument(data)
    textpage = document[0].get_textpage()
    assert text_layer(document[0]) == textpage.get_text_bounded()
    document.close()


def test_the_page_viewer_still_places_words_of_a_rejoined_line(tmp_path):
    path = tmp_path / "heading.pdf"
    path.write_bytes(_pdf(_glyph_by_glyph("LIGHT BITES", 700, word_gap=9)))
    text = _layer(path.read_bytes())
    assert text == "LIGHT BITES"
    (bites,) = layer_rects(path, 0, text, [(6, 11)])
    assert len(bites) == 1 and bites[0][0] > 0.15  # right of "LIGHT", one line


def test_the_corpus_menu_headings_are_words_again():
    path = PUBLIC_CORPUS / "ingest-file/the-dorset-food-menu.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is not there (the public corpus is read from ../shared)")
    text = _layer(path.read_bytes())
    assert "LIGHT BITES" in text and "( Upgrade to sweet potato" in text
    assert "M A I N S" in text  # uniform: left alone rather than guessed
