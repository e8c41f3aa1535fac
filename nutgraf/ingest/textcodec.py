"""Turn the bytes of a text file into text, whatever its encoding, without ever raising.

The order of evidence, strongest first: a byte-order mark; UTF-16/32 NUL patterns; valid
UTF-8; a charset declared by the container (HTML meta, mail header) if it decodes cleanly;
UTF-8 mixed with a few stray legacy bytes; then statistical detection (chardet, with
charset-normalizer as a second opinion) on a bounded sample. The worst case is UTF-8 with
replacement characters. Newlines become "\\n" and NUL characters are removed.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

import chardet
from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

# Longest first: the UTF-32LE mark begins with the UTF-16LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Declared labels that real documents use for a superset (as browsers do, per WHATWG).
_SUPERSETS = {
    "ascii": "cp1252",
    "latin-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso8859-9": "cp1254",
    "iso8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
}

_SAMPLE_WHOLE_LIMIT = 256 * 1024  # detect on the whole data below this size
_SAMPLE_WINDOWS = 48
_SAMPLE_WINDOW_BYTES = 2048
_NUL_SAMPLE_BYTES = 64 * 1024
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# A byte below 0x40 is never the trail byte of a CJK double-byte encoding: safe to cut at.
_SAFE_CUT = re.compile(rb"[\x00-\x3f]")
_STRAY = re.compile("[\udc80-\udcff]+")
_NON_ASCII = re.compile("[^\x00-\x7f]")
_TEXT_SAMPLE_CHARS = 65536
# Above this charset-normalizer's mess ratio, a declared charset reads as mojibake. Looser
# than its own 0.2 default: short runs of punctuation (“quoted” – 5 €) score up to ~0.3.
_DECLARED_MESS_LIMIT = 0.4
_MESS_TOLERANCE = 0.02
_CHARDET_GUESSES = 6
_NEWLINES = re.compile(r"\r\n?|\x00")
_ISO2022_ESCAPE = re.compile(rb"\x1b[$(][@-Z]")


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `data` to text; return (text, Python codec name of the encoding used)."""
    text, encoding = _decode(data, declared)
    return _normalise(text), encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding
    wide = wide_encoding(data)
    if wide:
        return data.decode(wide, errors="replace"), wide
    if data.isascii():
        return _decode_ascii(data, declared)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    declared_codec = _declared_codec(declared)
    if declared_codec:
        text = _clean_decode(data, declared_codec)
        if text is not None:
            return text, declared_codec
    mixed = _mostly_utf8(data)
    if mixed is not None:
        return mixed, "utf-8"
    return _detect(data)


def _normalise(text: str) -> str:
    return _NEWLINES.sub(lambda m: "" if m.group() == "\x00" else "\n", text)


def _codec_name(label: str) -> str | None:
    try:
        return codecs.lookup(label.strip().strip("'\"").lower()).name
    except (LookupError, ValueError):
        return None


def _declared_codec(declared: str | None) -> str | None:
    """The codec for a declared label; unknown labels and endian-less UTF-16/32 are ignored."""
    if not declared:
        return None
    name = _codec_name(declared)
    # "utf-16" declared in readable ASCII markup is a lie (WHATWG); a real one had a BOM.
    if name is None or name in ("utf-16", "utf-32", "utf-7"):
        return None
    return _SUPERSETS.get(name, name)


def _decode_ascii(data: bytes, declared: str | None) -> tuple[str, str]:
    """7-bit data is ASCII unless it carries ISO-2022 escapes (Japanese/Korean mail)."""
    if _ISO2022_ESCAPE.search(data):
        candidates = [_declared_codec(declared) or "", "iso2022_jp_2", "iso2022_kr"]
        for codec in candidates:
            if codec.startswith("iso2022"):
                try:
                    return data.decode(codec), codec
                except UnicodeDecodeError:
                    continue
    return data.decode("ascii"), "ascii"


