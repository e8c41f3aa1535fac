"""Legacy office formats read through LibreOffice: WordPerfect, Works, Publisher, Visio,
StarOffice, Hangul (HWP 3; HWP 5 is read natively in `_legacy_hwp.py`).

LibreOffice's import filters (libwpd, libwps, libmspub, libvisio, libstaroffice, hwpfilter)
are the only free readers of most of these. Word-processing files are converted to plain
text, which keeps their paragraphs; drawings (Visio, Publisher) and StarOffice spreadsheets
and drawings have no text export, so they go through PDF, read by the PDF module (which
also gives one page per drawing page). The intermediate PDF's own metadata (producer,
dates) describe the conversion, not the document, and are dropped.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import olefile

from nutgraf.errors import Corrupt, Unsupported
from nutgraf.ingest.formats import _office_soffice, pdf
from nutgraf.ingest.formats._legacy_hwp import extract_hwp5, is_hwp5
from nutgraf.ingest.formats._office_ole import summary_metadata
from nutgraf.ingest.formats.base import Extraction, Source

# MIME type → (file extension LibreOffice's type detection expects, conversion route, name)
_KINDS: dict[str, tuple[str, str, str]] = {
    "application/vnd.wordperfect": ("wpd", "text", "WordPerfect"),
    "application/vnd.ms-works": ("wps", "text", "Microsoft Works"),
    "application/x-mspublisher": ("pub", "pdf", "Microsoft Publisher"),
    "application/vnd.visio": ("vsd", "pdf", "Visio"),
    "application/vnd.ms-visio.drawing.main+xml": ("vsdx", "pdf", "Visio"),
    "application/vnd.stardivision.writer": ("sdw", "text", "StarOffice Writer"),
    "application/vnd.stardivision.calc": ("sdc", "pdf", "StarOffice Calc"),
    "application/vnd.stardivision.draw": ("sda", "pdf", "StarOffice Draw/Impress"),
    "application/x-hwp": ("hwp", "text", "Hangul (HWP)"),
}
MIME_TYPES: tuple[str, ...] = tuple(_KINDS)

# The non-content keys of a converted PDF's metadata; everything else there is kept.
_CONVERSION_KEYS = {"producer", "creator", "created", "modified"}


def extract(source: Source) -> Extraction:
    if source.mime == "application/x-hwp" and is_hwp5(source.path):
        return extract_hwp5(source)
    extension, route, name = _KINDS[source.mime]
    if _office_soffice.soffice_binary() is None:
        raise Unsupported(f"unsupported: {name} needs LibreOffice, which is not installed")
    if route == "text":
        text = _office_soffice.convert_to_text(source, extension)
        extraction = None if text is None else Extraction(text=text)
    else:
        extraction = _office_soffice.convert_and_read(
            source, extension, "pdf", lambda path: _read_pdf(path, source)
        )
    if extraction is None:
        raise Corrupt(f"corrupt: LibreOffice could not read this {name} file")
    extraction.metadata = _ole_metadata(source.path) | extraction.metadata
    extraction.metadata["format"] = name
    return extraction


def _read_pdf(path: Path, source: Source) -> Extraction:
    converted = pdf.extract(dataclasses.replace(source, path=path, mime="application/pdf"))
    converted.metadata = {
        key: value for key, value in converted.metadata.items() if key not in _CONVERSION_KEYS
    }
    converted.children = []  # attachments of a conversion output would be our own artefacts
    return converted


def _ole_metadata(path: Path) -> dict[str, Any]:
    """Title, author, dates from the summary streams, for the formats stored in OLE2."""
    if not olefile.isOleFile(str(path)):
        return {}
    try:
        with olefile.OleFileIO(str(path)) as ole:
            return summary_metadata(ole)
    except (OSError, ValueError):
        return {}
