"""Desktop database files: Microsoft Access (.mdb/.accdb, via mdbtools) and dBASE (.dbf).

Each table is laid out like a spreadsheet sheet (see `sheet.py`): a heading line with the
table name (one page per table), then a header row of column names, then one line per
record, fields separated by tabs, with the same cell map in metadata["cells"]. Binary
columns (OLE objects, attachments) are left out. Access system tables (MSys*) are skipped.
"""

from __future__ import annotations

import csv
import io
import shutil
import struct
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath
from typing import Any

from dbfread import DBF
from dbfread.exceptions import DBFNotFound, MissingMemoFile

from nutgraf.errors import Corrupt, Encrypted, Unsupported
from nutgraf.ingest import textcodec
from nutgraf.ingest.formats._sheet_common import SheetWriter, general_number
from nutgraf.ingest.formats.base import Extraction, Source
from nutgraf.ingest.tools import run_tool

ACCESS = "application/x-msaccess"
DBASE = "application/x-dbf"
MIME_TYPES: tuple[str, ...] = (ACCESS, DBASE)

TIMEOUT_SECONDS = 120
csv.field_size_limit(64 * 1024 * 1024)  # memo fields can be long


def extract(source: Source) -> Extraction:
    if source.mime == DBASE:
        return _extract_dbf(source)
    return _extract_access(source)


# -- Access -----------------------------------------------------------------------------------


def _extract_access(source: Source) -> Extraction:
    if shutil.which("mdb-export") is None:
        raise Unsupported("unsupported: Access databases need mdbtools, which is not installed")
    version = _run(["mdb-ver", str(source.path)]).strip()
    tables = [
        name
        for name in _run(["mdb-tables", "-1", str(source.path)]).splitlines()
        if name.strip() and not name.startswith("MSys")
    ]
    writer = SheetWriter(source.limits)
    for table in tables:
        if not writer.start_sheet(table):
            break
        _write_rows(writer, csv.reader(io.StringIO(_export(source, table))))
    return writer.extraction({"format": f"Microsoft Access ({version})" if version else None})


def _export(source: Source, table: str) -> str:
    return _run(
        [
            "mdb-export",
            "-b",
            "strip",
            "-D",
            "%Y-%m-%d",
            "-T",
            "%Y-%m-%dT%H:%M:%S",
            str(source.path),
            table,
        ]
    )


def _run(command: list[str]) -> str:
    """The command's standard output, or the reason it gave for failing."""
    done = run_tool(command, TIMEOUT_SECONDS)
    if done.returncode != 0:
        message = done.message
        if "password" in message.lower() or "encrypt" in message.lower():
            raise Encrypted(f"encrypted: Access database ({message})")
        raise Corrupt(f"corrupt: {command[0]} cannot read the database ({message or 'failed'})")
    return done.text


def _write_rows(writer: SheetWriter, rows: Iterable[list[str]]) -> None:
    for number, row in enumerate(rows, start=1):
        if not writer.add_row(number, list(enumerate(row, start=1))):
            return


# -- dBASE ------------------------------------------------------------------------------------


def _extract_dbf(source: Source) -> Extraction:
    try:
        table = DBF(
            str(source.path),
            load=False,
            char_decode_errors="replace",
            ignore_missing_memofile=True,
            encoding=_undeclared_encoding(source.path),
        )
        fields = [field.name for field in table.fields]
        writer = SheetWriter(source.limits)
        writer.start_sheet(PurePath(source.name).stem or "table")  # the blob has no name
        _write_rows(writer, _dbf_rows(fields, table))
    except (DBFNotFound, MissingMemoFile, ValueError, struct.error, EOFError) as error:
        raise Corrupt(f"corrupt: not a readable dBASE table ({error})") from None
    metadata: dict[str, Any] = {
        "format": f"dBASE (version byte 0x{table.header.dbversion:02x})",
        "modified": table.date.isoformat() if table.date else None,
        "encoding": table.encoding,
        "record_count": len(table),
    }
    return writer.extraction(metadata)


def _undeclared_encoding(path: Path) -> str | None:
    """The records' encoding when the header names no code page (language driver 0): dbfread
    would read them as ASCII and replace every accented letter. The record bytes decide, as
    for a text file (UTF-8 when valid, else statistics: Windows-1252, CP866, …)."""
    with open(path, "rb") as handle:
        header = handle.read(32)
        if len(header) < 32 or header[29] != 0:
            return None  # declared: dbfread maps the language driver itself
        handle.seek(int.from_bytes(header[8:10], "little"))
        sample = handle.read(1 << 20)
    if sample.isascii():
        return None
    return textcodec.decode(sample)[1]


def _dbf_rows(fields: list[str], table: Any) -> Iterator[list[str]]:
    yield fields
    for record in table:
        yield [_cell(record.get(name)) for name in fields]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool | int | float):
        return general_number(value)
    if isinstance(value, bytes):
        return ""  # binary and general fields: nothing to read
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