def wide_encoding(data: bytes) -> str | None:
    """UTF-16/32 without a BOM, recognised by where the NUL bytes fall."""
    sample = data[:_NUL_SAMPLE_BYTES]
    if sample.count(0) < 4:
        return None
    quads = len(sample) // 4
    if quads >= 4:
        zeros = [sample[i : quads * 4 : 4].count(0) for i in range(4)]
        if zeros[2] == quads and zeros[3] == quads and zeros[0] < quads:
            return _if_text(sample[: quads * 4], "utf-32-le")
        if zeros[0] == quads and zeros[1] == quads and zeros[3] < quads:
            return _if_text(sample[: quads * 4], "utf-32-be")
    pairs = len(sample) // 2
    even, odd = sample[0 : pairs * 2 : 2].count(0), sample[1 : pairs * 2 : 2].count(0)
    # Text needs some spaces/newlines/ASCII (the NUL half); a NUL-padded UTF-8 file has both.
    threshold = max(4, pairs // 100)
    if odd >= threshold and even * 10 <= odd:
        return _if_text(sample[: pairs * 2], "utf-16-le")
    if even >= threshold and odd * 10 <= even:
        return _if_text(sample[: pairs * 2], "utf-16-be")
    return None


def _if_text(sample: bytes, encoding: str) -> str | None:
    text = sample.decode(encoding, errors="replace")
    return encoding if _bad_char_ratio(text) <= 0.02 else None


def _bad_char_ratio(text: str) -> float:
    """Share of characters no text contains: controls, unassigned, private use, U+FFFD."""
    if not text:
        return 0.0
    bad = sum(
        1
        for char in text
        if (char not in "\t\n\r\f\v\x1b" and unicodedata.category(char) in ("Cc", "Cn", "Co"))
        or char == "\ufffd"
    )
    return bad / len(text)


def _clean_decode(data: bytes, codec: str) -> str | None:
    """The data decoded with `codec`, or None if that fails or reads as mojibake."""
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    sample = text[:_TEXT_SAMPLE_CHARS]
    if _bad_char_ratio(sample) > 0.005 or mess_ratio(sample, 1.0) >= _DECLARED_MESS_LIMIT:
        return None
    return text


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray legacy bytes (e.g. logs appended by two programs).

    Stray bytes are read as Windows-1252. Legacy-encoded text matches UTF-8's strict
    multibyte patterns only by chance, so valid sequences must clearly outnumber bad ones.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(map(len, _STRAY.findall(text)))
    multibyte = len(_NON_ASCII.findall(text)) - stray
    if multibyte < 4 * stray:
        return None
    return _STRAY.sub(_stray_to_cp1252, text)


def _stray_to_cp1252(match: re.Match[str]) -> str:
    raw = bytes(ord(char) - 0xDC00 for char in match.group())
    return raw.decode("cp1252", errors="replace")


def _detect(data: bytes) -> tuple[str, str]:
    """Statistical detection on a sample, then decode the whole with the best candidate."""
    candidates = _ranked_candidates(_sample(data))
    for codec in candidates:
        try:
            return data.decode(codec), codec
        except (UnicodeDecodeError, LookupError):
            continue
    if candidates:
        return data.decode(candidates[0], errors="replace"), candidates[0]
    return data.decode("utf-8", errors="replace"), "utf-8"


def _ranked_candidates(sample: bytes) -> list[str]:
    """Detector guesses, the most plausible first.

    chardet's order is kept unless a guess reads as mojibake (charset-normalizer's mess
    ratio) where another does not: on a few stray accented letters chardet may pick a CJK
    double-byte encoding that turns "Lübeck" into "L粆eck".
    """
    scored: list[tuple[str, float]] = []
    for codec in _candidates(sample):
        try:
            decoded = sample.decode(codec)
        except (UnicodeDecodeError, LookupError):
            continue
        decoded = decoded[:_TEXT_SAMPLE_CHARS]
        # Control characters (e.g. C1 from reading Windows-1252 as ISO-8859-x) are not text.
        scored.append((codec, mess_ratio(decoded, 1.0) + 10 * _bad_char_ratio(decoded)))
    if not scored:
        return []
    least = min(mess for _, mess in scored)
    plausible = [codec for codec, mess in scored if mess <= least + _MESS_TOLERANCE]
    return plausible + [codec for codec, _ in scored if codec not in plausible]


def _candidates(sample: bytes) -> list[str]:
    """chardet's guesses in its order, then charset-normalizer's best, as Python codecs."""
    guesses = chardet.detect_all(sample, compat_names=False)[:_CHARDET_GUESSES]
    names = [guess["encoding"] for guess in guesses if guess["encoding"]]
    best = from_bytes(sample).best()
    if best is not None:
        names.append(best.encoding)
    names.append("cp1252")  # the most common legacy encoding, when the detectors disagree
    ordered: list[str] = []
    for name in names:
        codec = _codec_name(name)
        for choice in (_SUPERSETS.get(codec or ""), codec):
            if choice and choice not in ordered:
                ordered.append(choice)
    return ordered


def _sample(data: bytes) -> bytes:
    """Windows of the data around non-ASCII bytes, spread over the whole of it.

    Detection cost grows with input size; a few dozen windows where the non-ASCII bytes
    are (evenly spaced, so a late change of script is still seen) decide just as well.
    """
    if len(data) <= _SAMPLE_WHOLE_LIMIT:
        return data
    step = len(data) // _SAMPLE_WINDOWS
    windows: list[bytes] = []
    position = 0
    for offset in range(0, len(data), step):
        if offset < position:
            continue
        found = _HIGH_BYTE.search(data, offset)
        if found is None:
            break
        start = _cut_before(data, found.start())
        end = _cut_before(data, start + _SAMPLE_WINDOW_BYTES)
        windows.append(data[start:end])
        position = end
    return b"\n".join(windows)


def _cut_before(data: bytes, position: int) -> int:
    """A position at most 256 bytes before `position` where a character surely starts."""
    if position >= len(data):
        return len(data)
    lower = max(0, position - 256)
    cut = position
    while cut > lower:
        if _SAFE_CUT.match(data, cut - 1):
            return cut
        cut -= 1
    return position
