"""Passwords (Argon2id, argon2-cffi's defaults) and random secrets kept as their SHA-256.

Cookies and API tokens carry 256 random bits, so a fast hash of them is safe to store and to
look up; passwords are chosen by people, so they get a slow, salted, memory-hard hash."""

from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_PASSWORD = 8  # refused below (NIST SP 800-63B's floor)
ADVISED_PASSWORD = 15  # advised: a passphrase, when the password is the only factor


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()  # Argon2id, RFC 9106's low-memory profile


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def password_matches(password_hash: str | None, password: str) -> bool:
    """Whether `password` is the one hashed; an unknown user (None) costs the same time."""
    try:
        return _hasher().verify(password_hash or _absent_user(), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _absent_user() -> str:
    return hash_password(secrets.token_urlsafe(16))


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
