"""S/MIME (PKCS#7 / CMS) helpers: tell signed from encrypted, unwrap signed content offline."""

from __future__ import annotations

import shutil
import subprocess

# DER encodings of the CMS content-type object identifiers (RFC 5652); the outer ContentInfo
# names its type within the first few bytes, so a prefix search classifies the blob.
_OID_SIGNED = bytes.fromhex("06092a864886f70d010702")  # 1.2.840.113549.1.7.2 signedData
_OID_ENVELOPED = bytes.fromhex("06092a864886f70d010703")  # 1.2.840.113549.1.7.3 envelopedData
_OID_AUTH_ENVELOPED = bytes.fromhex("060b2a864886f70d0109100117")  # 1.2.840.113549.1.9.16.1.23
_OPENSSL_TIMEOUT_S = 60


def cms_kind(der: bytes) -> str:
    """'signed', 'encrypted' or 'unknown' for a DER PKCS#7 blob."""
    head = der[:40]
    if _OID_SIGNED in head:
        return "signed"
    if _OID_ENVELOPED in head or _OID_AUTH_ENVELOPED in head:
        return "encrypted"
    return "unknown"


def unwrap_signed(der: bytes) -> bytes | None:
    """The content inside a PKCS#7 signedData blob, without checking the signature.

    The `cryptography` package can read the certificates of a signedData but not its content,
    so this uses the openssl command line; None when openssl is absent or cannot read it.
    """
    openssl = shutil.which("openssl")
    if openssl is None:
        return None
    command = [openssl, "cms", "-verify", "-noverify", "-inform", "DER", "-binary"]
    try:
        done = subprocess.run(
            command, input=der, capture_output=True, timeout=_OPENSSL_TIMEOUT_S, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None
