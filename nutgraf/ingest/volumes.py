"""Multi-volume archives: a set is read once, from its first volume, with every volume a
path of the set.

Alone, each volume of `x.7z.001…`, `x.zip` + `x.z01…`, `x.part1.rar…` or `x.rar` + `x.r00…`
is unreadable. 7-Zip reads a set whole when the volumes sit side by side under their names,
but blobs have no names: so the volumes are copied under their own names into a scratch
folder inside the case, `7zz` extracts the set there, and the members become children of the
first volume's document (its metadata lists the `volumes`). Each later volume is recorded
as read, with `volume_of` naming the first, so `nutgraf check` accounts for it. A set 7-Zip
cannot read is left to the ordinary reading, which records each volume's own error.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections import defaultdict
from pathlib import Path

from nutgraf.case import Case
from nutgraf.errors import FileError
from nutgraf.ingest.detect import detect
from nutgraf.ingest.formats.base import Limits
from nutgraf.store import queries_check
from nutgraf.store.records import ChildRecord, ReadResult

# name → (set key, order within the set); the lowest order is the volume 7-Zip opens
_NUMBERED = re.compile(r"^(?P<base>.+\.[A-Za-z0-9]{1,4})\.(?P<n>\d{3})$")  # x.7z.001
_PARTS = re.compile(r"^(?P<base>.+)\.part(?P<n>\d{1,4})\.rar$", re.I)  # x.part01.rar
_OLD_STYLE = re.compile(r"^(?P<base>.+)\.(?P<kind>[rz])(?P<n>\d{2,3})$", re.I)  # x.r00, x.z01
_FIRSTS = re.compile(r"^(?P<base>.+)\.(?P<kind>rar|zip)$", re.I)  # x.rar before x.r00, x.zip


def volume_sets(files: list[Path]) -> list[list[Path]]:
    """The sets of two or more volumes among `files`, each first volume first."""
    groups: dict[tuple[Path, str], list[tuple[int, Path]]] = defaultdict(list)
    for path in files:
        key = _volume_key(path.name)
        if key:
            groups[(path.parent, key[0])].append((key[1], path))
    sets = []
    for (_, label), members in groups.items():
        members.sort()
        has_numbered = any(order >= 0 for order, _ in members)
        if len(members) >= 2 and has_numbered and _starts_well(label, members):
            sets.append([path for _, path in members])
    return sets


def _volume_key(name: str) -> tuple[str, int] | None:
    if match := _NUMBERED.match(name):
        return f"n:{match['base']}", int(match["n"])
    if match := _PARTS.match(name):
        return f"p:{match['base'].lower()}", int(match["n"])
    if match := _OLD_STYLE.match(name):
        kind = match["kind"].lower()
        # x.r00 follows x.rar; x.z01 precedes x.zip, which 7-Zip opens (it holds the directory)
        return f"{kind}:{match['base']}", int(match["n"]) + (1 if kind == "r" else 0)
    if match := _FIRSTS.match(name):
        kind = "r" if match["kind"].lower() == "rar" else "z"
        return f"{kind}:{match['base']}", -1  # opened first
    return None


def _starts_well(label: str, members: list[tuple[int, Path]]) -> bool:
    first = members[0][0]
    if label.startswith(("n:", "p:")):
        return first in (0, 1)
    return first == -1  # x.rar or x.zip present


def read_volume_sets(case: Case, files: list[Path], limits: Limits, max_depth: int) -> list[str]:
    """Read each pending set; returns the ids of the documents it saved (for the index)."""
    from nutgraf.ingest.pipeline import display_path  # the pipeline calls this module

    saved: list[str] = []
    for members in volume_sets(files):
        paths = [display_path(path) for path in members]
        records = [queries_check.path_record(case.store, path) for path in paths]
        if any(record is None for record in records):
            continue
        landings = [record[0] for record in records if record]
        if landings[0].status != "pending":
            continue  # read in an earlier run
        try:
            result = _read_set(case, members, limits)
        except FileError:
            continue  # the volumes are read one by one and fail with their own reasons
        result.metadata["volumes"] = paths
        first_id = landings[0].doc_id
        case.store.save_result(first_id, result, max_depth)
        saved.append(first_id)
        for landing in landings[1:]:
            if landing.doc_id != first_id and landing.status == "pending":
                blob = case.blobs.path(case.store.document(landing.doc_id).sha256)
                later = ReadResult(mime=detect(blob), metadata={"volume_of": first_id})
                case.store.save_result(landing.doc_id, later, max_depth)
                saved.append(landing.doc_id)
    return saved


def _read_set(case: Case, members: list[Path], limits: Limits) -> ReadResult:
    # imported here: the fallback readers bring openpyxl (0.2 s) into every ingest otherwise
    from nutgraf.ingest.formats.fallback import read_with_7zz

    scratch = case.folder / "tmp"
    scratch.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="volumes-", dir=scratch) as folder:
        copies = []
        for path in members:  # the originals are only read; the copies live in the case
            copy = Path(folder, path.name)
            shutil.copyfile(path, copy)
            copies.append(copy)
        extraction = read_with_7zz(copies[0], limits, (), scratch)
    children = []
    for child in extraction.children:
        sha256 = case.blobs.put_bytes(child.data)
        children.append(ChildRecord(child.name, sha256, len(child.data), dict(child.metadata)))
    metadata = dict(extraction.metadata) | {"reader": "7zz"}
    return ReadResult(
        mime=detect(members[0]), text=extraction.text, metadata=metadata, children=children
    )
