"""OpenDocument spreadsheets, zipped (.ods) or flat XML (.fods), streamed with lxml.

The XML is read row by row with iterparse (no entity resolution, no DTD, no network) and
each finished row is dropped, so memory stays bounded whatever the sheet size. A cell shows
its displayed text (the `text:p` the application wrote), except dates and times, which are
given in ISO 8601 from their typed value.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from typing import IO, Any

from lxml import etree

from nutgraf.errors import Corrupt, Encrypted
from nutgraf.ingest.formats._sheet_common import (
    SheetWriter,
    check_zip,
    duration_text,
    file_size,
    general_number,
    iso_datetime,
    read_member,
)
from nutgraf.ingest.formats.base import Extraction, Source

OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
DC = "http://purl.org/dc/elements/1.1/"

_SPREADSHEET = f"{{{OFFICE}}}spreadsheet"
_TABLE = f"{{{TABLE}}}table"
_ROW = f"{{{TABLE}}}table-row"
_CELLS = (f"{{{TABLE}}}table-cell", f"{{{TABLE}}}covered-table-cell")
_PARAGRAPHS = (f"{{{TEXT}}}p", f"{{{TEXT}}}h")
_META_KEYS = {
    f"{{{DC}}}title": "title",
    f"{{{META}}}initial-creator": "author",
    f"{{{DC}}}creator": "last_modified_by",
    f"{{{META}}}creation-date": "created",
    f"{{{DC}}}date": "modified",
    f"{{{META}}}generator": "producer",
    f"{{{DC}}}language": "language",
}
_SKIPPED_INLINE = (f"{{{OFFICE}}}annotation", f"{{{TEXT}}}note")
_DURATION = re.compile(r"^-?P(?:(\d+)D)?T?(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$")
MAX_REPEATS = 1024  # a repeated non-empty cell or row is written at most this many times


def extract_ods(source: Source) -> Extraction:
    writer = SheetWriter(source.limits)
    with open(source.path, "rb") as handle:
        if handle.read(4) == b"PK\x03\x04":
            handle.seek(0)
            metadata = _read_zipped(handle, source, writer)
        else:
            handle.seek(0)
            metadata = _stream(handle, writer)
    return writer.extraction(metadata)


def _read_zipped(handle: IO[bytes], source: Source, writer: SheetWriter) -> dict[str, Any]:
    try:
        archive = zipfile.ZipFile(handle)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise Corrupt(f"corrupt: not a readable ods zip ({error})") from None
    with archive:
        check_zip(archive, file_size(handle), source.limits)
        if b"encryption-data" in (read_member(archive, "META-INF/manifest.xml") or b""):
            raise Encrypted("encrypted: password-protected ods spreadsheet")
        if "content.xml" not in archive.namelist():
            raise Corrupt("corrupt: ods without content.xml")
        metadata: dict[str, Any] = {}
        if "meta.xml" in archive.namelist():
            with archive.open("meta.xml") as meta:
                metadata = _stream(meta, None)
        with archive.open("content.xml") as content:
            _stream(content, writer)
    return metadata


def _stream(stream: IO[bytes], writer: SheetWriter | None) -> dict[str, Any]:
    """Walk one ODF XML stream: sheets and rows into `writer`, returns office:meta fields."""
    metadata: dict[str, Any] = {}
    events = etree.iterparse(
        stream,
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,  # flat files embed images as base64; entities stay unexpanded
        remove_comments=True,
        remove_pis=True,
    )
    table_depth, writing, row_number = 0, True, 0
    try:
        for event, element in events:
            tag = element.tag
            if tag == _TABLE:
                table_depth += 1 if event == "start" else -1
                if event == "start" and table_depth == 1 and writer is not None and writing:
                    writing = writer.start_sheet(element.get(f"{{{TABLE}}}name", ""))
                    row_number = 0
            elif event != "end":
                continue
            elif tag == _ROW and table_depth == 1:
                if writer is not None and writing:
                    row_number, writing = _write_row(element, row_number, writer)
                _drop(element)
            elif tag == f"{{{OFFICE}}}meta":
                metadata = _meta_fields(element)
                _drop(element)
            elif tag == f"{{{OFFICE}}}binary-data":
                _drop(element)
    except etree.XMLSyntaxError as error:
        if writer is not None and not writer.rows and not writer.sheets:
            raise Corrupt(f"corrupt: spreadsheet XML unreadable ({error})") from None
    return metadata


def _drop(element: Any) -> None:
    element.clear(keep_tail=False)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def _write_row(row: Any, row_number: int, writer: SheetWriter) -> tuple[int, bool]:
    """Write a row (and its repeats); returns the last row number used and whether to go on."""
    repeats = _int(row.get(f"{{{TABLE}}}number-rows-repeated"))
    cells, column = [], 1
    for cell in row:
        if cell.tag not in _CELLS:
            continue
        span = _int(cell.get(f"{{{TABLE}}}number-columns-repeated"))
        text = _cell_text(cell)
        if text:
            cells += [(column + offset, text) for offset in range(min(span, MAX_REPEATS))]
        column += span
    if not cells:
        return row_number + repeats, True
    for _ in range(min(repeats, MAX_REPEATS)):
        row_number += 1
        if not writer.add_row(row_number, cells):
            return row_number, False
    return row_number + max(repeats - MAX_REPEATS, 0), True


def _cell_text(cell: Any) -> str:
    value_type = cell.get(f"{{{OFFICE}}}value-type")
    if value_type == "date" and cell.get(f"{{{OFFICE}}}date-value"):
        return _date_text(cell.get(f"{{{OFFICE}}}date-value"))
    if value_type == "time" and cell.get(f"{{{OFFICE}}}time-value"):
        return _time_text(cell.get(f"{{{OFFICE}}}time-value"))
    shown = " ".join(_inline_text(p) for p in cell if p.tag in _PARAGRAPHS).strip()
    if shown:
        return shown
    if cell.get(f"{{{OFFICE}}}value") is not None:
        try:
            return general_number(float(cell.get(f"{{{OFFICE}}}value")))
        except ValueError:
            return cell.get(f"{{{OFFICE}}}value")
    if cell.get(f"{{{OFFICE}}}boolean-value") is not None:
        return cell.get(f"{{{OFFICE}}}boolean-value").upper()
    return cell.get(f"{{{OFFICE}}}string-value") or ""


def _inline_text(element: Any) -> str:
    parts = [element.text or ""]
    for child in element:
        if child.tag == f"{{{TEXT}}}s":
            parts.append(" " * _int(child.get(f"{{{TEXT}}}c")))
        elif child.tag in (f"{{{TEXT}}}tab", f"{{{TEXT}}}line-break"):
            parts.append(" ")
        elif child.tag not in _SKIPPED_INLINE and isinstance(child.tag, str):
            parts.append(_inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _date_text(value: str) -> str:
    try:
        return iso_datetime(dt.datetime.fromisoformat(value.rstrip("Z")))
    except ValueError:
        return value


def _time_text(value: str) -> str:
    match = _DURATION.match(value.strip())
    if not match:
        return value
    days, hours, minutes, seconds = (float(part or 0) for part in match.groups())
    seconds = round(days * 86400 + hours * 3600 + minutes * 60 + seconds)
    duration = dt.timedelta(seconds=seconds)
    if value.strip().startswith("-"):
        duration = -duration
    if dt.timedelta(0) <= duration < dt.timedelta(days=1):
        return (dt.datetime.min + duration).time().isoformat()
    return duration_text(duration)


def _meta_fields(meta: Any) -> dict[str, Any]:
    fields = {
        _META_KEYS[child.tag]: _trim_fraction((child.text or "").strip())
        for child in meta
        if child.tag in _META_KEYS and (child.text or "").strip()
    }
    if "author" not in fields and "last_modified_by" in fields:
        fields["author"] = fields["last_modified_by"]
    return fields


def _trim_fraction(value: str) -> str:
    """ODF dates carry nanoseconds (`…T16:58:10.713936969`); seconds are enough."""
    return re.sub(r"(T\d\d:\d\d:\d\d)\.\d+", r"\1", value)


def _int(value: str | None) -> int:
    try:
        return max(int(value or 1), 1)
    except ValueError:
        return 1
