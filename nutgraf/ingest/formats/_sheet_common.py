"""Shared by the spreadsheet readers: the text builder with its cell map, and cell display.

`SheetWriter` lays out every reader's output the same way (see `sheet.py` for the layout and
the cell-map format) so that provenance works identically for CSV, XLS, XLSX, XLSB and ODS.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import ROUND_HALF_UP, Decimal
from typing import IO, Any

from nutgraf.ingest.formats._safety import check_zip_package
from nutgraf.ingest.formats.base import Extraction, Limits

MAX_CELLS_PER_SHEET = 200_000  # above this a sheet's map keeps rows only, no columns
MAX_MAPPED_ROWS = 2_000_000  # above this the map stops (metadata["cells_truncated"])
MAX_GAP = 64  # longer runs of empty cells are cut to this many tabs; the map stays exact

# Cell text is kept on one line so that one row stays one line of text.
_LINE_BREAKING = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


class SheetWriter:
    """Builds the text, the sheet offsets and the cell map, honouring max_text_chars."""

    def __init__(self, limits: Limits, headings: bool = True) -> None:
        self.max_chars = limits.max_text_chars
        self.headings = headings
        self.parts: list[str] = []
        self.length = 0
        self.pages: list[int] = []
        self.sheets: list[str] = []
        self.rows: list[list[int]] = []
        self.truncated = False
        self.map_truncated = False
        self._sheet_first_row = 0
        self._sheet_cells = 0

    def start_sheet(self, name: str) -> bool:
        """Open a sheet (its heading line); False once the text limit is reached."""
        if self.truncated:
            return False
        name = clean_text(name)
        heading = ("\n" if self.length else "") + name + "\n" if self.headings else ""
        if not self._fits(heading):
            return False
        self.sheets.append(name)
        self.pages.append(self.length + (1 if heading.startswith("\n") else 0))
        self._append(heading)
        self._sheet_first_row = len(self.rows)
        self._sheet_cells = 0
        return True

    def add_row(self, row_number: int, cells: list[tuple[int, str]]) -> bool:
        """Add one row from its (column, text) pairs, columns ascending and 1-based.

        Empty cells are skipped; gaps become empty tab-separated fields so that columns line
        up. Returns False once the text limit is reached (the caller stops reading).
        """
        if self.truncated:
            return False
        texts = [(column, text) for column, text in ((c, clean_text(t)) for c, t in cells) if text]
        if not texts:
            return True
        line_parts: list[str] = []
        entry = [len(self.sheets) - 1, row_number, self.length, 0]
        position, column_at = 0, 1
        for column, text in texts:
            gap = "\t" * min(column - column_at + (1 if column_at > 1 else 0), MAX_GAP)
            line_parts += [gap, text]
            entry += [column, position + len(gap)]
            position += len(gap) + len(text)
            column_at = column + 1
        line = "".join(line_parts)
        if not self._fits(line + "\n"):
            return False
        entry[3] = self.length + len(line)
        self._append(line + "\n")
        self._map(entry, len(texts))
        return True

    def _map(self, entry: list[int], cell_count: int) -> None:
        if len(self.rows) >= MAX_MAPPED_ROWS:
            self.map_truncated = True
            return
        self._sheet_cells += cell_count
        if self._sheet_cells > MAX_CELLS_PER_SHEET:
            if self._sheet_cells - cell_count <= MAX_CELLS_PER_SHEET:
                for index in range(self._sheet_first_row, len(self.rows)):
                    del self.rows[index][4:]
            del entry[4:]
        self.rows.append(entry)

    def _fits(self, addition: str) -> bool:
        if self.length + len(addition) > self.max_chars:
            self.truncated = True
            return False
        return True

    def _append(self, addition: str) -> None:
        self.parts.append(addition)
        self.length += len(addition)

    def extraction(self, metadata: dict[str, Any]) -> Extraction:
        metadata = {key: value for key, value in metadata.items() if value not in (None, "")}
        metadata["sheets"] = self.sheets
        metadata["cells"] = self.rows
        if self.headings:
            metadata["page_count"] = len(self.sheets)
        if self.truncated:
            metadata["truncated"] = True
        if self.map_truncated:
            metadata["cells_truncated"] = True
        pages = self.pages if self.headings else []
        return Extraction(text="".join(self.parts), metadata=metadata, pages=pages)


def clean_text(text: str) -> str:
    return _LINE_BREAKING.sub(" ", text).strip()


def general_number(value: float | int) -> str:
    """A number as Excel's General format shows it: no trailing `.0`, 15 significant digits."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):
        return str(value)
    if value.is_integer() and abs(value) < 1e21:  # whole numbers in full: IDs, phone numbers
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return f"{mantissa}E{exponent[0]}{exponent[1:].zfill(2)}"
    return text


def round_half_up(value: float, decimals: int) -> str:
    """Fixed-point text rounded like Excel (half away from zero, on the 15-digit value)."""
    exact = Decimal(f"{abs(value):.15g}")
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{rounded:f}"


def iso_datetime(value: dt.datetime | dt.date | dt.time, number_format: str = "") -> str:
    """ISO 8601 text for a date/time cell; the number format decides which parts show."""
    if isinstance(value, dt.datetime):
        value = _round_to_second(value)
        shows_date, shows_time = _format_parts(number_format)
        if shows_time and not shows_date:
            return value.time().isoformat()
        if (shows_date and not shows_time) or value.time() == dt.time(0):
            return value.date().isoformat()
        return value.isoformat(timespec="seconds")
    if isinstance(value, dt.time):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


def duration_text(value: dt.timedelta) -> str:
    seconds = round(value.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    return f"{sign}{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _round_to_second(value: dt.datetime) -> dt.datetime:
    # Excel stores times as fractions of a day; float noise leaves stray microseconds.
    if value.microsecond >= 500_000:
        value += dt.timedelta(seconds=1)
    return value.replace(microsecond=0)


def _format_parts(number_format: str) -> tuple[bool, bool]:
    """(shows a date, shows a time) for a date number format; both when unknown."""
    plain = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", number_format.lower())
    shows_date = any(part in plain for part in ("y", "d")) or bool(re.search(r"m{3,}", plain))
    shows_time = any(part in plain for part in ("h", "s"))
    if not shows_date and not shows_time:
        return True, True
    return shows_date, shows_time


def check_zip(archive: zipfile.ZipFile, compressed_size: int, limits: Limits) -> None:
    check_zip_package(archive, compressed_size, limits, "workbook")


def read_member(archive: zipfile.ZipFile, name: str, cap: int = 8 * 1024**2) -> bytes | None:
    """A small member (properties, manifest) read whole, or None when absent or too big."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > cap:
        return None
    with archive.open(info) as handle:
        return handle.read(cap)


def file_size(handle: IO[bytes]) -> int:
    position = handle.tell()
    size = handle.seek(0, 2)
    handle.seek(position)
    return size
