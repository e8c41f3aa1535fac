"""A cell map for delimited text read as plain text: a CSV attachment typed `text/plain`.

Format detection may call a CSV plain text (a mail part's declared type, a `.txt` name);
analysis then still sees its table. The text is a table when its first line and most of the
following lines split into the same number (≥ 3) of fields on one delimiter (`;`, tab, `|`,
`,`); the map has the sheet readers' layout (see formats/sheet.py) so that `_columns.py`
reads it the same way: `[0, row_number, line_start, line_end, column, offset, ...]`.
"""

from __future__ import annotations

DELIMITERS = (";", "\t", "|", ",")
MIN_FIELDS = 3
MIN_ROWS = 2
MAX_LINES = 200_000


def delimited_cells(text: str) -> tuple[list[list[int]], str] | None:
    """The cell map of a delimited table filling the text and its delimiter, or None."""
    lines = _lines(text)
    if len(lines) < MIN_ROWS + 1 or len(lines) > MAX_LINES:
        return None
    for delimiter in DELIMITERS:
        width = len(_field_starts(lines[0][1], delimiter))
        if width < MIN_FIELDS:
            continue  # the header row decides cheaply before every line is split
        counts = [len(_field_starts(line, delimiter)) for _start, line in lines]
        matching = sum(count == width for count in counts[1:])
        if matching >= max(MIN_ROWS, 0.9 * (len(lines) - 1)):
            cells = [
                _entry(row, start, line, delimiter)
                for row, (start, line) in enumerate(lines, start=1)
                if len(_field_starts(line, delimiter)) == width
            ]
            return cells, delimiter
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    found, start = [], 0
    for line in text.split("\n"):
        if line.strip():
            found.append((start, line))
        start += len(line) + 1
    return found


def _entry(row: int, start: int, line: str, delimiter: str) -> list[int]:
    entry = [0, row, start, start + len(line)]
    for column, (offset, end) in enumerate(_field_starts(line, delimiter), start=1):
        if line[offset:end].strip():
            entry += [column, offset + len(line[offset:end]) - len(line[offset:end].lstrip())]
    return entry


def _field_starts(line: str, delimiter: str) -> list[tuple[int, int]]:
    """(start, end) of each field's text; a quoted field's span is inside its quotes."""
    fields: list[tuple[int, int]] = []
    position, length = 0, len(line)
    while position <= length:
        if line.startswith('"', position):
            close = position + 1
            while True:
                close = line.find('"', close)
                if close < 0 or not line.startswith('"', close + 1):
                    break
                close += 2
            if close < 0:
                return [*fields, (position, length)]
            fields.append((position + 1, close))
            after = line.find(delimiter, close)
            position = length + 1 if after < 0 else after + 1
            continue
        after = line.find(delimiter, position)
        end = length if after < 0 else after
        fields.append((position, end))
        position = end + 1
    return fields
