"""Outlook PST/OST stores through libpff (pypff): every message becomes a child .eml.

libpff gives each message's transport headers (when it came from the Internet), its bodies
and its attachments; from these an RFC 822 message is rebuilt so that the ordinary EML reader
handles it. The folder counts libpff reports are compared with what was extracted, so a
message that cannot be read is counted, never silently dropped.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import HeaderParser
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any

import pypff

from nutgraf.errors import Corrupt, TooLarge
from nutgraf.ingest.formats._mail_common import decode_bytes, decoded_payload, rtf_to_plain_text
from nutgraf.ingest.formats.base import Child, Extraction, Limits

# MAPI property tags (MS-OXPROPS) read from record sets.
_DISPLAY_NAME, _EMAIL, _SMTP, _RECIPIENT_TYPE = 0x3001, 0x3003, 0x39FE, 0x0C15
_SENDER_EMAIL, _SENDER_SMTP, _MESSAGE_ID = 0x0C1F, 0x5D01, 0x1035
_ATTACH_METHOD, _ATTACH_LONG_NAME, _ATTACH_NAME = 0x3705, 0x3707, 0x3704
_ATTACH_EMBEDDED_MESSAGE = 5
_RECIPIENT_HEADERS = {1: "To", 2: "Cc", 3: "Bcc"}
# Body headers of the original message no longer describe the rebuilt one.
_DROPPED_HEADERS = {"content-type", "content-transfer-encoding", "mime-version", "content-length"}


def extract(path: Path, limits: Limits) -> Extraction:
    store = pypff.file()
    try:
        store.open(str(path))
    except (OSError, ValueError) as error:
        raise Corrupt(f"corrupt: not a readable Outlook PST/OST store ({error})") from None
    try:
        walker = _Walker(limits)
        walker.folder(store.get_root_folder(), ())
    finally:
        store.close()
    metadata: dict[str, Any] = {
        "expected_count": walker.expected,
        "extracted_count": len(walker.children),
        "failed_count": walker.failed,
        "folder_count": len(walker.folders),
    }
    if walker.failures:
        metadata["failed_items"] = walker.failures
    if walker.skipped_attachments:
        metadata["skipped_embedded_attachments"] = walker.skipped_attachments
    text = "\n".join(f"{name}: {count} messages" for name, count in walker.folders)
    return Extraction(text=text, metadata=metadata, children=walker.children)


MAX_FAILURES_LISTED = 20


class _Walker:
    """Depth-first walk over folders, collecting one child per message."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.children: list[Child] = []
        self.folders: list[tuple[str, int]] = []
        self.expected = self.failed = self.skipped_attachments = self.total_bytes = 0
        self.failures: list[str] = []

    def folder(self, folder: Any, path: tuple[str, ...]) -> None:
        count = folder.number_of_sub_messages
        self.expected += count
        if path and count:
            self.folders.append(("/".join(path), count))
        for index in range(count):
            self._message(folder, index, path)
        for sub_index in range(folder.number_of_sub_folders):
            try:
                sub = folder.get_sub_folder(sub_index)
                name = _safe_part(sub.name or f"folder-{sub_index + 1}")
            except MemoryError:
                raise
            except Exception as error:  # an unreadable folder: its siblings are still read
                self._failed(path, sub_index, error)
                continue
            self.folder(sub, (*path, name))

    def _failed(self, path: tuple[str, ...], index: int, error: Exception) -> None:
        self.failed += 1
        if len(self.failures) < MAX_FAILURES_LISTED:
            where = "/".join((*path, str(index + 1)))
            self.failures.append(f"{where}: {type(error).__name__}: {str(error)[:120]}")

    def _message(self, folder: Any, index: int, path: tuple[str, ...]) -> None:
        try:
            message = folder.get_sub_message(index)
            data = self._rebuild(message)
        except MemoryError:
            raise
        except Exception as error:  # one item pypff cannot read (a missing attribute, a
            self._failed(path, index, error)  # damaged block) fails alone, not the store
            return
        self.total_bytes += len(data)
        if len(self.children) >= self.limits.max_children:
            raise TooLarge(f"too large: more than {self.limits.max_children} messages in the store")
        if self.total_bytes > self.limits.max_total_expanded:
            raise TooLarge("too large: messages in the store exceed the expansion limit")
        name = "/".join((*path, f"{index + 1}.eml"))
        self.children.append(Child(name=name, data=data, metadata={"folder": "/".join(path)}))

    def _rebuild(self, message: Any) -> bytes:
        mail = EmailMessage(policy=policy.default.clone(max_line_length=998))
        _copy_headers(message, mail)
        _set_body(message, mail)
        for attachment_index in range(message.number_of_attachments):
            self._attach(message.get_attachment(attachment_index), mail, attachment_index)
        _fix_boundaries(mail)
        return mail.as_bytes()

    def _attach(self, attachment: Any, mail: EmailMessage, index: int) -> None:
        props = _entries(attachment)
        if _int(props.get(_ATTACH_METHOD)) == _ATTACH_EMBEDDED_MESSAGE:
            # pypff exposes no embedded item, only its raw property block: count, not guess.
            self.skipped_attachments += 1
            return
        name = attachment.long_filename or _text(props.get(_ATTACH_LONG_NAME))
        name = name or _text(props.get(_ATTACH_NAME)) or f"attachment-{index + 1}.bin"
        data = attachment.read_buffer(attachment.size) if attachment.size else b""
        maintype, subtype = (mimetypes.guess_type(name)[0] or "application/octet-stream").split("/")
        if maintype == "text":  # keep the bytes as they are rather than re-encoding them
            maintype, subtype = "application", "octet-stream"
        mail.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)


