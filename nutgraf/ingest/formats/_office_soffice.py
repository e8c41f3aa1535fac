"""LibreOffice headless conversion, the fallback for legacy files the native readers refuse.

Run with a private, throw-away user profile (so parallel runs never share or corrupt one),
a timeout, no standard input, and an environment that offers no proxy: LibreOffice does
not fetch anything while converting to text, and must never be given the chance.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from nutgraf.errors import Timeout
from nutgraf.ingest.formats.base import Source

TIMEOUT_SECONDS = 120
T = TypeVar("T")


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_text(source: Source, kind: str) -> str | None:
    """The document's text as converted by LibreOffice, or None when it is not installed
    or could not convert the file."""
    return convert_and_read(
        source, kind, "txt:Text (encoded):UTF8", lambda path: _read_text_file(path)
    )


def convert_and_read(
    source: Source, kind: str, target: str, reader: Callable[[Path], T]
) -> T | None:
    """Convert with LibreOffice to `target` (a --convert-to argument) and read the result
    with `reader` while the temporary folder still exists; None when not possible."""
    binary = soffice_binary()
    if binary is None:
        return None
    with tempfile.TemporaryDirectory(prefix="nutgraf-soffice-") as folder:
        work = Path(folder)
        # LibreOffice picks the import filter from the extension; the blob has none
        original = work / f"input.{kind}"
        shutil.copyfile(source.path, original)
        output = _run(binary, original, work, target)
        return None if output is None else reader(output)


def _read_text_file(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace").lstrip("\ufeff")


def _run(binary: str, original: Path, work: Path, target: str) -> Path | None:
    profile = (work / "profile").as_uri()
    out_dir = work / "out"
    command = [
        binary,
        f"-env:UserInstallation={profile}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        target,
        "--outdir",
        str(out_dir),
        str(original),
    ]
    environment = {
        key: value for key, value in os.environ.items() if "proxy" not in key.lower()
    } | {"HOME": str(work)}
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=environment,
            start_new_session=True,  # its own process group, so a timeout ends all of it
        )
    except OSError:
        return None
    try:
        process.wait(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise Timeout(f"timeout: LibreOffice conversion exceeded {TIMEOUT_SECONDS} s") from None
    produced = sorted(out_dir.iterdir()) if out_dir.is_dir() else []
    return produced[0] if produced else None
