"""Hangul Word Processor 5 (.hwp, an OLE2 file), read natively: LibreOffice only reads HWP 3.

The text is in the `BodyText/SectionN` streams: raw-deflated (when the header says so)
sequences of records, of which PARA_TEXT holds a paragraph as UTF-16LE with inline control
codes. "Distribution" documents (made read-only for circulation) keep their sections in
`ViewText/SectionN` instead, AES-128-encrypted with a key stored, scrambled, in the section's
first record; the scrambling is public (HWP 5.0 format specification, section 3.2.4), so
these are read too. The spec is published by Hancom for free use.
"""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path
from typing import Any

import olefile
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from nutgraf.errors import Corrupt, Encrypted
from nutgraf.ingest.formats.base import Extraction, Source

_SIGNATURE = b"HWP Document File"
_FLAG_COMPRESSED, _FLAG_PASSWORD, _FLAG_DISTRIBUTION = 0x1, 0x2, 0x4
_TAG_PARA_TEXT = 0x10 + 51
_TAG_DISTRIBUTE_DOC_DATA = 0x10 + 12
# Control codes inside PARA_TEXT: these take 8 UTF-16 units (the code, 6 of parameters, the
# code again); the others (line break, paragraph end, hyphens, spaces) take one.
_WIDE_CONTROLS = frozenset(
    {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}
)
_SECTION = re.compile(r"section(\d+)$", re.IGNORECASE)
# HwpSummaryInformation property ids (the standard SummaryInformation ones)
_SUMMARY_FIELDS = {2: "title", 3: "subject", 4: "author", 5: "keywords", 6: "description"}
_SUMMARY_DATES = {12: "created", 13: "modified"}


def is_hwp5(path: Path) -> bool:
    return olefile.isOleFile(str(path))


def extract_hwp5(source: Source) -> Extraction:
    try:
        ole = olefile.OleFileIO(str(source.path))
    except (OSError, ValueError, struct.error) as error:
        raise Corrupt(f"corrupt: HWP file is not a readable OLE compound file ({error})") from None
    with ole:
        flags = _header_flags(ole)
        if flags & _FLAG_PASSWORD:
            raise Encrypted("encrypted: password-protected HWP document")
        folder = "ViewText" if flags & _FLAG_DISTRIBUTION else "BodyText"
        paragraphs: list[str] = []
        for stream in _sections(ole, folder):
            data = ole.openstream(stream).read()
            if flags & _FLAG_DISTRIBUTION:
                data = _decrypt_distribution(data)
            if flags & _FLAG_COMPRESSED:
                data = _inflate(data)
            paragraphs.extend(_paragraphs(data))
        metadata = _summary(ole)
    metadata["format"] = "Hangul (HWP 5)"
    if flags & _FLAG_DISTRIBUTION:
        metadata["distribution_document"] = True
    return Extraction(text="\n".join(paragraphs), metadata=metadata)


def _header_flags(ole: olefile.OleFileIO) -> int:
    if not ole.exists("FileHeader"):
        raise Corrupt("corrupt: HWP file without its FileHeader stream")
    header = ole.openstream("FileHeader").read(40)
    if not header.startswith(_SIGNATURE) or len(header) < 40:
        raise Corrupt("corrupt: HWP FileHeader has no HWP signature")
    return struct.unpack_from("<I", header, 36)[0]


def _sections(ole: olefile.OleFileIO, folder: str) -> list[list[str]]:
    entries = [
        entry
        for entry in ole.listdir(streams=True, storages=False)
        if len(entry) == 2 and entry[0] == folder and _SECTION.match(entry[1])
    ]
    return sorted(entries, key=lambda entry: int(_SECTION.match(entry[1]).group(1)))  # type: ignore[union-attr]


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(-zlib.MAX_WBITS).decompress(data)
    except zlib.error as error:
        raise Corrupt(f"corrupt: HWP section does not decompress ({error})") from None


def _records(data: bytes):  # -> Iterator[tuple[int, bytes]]
    offset = 0
    while offset + 4 <= len(data):
        header = struct.unpack_from("<I", data, offset)[0]
        tag, size = header & 0x3FF, header >> 20
        offset += 4
        if size == 0xFFF:  # a long record gives its size in the next four bytes
            if offset + 4 > len(data):
                return
            size = struct.unpack_from("<I", data, offset)[0]
            offset += 4
        yield tag, data[offset : offset + size]
        offset += size


def _paragraphs(data: bytes) -> list[str]:
    return [_para_text(body) for tag, body in _records(data) if tag == _TAG_PARA_TEXT]


def _para_text(body: bytes) -> str:
    units = struct.unpack(f"<{len(body) // 2}H", body[: len(body) // 2 * 2])
    out: list[str] = []
    index = 0
    while index < len(units):
        unit = units[index]
        if unit >= 32:
            out.append(chr(unit))
            index += 1
            continue
        if unit == 9:
            out.append("\t")
        elif unit == 10:
            out.append("\n")
        elif unit in (24, 30, 31):  # hyphen, non-breaking and fixed-width spaces
            out.append("-" if unit == 24 else " ")
        index += 8 if unit in _WIDE_CONTROLS else 1
    # UTF-16 surrogate pairs were split into two units above; join them back
    return "".join(out).encode("utf-16", "surrogatepass").decode("utf-16", "replace").rstrip("\r")


def _decrypt_distribution(data: bytes) -> bytes:
    """The section's bytes after its leading DISTRIBUTE_DOC_DATA record, decrypted."""
    header = struct.unpack_from("<I", data, 0)[0] if len(data) >= 4 else 0
    if header & 0x3FF != _TAG_DISTRIBUTE_DOC_DATA or (header >> 20) != 256 or len(data) < 260:
        raise Corrupt("corrupt: HWP distribution section without its key record")
    key = _distribution_key(bytearray(data[4:260]))
    body = data[260:]
    body = body[: len(body) // 16 * 16]
    # ECB because the format uses it (HWP 5.0 spec, 3.2.4), not by choice
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def _distribution_key(block: bytearray) -> bytes:
    """Unscramble the 256-byte record (XOR with MSVC rand() seeded by its first 4 bytes)."""
    seed = struct.unpack_from("<I", block, 0)[0]
    state = seed

    def rand() -> int:
        nonlocal state
        state = (state * 214013 + 2531011) & 0xFFFFFFFF
        return (state >> 16) & 0x7FFF

    remaining, key_byte = 0, 0
    for index in range(256):
        if remaining == 0:
            key_byte = rand() & 0xFF
            remaining = (rand() & 0xF) + 1
        if index >= 4:
            block[index] ^= key_byte
        remaining -= 1
    start = 4 + (seed & 0xF)
    return bytes(block[start : start + 16])


def _summary(ole: olefile.OleFileIO) -> dict[str, Any]:
    stream = "\x05HwpSummaryInformation"
    if not ole.exists(stream):
        return {}
    try:
        props = ole.getproperties(stream, convert_time=True)
    except Exception:  # olefile's property parser fails in many ways on odd streams
        return {}
    metadata: dict[str, Any] = {}
    for number, key in _SUMMARY_FIELDS.items():
        value = props.get(number)
        # olefile reads these UTF-16 strings past their end; the real value stops at NUL
        text = value.split("\x00", 1)[0].strip() if isinstance(value, str) else ""
        if text:
            metadata[key] = text
    for number, key in _SUMMARY_DATES.items():
        value = props.get(number)
        if hasattr(value, "year") and value.year > 1601:
            metadata[key] = value.replace(microsecond=0).isoformat()
    return metadata
