"""Decoding member names that archives store as bytes in an unknown legacy encoding.

ZIP names without the UTF-8 flag are, by the specification, in the DOS code page 437, but in
practice they are in whatever OEM code page the creator's Windows used (cp850, cp866, cp932,
gbk, cp949, big5…). All the names of one archive come from one machine, so they are decoded
together: UTF-8 when they all are valid UTF-8, cp437 when it is plausible, else the encoding
charset-normalizer finds among the OEM code pages, if it reads them cleanly.
"""

from __future__ import annotations

import charset_normalizer

# Code pages Windows and DOS tools write ZIP names in (OEM, not ANSI, code pages).
_OEM_CANDIDATES = ["cp850", "cp866", "cp932", "gb18030", "cp949", "big5"]
# Names in other archives (tar, rar 2) come from Unix or Windows ANSI locales.
_ANY_CANDIDATES = [
    "cp1252",
    "cp1251",
    "koi8_r",
    "cp1250",
    "cp1253",
    "cp1255",
    "cp1256",
    "euc_jp",
    "cp932",
    "gb18030",
    "euc_kr",
    "big5",
]
_MAX_CHAOS = 0.1


def decode_names(raw_names: list[bytes], *, oem: bool) -> list[str]:
    """Decode all names of one archive with one encoding chosen for them all."""
    foreign = [raw for raw in raw_names if not _is_utf8(raw)]
    if not foreign:
        return [raw.decode("utf-8") for raw in raw_names]
    encoding = _guess_encoding(foreign, oem=oem)
    return [raw.decode("utf-8") if _is_utf8(raw) else _decode(raw, encoding) for raw in raw_names]


def decode_name(raw: bytes) -> str:
    """One name on its own (streamed tar headers), UTF-8 first."""
    return decode_names([raw], oem=False)[0]


def _guess_encoding(foreign: list[bytes], *, oem: bool) -> str:
    fallback = "cp437" if oem else "cp1252"
    joined = b"\n".join(foreign)
    # cp437 puts accented Latin letters below 0xB0 and box-drawing and Greek above it;
    # names using only the lower half read well as cp437 and need no guessing.
    if oem and all(byte < 0xB0 for byte in joined):
        return fallback
    candidates = _OEM_CANDIDATES if oem else _ANY_CANDIDATES
    best = charset_normalizer.from_bytes(joined, cp_isolation=candidates).best()
    if best is None or best.chaos > _MAX_CHAOS:
        return fallback
    return best.encoding


def _decode(raw: bytes, encoding: str) -> str:
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        return raw.decode("cp437" if encoding == "cp437" else "latin-1")


def _is_utf8(raw: bytes) -> bool:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
