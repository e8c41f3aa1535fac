"""PKCS#7 / CMS files on their own (.p7m, .p7s, .p7c; DER or PEM), outside a mail.

Signed data: the signed content is unwrapped with `openssl cms -verify -noverify` (the
signature is not checked: a leak's certificates are rarely trusted here, and the content is
what matters) and becomes the one child, named after the file without its `.p7m`. The
signers' certificates are read into metadata["signers"]. A detached signature (.p7s with no
content inside) has only that metadata. Enveloped (encrypted) data needs the recipient's
private key: `Encrypted`.
"""

from __future__ import annotations

import base64
import binascii
import re
import warnings
from pathlib import PurePath
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import pkcs7

from nutgraf.errors import Corrupt, Encrypted, Unsupported
from nutgraf.ingest.formats._mail_smime import cms_kind, unwrap_signed
from nutgraf.ingest.formats.base import Child, Extraction, Source

MIME_TYPES: tuple[str, ...] = ("application/pkcs7-mime",)

_PEM = re.compile(rb"-----BEGIN (?:PKCS7|CMS)-----(.+?)-----END (?:PKCS7|CMS)-----", re.S)
_WRAPPER_SUFFIXES = (".p7m", ".p7s", ".p7c", ".p7b", ".pem", ".der")


def extract(source: Source) -> Extraction:
    der = _der(source.path.read_bytes())
    kind = cms_kind(der)
    if kind == "encrypted":
        raise Encrypted("encrypted: PKCS#7/CMS enveloped data (needs the recipient's key)")
    if kind != "signed":
        raise Unsupported("unsupported: PKCS#7 content type other than signed or enveloped")
    metadata: dict[str, Any] = {"format": "PKCS#7 signed data"}
    signers = _certificates(der)
    if signers:
        metadata["signers"] = signers
    content = unwrap_signed(der)
    if not content:
        metadata["detached_signature"] = True
        return Extraction(metadata=metadata)
    if len(content) > source.limits.max_child_bytes:
        metadata["skipped"] = [{"name": _content_name(source.name), "reason": "too_large"}]
        return Extraction(metadata=metadata)
    return Extraction(
        metadata=metadata, children=[Child(name=_content_name(source.name), data=content)]
    )


def _der(data: bytes) -> bytes:
    match = _PEM.search(data[: 1024 * 1024 * 64])
    if match is None:
        return data
    try:
        return base64.b64decode(b"".join(match.group(1).split()), validate=True)
    except (binascii.Error, ValueError):
        raise Corrupt("corrupt: PEM PKCS#7 block is not valid base64") from None


def _certificates(der: bytes) -> list[dict[str, str]]:
    """Subject, issuer and validity of each certificate carried in the signed data."""
    try:
        with warnings.catch_warnings():  # BER (indefinite lengths) is read, with a warning
            warnings.simplefilter("ignore")
            certificates = pkcs7.load_der_pkcs7_certificates(der)
    except (ValueError, TypeError):
        return []
    return [_describe(certificate) for certificate in certificates]


def _describe(certificate: x509.Certificate) -> dict[str, str]:
    return {
        "subject": certificate.subject.rfc4514_string(),
        "issuer": certificate.issuer.rfc4514_string(),
        "serial": format(certificate.serial_number, "x"),
        "not_before": certificate.not_valid_before_utc.isoformat(),
        "not_after": certificate.not_valid_after_utc.isoformat(),
    }


def _content_name(name: str) -> str:
    """`contract.pdf.p7m` holds `contract.pdf`; the pipeline detects the type anyway."""
    base = PurePath(name).name
    for suffix in _WRAPPER_SUFFIXES:
        if base.lower().endswith(suffix) and len(base) > len(suffix):
            return base[: -len(suffix)]
    return "content"
