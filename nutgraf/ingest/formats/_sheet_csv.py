"""CSV and other delimited text: encoding, delimiter and quoting found from the content."""

from __future__ import annotations

import csv
import io
from collections import Counter
from typing import Any

from nutgraf.ingest.formats._sheet_common import SheetWriter
from nutgraf.ingest.formats.base import Extraction, Source

DELIMITERS = ",;\t|"
SAMPLE_CHARS = 64 * 1024
BYTES_PER_CHAR = 4  # worst case of UTF-8; bounds how much of a huge file is read


def extract_csv(source: Source) -> Extraction:
    byte_cap = source.limits.max_text_chars * BYTES_PER_CHAR
    with open(source.path, "rb") as handle:
        data = handle.read(byte_cap + 1)
    cut = len(data) > byte_cap
    if cut:
        data = _cut_at_line_end(data[:byte_cap])
    text, encoding = _decode(data)
    text = text.removeprefix("\ufeff")
    dialect = sniff_dialect(text[:SAMPLE_CHARS])
    writer = SheetWriter(source.limits, headings=False)
    writer.start_sheet("")
    _write_records(text, dialect, writer)
    metadata: dict[str, Any] = {"encoding": encoding, "delimiter": dialect.delimiter}
    extraction = writer.extraction(metadata)
    if cut:
        extraction.metadata["truncated"] = True
    return extraction


def _write_records(text: str, dialect: type[csv.Dialect], writer: SheetWriter) -> None:
    # A field may legitimately hold a whole document; the text limit bounds it instead.
    csv.field_size_limit(max(writer.max_chars, csv.field_size_limit()))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for record_number, record in enumerate(reader, start=1):
            cells = [(column, value) for column, value in enumerate(record, start=1) if value]
            if not writer.add_row(record_number, cells):
                return
    except csv.Error:
        return  # a broken tail (NUL byte, unterminated field): keep what was read


def sniff_dialect(sample: str) -> type[csv.Dialect]:
    """The dialect of a sample: csv.Sniffer when its guess is consistent, else the most
    regular of the usual delimiters, else a comma."""
    sample = _cut_at_last_newline(sample)
    delimiter = _most_regular_delimiter(sample)
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS)
    except csv.Error:
        sniffed = None
    if sniffed is not None and (delimiter is None or sniffed.delimiter == delimiter):
        sniffed.doublequote = True  # the sniffer often misreads it; RFC 4180 says double
        sniffed.skipinitialspace = False
        return sniffed

    class Guessed(csv.excel):
        pass

    Guessed.delimiter = delimiter or ","
    return Guessed


def _most_regular_delimiter(sample: str) -> str | None:
    """The delimiter that appears the same non-zero number of times on most lines.

    Counted outside quotes only, so commas inside quoted text do not vote.
    """
    lines = _unquoted(sample).splitlines()[:200]
    if not lines:
        return None
    best, best_score = None, 0.0
    for delimiter in DELIMITERS:
        counts = Counter(line.count(delimiter) for line in lines if line.strip())
        if not counts:
            continue
        count, lines_agreeing = counts.most_common(1)[0]
        if count == 0:
            continue
        score = lines_agreeing / len(lines) + min(count, 10) / 100
        if score > best_score:
            best, best_score = delimiter, score
    return best if best_score >= 0.5 else None


def _unquoted(sample: str) -> str:
    """The sample with quoted stretches removed (quotes toggle; "" inside stays balanced)."""
    pieces = sample.split('"')
    return "".join(pieces[0::2]) if len(pieces) > 2 else sample


def _cut_at_last_newline(sample: str) -> str:
    end = sample.rfind("\n")
    return sample[: end + 1] if end > 0 else sample


def _cut_at_line_end(data: bytes) -> bytes:
    end = data.rfind(b"\n")
    if end <= 0 or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data  # UTF-16 newlines are two bytes: keep the cut even (it already is)
    return data[: end + 1]


def _decode(data: bytes) -> tuple[str, str]:
    try:
        from nutgraf.ingest.textcodec import decode
    except ImportError:  # the shared decoder not being there is a packaging bug
        return _decode_fallback(data)
    return decode(data)


def _decode_fallback(data: bytes) -> tuple[str, str]:
    import charset_normalizer

    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        return data.decode("utf-8", errors="replace"), "utf-8"
    return str(best), best.encoding
