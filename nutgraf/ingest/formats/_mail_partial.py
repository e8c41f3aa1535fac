"""message/partial (RFC 2046 §5.2.2): a message split into fragments, joined again.

A mailer that must not send large messages splits one into several, each of Content-Type
message/partial; id="..."; number=N (total=M required on the last, allowed on all). A
fragment alone is not readable: its body is a slice of the original message, often the middle
of a base64 attachment. So a fragment's own document keeps only its headers, and the
container that holds the fragments (an mbox, an archive of .eml files, a multipart message
that carries them as parts) joins them when all are there: the bodies in number order make
the enclosed message, whose headers are merged with the first fragment's as §5.2.2.1 says.
The joined message becomes one more child; the fragments stay, as what the file holds.
When some are missing, nothing is joined and the container says "partial: N of M fragments
present" in its metadata (and on each fragment), rather than storing a broken message.

Fragments are cut from the raw bytes, never re-serialised by the email package: a body that
starts with "word: " would otherwise be read as a header and come back changed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import Message
from email.parser import BytesHeaderParser

from nutgraf.ingest.formats.base import Child, Limits

PARTIAL = "message/partial"
_BLANK_LINE = re.compile(rb"\r?\n\r?\n")
# The enclosed message's own headers that replace the first fragment's (§5.2.2.1 rule 2).
_FROM_ENCLOSED = {b"subject", b"message-id", b"encrypted", b"mime-version"}
_MAX_DEPTH = 20  # multipart nesting followed when looking for fragments inside a message
_HEAD_PEEK = 64 * 1024  # header blocks longer than this are not fragments worth a parse


@dataclass(frozen=True)
class Fragment:
    id: str
    number: int
    total: int | None
    data: bytes  # the whole fragment, headers and body, as found


def split_head(data: bytes) -> tuple[bytes, bytes]:
    """The header block (with its last line ending) and the body, at the first blank line."""
    if data.startswith((b"\n", b"\r\n")):
        return b"", data[data.index(b"\n") + 1 :]
    match = _BLANK_LINE.search(data)
    if match is None:
        return data, b""
    ending = b"\r\n" if data[match.start() : match.start() + 1] == b"\r" else b"\n"
    return data[: match.start()] + ending, data[match.end() :]


def _headers(head: bytes) -> Message:
    return BytesHeaderParser(policy=policy.compat32).parsebytes(head)


def fragment(data: bytes) -> Fragment | None:
    """The message as a fragment (id, number, total), or None when it is not message/partial."""
    head, _body = split_head(data[:_HEAD_PEEK])
    if b"partial" not in head.lower():
        return None  # the common case, decided without a header parse
    return _fragment(_headers(head), data)


def _fragment(headers: Message, data: bytes) -> Fragment | None:
    if headers.get_content_type() != PARTIAL:
        return None
    identity = str(headers.get_param("id") or "")
    number, total = _integer(headers.get_param("number")), _integer(headers.get_param("total"))
    if not identity or number is None or number < 1:
        return None  # not a usable fragment: read as the message it claims to be
    return Fragment(identity, number, total, data)


def _integer(value: object) -> int | None:
    try:
        return int(str(value).strip()) if value is not None else None
    except ValueError:
        return None


def join(fragments: list[Fragment]) -> bytes:
    """The enclosed message rebuilt from all its fragments (numbers 1..total, in order)."""
    ordered = sorted(fragments, key=lambda item: item.number)
    outer_head, _first_body = split_head(ordered[0].data)
    enclosed = b"".join(split_head(item.data)[1] for item in ordered)
    enclosed_head, enclosed_body = split_head(enclosed)
    kept = [field for field in _fields(outer_head) if not _from_enclosed(field)]
    kept += [field for field in _fields(enclosed_head) if _from_enclosed(field)]
    ending = b"\r\n" if outer_head.endswith(b"\r\n") else b"\n"
    return b"".join(kept) + ending + enclosed_body


def _fields(head: bytes) -> list[bytes]:
    """Header fields as raw bytes, each with its folded continuation lines."""
    fields: list[bytes] = []
    for line in head.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t") and fields:
            fields[-1] += line
        elif line.strip():
            fields.append(line if line.endswith(b"\n") else line + b"\n")
    return fields


def _from_enclosed(field: bytes) -> bool:
    name = field.split(b":", 1)[0].strip().lower()
    return name.startswith(b"content-") or name in _FROM_ENCLOSED


@dataclass
class Joined:
    """What joining the fragments of one container gave."""

    messages: list[tuple[bytes, list[int]]]  # each joined message, and its fragments' indexes
    notes: dict[int, str]  # index of each fragment → what became of its message
    summary: list[str]  # one note per fragmented message, for the container's metadata


def join_all(items: list[bytes], limits: Limits, budget: int | None = None) -> Joined:
    """Group the fragments among `items` by id and join each group that is complete.

    `budget` is how many more bytes the container may expand to (max_total_expanded less what
    it already holds); a joined message past it, or past max_child_bytes, is not made.
    """
    remaining = limits.max_total_expanded if budget is None else budget
    groups: dict[str, dict[int, tuple[int, Fragment]]] = {}
    for index, data in enumerate(items):
        found = fragment(data)
        if found is not None:
            groups.setdefault(found.id, {}).setdefault(found.number, (index, found))
    result = Joined([], {}, [])
    for identity, by_number in groups.items():
        fragments = [found for _index, found in by_number.values()]
        total = max((found.total for found in fragments if found.total), default=None)
        note = _missing_note(len(by_number), total, set(by_number))
        if note is None:
            assert total is not None  # _missing_note says so when the total is unknown
            # a stray number past the total is no part of the message
            fragments = [found for found in fragments if found.number <= total]
            size = sum(len(found.data) for found in fragments)
            if size > min(limits.max_child_bytes, remaining):
                note = f"partial: {total} of {total} fragments present, not joined: "
                note += f"{size} bytes is past the size limit"
            else:
                message = join(fragments)
                remaining -= len(message)
                indexes = [index for index, found in by_number.values() if found.number <= total]
                result.messages.append((message, indexes))
                note = f"partial: {total} of {total} fragments present, joined"
        for index, _found in by_number.values():
            result.notes[index] = note
        result.summary.append(f'{note} (id "{identity}")')
    return result


def _missing_note(present: int, total: int | None, numbers: set[int]) -> str | None:
    """How the group falls short, or None when every fragment 1..total is there."""
    if total is None:
        return f"partial: {present} fragments present, the last (which gives the total) missing"
    if numbers >= set(range(1, total + 1)):
        return None
    return f"partial: {len(numbers & set(range(1, total + 1)))} of {total} fragments present"


def join_children(
    children: list[Child], limits: Limits, budget: int | None = None
) -> tuple[list[Child], list[str]]:
    """A container's children with its fragments noted and the joined messages added."""
    joined = join_all([child.data for child in children], limits, budget)
    if not joined.notes:
        return children, []
    out = [
        Child(child.name, child.data, child.metadata | {"partial": joined.notes[index]})
        if index in joined.notes
        else child
        for index, child in enumerate(children)
    ]
    taken = {child.name for child in children}
    for number, (message, indexes) in enumerate(joined.messages, start=1):
        name, suffix = f"joined-{number}.eml", 1
        while name in taken:  # an archive member may already bear the name
            suffix += 1
            name = f"joined-{number}~{suffix}.eml"
        taken.add(name)
        metadata = {
            "content_type": "message/rfc822",
            "joined_from": [children[index].name for index in sorted(indexes)],
        }
        out.append(Child(name, message, metadata))
    return out, joined.summary


