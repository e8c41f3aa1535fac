"""Word-processing and presentation documents: docx, doc, odt, rtf, pptx, ppt, odp, epub.

Each format has its own private module (`_office_*.py`); this one routes by MIME type and
handles what they share: password-protected files. An encrypted OOXML package is an OLE
container (EncryptedPackage stream) rather than a zip, and legacy doc/ppt mark encryption
inside their streams; both are decrypted with msoffcrypto-tool when the user supplied a
working password, and otherwise reported as `Encrypted`.

Legacy binary formats (doc, ppt) are read natively in Python, which is fast and needs no
external program; LibreOffice, when installed, is only the fallback for files the native
readers cannot handle (Word 6/95 with fast-save pieces, damaged streams).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from nutgraf.errors import Unsupported
from nutgraf.ingest.formats import _office_ole
from nutgraf.ingest.formats._office_doc import extract_doc
from nutgraf.ingest.formats._office_epub import extract_epub
from nutgraf.ingest.formats._office_odf import extract_odf
from nutgraf.ingest.formats._office_ooxml import extract_docx, extract_pptx
from nutgraf.ingest.formats._office_ppt import extract_ppt
from nutgraf.ingest.formats._office_rtf import extract_rtf
from nutgraf.ingest.formats.base import Extraction, Source

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
PPT = "application/vnd.ms-powerpoint"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
RTF = "text/rtf"
EPUB = "application/epub+zip"

_READERS: dict[str, Callable[[Source], Extraction]] = {
    DOCX: extract_docx,
    PPTX: extract_pptx,
    DOC: extract_doc,
    PPT: extract_ppt,
    ODT: extract_odf,
    ODP: extract_odf,
    RTF: extract_rtf,
    EPUB: extract_epub,
}
_OLE_ENCRYPTABLE = {DOCX, PPTX, DOC, PPT}

MIME_TYPES: tuple[str, ...] = tuple(_READERS)


def extract(source: Source) -> Extraction:
    reader = _READERS.get(source.mime)
    if reader is None:
        raise Unsupported(f"unsupported: {source.mime} is not a word-processing document")
    if source.mime in _OLE_ENCRYPTABLE and _office_ole.is_encrypted(source.path):
        return _extract_decrypted(source, reader)
    return reader(source)


def _extract_decrypted(source: Source, reader: Callable[[Source], Extraction]) -> Extraction:
    """Decrypt with the first user-supplied password that works, then read the plain copy."""
    with tempfile.TemporaryDirectory(prefix="nutgraf-office-") as folder:
        plain = Path(folder) / "decrypted"
        _office_ole.decrypt(source.path, plain, source.passwords)
        result = reader(
            Source(
                path=plain,
                mime=source.mime,
                name=source.name,
                limits=source.limits,
                passwords=source.passwords,
                ocr_languages=source.ocr_languages,
            )
        )
    result.metadata["decrypted"] = True
    return result
