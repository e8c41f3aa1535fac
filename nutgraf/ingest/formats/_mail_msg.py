"""Outlook .msg files (OLE compound documents) through extract-msg."""

from __future__ import annotations

import logging
from contextlib import closing
from pathlib import Path
from typing import Any

import extract_msg
from extract_msg.exceptions import ExMsgBaseException

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._mail_common import (
    ChildNamer,
    address_entry,
    address_metadata,
    clean_str,
    decode_bytes,
    html_to_visible_text,
    iso_date,
    mail_text,
    parse_addresses,
    rtf_to_plain_text,
)
from nutgraf.ingest.formats.base import Child, Extraction

_RECIPIENT_FIELDS = {1: "to", 2: "cc", 3: "bcc"}
# Extra lines for calendar items and tasks, which are .msg files too: (attribute, label).
_ITEM_DETAILS = (
    ("location", "Location"),
    ("startDate", "Start"),
    ("endDate", "End"),
    ("dueDate", "Due"),
)

# extract-msg logs a warning per unusual property; the document's outcome says enough.
logging.getLogger("extract_msg").setLevel(logging.ERROR)


def extract(path: Path) -> Extraction:
    try:
        message = extract_msg.openMsg(str(path), delayAttachments=False)
    except (ExMsgBaseException, OSError, ValueError) as error:
        raise Corrupt(f"corrupt: not a readable Outlook message ({_one_line(error)})") from None
    with closing(message):
        return _extract_open(message)


def _extract_open(message: Any) -> Extraction:
    metadata = _metadata(message)
    body = clean_str("\n".join([*_details(message), _body(message)])).strip("\n")
    children = _attachments(message)
    metadata["item_type"] = type(message).__name__
    return Extraction(text=mail_text(metadata, body), metadata=metadata, children=children)


def _metadata(message: Any) -> dict[str, Any]:
    addresses: dict[str, list[dict[str, str]]] = {}
    sender = _safe(lambda: message.sender)
    if sender:
        addresses["from"] = _sender(clean_str(sender))
    for recipient in _safe(lambda: message.recipients) or []:
        field = _RECIPIENT_FIELDS.get(int(getattr(recipient, "type", 1) or 1), "to")
        entry = address_entry(recipient.name or "", recipient.email or "")
        addresses.setdefault(field, []).append(entry)
    for field, attribute in (("to", "to"), ("cc", "cc")):  # when no recipient table exists
        raw = _safe(lambda attribute=attribute: getattr(message, attribute))
        if field not in addresses and raw:
            addresses[field] = parse_addresses(clean_str(raw).replace(";", ","))
    metadata = address_metadata(addresses)
    subject = _safe(lambda: message.subject)
    if subject:
        metadata["subject"] = metadata["title"] = " ".join(clean_str(subject).split())
    date = iso_date(_safe(lambda: message.date))
    if date:
        metadata["date"] = date
    header = _safe(lambda: message.header)
    for name, key in (("Message-ID", "message_id"), ("In-Reply-To", "in_reply_to")):
        value = _safe(lambda name=name: message.header[name]) if header else None
        if value:
            metadata[key] = " ".join(str(value).split())
    references = _safe(lambda: message.header["References"]) if header else None
    if references:
        metadata["references"] = str(references).split()
    return metadata


def _sender(sender: str) -> list[dict[str, str]]:
    """Outlook senders are often a bare display name with a comma ('Doe, John'): keep it whole."""
    if "<" in sender or "@" in sender:
        return parse_addresses(sender)[:1]
    return [address_entry(sender, "")]


def _details(message: Any) -> list[str]:
    lines = []
    for attribute, label in _ITEM_DETAILS:
        value = _safe(lambda attribute=attribute: getattr(message, attribute, None))
        if value:
            lines.append(f"{label}: {value}")
    return [*lines, ""] if lines else []


def _body(message: Any) -> str:
    """Plain body, else the HTML body's visible text, else the RTF body's text."""
    plain = _safe(lambda: message.body)
    if plain and plain.strip():
        return plain.replace("\r\n", "\n")
    html = _safe(lambda: message.htmlBody)
    if html:
        return html_to_visible_text(decode_bytes(html) if isinstance(html, bytes) else html)
    rtf = _safe(lambda: message.rtfBody)
    if rtf:
        return rtf_to_plain_text(rtf)
    return ""


def _attachments(message: Any) -> list[Child]:
    namer = ChildNamer()
    children = []
    for attachment in _safe(lambda: message.attachments) or []:
        data = _safe(lambda attachment=attachment: attachment.data)
        filename = _safe(lambda attachment=attachment: attachment.getFilename())
        if isinstance(data, bytes):
            name = namer.name(_filename(attachment) or filename, ".bin")
            children.append(Child(name=name, data=data, metadata=_attachment_metadata(attachment)))
        elif data is not None and hasattr(data, "exportBytes"):  # an embedded .msg
            embedded = _safe(data.exportBytes)
            if embedded:
                name = namer.name(_embedded_name(attachment, data), ".msg", stem="message")
                metadata = {"content_type": "application/vnd.ms-outlook"}
                children.append(Child(name=name, data=embedded, metadata=metadata))
    return children


def _filename(attachment: Any) -> str | None:
    return _safe(lambda: attachment.longFilename) or _safe(lambda: attachment.shortFilename)


def _embedded_name(attachment: Any, embedded: Any) -> str | None:
    title = _filename(attachment) or _safe(lambda: attachment.displayName)
    title = title or _safe(lambda: embedded.subject)
    if not title:
        return None
    return title if title.lower().endswith(".msg") else f"{title}.msg"


def _attachment_metadata(attachment: Any) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    mimetype = _safe(lambda: attachment.mimetype)
    if mimetype:
        metadata["content_type"] = mimetype
    cid = _safe(lambda: attachment.cid)
    if cid:
        metadata["content_id"] = cid
    return metadata


def _safe(getter: Any) -> Any:
    """A property of a possibly damaged message; extract-msg raises many kinds on bad streams."""
    try:
        return getter()
    except Exception:
        return None


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())[:200] or type(error).__name__
