"""Password-protected Office files (OOXML inside an OLE `EncryptedPackage`), and OpenPGP.

What such a file holds (a DOCX, an XLSX, a PPTX) is only known once it is decrypted, so this
module tries the user's passwords, detects the plain copy's type, and hands it to the module
that reads that type. Without a working password the document is recorded as `encrypted`.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from nutgraf.errors import Encrypted
from nutgraf.ingest.detect import ENCRYPTED_OFFICE, PGP_ENCRYPTED, detect
from nutgraf.ingest.formats import _office_ole
from nutgraf.ingest.formats.base import Extraction, Source

MIME_TYPES: tuple[str, ...] = (ENCRYPTED_OFFICE, *PGP_ENCRYPTED)
# Excel encrypts "protected" workbooks with this fixed password; they open without asking.
EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"


def extract(source: Source) -> Extraction:
    if source.mime in PGP_ENCRYPTED:
        # only the recipient's private key opens it, and nutgraf holds no keys
        raise Encrypted("encrypted: an OpenPGP-encrypted message (needs the recipient's key)")
    from nutgraf.ingest.formats import extractor_for  # the table imports this module

    with tempfile.TemporaryDirectory(prefix="nutgraf-decrypt-") as folder:
        plain = Path(folder) / "decrypted"
        passwords = (*source.passwords, EXCEL_DEFAULT_PASSWORD)
        _office_ole.decrypt(source.path, plain, passwords)
        inner = detect(plain)
        extraction = extractor_for(inner)(replace(source, path=plain, mime=inner))
    extraction.metadata["decrypted"] = True
    extraction.metadata["decrypted_type"] = inner
    return extraction
