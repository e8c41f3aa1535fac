"""`--ocr later`: every text layer is read and searchable before the first page is OCRed;
the OCR text, its facts and its index entry then replace the placeholder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from nutgraf import ingest, open_case, search
from nutgraf.ingest.ocr import installed_languages
from nutgraf.ingest.pipeline import IngestSettings, Progress

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def scan(path: Path, line: str) -> Path:
    image = Image.new("L", (1400, 300), 255)
    ImageDraw.Draw(image).text((40, 110), line, fill=0, font=ImageFont.truetype(str(FONT), 48))
    image.save(path)
    return path


@pytest.fixture
def leak(tmp_path: Path) -> Path:
    if not FONT.exists() or "eng" not in installed_languages():
        pytest.skip("needs the DejaVu font and tesseract with English")
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / "memo.txt").write_text("The harbour memo names Quillmoor as the buyer.\n")
    scan(folder / "receipt.png", "Zephyrine paid EUR 4,500")
    return folder


def test_text_layers_are_searchable_before_ocr_and_ocr_text_replaces_them(
    tmp_path: Path, leak: Path
) -> None:
    seen: dict[str, object] = {}
    with open_case(tmp_path / "case", create=True) as case:

        def watch(progress: Progress) -> None:
            if progress.phase == "ocr" and "at_ocr" not in seen:
                seen["at_ocr"] = progress.ocr_pages_left
                seen["memo"] = len(search(case, "Quillmoor").hits)
                seen["receipt"] = len(search(case, "Zephyrine").hits)

        done = ingest(case, [leak], IngestSettings(workers=1, ocr="later"), watch)
        assert seen == {"at_ocr": 1, "memo": 1, "receipt": 0}
        assert done.text_layer_seconds is not None and done.text_layer_seconds <= done.seconds
        assert done.ocr_pages_done == 1 and done.ocr_pages_left == 0
        assert done.documents_read == 2  # the OCR pass reads the scan again: not a new document
        assert len(search(case, "Zephyrine").hits) == 1
        receipt = next(d for d in case.store.documents() if d.path.endswith("receipt.png"))
        assert receipt.error is None and "ocr_pending" not in receipt.metadata
        money = list(case.store.facts(kind="money", doc_id=receipt.id))
        assert [fact["currency"] for fact in money] == ["EUR"]
        assert case.store.ocr_pending() == []


def test_never_leaves_ocr_to_a_later_run_that_does_only_that(tmp_path: Path, leak: Path) -> None:
    with open_case(tmp_path / "case", create=True) as case:
        first = ingest(case, [leak], IngestSettings(workers=1, ocr="never"))
        assert first.ocr_pages_done == 0 and first.ocr_documents == 1
        assert first.ocr_pages_left == 1
        assert [pages for _, pages in case.store.ocr_pending()] == [1]
        assert len(search(case, "Quillmoor").hits) == 1
        assert len(search(case, "Zephyrine").hits) == 0
        second = ingest(case, [leak], IngestSettings(workers=1, ocr="now"))
        assert second.documents_read == 0 and second.unchanged == 2
        assert second.ocr_pages_done == 1
        assert len(search(case, "Zephyrine").hits) == 1
