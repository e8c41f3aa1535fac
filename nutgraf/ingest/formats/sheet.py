"""Spreadsheets and delimited text: CSV, XLSX/XLSM/XLTX, XLS, XLSB, ODS (and flat FODS).

Text layout
    Every sheet, in workbook order, starts with a heading line holding the sheet name;
    `pages` holds the offset of each heading, `metadata["sheets"]` the names (one per page,
    empty sheets included) and `metadata["page_count"]` their number. Sheets are separated by
    one blank line. Each non-empty row is one line: its cells as displayed, separated by a
    tab, empty cells kept as empty fields so that columns line up (a run of more than 64
    empty cells is cut to 64 tabs). Cell text is on one line: line breaks and tabs inside
    a cell become spaces. Numbers show as the cell's number format shows them where the
    format is a common one (`1,599.99`, `12.50%`, `$1,599.99`), else as General (`3`, not
    `3.0`); dates and times in ISO 8601 (`2009-10-03`, `1960-01-01T00:00:01`, `06:15:01`);
    formulas as their cached values. CSV has a single unnamed sheet and no heading line
    (`pages` is empty); its rows are records, so a quoted field spanning lines stays one row.

Cell map (provenance)
    `metadata["cells"]` is a list with one entry per written row, in text order::

        [sheet_index, row_number, line_start, line_end, column, offset, column, offset, ...]

    `sheet_index` points into `metadata["sheets"]`; `row_number` and `column` are 1-based as
    the spreadsheet numbers them (for CSV: the record and field numbers); `line_start` and
    `line_end` are text offsets of the row's line (end exclusive, before the newline); each
    `offset` is where that non-empty cell's text starts, relative to `line_start`. A sheet
    with more than 200,000 non-empty cells keeps `[sheet_index, row_number, line_start,
    line_end]` only; past 2,000,000 rows the map stops and `metadata["cells_truncated"]` is
    set. `cell_at(metadata, offset)` answers "which cell is this character in".

Limits
    Zip-based workbooks are checked against `source.limits` from their declared sizes
    before any parsing. Reading stops at `limits.max_text_chars`, on a row boundary, with
    `metadata["truncated"] = True`. Encrypted workbooks are opened with `source.passwords`
    (and Excel's built-in default password), else raise `Encrypted`.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import Any, NamedTuple

from nutgraf.errors import Unsupported
from nutgraf.ingest.formats._sheet_csv import extract_csv
from nutgraf.ingest.formats._sheet_ods import extract_ods
from nutgraf.ingest.formats._sheet_xls import extract_xls
from nutgraf.ingest.formats._sheet_xlsx import extract_xlsb, extract_xlsx
from nutgraf.ingest.formats.base import Extraction, Source

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS = "application/vnd.ms-excel"
XLSB = "application/vnd.ms-excel.sheet.binary.macroenabled.12"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

_READERS: dict[str, Callable[[Source], Extraction]] = {
    CSV: extract_csv,
    XLSX: extract_xlsx,
    XLS: extract_xls,
    XLSB: extract_xlsb,
    ODS: extract_ods,
}
MIME_TYPES: tuple[str, ...] = tuple(_READERS)


def extract(source: Source) -> Extraction:
    reader = _READERS.get(source.mime)
    if reader is None:
        raise Unsupported(f"unsupported: {source.mime} is not a spreadsheet type")
    return reader(source)


class CellRef(NamedTuple):
    """A cell of a spreadsheet: sheet name ("" for CSV), 1-based row and column.

    `column` is None when the map keeps rows only (very large sheets).
    """

    sheet: str
    row: int
    column: int | None

    @property
    def a1(self) -> str:
        """The cell in A1 notation (`C12`), or the row number alone when the column is unknown."""
        return f"{column_letters(self.column)}{self.row}" if self.column else str(self.row)


def cell_at(metadata: dict[str, Any], offset: int) -> CellRef | None:
    """The cell whose text holds the character at `offset`, or None (heading, gap, no map).

    A character on a tab between two cells belongs to the cell before it.
    """
    rows = metadata.get("cells") or []
    index = bisect_right(rows, offset, key=lambda entry: entry[2]) - 1
    if index < 0:
        return None
    entry = rows[index]
    sheet_index, row_number, line_start, line_end = entry[:4]
    if not line_start <= offset < line_end:
        return None
    sheets = metadata.get("sheets") or []
    sheet = sheets[sheet_index] if 0 <= sheet_index < len(sheets) else ""
    if len(entry) == 4:
        return CellRef(sheet, row_number, None)
    relative = offset - line_start
    column = None
    for position in range(4, len(entry), 2):
        if entry[position + 1] > relative:
            break
        column = entry[position]
    return CellRef(sheet, row_number, column) if column is not None else None


def column_letters(column: int) -> str:
    """1 → A, 27 → AA, as spreadsheets name columns."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
