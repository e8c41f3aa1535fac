"""The content-addressed store of originals: blobs/ab/cd/<sha256>, written once, atomically."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import BinaryIO

CHUNK = 1024 * 1024


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def put_bytes(self, data: bytes) -> str:
        sha256 = hashlib.sha256(data).hexdigest()
        if not self.has(sha256):
            self._write_atomically(sha256, lambda out: out.write(data))
        return sha256

    def put_file(self, source: Path) -> tuple[str, int]:
        """Copy a file in, hashing while copying; returns (sha256, size)."""
        digest = hashlib.sha256()
        size = 0
        tmp = self._temporary()
        try:
            with open(source, "rb") as src, os.fdopen(tmp[0], "wb") as out:
                while chunk := src.read(CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
                    size += len(chunk)
                out.flush()
                os.fsync(out.fileno())
            sha256 = digest.hexdigest()
            self._publish(Path(tmp[1]), sha256)
        finally:
            if os.path.exists(tmp[1]):
                os.unlink(tmp[1])
        return sha256, size

    def open(self, sha256: str) -> BinaryIO:
        return open(self.path(sha256), "rb")

    def _temporary(self) -> tuple[int, str]:
        return tempfile.mkstemp(dir=self.root, prefix=".incoming-")

    def _write_atomically(self, sha256: str, write) -> None:
        fd, name = self._temporary()
        try:
            with os.fdopen(fd, "wb") as out:
                write(out)
                out.flush()
                os.fsync(out.fileno())
            self._publish(Path(name), sha256)
        finally:
            if os.path.exists(name):
                os.unlink(name)

    def _publish(self, temporary: Path, sha256: str) -> None:
        target = self.path(sha256)
        if target.is_file():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        os.chmod(temporary, 0o444)
        os.replace(temporary, target)

    def clean_incoming(self) -> None:
        """Remove temporaries a killed run left behind."""
        for leftover in self.root.glob(".incoming-*"):
            leftover.unlink(missing_ok=True)


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        shutil.copyfileobj(handle, _HashWriter(digest), CHUNK)
    return digest.hexdigest()


class _HashWriter:
    def __init__(self, digest) -> None:
        self.digest = digest

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return len(data)
