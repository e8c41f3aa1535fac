"""Rich Text Format: a small RTF reader of our own.

striprtf was tried first and rejected: it drops headers, footers, footnotes and comments
(it treats them as skippable destinations), empties a whole group on a misplaced `\\*`, and
has no `\\bin` support. This reader follows the RTF 1.9 rules that matter for text:
destinations, `\\*` optional destinations, `\\ucN`/`\\uN` with its fallback characters,
`\\'xx` bytes decoded in the code page of the current font (its \\fcharset) or of \\ansicpg,
and `\\binN` raw data.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, replace
from typing import Any

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats.base import Extraction, Source

_TOKEN = re.compile(
    rb"\\([a-zA-Z]{1,32})(-?\d{1,10})? ?|\\'([0-9a-fA-F]{2})|\\(.)|([{}])|[\r\n]+|([^\\{}\r\n]+)",
    re.DOTALL,
)
# Destinations whose content is not document text.
_SKIP = {
    "fonttbl", "colortbl", "stylesheet", "info", "pict", "objdata", "objclass", "themedata",
    "colorschememapping", "datastore", "latentstyles", "listtable", "listoverridetable",
    "rsidtbl", "generator", "xmlnstbl", "revtbl", "fldinst", "filetbl", "pgdsctbl",
    "bkmkstart", "bkmkend", "sp", "shprslt", "nonshppict", "atnid", "atnauthor", "atndate",
    "atnref", "datafield", "template", "userprops", "docvar", "pn", "pntext", "listtext",
    "fldtype", "mmathPr", "wgrffmtfilter", "passwordhash", "protusertbl", "blipuid", "ftnsep",
    "ftnsepc", "listname", "liststylename", "aftnsep", "aftnsepc", "xe", "tc", "falt", "panose",
    "leveltext", "levelnumbers",
}  # fmt: skip
# Optional (`\*`) destinations that do hold text; every other `\*` destination is skipped.
_KEEP_OPTIONAL = {"shpinst", "shptxt", "annotation", "fldrslt", "ud", "upr"}
_CHARACTERS = {
    "par": "\n", "line": "\n", "sect": "\n", "page": "\n", "row": "\n", "tab": "\t",
    "cell": "\t", "nestcell": "\t", "emdash": "\u2014", "endash": "\u2013", "emspace": "\u2003",
    "enspace": "\u2002", "qmspace": "\u2005", "bullet": "\u2022", "lquote": "\u2018",
    "rquote": "\u2019", "ldblquote": "\u201c", "rdblquote": "\u201d", "zwj": "\u200d",
    "zwnj": "\u200c", "ltrmark": "\u200e", "rtlmark": "\u200f",
}  # fmt: skip
_SYMBOLS = {"~": "\xa0", "_": "\u2011", "-": "", "{": "{", "}": "}", "\\": "\\", "\n": "\n"}
_CHARSET_CODEPAGES = {
    0: 1252, 128: 932, 129: 949, 130: 1361, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258,
    177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250, 77: 10000, 254: 437,
}  # fmt: skip
_FONT = re.compile(rb"\\f(\d+)[^;{}]*?\\fcharset(\d+)")
_INFO_FIELDS = {
    "title": "title", "author": "author", "operator": "last_modified_by", "subject": "subject",
    "keywords": "keywords", "doccomm": "description", "company": "company",
}  # fmt: skip


@dataclass(frozen=True)
class _Group:
    skip: bool = False
    uc: int = 1  # fallback characters that follow each \uN
    codepage: str = "cp1252"
    destination: str = ""
    note: bool = False


def extract_rtf(source: Source) -> Extraction:
    data = source.path.read_bytes()
    if not data.lstrip().startswith(b"{\\rtf"):
        raise Corrupt("corrupt: RTF file does not start with {\\rtf")
    reader = _Reader(data)
    reader.run()
    return Extraction(text=_finish("".join(reader.out)), metadata=reader.metadata())


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.out: list[str] = []
        self.info: dict[str, list[str]] = {}
        self.fonts = _font_codepages(data)
        ansi = re.search(rb"\\ansicpg(\d+)", data[:4096])
        self.default = _codepage(int(ansi.group(1))) if ansi else "cp1252"
        self.pending = bytearray()  # \'xx bytes awaiting decoding together (multi-byte pages)
        self.skip_fallback = 0

    def run(self) -> None:
        stack: list[_Group] = []
        group = _Group(codepage=self.default)
        optional = False
        at_group_start = False  # `\*` only marks a destination as the group's first token
        position = 0
        while (match := _TOKEN.match(self.data, position)) is not None:
            position = match.end()
            first_in_group, at_group_start = at_group_start, False
            word, arg, hex_byte, symbol, brace, text = match.groups()
            if hex_byte is None and self.pending:
                self._emit(self.pending.decode(group.codepage, errors="replace"), group)
                self.pending.clear()
            if brace == b"{":
                stack.append(group)
                group = replace(group, destination="", note=False)
                at_group_start = True
            elif brace == b"}":
                if group.note:
                    self._emit("\n", stack[-1] if stack else group)
                group = stack.pop() if stack else group
                self.skip_fallback = 0
            elif word is not None:
                name = word.decode()
                if name == "bin" and arg:
                    position += max(int(arg), 0)  # raw binary data, never text
                    continue
                group = self._control(name, arg, group, optional)
                optional = False
            elif hex_byte is not None:
                if self._consume_fallback():
                    continue
                if not group.skip:
                    self.pending.append(int(hex_byte, 16))
            elif symbol is not None:
                if symbol == b"*":
                    optional = first_in_group
                    at_group_start = first_in_group
                elif symbol in (b"\r", b"\n"):
                    self._emit("\n", group)
                else:
                    self._emit(_SYMBOLS.get(symbol.decode("latin-1"), ""), group)
            elif text is not None:
                chars = text.decode(group.codepage, errors="replace")
                if self.skip_fallback:
                    dropped = min(self.skip_fallback, len(chars))
                    chars, self.skip_fallback = chars[dropped:], self.skip_fallback - dropped
                self._emit(chars, group)
            if not stack and brace == b"}":
                break  # end of the document group; anything after it is not the document

    def _control(self, name: str, arg: bytes | None, group: _Group, optional: bool) -> _Group:
        value = int(arg) if arg else None
        if name in _INFO_FIELDS or name in ("creatim", "revtim"):
            self.info[name] = []  # a later copy of a field (often the Unicode one) wins
            return replace(group, destination=name, skip=False)
        if name in ("footnote", "annotation") and not group.skip:
            self._emit("\n", group)  # a note's text stands apart from the sentence it marks
            return replace(group, note=True)
        if name in _SKIP or (optional and name not in _KEEP_OPTIONAL):
            return replace(group, skip=True)
        if name == "uc" and value is not None:
            return replace(group, uc=max(value, 0))
        if name == "u" and value is not None:
            self._emit(chr(value + 0x10000 if value < 0 else value), group)
            self.skip_fallback = group.uc
        elif name == "f" and value is not None:
            return replace(group, codepage=self.fonts.get(value, self.default))
        elif name in _CHARACTERS:
            self._emit(_CHARACTERS[name], group)
        elif name in ("yr", "mo", "dy", "hr", "min", "sec") and group.destination:
            self.info.setdefault(group.destination, []).append(f"{name}={value}")
        return group

    def _consume_fallback(self) -> bool:
        if self.skip_fallback:
            self.skip_fallback -= 1
            return True
        return False

    def _emit(self, text: str, group: _Group) -> None:
        if group.skip or not text:
            return
        if group.destination:
            self.info.setdefault(group.destination, []).append(text)
        else:
            self.out.append(text)

    def metadata(self) -> dict[str, Any]:
        metadata: dict[str, Any] = {}
        for name, key in _INFO_FIELDS.items():
            value = _finish("".join(self.info.get(name, []))).strip()
            if value:
                metadata[key] = value
        for name, key in (("creatim", "created"), ("revtim", "modified")):
            stamp = _timestamp(self.info.get(name, []))
            if stamp:
                metadata[key] = stamp
        return metadata


def _timestamp(parts: list[str]) -> str:
    values = dict(part.split("=", 1) for part in parts if "=" in part)
    try:
        year, month, day = int(values["yr"]), int(values["mo"]), int(values["dy"])
        hour, minute = int(values.get("hr", 0)), int(values.get("min", 0))
        second = int(values.get("sec", 0))
    except (KeyError, ValueError):
        return ""
    if year <= 1601:  # the FILETIME epoch: a date that was never set
        return ""
    return f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"


def _codepage(number: int) -> str:
    name = {65001: "utf-8", 10000: "mac_roman"}.get(number, f"cp{number}")
    try:
        codecs.lookup(name)
    except LookupError:
        return "cp1252"
    return name


def _font_codepages(data: bytes) -> dict[int, str]:
    """Font number → code page, from each font's \\fcharset in the font table."""
    start = data.find(b"\\fonttbl")
    table = data[start : start + 256 * 1024] if start >= 0 else b""
    fonts: dict[int, str] = {}
    for number, charset in _FONT.findall(table):
        codepage = _CHARSET_CODEPAGES.get(int(charset))
        if codepage is not None:
            fonts.setdefault(int(number), _codepage(codepage))
    return fonts


def _finish(text: str) -> str:
    # \uN escapes of a character beyond the BMP arrive as two lone surrogates
    text = text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le", errors="replace")
    lines = [line.rstrip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
