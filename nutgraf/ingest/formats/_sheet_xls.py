"""Legacy Excel (BIFF 2-8, .xls/.xlt) through xlrd; document properties through olefile."""

from __future__ import annotations

import io
import os
from struct import error as struct_error
from typing import Any

import olefile
import xlrd
from xlrd.biffh import XLRDError

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._office_ole import bounded_metadata
from nutgraf.ingest.formats._sheet_common import SheetWriter, general_number, iso_datetime
from nutgraf.ingest.formats._sheet_crypto import decrypt_if_encrypted
from nutgraf.ingest.formats._sheet_numfmt import display_number
from nutgraf.ingest.formats.base import Extraction, Source

_OLE_PROPERTIES = {  # olefile metadata attribute → our key
    "title": "title",
    "author": "author",
    "create_time": "created",
    "last_saved_time": "modified",
    "creating_application": "producer",
    "last_saved_by": "last_modified_by",
}
_SKIPPED_TYPES = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)


def extract_xls(source: Source) -> Extraction:
    with open(source.path, "rb") as handle:
        data = handle.read()
    book, plain = _open_book(data, source.passwords)
    metadata = _ole_properties(plain)
    writer = SheetWriter(source.limits)
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            if not writer.start_sheet(sheet.name) or not _read_sheet(book, sheet, writer):
                break
            book.unload_sheet(index)
    except (XLRDError, AssertionError, IndexError, KeyError, ValueError, struct_error) as error:
        raise Corrupt(f"corrupt: xls sheet unreadable ({_first_line(error)})") from None
    finally:
        book.release_resources()
    return writer.extraction(metadata)


def _open_book(data: bytes, passwords: tuple[str, ...]) -> tuple[xlrd.Book, bytes]:
    try:
        return _xlrd_open(data), data
    except XLRDError as error:
        if "encrypted" not in str(error).lower():
            raise Corrupt(f"corrupt: xls workbook unreadable ({_first_line(error)})") from None
    plain = decrypt_if_encrypted(io.BytesIO(data), passwords, "xls").read()
    try:
        return _xlrd_open(plain), plain
    except XLRDError as error:
        raise Corrupt(f"corrupt: decrypted xls unreadable ({_first_line(error)})") from None


def _xlrd_open(data: bytes) -> xlrd.Book:
    with open(os.devnull, "w") as quiet:  # xlrd writes its warnings to stdout otherwise
        try:
            return xlrd.open_workbook(
                file_contents=data, formatting_info=True, on_demand=True, logfile=quiet
            )
        except XLRDError:
            raise
        except Exception as error:  # xlrd on hostile bytes can fail in any way; all mean corrupt
            raise XLRDError(f"{type(error).__name__}: {error}") from None


def _read_sheet(book: xlrd.Book, sheet: Any, writer: SheetWriter) -> bool:
    for row_index in range(sheet.nrows):
        types, values = sheet.row_types(row_index), sheet.row_values(row_index)
        cells = [
            (column + 1, _cell_text(book, sheet, row_index, column, kind, value))
            for column, (kind, value) in enumerate(zip(types, values, strict=True))
            if kind not in _SKIPPED_TYPES
        ]
        if cells and not writer.add_row(row_index + 1, cells):
            return False
    return True


def _cell_text(book: xlrd.Book, sheet: Any, row: int, column: int, kind: int, value: Any) -> str:
    if kind == xlrd.XL_CELL_TEXT:
        return value
    if kind == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if kind == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    number_format = _number_format(book, sheet, row, column)
    if kind == xlrd.XL_CELL_DATE:
        try:
            return iso_datetime(xlrd.xldate.xldate_as_datetime(value, book.datemode), number_format)
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return general_number(value)
    return display_number(value, number_format)


def _number_format(book: xlrd.Book, sheet: Any, row: int, column: int) -> str:
    try:
        xf = book.xf_list[sheet.cell_xf_index(row, column)]
        return book.format_map[xf.format_key].format_str
    except (IndexError, KeyError, AttributeError, XLRDError):
        return "General"


def _ole_properties(data: bytes) -> dict[str, Any]:
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            properties = bounded_metadata(ole)  # olefile can loop on damaged counts
    except (OSError, ValueError, IndexError, TypeError, struct_error):
        return {}
    metadata: dict[str, Any] = {}
    for attribute, key in _OLE_PROPERTIES.items():
        value = getattr(properties, attribute, None)
        if isinstance(value, bytes):
            value = _decode_property(value, properties.codepage)
        if isinstance(value, str):
            value = value.split("\x00", 1)[0].strip()  # olefile may run past the string's end
        elif value is not None and hasattr(value, "isoformat"):
            value = value.isoformat(timespec="seconds")
        if value:
            metadata[key] = value
    return metadata


def _decode_property(value: bytes, codepage: int | None) -> str:
    codepage = (codepage or 1252) & 0xFFFF  # stored as a signed 16-bit number: -535 is 65001
    encodings = ("utf-8" if codepage == 65001 else f"cp{codepage}", "utf-8", "cp1252")
    for encoding in encodings:
        try:
            return value.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return value.decode("latin-1")


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:200]
