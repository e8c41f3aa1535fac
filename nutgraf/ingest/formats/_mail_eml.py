"""RFC 822 / MIME messages: header block + readable body as text, attachments as children."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from email import policy
from email.header import decode_header, make_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from typing import Any
from urllib.parse import urlsplit

from nutgraf.errors import Encrypted
from nutgraf.ingest.formats._mail_common import (
    ADDRESS_FIELDS,
    ChildNamer,
    address_metadata,
    addresses_from_header,
    clean_str,
    decode_bytes,
    decoded_payload,
    html_to_visible_text,
    iso_date,
    mail_text,
)
from nutgraf.ingest.formats._mail_partial import PARTIAL, fragment, join_all, partial_parts
from nutgraf.ingest.formats._mail_smime import cms_kind, unwrap_signed
from nutgraf.ingest.formats.base import Child, Extraction, Limits

BODY_TYPES = ("text/plain", "text/html")
PKCS7_TYPES = ("application/pkcs7-mime", "application/x-pkcs7-mime")
# Detached signatures carry no content of their own; they are recorded, not kept as children.
SIGNATURE_TYPES = (
    "application/pkcs7-signature",
    "application/x-pkcs7-signature",
    "application/pgp-signature",
)
PGP_MARKERS = {
    "-----BEGIN PGP MESSAGE-----": "encrypted",
    "-----BEGIN PGP SIGNED MESSAGE-----": "signed",
}


@dataclass
class _Found:
    """What a walk over the MIME tree collects."""

    bodies: list[str] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)
    namer: ChildNamer = field(default_factory=ChildNamer)
    security: dict[str, str] = field(default_factory=dict)  # signed/encrypted → smime|pgp
    unreadable_encrypted: bool = False
    partials: int = 0  # message/partial entities met (their bodies are not readable alone)


def parse(data: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(data)  # type: ignore[return-value]


def extract_message(data: bytes, limits: Limits | None = None) -> Extraction:
    """The Extraction of one RFC 822 message given as bytes."""
    message = parse(data)
    metadata, raw_date = headers_metadata(message)
    found = _Found()
    _walk(message, found)
    if found.partials:
        _partials(data, found, metadata, limits or Limits())
    body = "\n\n".join(text.strip("\n") for text in found.bodies if text.strip())
    _note_inline_pgp(body, found)
    metadata.update(found.security)
    if found.unreadable_encrypted and not body.strip() and not found.children:
        kind = found.security.get("encrypted", "")
        raise Encrypted(f"encrypted: {kind.upper() or 'encrypted'} message body cannot be read")
    if found.unreadable_encrypted:
        metadata["encrypted_parts"] = True
    return Extraction(
        text=mail_text(metadata, body, raw_date), metadata=metadata, children=found.children
    )


def headers_metadata(message: Message) -> tuple[dict[str, Any], str | None]:
    """Mail metadata from the headers, and the Date header as written (for the text)."""
    addresses = {}
    for name in ADDRESS_FIELDS:
        header = _header(message, name)
        if header is not None:
            addresses[name] = addresses_from_header(header)
    metadata = address_metadata(addresses)
    subject = _header_text(message, "subject")
    if subject:
        metadata["subject"] = metadata["title"] = subject
    raw_date = _header_text(message, "date")
    date = iso_date(getattr(_header(message, "date"), "datetime", None) or raw_date)
    if date:
        metadata["date"] = date
    for name, key in (("message-id", "message_id"), ("in-reply-to", "in_reply_to")):
        value = _header_text(message, name)
        if value:
            metadata[key] = value
    references = _header_text(message, "references")
    if references:
        metadata["references"] = references.split()
    return metadata, raw_date


def _header(message: Message, name: str) -> Any:
    """The parsed header, or its raw text when the parser chokes on it."""
    try:
        return message[name]
    except Exception:
        for key, raw in message.raw_items():
            if key.lower() == name:
                return _decode_raw_header(raw)
        return None


def _decode_raw_header(raw: str) -> str:
    try:
        return str(make_header(decode_header(raw)))
    except (LookupError, ValueError, UnicodeError):
        return raw


def _header_text(message: Message, name: str) -> str:
    header = _header(message, name)
    if header is None:
        return ""
    return " ".join(clean_str(str(header)).split())


def _walk(part: Message, found: _Found, skip_text: bool = False) -> None:
    """Collect body text and children from a MIME part; skip_text drops alternative bodies."""
    ctype = part.get_content_type()
    if ctype == "multipart/signed":
        found.security["signed"] = _protocol_kind(part)
        parts = part.get_payload()
        if isinstance(parts, list) and parts:
            for sub in parts:
                if isinstance(sub, Message) and sub.get_content_type() not in SIGNATURE_TYPES:
                    _walk(sub, found, skip_text)
        return
    if ctype == "multipart/encrypted":
        found.security["encrypted"] = _protocol_kind(part)
        found.unreadable_encrypted = True
        return
    if ctype in PKCS7_TYPES:
        _walk_pkcs7(part, found, skip_text)
        return
    if ctype == "message/rfc822":
        _add_message_child(part, found)
        return
    if ctype == PARTIAL:
        found.partials += 1
        return
    if ctype == "multipart/alternative":
        _walk_alternative(part, found, skip_text)
        return
    if part.is_multipart():
        for sub in part.get_payload():
            if isinstance(sub, Message):
                _walk(sub, found, skip_text)
        return
    if ctype in SIGNATURE_TYPES:
        return
    if _is_body(part):
        if not skip_text:
            found.bodies.append(part_text(part))
        return
    _add_attachment(part, found)


def _walk_alternative(part: Message, found: _Found, skip_text: bool) -> None:
    """Keep one version of the body: plain text if it has words, else the richest (last)."""
    parts = [sub for sub in part.get_payload() if isinstance(sub, Message)]
    if not parts:
        return
    preferred = next(
        (
            sub
            for sub in parts
            if sub.get_content_type() == "text/plain" and _is_body(sub) and part_text(sub).strip()
        ),
        parts[-1],
    )
    for sub in parts:
        _walk(sub, found, skip_text or sub is not preferred)


def _walk_pkcs7(part: Message, found: _Found, skip_text: bool) -> None:
    der = decoded_payload(part)
    smime_type = str(part.get_param("smime-type") or "").lower()
    kind = cms_kind(der)
    if kind == "encrypted" or "enveloped" in str(smime_type):
        found.security["encrypted"] = "smime"
        found.unreadable_encrypted = True
        return
    found.security["signed"] = "smime"
    content = unwrap_signed(der)
    if content is None:
        found.security["signed_content"] = "unreadable"
        return
    inner = parse(content)
    if inner.keys():  # S/MIME proper: the signed content is a MIME entity
        _walk(inner, found, skip_text)
        return
    # A signed document (e.g. "invoice.xml.p7m"): the document itself is the child.
    filename = _filename(part) or ""
    stem = filename[: -len(".p7m")] if filename.lower().endswith(".p7m") else ""
    name = found.namer.name(stem or None, ".bin", stem="signed-content")
    found.children.append(Child(name=name, data=content, metadata={"signed": "smime"}))


def _protocol_kind(part: Message) -> str:
    protocol = str(part.get_param("protocol") or "").lower()
    return "pgp" if "pgp" in protocol else "smime" if "pkcs7" in protocol else protocol or "unknown"


def _is_body(part: Message) -> bool:
    """A text part meant to be read as the message, not a file attached to it."""
    if part.get_content_type() not in BODY_TYPES:
        return False
    return part.get_content_disposition() != "attachment" and not _filename(part)


def part_text(part: Message) -> str:
    """Readable text of a text/plain or text/html leaf, whatever its declared charset."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        payload = str(part.get_payload()).encode("utf-8", errors="surrogateescape")
    charset = part.get_content_charset()
    text = decode_bytes(payload, clean_str(charset) if charset else None)
    if part.get_content_type() == "text/html":
        return html_to_visible_text(text)
    return text.replace("\r\n", "\n")


