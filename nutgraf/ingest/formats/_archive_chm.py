"""Compiled HTML Help (.chm) pages, read with 7-Zip (`7zz`, Debian `7zip`).

No maintained Python reader of CHM's LZX-compressed storage exists; 7-Zip lists it and
decompresses one member at a time to standard output, which the `Collector` reads in chunks
(counting the budget), so nothing is written to disk. 7-Zip is called with `-spd` (names are
literal, never wildcards), in its own process group, with a time limit. CHM's own index
files (`#SYSTEM`, `$FIftiMain`…) are bookkeeping, not pages, and are left out.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from pathlib import Path

from nutgraf.errors import Corrupt, Unsupported
from nutgraf.ingest.formats._archive_common import Collector
from nutgraf.ingest.formats.base import Source
from nutgraf.ingest.tools import run_tool

TIMEOUT_SECONDS = 120
_INTERNAL_PREFIXES = ("#", "$", "::")


def seven_zip() -> str | None:
    return shutil.which("7zz") or shutil.which("7z")


def read_chm(source: Source, collector: Collector) -> None:
    binary = seven_zip()
    if binary is None:
        raise Unsupported("unsupported: CHM needs 7-Zip (7zz), which is not installed")
    members = _list(binary, source.path)
    collector.check_count(len(members))
    for index, name in enumerate(members):
        if name.split("/", 1)[0].startswith(_INTERNAL_PREFIXES):
            continue
        clean = collector.member_name(name, index)
        collector.add(clean, _member(binary, source.path, name, collector), {})
    collector.fail_if_nothing_read()


def _list(binary: str, path: Path) -> list[str]:
    """Member file names, from 7-Zip's technical listing (`Path = …` blocks)."""
    done = _run([binary, "l", "-slt", "-ba", "-sccUTF-8", "--", str(path)])
    names: list[str] = []
    current: dict[str, str] = {}
    for line in [*done.splitlines(), ""]:
        if not line.strip():
            if current.get("Path") and not current.get("Attributes", "").startswith("D"):
                names.append(current["Path"])
            current = {}
            continue
        key, _, value = line.partition(" = ")
        current[key.strip()] = value
    # 7-Zip lists CHM folders as entries without the directory attribute
    folders = {name.rsplit("/", 1)[0] for name in names if "/" in name}
    return [name for name in names if name not in folders]


def _member(binary: str, path: Path, name: str, collector: Collector) -> bytes | None:
    command = [binary, "x", "-so", "-spd", "-sccUTF-8", "--", str(path), name]
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    assert process.stdout is not None
    try:
        return collector.read(process.stdout.read)
    finally:
        _stop(process)


def _run(command: list[str]) -> str:
    done = run_tool(command, TIMEOUT_SECONDS)
    if done.returncode != 0:
        raise Corrupt(f"corrupt: 7-Zip cannot read the CHM ({done.message or 'failed'})")
    return done.text


def _stop(process: subprocess.Popen[bytes]) -> None:
    """End 7-Zip (it is still writing when we stopped reading an oversized member)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    if process.stdout is not None:
        process.stdout.close()
