"""Junk OCR (a page of shapes, a script no language tried uses) is kept out of the text and
flagged; a real reading is kept."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from nutgraf import ingest, open_case
from nutgraf.ingest.formats.base import Extraction
from nutgraf.ingest.ocr_judge import judge, keep_out_junk
from nutgraf.ingest.pipeline import IngestSettings

LANGUAGES = "eng+fra+ara+heb+deu+spa"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def test_judge_on_texts() -> None:
    assert judge("The board approved the payment of 40,000 EUR in Lugano.", LANGUAGES, 91) is None
    assert judge("קובץ שנסרק היטב ובו מילים רבות וברורות", LANGUAGES, 88) is None
    assert "script" in (judge("会议纪要付款已批准欧元", LANGUAGES, 80) or "")
    mixed = "PA יאל ₪ شم TA ﻻ m o יב لا e xq"
    assert judge(mixed, LANGUAGES, 50) is not None
    assert "confidence" in (judge("Some words read badly here", LANGUAGES, 20) or "")


def test_keep_out_moves_the_reading_to_metadata() -> None:
    junk = Extraction(text="PA e m o M TA A יאל A", metadata={"ocr_confidence": 69.0}, ocr=True)
    kept = keep_out_junk("image/png", junk, LANGUAGES)
    assert kept.text == "" and not kept.ocr
    assert kept.metadata["ocr_rejected"] and kept.metadata["ocr_rejected_text"].startswith("PA")
    # a PDF with a text layer on some pages is never judged as a whole
    partial = Extraction(
        text="PA e m o M TA A", metadata={"page_count": 2, "ocr_pages": [2]}, ocr=True
    )
    assert keep_out_junk("application/pdf", partial, LANGUAGES).text == "PA e m o M TA A"


def test_page_of_shapes_is_not_indexed(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    random.seed(4)
    shapes = Image.new("L", (1200, 900), 255)
    draw = ImageDraw.Draw(shapes)
    for _ in range(60):
        x, y = random.randint(0, 1100), random.randint(0, 800)
        kind = random.choice("elrp")
        if kind == "e":
            draw.ellipse([x, y, x + random.randint(10, 90), y + random.randint(10, 90)], width=3)
        elif kind == "l":
            draw.line([x, y, x + random.randint(-80, 80), y + random.randint(-80, 80)], width=4)
        elif kind == "r":
            draw.rectangle([x, y, x + random.randint(5, 60), y + random.randint(5, 60)], fill=0)
        else:
            draw.polygon([(x, y), (x + 30, y + 50), (x - 20, y + 40)], outline=0)
    shapes.save(leak / "shapes.png")
    text = Image.new("L", (1400, 300), 255)
    ImageDraw.Draw(text).multiline_text(
        (40, 40), "The board approved the payment\nto Marchetti Holdings.", fill=0,
        font=ImageFont.truetype(FONT, 40),
    )  # fmt: skip
    text.save(leak / "memo.png")
    with open_case(tmp_path / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
        docs = {Path(doc.path).name: doc for doc in case.store.documents()}
        assert docs["shapes.png"].text_length == 0
        assert docs["shapes.png"].metadata["ocr_rejected"]
        assert "Marchetti" in case.store.text(docs["memo.png"].id)
        assert "ocr_rejected" not in docs["memo.png"].metadata