def _filename(part: Message) -> str | None:
    try:
        name = part.get_filename() or part.get_param("name")
    except (ValueError, LookupError, UnicodeError, IndexError):
        return None
    if isinstance(name, tuple):  # an RFC 2231 value the parser left undecoded
        name = name[2]
    if not name:  # saved web pages (MHTML-like mail) name their parts by URL only
        location = urlsplit(str(part.get("content-location") or "")).path
        name = location.rstrip("/").rsplit("/", 1)[-1]
    return clean_str(str(name)) if name else None


def _add_attachment(part: Message, found: _Found) -> None:
    data = part.get_payload(decode=True)
    if not isinstance(data, bytes):
        return
    ctype = part.get_content_type()
    ext = ".dat" if ctype == "application/ms-tnef" else mimetypes.guess_extension(ctype) or ".bin"
    name = found.namer.name(_filename(part), ext)
    metadata: dict[str, Any] = {"content_type": ctype}
    content_id = part.get("content-id")
    if content_id:
        metadata["content_id"] = clean_str(str(content_id)).strip("<> ")
    if part.get_content_disposition() == "inline":
        metadata["inline"] = True
    found.children.append(Child(name=name, data=data, metadata=metadata))


def _add_message_child(part: Message, found: _Found) -> None:
    """A forwarded or attached message becomes a child .eml with its own bytes."""
    payload = part.get_payload()
    if isinstance(payload, list) and payload and isinstance(payload[0], Message):
        data = _message_bytes(payload[0])
    else:  # message/rfc822 sent with a transfer encoding: the parser left it undecoded
        decoded = part.get_payload(decode=True)
        data = decoded if isinstance(decoded, bytes) else b""
    if data:
        name = found.namer.name(_filename(part), ".eml", stem="message")
        found.children.append(
            Child(name=name, data=data, metadata={"content_type": "message/rfc822"})
        )


def _partials(data: bytes, found: _Found, metadata: dict[str, Any], limits: Limits) -> None:
    """A fragment says which it is; a message carrying fragments as parts joins them."""
    own = fragment(data)
    if own is not None:
        metadata["partial_id"] = own.id
        metadata["fragment"] = f"{own.number} of {own.total or 'unknown'}"
        return
    joined = join_all(list(partial_parts(data)), limits)
    for message, _indexes in joined.messages:
        name = found.namer.name(None, ".eml", stem="joined")
        found.children.append(Child(name, message, {"content_type": "message/rfc822"}))
    if joined.summary:
        metadata["partial"] = joined.summary


def _message_bytes(message: Message) -> bytes:
    try:
        return message.as_bytes(policy=policy.compat32)
    except (UnicodeError, LookupError, ValueError, TypeError, AttributeError):
        return message.as_string(policy=policy.compat32).encode("utf-8", errors="surrogateescape")


def _note_inline_pgp(body: str, found: _Found) -> None:
    for marker, key in PGP_MARKERS.items():
        if marker in body:
            found.security.setdefault(key, "pgp")
