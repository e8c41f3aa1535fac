"""Standalone JBIG2 images (.jb2, .jbig2: bi-level scans, mostly from scanners and fax).

Pillow cannot read JBIG2; `jbig2dec` (the free decoder of Artifex, Debian `jbig2dec`)
turns it into a PNG, which is then read (and OCRed) like any scan by the image module.
jbig2dec runs with a memory cap and a time limit in its own process group. Only the first
page of a multi-page file is decoded (jbig2dec writes a single output image).
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from pathlib import Path

from nutgraf.errors import Corrupt, Unsupported
from nutgraf.ingest.formats import image
from nutgraf.ingest.formats.base import Extraction, Source
from nutgraf.ingest.tools import run_tool

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
    done = run_tool([*command, str(original)], TIMEOUT_SECONDS)
    if not png.is_file() or png.stat().st_size == 0:
        reason = done.message or "no output"
        raise Corrupt(f"corrupt: jbig2dec could not decode the image ({reason})")
