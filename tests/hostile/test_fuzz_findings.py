"""Regression tests for what bench/fuzz.py found, rebuilt from corpus files at test time."""

from __future__ import annotations

import shutil
import struct
import time
from pathlib import Path

import olefile

from nutgraf.ingest.formats import office
from nutgraf.ingest.formats.base import Source
from tests.conftest import corpus_file

VT_VECTOR_EMPTY = 0x1000  # elements of no size: nothing to run out of, so it never stops


def _poison_summary(path: Path) -> None:
    """Make the first property of SummaryInformation a vector claiming 2^32-1 values."""
    with olefile.OleFileIO(str(path), write_mode=True) as ole:
        stream = bytearray(ole.openstream("\x05SummaryInformation").read())
        section = struct.unpack_from("<I", stream, 44)[0]
        first_value = section + struct.unpack_from("<I", stream, section + 12)[0]
        struct.pack_into("<II", stream, first_value, VT_VECTOR_EMPTY, 0xFFFFFFFF)
        ole.write_stream("\x05SummaryInformation", bytes(stream))


def test_a_damaged_property_vector_count_does_not_hang(tmp_path: Path) -> None:
    damaged = tmp_path / "deck.ppt"
    shutil.copyfile(corpus_file("tika/microsoft/testPPT.ppt"), damaged)
    _poison_summary(damaged)
    started = time.monotonic()
    extraction = office.extract(Source(damaged, "application/vnd.ms-powerpoint"))
    assert time.monotonic() - started < 20  # it looped for hours before the bound
    assert extraction.text.strip()
