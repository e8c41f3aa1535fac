"""Legacy binary Word (.doc, Word 97-2003 and the simple Word 6/95 case), read natively.

Why native: the text of a Word 97+ file is fully described by its piece table ([MS-DOC]
2.8.35 Clx/PlcPcd), a few dozen lines over olefile, and that is much faster than starting
LibreOffice (seconds per file) and needs no external program. The stories (main text,
footnotes, headers, comments, endnotes, text boxes) follow each other in CP order, so they
all come out. LibreOffice, when installed, is used only for what this cannot read
(Word 6/95 files saved with fast-save pieces, damaged tables).
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

import olefile

from nutgraf.errors import Corrupt, Encrypted, Unsupported
from nutgraf.ingest.formats import _office_soffice
from nutgraf.ingest.formats._office_ole import embedded_objects, open_ole, summary_metadata
from nutgraf.ingest.formats.base import Extraction, Source

_WORD_MAGICS = (0xA5EC, 0xA5DC)  # Word 97+, Word 6/95
_NFIB_WORD97 = 0x00C1
_FLAG_COMPLEX = 0x0004
_FLAG_ENCRYPTED = 0x0100
_FLAG_TABLE1 = 0x0200
_FLAG_OBFUSCATED = 0x8000
_FCCLX_INDEX = 33  # index of fcClx/lcbClx in FibRgFcLcb97

# Word's control characters: paragraph/cell/row marks and breaks become line structure,
# anchors (pictures, footnote references, annotation marks) disappear.
_CONTROL = str.maketrans(
    {
        "\r": "\n",
        "\x07": "\t",
        "\x0b": "\n",
        "\x0c": "\n",
        "\x0e": "\n",
        "\x1e": "-",
        "\x1f": None,
        "\x01": None,
        "\x02": None,
        "\x03": None,
        "\x04": None,
        "\x05": None,
        "\x08": None,
    }
)
_OTHER_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")


@dataclass(frozen=True)
class _Fib:
    flags: int
    nfib: int
    story_lengths: tuple[int, ...]  # ccpText, ccpFtn, ccpHdd, (reserved), ccpAtn, ccpEdn, ...
    fc_clx: int
    lcb_clx: int
    fc_min: int
    fc_mac: int


def extract_doc(source: Source) -> Extraction:
    with open_ole(source.path, "Word document") as ole:
        if not ole.exists("WordDocument"):
            raise Corrupt("corrupt: OLE file has no WordDocument stream")
        word = ole.openstream("WordDocument").read()
        fib = _read_fib(word)
        if fib.flags & (_FLAG_ENCRYPTED | _FLAG_OBFUSCATED):
            raise Encrypted("encrypted: password-protected Word document")
        metadata = summary_metadata(ole)
        try:
            raw = _read_text(ole, word, fib)
        except (Unsupported, Corrupt):
            converted = _office_soffice.convert_to_text(source, "doc")
            if converted is None:
                raise
            return Extraction(text=converted, metadata=metadata | {"converter": "libreoffice"})
        children = embedded_objects(ole, "ObjectPool", source.limits)
    return Extraction(text=_clean(raw), metadata=metadata, children=children)


def _read_fib(word: bytes) -> _Fib:
    if len(word) < 0x40 or struct.unpack_from("<H", word, 0)[0] not in _WORD_MAGICS:
        raise Corrupt("corrupt: WordDocument stream has no Word file header")
    nfib, flags = struct.unpack_from("<H", word, 2)[0], struct.unpack_from("<H", word, 0x0A)[0]
    fc_min, fc_mac = struct.unpack_from("<II", word, 0x18)
    if nfib < _NFIB_WORD97:
        ccp_text = struct.unpack_from("<I", word, 0x34)[0]
        return _Fib(flags, nfib, (ccp_text,), 0, 0, fc_min, fc_mac)
    try:
        offset = 32
        csw = struct.unpack_from("<H", word, offset)[0]
        offset += 2 + csw * 2
        cslw = struct.unpack_from("<H", word, offset)[0]
        lw = struct.unpack_from(f"<{cslw}i", word, offset + 2)
        offset += 2 + cslw * 4
        cb_fclcb = struct.unpack_from("<H", word, offset)[0]
        if cb_fclcb <= _FCCLX_INDEX:
            raise Corrupt("corrupt: Word file header too short for a piece table")
        fc_clx, lcb_clx = struct.unpack_from("<II", word, offset + 2 + _FCCLX_INDEX * 8)
    except struct.error:
        raise Corrupt("corrupt: truncated Word file header") from None
    stories = tuple(max(value, 0) for value in lw[3:11])
    return _Fib(flags, nfib, stories, fc_clx, lcb_clx, fc_min, fc_mac)


def _read_text(ole: olefile.OleFileIO, word: bytes, fib: _Fib) -> str:
    if fib.nfib < _NFIB_WORD97:
        return _read_word6_text(word, fib)
    table_name = "1Table" if fib.flags & _FLAG_TABLE1 else "0Table"
    if not ole.exists(table_name):
        raise Corrupt(f"corrupt: Word document has no {table_name} stream")
    table = ole.openstream(table_name).read()
    clx = table[fib.fc_clx : fib.fc_clx + fib.lcb_clx]
    pieces = _piece_table(clx)
    wanted = sum(fib.story_lengths)
    out: list[str] = []
    for cp_start, cp_end, fc, compressed in pieces:
        count = cp_end - cp_start
        if compressed:
            chunk = word[fc // 2 : fc // 2 + count].decode("cp1252", errors="replace")
        else:
            chunk = word[fc : fc + 2 * count].decode("utf-16-le", errors="replace")
        out.append(chunk)
        if cp_end >= wanted:
            break
    return "".join(out)[:wanted] if wanted else "".join(out)


def _piece_table(clx: bytes) -> list[tuple[int, int, int, bool]]:
    """(first CP, end CP, file offset, 8-bit?) of each piece, from the Clx structure."""
    offset = 0
    while offset < len(clx) and clx[offset] == 0x01:  # Prc: skip property modifiers
        size = struct.unpack_from("<h", clx, offset + 1)[0]
        offset += 3 + max(size, 0)
    if offset >= len(clx) or clx[offset] != 0x02:
        raise Corrupt("corrupt: Word piece table not found")
    length = struct.unpack_from("<I", clx, offset + 1)[0]
    plc = clx[offset + 5 : offset + 5 + length]
    count = (len(plc) - 4) // 12
    if count <= 0:
        raise Corrupt("corrupt: empty Word piece table")
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for index in range(count):
        fc_value = struct.unpack_from("<I", plc, (count + 1) * 4 + index * 8 + 2)[0]
        compressed = bool(fc_value & 0x40000000)
        pieces.append((cps[index], cps[index + 1], fc_value & 0x3FFFFFFF, compressed))
    return pieces


def _read_word6_text(word: bytes, fib: _Fib) -> str:
    """Word 6/95 without fast-save pieces: the text is one 8-bit run from fcMin."""
    if fib.flags & _FLAG_COMPLEX:
        raise Unsupported("unsupported: Word 6/95 document saved with fast save")
    end = min(fib.fc_mac, fib.fc_min + fib.story_lengths[0], len(word))
    return word[fib.fc_min : end].decode("cp1252", errors="replace")


def _clean(raw: str) -> str:
    """Main text first, then the other stories; field codes dropped, results kept."""
    text = _strip_field_codes(raw)
    text = text.translate(_CONTROL)
    text = _OTHER_CONTROLS.sub("", text)
    lines = [line.rstrip() for line in text.split("\n")]
    cleaned = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return cleaned.strip("\n")


def _strip_field_codes(text: str) -> str:
    """Keep a field's result, drop its instruction ({begin 0x13, separator 0x14, end 0x15})."""
    if "\x13" not in text:
        return text
    out: list[str] = []
    # each open field: True while we are in its instruction part
    stack: list[bool] = []
    for char in text:
        if char == "\x13":
            stack.append(True)
        elif char == "\x14":
            if stack:
                stack[-1] = False
        elif char == "\x15":
            if stack:
                stack.pop()
        elif not any(stack):
            out.append(char)
    return "".join(out)
