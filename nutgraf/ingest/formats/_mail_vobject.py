"""vCard and iCalendar files through vobject: the readable text of each card and event."""

from __future__ import annotations

import logging
import re
from datetime import date
from pathlib import Path
from typing import Any

import vobject
from vobject.base import VObjectError

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._mail_common import decode_bytes

for _name in ("vobject", "vobject.base", "vobject.icalendar"):
    logging.getLogger(_name).setLevel(logging.CRITICAL)  # junk lines are skipped by design

# Technical properties that carry nothing a reader wants.
_SKIPPED = {
    "VERSION", "PRODID", "UID", "REV", "PHOTO", "LOGO", "SOUND", "KEY", "CALSCALE", "METHOD",
    "SEQUENCE", "TRANSP", "DTSTAMP", "X-ABUID", "X-ABADR", "X-ABLABEL", "TZID", "TZURL",
    "X-LIC-LOCATION", "N",
}  # fmt: skip
_LABELS = {
    "FN": "Name", "ORG": "Organization", "TITLE": "Title", "ROLE": "Role", "EMAIL": "Email",
    "TEL": "Phone", "ADR": "Address", "NOTE": "Note", "URL": "URL", "BDAY": "Birthday",
    "NICKNAME": "Nickname", "CATEGORIES": "Categories", "SUMMARY": "Summary",
    "DTSTART": "Start", "DTEND": "End", "DUE": "Due", "LOCATION": "Location",
    "ORGANIZER": "Organizer", "ATTENDEE": "Attendee", "DESCRIPTION": "Description",
    "STATUS": "Status", "CREATED": "Created", "LAST-MODIFIED": "Modified", "RRULE": "Repeats",
    "X-WR-CALNAME": "Calendar", "X-ABRELATEDNAMES": "Related", "GEO": "Geo", "CLASS": "Class",
}  # fmt: skip
# Calendar components whose properties are worth reading (timezones and alarms are not).
_FREE_TEXT = {"DESCRIPTION", "NOTE", "COMMENT"}
_CALENDAR_ITEMS = {"VEVENT", "VTODO", "VJOURNAL"}
_QP_SOFT_BREAK = re.compile(r"(?im)^([^:\r\n]*ENCODING=QUOTED-PRINTABLE[^:\r\n]*:.*)=\r?\n")


def extract_text(path: Path) -> tuple[str, dict[str, Any]]:
    """Readable text of every card or calendar item in the file, and its metadata."""
    source = _join_qp_soft_breaks(decode_bytes(path.read_bytes()))
    try:
        components = list(vobject.readComponents(source, ignoreUnreadable=True))
    except (VObjectError, ValueError, TypeError, IndexError, AttributeError) as error:
        raise Corrupt(f"corrupt: unreadable vCard/iCalendar data ({error})") from None
    if not components:
        raise Corrupt("corrupt: no vCard or iCalendar object found")
    blocks: list[str] = []
    metadata: dict[str, Any] = {}
    for component in components:
        if component.name == "VCARD":
            blocks.append(_lines(component))
            metadata["card_count"] = metadata.get("card_count", 0) + 1
            metadata.setdefault("title", _value_text(getattr(component, "fn", None)))
        else:
            blocks.extend(_calendar_blocks(component, metadata))
    metadata = {key: value for key, value in metadata.items() if value}
    return "\n\n".join(block for block in blocks if block), metadata


def _calendar_blocks(calendar: Any, metadata: dict[str, Any]) -> list[str]:
    blocks = [_lines(calendar, own_only=True)]
    for item in calendar.getChildren():
        if item.name in _CALENDAR_ITEMS:
            blocks.append(_lines(item))
            metadata["event_count"] = metadata.get("event_count", 0) + 1
            summary = getattr(item, "summary", None)
            if summary is not None:
                metadata.setdefault("title", _value_text(summary))
    name = getattr(calendar, "x_wr_calname", None)
    if name is not None and metadata.get("event_count", 0) != 1:
        metadata["title"] = _value_text(name)  # a calendar of many events: its own name
    return blocks


def _lines(component: Any, own_only: bool = False) -> str:
    lines = []
    for line in component.getChildren():
        if line.name in _SKIPPED or not hasattr(line, "value"):
            continue  # skipped property, or a sub-component (read separately)
        if line.name.startswith("X-") and line.name not in _LABELS:
            continue  # vendor extensions: mostly technical, or copies (X-ALT-DESC is HTML)
        if own_only and line.name not in _LABELS:
            continue
        text = _value_text(line)
        if text:
            lines.append(f"{_label(line)}: {text}")
    return "\n".join(lines)


def _label(line: Any) -> str:
    label = _LABELS.get(line.name) or line.name.title()
    kinds = [kind for kind in line.params.get("TYPE", []) if kind.lower() not in {"internet"}]
    return f"{label} ({', '.join(kinds)})" if kinds else label


def _value_text(line: Any) -> str:
    """One property's value as one line of text."""
    if line is None:
        return ""
    value = line.value
    if line.name in {"ORGANIZER", "ATTENDEE"}:
        return _person(line)
    if isinstance(value, bytes):
        return ""
    if line.name in _FREE_TEXT:
        return str(value).replace("\r\n", "\n").strip()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(_plain(item) for item in value if _plain(item))
    return _plain(value, ", " if line.name == "ADR" else " ")


def _person(line: Any) -> str:
    email = re.sub(r"(?i)^mailto:", "", str(line.value)).strip()
    name = (line.params.get("CN") or [""])[0].strip('"')
    return f"{name} <{email}>" if name and name != email else email


def _plain(value: Any, separator: str = " ") -> str:
    text = str(value).replace("\\:", ":")
    return separator.join(part.strip() for part in text.splitlines() if part.strip()).strip(", ")


def _join_qp_soft_breaks(text: str) -> str:
    """vCard 2.1 quoted-printable values continue after a trailing '=': join those lines."""
    previous = None
    while previous != text:
        previous, text = text, _QP_SOFT_BREAK.sub(r"\1", text)
    return text
