"""`nutgraf check`: every file under the given paths accounted for, or named as not.

A file on disk is one of: a `document` of the case (this path is where its content was first
found), a `duplicate` (its content is in the case under another path: which one), a `volume`
of a multi-volume set (read with the set's first volume), an `error` (the case holds it and
says why it could not be read), or `skipped` (a link, a special file, the case folder itself)
with the reason. A file that is none of these is unaccounted for: `missing` (never ingested,
or changed since), `pending` (ingested but not read yet), or `unreadable` (the OS refused).

A recorded path whose size and modification time are unchanged is trusted; any other file is
hashed, so a leak copied or moved elsewhere is still recognised by its content.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from nutgraf.case import Case
from nutgraf.ingest.pipeline import display_path
from nutgraf.store import queries_check
from nutgraf.store.queries_check import Landing

UNACCOUNTED = frozenset({"missing", "pending", "unreadable"})


@dataclass
class FileCheck:
    path: str
    status: str  # document | duplicate | volume | error | skipped | missing | pending | unreadable
    doc_id: str | None = None
    of: str | None = (
        None  # duplicate: the path its content was first found at; volume: first volume
    )
    of_id: str | None = None
    mime: str | None = None
    reason: str | None = None  # error, skipped, missing, unreadable: why, on one line

    @property
    def accounted(self) -> bool:
        return self.status not in UNACCOUNTED

    def to_dict(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value is not None}


def check(case: Case, roots: list[Path]) -> Iterator[FileCheck]:
    """One verdict per file under `roots`, in a stable order."""
    skip = case.folder.resolve()
    for root in roots:
        yield from _check_root(case, root, skip)


def _check_root(case: Case, root: Path, skip: Path) -> Iterator[FileCheck]:
    if not root.exists() and not root.is_symlink():
        yield FileCheck(display_path(root), "missing", reason="no such file or folder")
        return
    if root.is_dir() and not root.is_symlink():
        yield from _check_folder(case, root, skip)
    else:
        yield _check_entry(case, root, skip)


def _check_folder(case: Case, root: Path, skip: Path) -> Iterator[FileCheck]:
    failures: list[OSError] = []
    for folder, dirs, names in os.walk(root, onerror=failures.append):
        for error in failures:
            yield FileCheck(_shown(error.filename), "unreadable", reason=error.strerror)
        failures.clear()
        kept = []
        for name in sorted(dirs):
            path = Path(folder, name)
            if path.is_symlink():  # os.walk lists links to folders as folders
                yield FileCheck(display_path(path), "skipped", reason="link (not followed)")
            elif path.resolve() == skip:
                yield FileCheck(display_path(path), "skipped", reason="the case folder itself")
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(names):
            yield _check_entry(case, Path(folder, name), skip)
    for error in failures:
        yield FileCheck(_shown(error.filename), "unreadable", reason=error.strerror)


def _shown(filename: Any) -> str:
    return display_path(Path(os.fsdecode(filename))) if filename else "?"


def _check_entry(case: Case, path: Path, skip: Path) -> FileCheck:
    shown = display_path(path)
    try:
        info = path.lstat()
    except OSError as error:
        return FileCheck(shown, "unreadable", reason=error.strerror or str(error))
    if stat.S_ISLNK(info.st_mode):
        return FileCheck(shown, "skipped", reason="link (not followed)")
    if not stat.S_ISREG(info.st_mode):
        return FileCheck(shown, "skipped", reason=f"special file ({_kind(info.st_mode)})")
    if skip in path.resolve().parents:
        return FileCheck(shown, "skipped", reason="inside the case folder")
    recorded = queries_check.path_record(case.store, shown)
    if recorded and recorded[1] == info.st_size and recorded[2] == info.st_mtime_ns:
        return _verdict(shown, recorded[0], recorded_here=True)
    try:
        sha256 = _sha256(path)
    except OSError as error:
        return FileCheck(shown, "unreadable", reason=error.strerror or str(error))
    landing = queries_check.landing_by_sha256(case.store, sha256)
    if landing is None:
        reason = "changed since it was ingested" if recorded else "not in the case"
        return FileCheck(shown, "missing", reason=reason)
    here = recorded is not None and recorded[0].doc_id == landing.doc_id
    return _verdict(shown, landing, recorded_here=here)


def _verdict(shown: str, landing: Landing, recorded_here: bool) -> FileCheck:
    found = FileCheck(shown, "document", doc_id=landing.doc_id, mime=landing.mime)
    if landing.status == "pending":
        found.status, found.reason = "pending", "ingested but not read yet"
    elif landing.volume_of:
        found.status, found.of_id, found.of = "volume", landing.volume_of, landing.volume_of_path
    elif landing.first_path != shown:
        found.status, found.of_id, found.of = "duplicate", landing.doc_id, landing.first_path
        if not recorded_here:
            found.reason = "this path was not ingested; the same content was"
    elif landing.status == "failed":
        found.status, found.reason = "error", landing.error or landing.error_reason
    return found


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "named pipe"),
        (stat.S_ISSOCK, "socket"),
        (stat.S_ISCHR, "character device"),
        (stat.S_ISBLK, "block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"