def partial_parts(data: bytes, depth: int = 0) -> Iterator[bytes]:
    """The raw bytes of every message/partial entity inside a (multipart) message."""
    head, body = split_head(data)
    headers = _headers(head)
    if depth and headers.get_content_type() == PARTIAL:
        yield data
        return
    boundary = headers.get_boundary() if headers.get_content_maintype() == "multipart" else None
    if not boundary or depth >= _MAX_DEPTH:
        return
    for part in _raw_parts(body, boundary.encode("utf-8", "surrogateescape")):
        yield from partial_parts(part, depth + 1)


def _raw_parts(body: bytes, boundary: bytes) -> Iterator[bytes]:
    """The body parts of a multipart body, byte for byte (RFC 2046 §5.1.1)."""
    delimiter = re.compile(rb"(?:\A|\r?\n)--" + re.escape(boundary) + rb"(--)?[ \t]*(?=\r?\n|\Z)")
    start = None
    for match in delimiter.finditer(body):
        if start is not None:
            yield body[start : match.start()]
        if match.group(1):  # the close delimiter: what follows is the epilogue
            return
        newline = body.find(b"\n", match.end())
        start = len(body) if newline < 0 else newline + 1
    # an unclosed multipart: its last part runs to the end
    if start is not None and start < len(body):
        yield body[start:]
