"""Helpers shared by the mail readers (EML, MSG, TNEF, PST): addresses, dates, text, names."""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable
from datetime import datetime
from email.headerregistry import Address
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import PurePosixPath
from typing import Any

from nutgraf.ingest import textcodec

ADDRESS_FIELDS = ("from", "to", "cc", "bcc")
# The header block opening a mail's text: these lines, in this order, when present.
HEADER_BLOCK = (
    ("from", "From"),
    ("to", "To"),
    ("cc", "Cc"),
    ("date", "Date"),
    ("subject", "Subject"),
)


def decode_bytes(data: bytes, charset: str | None = None) -> str:
    """Bytes to text with the declared charset when it fits them, else as detected; never
    raises. Mail often declares the wrong one (GB2312 or Latin-1 over a UTF-8 body): a
    declaration the bytes do not decode under, or a single-byte one over bytes that are
    valid multi-byte UTF-8, is not trusted."""
    declared = _codec(charset)
    if declared:
        try:
            text = data.decode(declared)
        except UnicodeDecodeError:
            text = None
        if text is not None and not (_single_byte(declared) and _utf8_beyond_ascii(data)):
            return text
    return textcodec.decode(data)[0]


def _codec(charset: str | None) -> str | None:
    if not charset:
        return None
    try:
        return codecs.lookup(charset.strip().strip('"')).name
    except (LookupError, ValueError):
        return None  # unknown or bogus charset name: detection decides


def _single_byte(codec: str) -> bool:
    return codec in ("latin-1", "iso8859-1", "ascii") or codec.startswith(("cp125", "iso8859"))


def _utf8_beyond_ascii(data: bytes) -> bool:
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decoded_payload(part: Message) -> bytes:
    """A leaf part's bytes after its transfer encoding, or b"" (the stub's type is wider)."""
    payload = part.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""


def clean_str(value: str) -> str:
    """Repair a header string holding surrogate-escaped raw bytes (8-bit or bad-charset headers)."""
    value = value.replace("\x00", "")  # Outlook pads some strings with NULs
    if not any("\udc80" <= ch <= "\udcff" for ch in value):
        return value
    return decode_bytes(value.encode("utf-8", errors="surrogateescape"))


def format_address(name: str, email: str) -> str:
    """'Name <addr>' (or just the part that is known)."""
    name, email = name.strip().strip("'\""), email.strip()
    if name and email and name.lower() != email.lower():
        return f"{name} <{email}>"
    return email or name


def address_entry(name: str, email: str) -> dict[str, str]:
    """{name, email}; a bare name written where the address goes is moved to the name."""
    name, email = clean_str(name).strip().strip("'\""), clean_str(email).strip()
    if email and "@" not in email:
        name, email = name or email.strip("'\""), ""
    return {"name": name, "email": email}


def parse_addresses(raw: str) -> list[dict[str, str]]:
    """A free-form address header value to [{name, email}], tolerant of broken syntax."""
    found = []
    for name, email in getaddresses([raw]):
        if name or email:
            found.append(address_entry(name, email))
    if not found and raw.strip():
        found.append({"name": raw.strip(), "email": ""})
    return found


def addresses_from_header(header: Any) -> list[dict[str, str]]:
    """[{name, email}] from a policy=default address header, falling back on its raw text."""
    try:
        parsed: Iterable[Address] = header.addresses
        found = [address_entry(a.display_name or "", a.addr_spec or "") for a in parsed]
        if found and all(entry["email"] or entry["name"] for entry in found):
            return found
    except (AttributeError, IndexError, TypeError, ValueError):
        pass  # unparseable header: the raw text is still worth keeping
    return parse_addresses(clean_str(str(header)))


def iso_date(value: Any) -> str | None:
    """An RFC 2822 date string or a datetime to ISO 8601; None when it cannot be read."""
    if isinstance(value, datetime):
        return value.isoformat()
    if not value:
        return None
    try:
        return parsedate_to_datetime(str(value)).isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def address_metadata(addresses: dict[str, list[dict[str, str]]]) -> dict[str, Any]:
    """from/to/cc/bcc as 'Name <addr>' lists plus structured *_addresses lists."""
    metadata: dict[str, Any] = {}
    for field in ADDRESS_FIELDS:
        entries = addresses.get(field) or []
        if entries:
            metadata[field] = [format_address(e["name"], e["email"]) for e in entries]
            metadata[f"{field}_addresses"] = entries
    return metadata


def header_block(metadata: dict[str, Any], raw_date: str | None = None) -> str:
    """The From/To/Cc/Date/Subject lines that open a mail's text."""
    lines = []
    for key, label in HEADER_BLOCK:
        value = raw_date or metadata.get("date") if key == "date" else metadata.get(key)
        if isinstance(value, list):
            value = ", ".join(value)
        if value:
            lines.append(f"{label}: {' '.join(str(value).split())}")
    return "\n".join(lines)


def mail_text(metadata: dict[str, Any], body: str, raw_date: str | None = None) -> str:
    """Header block, blank line, body."""
    head = header_block(metadata, raw_date)
    body = body.strip("\n")
    return f"{head}\n\n{body}" if head and body else head or body


def html_to_visible_text(html: str) -> str:
    """Visible text of an HTML body, through the shared HTML reader."""
    try:
        from nutgraf.ingest.formats.html import html_to_text
    except ImportError:  # the HTML module is not in place yet: strip tags with lxml
        return _fallback_html_text(html)
    text, _meta = html_to_text(html)
    return text


def _fallback_html_text(html: str) -> str:
    import lxml.html
    from lxml.etree import ParserError

    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", html)
    for node in tree.xpath("//script|//style|//head"):
        node.drop_tree()
    return re.sub(r"\n\s*\n+", "\n\n", tree.text_content()).strip()


class ChildNamer:
    """Unique, safe child names: the attachment's own file name, else a generated one."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.counter = 0

    def name(self, filename: str | None, default_ext: str, stem: str = "attachment") -> str:
        self.counter += 1
        base = _safe_filename(filename) if filename else ""
        if not base:
            base = f"{stem}-{self.counter}{default_ext}"
        candidate, n = base, 1
        while candidate in self.used:
            n += 1
            path = PurePosixPath(base)
            candidate = f"{path.stem}-{n}{path.suffix}"
        self.used.add(candidate)
        return candidate


def _safe_filename(filename: str) -> str:
    """Last path component, without control characters (names come from untrusted mail)."""
    cleaned = clean_str(filename).replace("\\", "/").split("/")[-1]
    cleaned = re.sub(r"[\x00-\x1f\x7f]", "", cleaned).strip()
    return "" if cleaned in {"", ".", ".."} else cleaned


def rtf_to_plain_text(rtf: bytes | str) -> str:
    """Text of an RTF body (Outlook's compressed RTF already decompressed)."""
    from striprtf.striprtf import rtf_to_text

    source = rtf.decode("latin-1") if isinstance(rtf, bytes) else rtf
    try:
        return rtf_to_text(source, errors="ignore").replace("\r\n", "\n")
    except (ValueError, IndexError, LookupError):
        return ""
