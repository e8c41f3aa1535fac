"""Standalone JBIG2 images (.jb2, .jbig2: bi-level scans, mostly from scanners and fax).

Pillow cannot read JBIG2; `jbig2dec` (the free decoder of Artifex, Debian `jbig2dec`)
turns it into a PNG, which is then read (and OCRed) like any scan by the image module.
jbig2dec runs with a memory cap and a time limit in its own process group. Only the first
page of a multi-page file is decoded (jbig2dec writes a single output image).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from nutgraf.errors import Corrupt, Timeout, Unsupported
from nutgraf.ingest.formats import image
from nutgraf.ingest.formats.base import Extraction, Source

MIME_TYPES: tuple[str, ...] = ("image/x-jbig2",)

TIMEOUT_SECONDS = 60
MEMORY_LIMIT_BYTES = 512 * 1024**2


def extract(source: Source) -> Extraction:
    binary = shutil.which("jbig2dec")
    if binary is None:
        raise Unsupported("unsupported: JBIG2 needs jbig2dec, which is not installed")
    with tempfile.TemporaryDirectory(prefix="nutgraf-jbig2-") as folder:
        png = Path(folder) / "page.png"
        _decode(binary, source.path, png)
        extraction = image.extract(dataclasses.replace(source, path=png, mime="image/png"))
    extraction.metadata["format"] = "JBIG2"
    return extraction


def _decode(binary: str, original: Path, png: Path) -> None:
    command = [binary, "-q", "-M", str(MEMORY_LIMIT_BYTES), "-t", "png", "-o", str(png)]
    process = subprocess.Popen(
        [*command, str(original)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, err = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise Timeout(f"timeout: jbig2dec exceeded {TIMEOUT_SECONDS} s") from None
    if not png.is_file() or png.stat().st_size == 0:
        message = " ".join(err.decode("utf-8", "replace").split())[:200]
        raise Corrupt(f"corrupt: jbig2dec could not decode the image ({message or 'no output'})")
