"""dBASE tables whose header names no code page: the records' bytes decide the encoding."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from nutgraf.ingest.formats import database
from nutgraf.ingest.formats.base import Source


def _dbf(rows: list[str], encoding: str, language_driver: int = 0) -> bytes:
    """A dBASE III table with one 30-character field NAME, written by hand."""
    width = 30
    header_length = 32 + 32 + 1
    header = struct.pack("<BBBBIHH20x", 0x03, 124, 1, 1, len(rows), header_length, width + 1)
    header = header[:29] + bytes([language_driver]) + header[30:]
    field = b"NAME".ljust(11, b"\0") + b"C" + bytes(4) + bytes([width, 0]) + bytes(14)
    records = b"".join(b" " + row.encode(encoding).ljust(width) for row in rows)
    return header + field + b"\r" + records + b"\x1a"


NAMES = ["Archimède", "Zoë Müller", "François Lefèvre", "Ångström"]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-8"])
def test_records_without_code_page_are_not_replaced(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "people.dbf"
    path.write_bytes(_dbf(NAMES, encoding))
    found = database.extract(Source(path=path, mime=database.DBASE, name="people.dbf"))
    assert "\ufffd" not in found.text
    for name in NAMES:
        assert name in found.text


def test_declared_code_page_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "people.dbf"
    path.write_bytes(_dbf(["Пётр Иванов"], "cp866", language_driver=0x26))  # cp866
    found = database.extract(Source(path=path, mime=database.DBASE, name="people.dbf"))
    assert "Пётр Иванов" in found.text
