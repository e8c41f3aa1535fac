"""DjVu scans: the hidden text layer per page (djvulibre's `djvutxt`), OCR where it has none.

DjVu is how many archives and libraries publish scanned books and reports. Pages are
separated like PDF pages (PAGE_SEPARATOR) and `pages` holds their offsets.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from PIL import Image

from nutgraf.errors import Corrupt, TooLarge, Unsupported
from nutgraf.ingest.formats.base import Extraction, Source
from nutgraf.ingest.formats.pdf import PAGE_SEPARATOR, count_letters
from nutgraf.ingest.ocr import ocr_image
from nutgraf.ingest.tools import run_tool

MIME_TYPES: tuple[str, ...] = ("image/vnd.djvu",)
TIMEOUT = 120  # seconds for one djvulibre call
OCR_DPI = 300
MIN_LETTERS = 20  # a page layer with fewer letters than this is treated as missing


def extract(source: Source) -> Extraction:
    count = _page_count(source.path)
    if count > source.limits.max_pages:
        raise TooLarge(f"too_large: DjVu has {count} pages (limit {source.limits.max_pages})")
    texts: list[str] = []
    ocr_pages: list[int] = []
    confidences: list[float] = []
    for number in range(1, count + 1):
        text = _run("djvutxt", f"--page={number}", str(source.path)).strip()
        if count_letters(text) < MIN_LETTERS:
            result = ocr_image(_render(source.path, number), source.ocr_languages)
            if count_letters(result.text) > count_letters(text):
                text = result.text
                ocr_pages.append(number)
                confidences.append(result.confidence)
        texts.append(text)
    metadata: dict = {"page_count": count}
    if ocr_pages:
        metadata["ocr_pages"] = ocr_pages
        metadata["ocr_confidence"] = round(sum(confidences) / len(confidences), 1)
    offsets, position = [], 0
    for text in texts:
        offsets.append(position)
        position += len(text) + len(PAGE_SEPARATOR)
    return Extraction(
        text=PAGE_SEPARATOR.join(texts), metadata=metadata, pages=offsets, ocr=bool(ocr_pages)
    )


def _page_count(path: Path) -> int:
    output = _run("djvused", "-e", "n", str(path)).strip()
    if not output.isdigit() or int(output) < 1:
        raise Corrupt("corrupt: DjVu file has no readable pages")
    return int(output)


def _render(path: Path, number: int) -> Image.Image:
    with tempfile.TemporaryDirectory(prefix="nutgraf-djvu-") as folder:
        image = Path(folder) / "page.tif"
        _run("ddjvu", "-format=tiff", f"-page={number}", f"-scale={OCR_DPI}", str(path), str(image))
        with Image.open(image) as page:
            page.load()
            return page.copy()


def _run(program: str, *arguments: str) -> str:
    if shutil.which(program) is None:
        raise Unsupported(f"unsupported: DjVu needs {program} (Debian package djvulibre-bin)")
    done = run_tool([program, *arguments], TIMEOUT)
    if done.returncode != 0:
        raise Corrupt(f"corrupt: DjVu unreadable ({done.message or program})")
    return done.text