def _fix_boundaries(mail: EmailMessage) -> None:
    """Boundaries drawn from the content, not at random: one message is always the same bytes,
    so it is one document (same id) in every run and every case."""
    leaves = hashlib.sha256()
    for part in mail.walk():
        if not part.is_multipart():
            leaves.update(decoded_payload(part))
    digest = leaves.hexdigest()[:24]
    for number, part in enumerate(p for p in mail.walk() if p.is_multipart()):
        part.set_boundary(f"=_nutgraf_{digest}_{number}")


def _copy_headers(message: Any, mail: EmailMessage) -> None:
    """Transport headers when the message has them, else headers rebuilt from properties."""
    raw = message.transport_headers or ""
    copied = False
    for name, value in HeaderParser(policy=policy.compat32).parsestr(raw).items():
        if name.lower() in _DROPPED_HEADERS:
            continue
        copied |= _set_header(mail, name, value)
    if not copied or "From" not in mail:
        _headers_from_properties(message, mail)


def _headers_from_properties(message: Any, mail: EmailMessage) -> None:
    props = _entries(message)
    sender_email = _text(props.get(_SENDER_SMTP)) or _text(props.get(_SENDER_EMAIL))
    sender_email = sender_email if "@" in sender_email else ""
    if "From" not in mail and (message.sender_name or sender_email):
        _set_header(mail, "From", _address(message.sender_name or "", sender_email))
    for field, addresses in _recipients(message).items():
        if field not in mail:
            _set_header(mail, field, ", ".join(addresses))
    if "Subject" not in mail and message.subject:
        _set_header(mail, "Subject", message.subject)
    sent = message.client_submit_time or message.delivery_time
    if "Date" not in mail and isinstance(sent, datetime):
        sent = sent if sent.tzinfo else sent.replace(tzinfo=UTC)  # libpff gives UTC
        _set_header(mail, "Date", format_datetime(sent))
    message_id = _text(props.get(_MESSAGE_ID))
    if "Message-ID" not in mail and message_id:
        _set_header(mail, "Message-ID", message_id)


def _recipients(message: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    recipients = message.recipients
    if recipients is None:
        return found
    for record_set in recipients.record_sets:
        props = _record_entries(record_set)
        email = _text(props.get(_SMTP)) or _text(props.get(_EMAIL))
        name = _text(props.get(_DISPLAY_NAME)).strip("'")
        field = _RECIPIENT_HEADERS.get(_int(props.get(_RECIPIENT_TYPE)) or 1, "To")
        if name or email:
            found.setdefault(field, []).append(_address(name, email))
    return found


def _address(name: str, email: str) -> str:
    """'Name <addr>' for a header; a bare name when there is no Internet address."""
    if "@" not in email:
        return formataddr((name, "")).strip(" <>") or email
    return formataddr((name if name != email else "", email))


def _set_body(message: Any, mail: EmailMessage) -> None:
    plain = _body_text(message.plain_text_body)
    html = _body_text(message.html_body)
    if not plain and not html and message.rtf_body:
        plain = rtf_to_plain_text(message.rtf_body)
    mail.set_content(plain)
    if html:
        mail.add_alternative(html, subtype="html")


def _set_header(mail: EmailMessage, name: str, value: str) -> bool:
    unfolded = re.sub(r"\r?\n[ \t]*", " ", str(value)).strip()
    try:
        mail[name] = unfolded
    except (ValueError, TypeError, IndexError):
        return False  # a header the writer refuses (junk in it): the rest still goes through
    return True


def _body_text(value: bytes | str | None) -> str:
    if not value:
        return ""
    text = decode_bytes(value) if isinstance(value, bytes) else value
    return text.replace("\x00", "").replace("\r\n", "\n")


def _entries(item: Any) -> dict[int, Any]:
    return _record_entries(item.get_record_set(0)) if item.number_of_record_sets else {}


def _record_entries(record_set: Any) -> dict[int, Any]:
    found = {}
    for entry in record_set.entries:
        try:
            found[entry.entry_type] = entry.data
        except (OSError, ValueError):
            continue
    return found


def _text(data: bytes | str | None) -> str:
    """A MAPI string property: UTF-16LE (type 0x1f) or 8-bit (type 0x1e)."""
    if not data:
        return ""
    if isinstance(data, str):
        return data
    if len(data) % 2 == 0 and b"\x00" in data[1::2]:
        return data.decode("utf-16-le", errors="replace").rstrip("\x00")
    return decode_bytes(data.rstrip(b"\x00"))


def _int(data: bytes | None) -> int | None:
    return int.from_bytes(data[:4], "little") if data and len(data) >= 4 else None


def _safe_part(name: str) -> str:
    """A folder name usable as one path component."""
    return re.sub(r"[/\\\x00-\x1f]", "_", name).strip() or "_"
