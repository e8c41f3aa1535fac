"""Mail and personal-information files: EML/EMLX, Outlook MSG, TNEF, PST/OST, vCard, iCalendar.

A message's text is a header block (From/To/Cc/Date/Subject) then its body (plain text
preferred, else the visible text of the HTML body, else RTF). Attachments, forwarded
messages and embedded items become children named by their file name; the pipeline detects
and extracts each of them in turn. Mail metadata: from, to, cc, bcc ("Name <addr>" lists, plus
structured *_addresses lists of {name, email}), date (ISO 8601), subject, message_id,
in_reply_to, references, title; signed/encrypted name the S/MIME or PGP protection found.
A message/partial fragment keeps only its headers (partial_id, fragment "N of M"); fragments
carried together are joined into one child (_mail_partial.py).
"""

from __future__ import annotations

import re

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats import _mail_eml, _mail_msg, _mail_pst, _mail_tnef, _mail_vobject
from nutgraf.ingest.formats.base import Extraction, Source

RFC822 = "message/rfc822"
MSG = "application/vnd.ms-outlook"
TNEF = "application/vnd.ms-tnef"
PST = "application/vnd.ms-outlook-pst"
VCARD = "text/vcard"
CALENDAR = "text/calendar"

MIME_TYPES: tuple[str, ...] = (RFC822, MSG, TNEF, PST, VCARD, CALENDAR)

# Apple Mail's .emlx: a line holding the message's byte count, the message, then a plist.
_EMLX_COUNT_LINE = re.compile(rb"\A[ \t]*(\d{1,12})[ \t]*\r?\n")


def extract(source: Source) -> Extraction:
    if source.mime == RFC822:
        return _extract_rfc822(source)
    if source.mime == MSG:
        return _mail_msg.extract(source.path)
    if source.mime == TNEF:
        return _mail_tnef.extract(source.path)
    if source.mime == PST:
        return _mail_pst.extract(source.path, source.limits)
    if source.mime in (VCARD, CALENDAR):
        text, metadata = _mail_vobject.extract_text(source.path)
        return Extraction(text=text, metadata=metadata)
    raise ValueError(f"email module asked to read {source.mime}")


def _extract_rfc822(source: Source) -> Extraction:
    data = source.path.read_bytes()
    if not data.strip():
        raise Corrupt("corrupt: empty mail message")
    message, is_emlx = emlx_message(data)
    extraction = _mail_eml.extract_message(message, source.limits)
    if is_emlx:
        extraction.metadata["container"] = "emlx"
    return extraction


def emlx_message(data: bytes) -> tuple[bytes, bool]:
    """The RFC 822 bytes of an .emlx (dropping the count line and trailing plist), else data.

    A mail never starts with a digits-only line (a header line has a colon), so the count
    line marks an .emlx unambiguously.
    """
    match = _EMLX_COUNT_LINE.match(data)
    if match is None:
        return data, False
    start, count = match.end(), int(match.group(1))
    end = start + count if 0 < count <= len(data) - start else len(data)
    return data[start:end], True
