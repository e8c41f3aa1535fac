"""A zip of selected originals with a manifest of their hashes and every path they had.

Each original is read from the blob store and hashed again while it is copied, so the
manifest says whether the bytes still match the sha256 the case recorded (`sha256_ok`).
Names inside the zip are `<doc id>/<file name>`: a leaked name can never climb out of the
folder a recipient unpacks it in.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile
from pathlib import Path
from typing import IO, Any

from nutgraf.case import Case
from nutgraf.errors import BadInput
from nutgraf.export.citations import cell
from nutgraf.export.output import binary_output

CHUNK = 1 << 20
MANIFEST_COLUMNS = ("doc_id", "sha256", "sha256_ok", "size", "mime", "zip_name", "paths")
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')


def safe_name(path: str, fallback: str) -> str:
    """The last part of a path, usable as a file name anywhere (no separators, no '..')."""
    name = _UNSAFE.sub("_", path.rsplit("/", 1)[-1]).strip(" .")
    return name[:150] or fallback


def write_originals(case: Case, doc_ids: list[str], out: Path) -> dict[str, Any]:
    """Write the zip to `out`; returns the counts (written, missing)."""
    if not doc_ids:
        raise BadInput("no documents selected: give ids, or a query that matches")
    with binary_output(case, out) as stream:
        return write_originals_to(case, doc_ids, stream) | {"out": str(out)}


def write_originals_to(case: Case, doc_ids: list[str], stream: IO[bytes]) -> dict[str, Any]:
    if not doc_ids:
        raise BadInput("no documents selected: give ids, or a query that matches")
    entries: list[dict[str, Any]] = []
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as zf:
        for doc_id in doc_ids:
            entries.append(_add_original(case, zf, doc_id))
        _write_manifests(zf, entries)
    missing = sum(1 for entry in entries if entry["zip_name"] is None)
    return {"written": len(entries) - missing, "missing": missing}


def _add_original(case: Case, archive: zipfile.ZipFile, doc_id: str) -> dict[str, Any]:
    doc = case.store.document(doc_id)
    entry: dict[str, Any] = {
        "doc_id": doc.id,
        "sha256": doc.sha256,
        "sha256_ok": None,
        "size": doc.size,
        "mime": doc.mime,
        "zip_name": None,
        "paths": case.store.paths(doc.id),
    }
    source = case.blobs.path(doc.sha256)
    if not source.is_file():
        return entry  # listed in the manifest with no zip name: the case lacks the bytes
    name = f"{doc.id}/{safe_name(doc.path, doc.id)}"
    digest = hashlib.sha256()
    with open(source, "rb") as original, archive.open(name, "w", force_zip64=True) as target:
        while chunk := original.read(CHUNK):
            digest.update(chunk)
            target.write(chunk)
    entry["zip_name"] = name
    entry["sha256_ok"] = digest.hexdigest() == doc.sha256
    return entry


def _write_manifests(archive: zipfile.ZipFile, entries: list[dict[str, Any]]) -> None:
    archive.writestr("manifest.json", json.dumps(entries, ensure_ascii=False, indent=1) + "\n")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(MANIFEST_COLUMNS)
    for entry in entries:
        row = entry | {"paths": json.dumps(entry["paths"], ensure_ascii=False)}
        writer.writerow([cell(row[name]) for name in MANIFEST_COLUMNS])
    archive.writestr("manifest.csv", buffer.getvalue())
