"""Unix mbox mail folders: every message becomes a child named by its number ("1", "2", …).

The file is read line by line (never whole), so memory stays bounded by the largest message
plus the children handed back. A message starts at a "From " line at the start of the file
or after a blank line; requiring the blank line keeps an unescaped "From " inside a body
(mboxo writers do not always escape it) from splitting a message. Escaped body lines
(">From ", ">>From " in mboxrd) lose one ">" as the format specifies. A message sent as
message/partial fragments is joined into one more child when all are here (_mail_partial.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from nutgraf.errors import TooLarge
from nutgraf.ingest.formats._mail_partial import join_children
from nutgraf.ingest.formats.base import Child, Extraction, Limits, Source

MIME_TYPES: tuple[str, ...] = ("application/mbox",)

_ESCAPED_FROM = re.compile(rb"^>(>*From )")
# A separator line with a full ctime date (`From - Tue Feb 21 10:04:06 2017`, as Thunderbird
# writes): it separates messages even without the blank line before it that mboxrd requires.
_ENVELOPE_WITH_DATE = re.compile(
    rb"^From \S+ +(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|"
    rb"Nov|Dec) +\d{1,2} \d{1,2}:\d{2}(?::\d{2})? (?:\S+ )?\d{4}\s*$"
)


def extract(source: Source) -> Extraction:
    children = []
    total_bytes = 0
    for number, (envelope, data) in enumerate(iter_messages(source.path), start=1):
        _check_limits(number, total_bytes := total_bytes + len(data), source.limits)
        metadata = {"envelope": envelope} if envelope else {}
        children.append(Child(name=str(number), data=data, metadata=metadata))
    count = len(children)
    budget = source.limits.max_total_expanded - total_bytes
    children, partial = join_children(children, source.limits, budget)
    info: dict[str, object] = {"message_count": count}
    if partial:
        info["partial"] = partial
    return Extraction(text="", metadata=info, children=children)


def iter_messages(path: Path) -> Iterator[tuple[str, bytes]]:
    """(envelope From_ line, message bytes) for each message, reading the file as a stream."""
    envelope: str | None = None
    lines: list[bytes] = []
    previous_blank = True
    with path.open("rb") as stream:
        for line in stream:
            if line.startswith(b"From ") and (previous_blank or _ENVELOPE_WITH_DATE.match(line)):
                if envelope is not None or _has_content(lines):
                    yield envelope or "", _message_bytes(lines)
                envelope, lines = _envelope(line), []
            else:
                lines.append(_ESCAPED_FROM.sub(rb"\1", line))
            previous_blank = not line.strip()
    if envelope is not None or _has_content(lines):
        yield envelope or "", _message_bytes(lines, last=True)


def _message_bytes(lines: list[bytes], last: bool = False) -> bytes:
    # The blank line before the next "From " separates messages; it is not message content.
    if not last and lines and not lines[-1].strip():
        lines = lines[:-1]
    return b"".join(lines)


def _has_content(lines: list[bytes]) -> bool:
    return any(line.strip() for line in lines)


def _envelope(line: bytes) -> str:
    return line[5:].decode("utf-8", errors="replace").strip()


def _check_limits(count: int, total_bytes: int, limits: Limits) -> None:
    if count > limits.max_children:
        raise TooLarge(f"too large: more than {limits.max_children} messages in the mbox")
    if total_bytes > limits.max_total_expanded:
        raise TooLarge("too large: messages in the mbox exceed the expansion limit")
