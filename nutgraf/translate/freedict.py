"""FreeDict dictionaries (Debian's `dict-freedict-XXX-eng`): word glosses where no pair exists.

A dictionary is a dictd `.index` (headword, base64 offset, base64 length) and a dictzip'd
`.dict.dz`: gzip whose extra field lists independently deflated chunks, so an entry is read
by inflating one or two chunks (≈58 KB) instead of the whole file (German's is 100 MB).
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nutgraf.fold import fold

DICT_DIR = Path("/usr/share/dictd")
_ISO3 = {
    "ar": "ara", "de": "deu", "fr": "fra", "es": "spa", "it": "ita", "nl": "nld", "pt": "por",
    "cs": "ces", "da": "dan", "el": "ell", "hr": "hrv", "hu": "hun", "pl": "pol", "tr": "tur",
    "sv": "swe", "ru": "rus", "ja": "jpn", "cy": "cym", "ga": "gle", "is": "isl", "af": "afr",
}  # fmt: skip
_B64 = {ch: value for value, ch in enumerate(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
)}  # fmt: skip
_SENSE_NUMBER = re.compile(r"^\d+\.\s*")
# Marks kept out of a gloss: domain `[fin.]`, part of speech `<n>`, pronunciation `/ˈakt/`.
_MARKS = re.compile(r"\[[^\]]*\]|<[^>]*>|/[^/]*[ˈˌː][^/]*/")
MAX_SENSES = 4
# The endings tried, longest first, when a word is not a headword as written (`Konten`).
_ENDINGS = {
    "de": ("ern", "en", "er", "es", "e", "n", "s"),
    "nl": ("en", "s", "e"),
    "fr": ("es", "s", "x", "e"),
    "es": ("es", "s"),
    "it": ("i", "e"),
    "pt": ("es", "s"),
}


def path_for(source: str, target: str) -> Path | None:
    """The installed dictionary from source to target (ISO 639-1), or None."""
    if target != "en" or source not in _ISO3:
        return None
    index = DICT_DIR / f"freedict-{_ISO3[source]}-eng.index"
    return index if index.exists() and index.with_suffix(".dict.dz").exists() else None


@dataclass(frozen=True)
class Dictionary:
    language: str
    index: dict[str, list[tuple[int, int]]]
    data: _DictZip

    def senses(self, word: str) -> list[str]:
        """The word's senses (`account, bill, invoice`), the first entry's first, else []."""
        for key in self._keys(word):
            places = self.index.get(key)
            if places:
                found: list[str] = []
                for offset, length in places:
                    found.extend(_senses_of(self.data.read(offset, length)))
                return list(dict.fromkeys(found))[:MAX_SENSES]
        return []

    def _keys(self, word: str) -> list[str]:
        folded = fold(word)
        keys = [folded]
        if self.language == "ar":
            from nutgraf.search.scripts import bare_forms  # the proclitics search strips

            keys.extend(bare_forms(folded))
        for ending in _ENDINGS.get(self.language, ()):
            if folded.endswith(ending) and len(folded) - len(ending) >= 3:
                keys.append(folded[: -len(ending)])
        return keys


@cache
def load(source: str, target: str = "en") -> Dictionary | None:
    index_path = path_for(source, target)
    if index_path is None:
        return None
    index: dict[str, list[tuple[int, int]]] = {}
    with index_path.open(encoding="utf-8", errors="replace") as lines:
        for line in lines:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 3 or parts[0].startswith("00database"):
                continue
            index.setdefault(fold(parts[0]), []).append((_number(parts[1]), _number(parts[2])))
    return Dictionary(source, index, _DictZip(index_path.with_suffix(".dict.dz")))


def _number(text: str) -> int:
    value = 0
    for ch in text:
        value = value * 64 + _B64[ch]
    return value


def _senses_of(entry: bytes) -> list[str]:
    lines = entry.decode("utf-8", errors="replace").strip().splitlines()[1:]  # 1st: headword
    senses = []
    for line in lines:
        line = line.strip()
        if line.startswith(('"', "see:", "Synonym", "See also", "Note:")):
            continue  # an example sentence or a cross-reference, not a sense
        sense = " ".join(_MARKS.sub(" ", _SENSE_NUMBER.sub("", line)).split()).strip(" ,;")
        if sense:
            senses.append(sense)
    return senses


class _DictZip:
    """Random access into a dictzip file (chunks listed in the gzip header's `RA` field)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        raw = path.read_bytes()[: 65536 * 4]
        flags = raw[3]
        extra_length = struct.unpack("<H", raw[10:12])[0]
        extra = raw[12 : 12 + extra_length]
        self.chunk_length, count = struct.unpack("<HH", extra[6:10])
        self.sizes = struct.unpack(f"<{count}H", extra[10 : 10 + 2 * count])
        position = 12 + extra_length
        for flag in (0x08, 0x10):  # a file name, then a comment, each NUL-terminated
            if flags & flag:
                position = raw.index(b"\0", position) + 1
        if flags & 0x02:
            position += 2  # header CRC
        self.starts = [position]
        for size in self.sizes:
            self.starts.append(self.starts[-1] + size)

    def read(self, offset: int, length: int) -> bytes:
        first = offset // self.chunk_length
        last = (offset + length - 1) // self.chunk_length
        with self.path.open("rb") as file:
            file.seek(self.starts[first])
            compressed = file.read(self.starts[last + 1] - self.starts[first])
        data = b""
        for number in range(first, last + 1):
            begin = self.starts[number] - self.starts[first]
            end = self.starts[number + 1] - self.starts[first]
            data += zlib.decompressobj(-15).decompress(compressed[begin:end])
        skip = offset - first * self.chunk_length
        return data[skip : skip + length]
