"""Password-protected workbooks: decrypt in memory with the user's passwords, else `Encrypted`."""

from __future__ import annotations

import io
from typing import IO

import msoffcrypto
from msoffcrypto import exceptions as crypto_errors

from nutgraf.errors import Corrupt, Encrypted

# Excel encrypts "protected" workbooks that have no open password with this fixed one.
EXCEL_DEFAULT_PASSWORD = "VelvetSweatshop"


def decrypt_if_encrypted(handle: IO[bytes], passwords: tuple[str, ...], kind: str) -> IO[bytes]:
    """The workbook's plain bytes: `handle` itself when not encrypted, else a decrypted copy."""
    handle.seek(0)
    try:
        office = msoffcrypto.OfficeFile(handle)
        encrypted = office.is_encrypted()
    except (crypto_errors.FileFormatError, crypto_errors.ParseError, OSError, ValueError) as error:
        if kind == "xls":
            handle.seek(0)
            return handle  # not something msoffcrypto knows: let the parser judge
        raise Corrupt(f"corrupt: {kind} container unreadable ({error})") from None
    handle.seek(0)
    if not encrypted:
        return handle
    for password in (*passwords, EXCEL_DEFAULT_PASSWORD):
        plain = _try_password(office, password)
        if plain is not None:
            return plain
    if passwords:
        raise Encrypted(f"encrypted: {kind} workbook, none of the given passwords opens it")
    raise Encrypted(f"encrypted: password-protected {kind} workbook")


def _try_password(office: msoffcrypto.OfficeFile, password: str) -> IO[bytes] | None:
    plain = io.BytesIO()
    try:
        office.load_key(password=password)
        office.decrypt(plain)
    except (
        crypto_errors.InvalidKeyError,
        crypto_errors.DecryptionError,
        crypto_errors.ParseError,
        crypto_errors.FileFormatError,
        AssertionError,  # msoffcrypto asserts on unsupported cipher parameters
        ValueError,
        KeyError,
    ):
        return None
    plain.seek(0)
    return plain
