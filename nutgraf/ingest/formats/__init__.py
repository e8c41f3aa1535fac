"""The one table of formats: which module reads which MIME type, and what it falls back to.

Each module in `MODULES` exposes `MIME_TYPES` and `extract(source) -> Extraction`
(see `base.py`). A MIME type no module reads gets an `unsupported` document, never a crash.

`CHAINS` gives a type its second readers (in `fallback.py`): when the first refuses a file
(corrupt, unsupported, a parser's own failure) or finds neither text nor children in it, the
next one tries. A file that is encrypted, too large or a bomb is not retried: a second reader
would say the same. The reader whose output is kept is named in `metadata["reader"]`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from nutgraf.errors import Bomb, Encrypted, FileError, Timeout, TooDeep, TooLarge, Unsupported
from nutgraf.ingest.formats.base import Extraction, Source

Extractor = Callable[[Source], Extraction]

MODULES: tuple[str, ...] = (
    "text",
    "html",
    "pdf",
    "image",
    "office",
    "sheet",
    "email",
    "mbox",
    "archive",
    "encrypted",
    "legacy",
    "ole_object",
    "xps",
    "iwork",
    "database",
    "webarchive",
    "pkcs7",
    "jbig2",
    "onenote",
    "djvu",
    "media",
    "base64text",
)


XLS = "application/vnd.ms-excel"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# MIME type → (name of its own reader, then its fallback readers in order)
CHAINS: dict[str, tuple[str, ...]] = {
    XLS: ("xlrd", "calamine", "libreoffice"),
    XLSX: ("openpyxl", "calamine", "libreoffice"),
    "application/vnd.ms-excel.sheet.binary.macroenabled.12": ("calamine", "libreoffice"),
    "application/vnd.oasis.opendocument.spreadsheet": ("odfxml", "calamine"),
    "application/msword": ("nutgraf-doc", "libreoffice"),
    "application/vnd.ms-powerpoint": ("nutgraf-ppt", "libreoffice"),
    "application/x-7z-compressed": ("py7zr", "7zz"),
    "application/pdf": ("pdfium", "pdftotext"),
}
_FINAL = (Encrypted, TooLarge, Bomb, Timeout, TooDeep)  # a second reader would say the same


@cache
def table() -> dict[str, Extractor]:
    """MIME type → extract function, built once from every module's MIME_TYPES."""
    by_mime: dict[str, Extractor] = {}
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for mime in module.MIME_TYPES:
            if mime in by_mime:
                raise RuntimeError(f"MIME type {mime} claimed by two format modules")
            by_mime[mime] = module.extract
    return by_mime


def extractor_for(mime: str) -> Extractor:
    try:
        return table()[mime]
    except KeyError:
        raise Unsupported(f"unsupported: {mime}") from None


def extract(source: Source) -> Extraction:
    """The first reader's extraction, or the first fallback's that reads what it could not."""
    first = extractor_for(source.mime)
    names = CHAINS.get(source.mime, ())
    try:
        found = first(source)
    except _FINAL:
        raise
    except Exception as error:  # a parser's own failure too: the next reader may cope
        if len(names) < 2:
            raise
        return _fall_back(source, names[1:], error)
    if names and not _has_content(found) and len(names) > 1:
        try:
            return _fall_back(source, names[1:], None)
        except FileError:
            pass  # nothing better: the first reader's empty reading stands
    if names:
        found.metadata.setdefault("reader", names[0])
    return found


def _fall_back(source: Source, names: tuple[str, ...], error: Exception | None) -> Extraction:
    from nutgraf.ingest.formats.fallback import READERS

    for name in names:
        try:
            found = READERS[name](source)
        except _FINAL:
            raise
        except Exception:  # this reader cannot either: try the next
            continue
        if _has_content(found):
            found.metadata["reader"] = name
            if error is not None:
                found.metadata["first_reader_error"] = str(error)[:300]
            return found
    if error is not None:
        raise error
    raise Unsupported("unsupported: no fallback reader found anything")


def _has_content(extraction: Extraction) -> bool:
    if extraction.children:
        return True
    if extraction.metadata.get("cells") == []:  # a workbook whose sheets gave no cell
        return False
    return bool(extraction.text.strip())
