"""XLSX / XLSM / XLTX through openpyxl (streaming, read-only), XLSB through python-calamine."""

from __future__ import annotations

import datetime as dt
import io
import warnings
import zipfile
from typing import IO, Any

import defusedxml.ElementTree as SafeET
import olefile
import openpyxl
from openpyxl.utils.exceptions import InvalidFileException

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._sheet_common import (
    SheetWriter,
    check_zip,
    duration_text,
    file_size,
    general_number,
    iso_datetime,
    read_member,
)
from nutgraf.ingest.formats._sheet_crypto import decrypt_if_encrypted
from nutgraf.ingest.formats._sheet_numfmt import display_number
from nutgraf.ingest.formats.base import Extraction, Source

_CORE = {  # docProps/core.xml element → metadata key
    "{http://purl.org/dc/elements/1.1/}title": "title",
    "{http://purl.org/dc/elements/1.1/}creator": "author",
    "{http://purl.org/dc/terms/}created": "created",
    "{http://purl.org/dc/terms/}modified": "modified",
    "{http://purl.org/dc/elements/1.1/}language": "language",
    "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy": (
        "last_modified_by"
    ),
}
_APP_NAME = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}Application"


def extract_xlsx(source: Source) -> Extraction:
    with open(source.path, "rb") as raw:
        handle: IO[bytes] = raw
        if raw.read(8) == olefile.MAGIC:  # OOXML encryption wraps the zip in an OLE file
            handle = decrypt_if_encrypted(raw, source.passwords, "xlsx")
        archive = _open_zip(handle)
        check_zip(archive, file_size(handle), source.limits)
        metadata = ooxml_properties(archive)
        writer = SheetWriter(source.limits)
        failure: Corrupt | None = None
        try:
            with warnings.catch_warnings():
                # openpyxl warns about every feature it drops (extensions, validation): noise.
                warnings.simplefilter("ignore", UserWarning)
                sheet_count = _read_workbook(handle, writer)
        except Corrupt as error:
            sheet_count, failure = 0, error
        if sheet_count == 0:
            # openpyxl knows neither Strict OOXML nor some odd writers' output; calamine may.
            writer = SheetWriter(source.limits)
            try:
                read_with_calamine(handle, writer, "xlsx")
            except Corrupt:
                if failure is not None:
                    raise failure from None
    return writer.extraction(metadata)


def _open_zip(handle: IO[bytes]) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Corrupt(f"corrupt: not a readable xlsx zip ({error})") from None


def _read_workbook(handle: IO[bytes], writer: SheetWriter) -> int:
    """Stream every worksheet into `writer`; returns how many worksheets openpyxl found."""
    handle.seek(0)
    try:
        # data_only: formulas give their cached values, what Excel last displayed.
        workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True, keep_links=False)
    except (InvalidFileException, KeyError, zipfile.BadZipFile, SyntaxError, ValueError) as error:
        raise Corrupt(f"corrupt: xlsx workbook unreadable ({_first_line(error)})") from None
    try:
        for worksheet in workbook.worksheets:
            if not writer.start_sheet(worksheet.title) or not _read_sheet(worksheet, writer):
                break
        return len(workbook.worksheets)
    except (KeyError, zipfile.BadZipFile, SyntaxError, ValueError, TypeError) as error:
        raise Corrupt(f"corrupt: xlsx sheet unreadable ({_first_line(error)})") from None
    finally:
        workbook.close()


def _read_sheet(worksheet: Any, writer: SheetWriter) -> bool:
    if hasattr(worksheet, "reset_dimensions"):
        # a writer's `<dimension ref="A1"/>` would stop a read-only sheet at its first cell
        worksheet.reset_dimensions()
    for row in worksheet.iter_rows():
        filled = [cell for cell in row if cell.value is not None]
        if not filled:
            continue
        cells = [(cell.column, _cell_text(cell.value, cell.number_format)) for cell in filled]
        if not writer.add_row(filled[0].row, cells):
            return False
    return True


def _cell_text(value: Any, number_format: str | None) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return display_number(value, number_format or "General")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return iso_datetime(value, number_format or "")
    if isinstance(value, dt.timedelta):
        return duration_text(value)
    return str(value)


def ooxml_properties(archive: zipfile.ZipFile) -> dict[str, Any]:
    """title, author, created, modified… from docProps; openpyxl's defaults would invent some."""
    metadata: dict[str, Any] = {}
    core = _parse_xml(read_member(archive, "docProps/core.xml"))
    if core is not None:
        for element in core:
            key = _CORE.get(element.tag)
            if key and (element.text or "").strip():
                metadata[key] = element.text.strip()
    app = _parse_xml(read_member(archive, "docProps/app.xml"))
    if app is not None:
        name = app.find(_APP_NAME)
        if name is not None and (name.text or "").strip():
            metadata["producer"] = name.text.strip()
    return metadata


def _parse_xml(data: bytes | None) -> Any:
    if not data:
        return None
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except (SafeET.ParseError, ValueError, Exception):  # defusedxml raises its own on DTDs
        return None


def extract_xlsb(source: Source) -> Extraction:
    with open(source.path, "rb") as raw:
        archive = _open_zip(raw)
        check_zip(archive, file_size(raw), source.limits)
        metadata = ooxml_properties(archive)
        writer = SheetWriter(source.limits)
        read_with_calamine(raw, writer, "xlsb")
    return writer.extraction(metadata)


def read_with_calamine(handle: IO[bytes], writer: SheetWriter, kind: str) -> None:
    # python-calamine reads a whole sheet at once: used for XLSB (rare, and bounded by
    # Excel's grid) and as a fallback for XLSX that openpyxl cannot read.
    from python_calamine import CalamineWorkbook

    handle.seek(0)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(handle.read()))
        for name in workbook.sheet_names:
            if not writer.start_sheet(name) or not _read_calamine_sheet(workbook, name, writer):
                break
    except BaseException as error:
        # calamine's Rust panics surface as pyo3's PanicException, a BaseException.
        if not isinstance(error, Exception) and type(error).__name__ != "PanicException":
            raise
        if isinstance(error, MemoryError):
            raise
        raise Corrupt(f"corrupt: {kind} workbook unreadable ({_first_line(error)})") from None


def _read_calamine_sheet(workbook: Any, name: str, writer: SheetWriter) -> bool:
    sheet = workbook.get_sheet_by_name(name)
    first_row, first_column = sheet.start or (0, 0)
    for offset, row in enumerate(sheet.iter_rows()):
        cells = [
            (first_column + index + 1, _calamine_text(value))
            for index, value in enumerate(row)
            if value != ""
        ]
        if cells and not writer.add_row(first_row + offset + 1, cells):
            return False
    return True


def _calamine_text(value: Any) -> str:
    if isinstance(value, float):
        return general_number(value)
    return _cell_text(value, "")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]
