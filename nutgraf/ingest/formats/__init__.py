"""The one table of formats: which module reads which MIME type.

Each module in `MODULES` exposes `MIME_TYPES` and `extract(source) -> Extraction`
(see `base.py`). A MIME type no module reads gets an `unsupported` document, never a crash.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache

from nutgraf.errors import Unsupported
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
)


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
    return extractor_for(source.mime)(source)
