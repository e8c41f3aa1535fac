"""TNEF (winmail.dat) containers through tnefparse: body as text, attachments as children."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from tnefparse import TNEF

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._mail_common import (
    ChildNamer,
    address_metadata,
    decode_bytes,
    html_to_visible_text,
    iso_date,
    mail_text,
    parse_addresses,
    rtf_to_plain_text,
)
from nutgraf.ingest.formats.base import Child, Extraction

# MAPI property ids (MS-OXPROPS) read from the message-level property list.
_SUBJECT, _SENDER_NAME, _SENDER_EMAIL = 0x0037, 0x0C1A, 0x0C1F
_SUBMIT_TIME, _TOPIC = 0x0039, 0x0070

logging.getLogger("tnefparse").setLevel(logging.ERROR)


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def extract(path: Path) -> Extraction:
    data = path.read_bytes()
    try:
        tnef = TNEF(data, do_checksum=False)
    except Exception as error:
        raise Corrupt(f"corrupt: not a readable TNEF (winmail.dat) file ({error})") from None
    metadata = _metadata(tnef)
    children = _attachments(tnef)
    return Extraction(text=mail_text(metadata, _body(tnef)), metadata=metadata, children=children)


def _props(tnef: TNEF) -> dict[int, Any]:
    return {prop.name: prop.data for prop in tnef.mapiprops}


def _metadata(tnef: TNEF) -> dict[str, Any]:
    props = _props(tnef)
    objects = {obj.name: obj.data for obj in tnef.objects}
    metadata: dict[str, Any] = {}
    subject = _text(props.get(_SUBJECT) or objects.get(TNEF.ATTSUBJECT) or props.get(_TOPIC))
    if subject:
        metadata["subject"] = metadata["title"] = subject
    sender_name, sender_email = _text(props.get(_SENDER_NAME)), _text(props.get(_SENDER_EMAIL))
    if sender_name or sender_email:
        entry = {"name": sender_name, "email": sender_email if "@" in sender_email else ""}
        metadata.update(address_metadata({"from": [entry]}))
    elif objects.get(TNEF.ATTFROM):
        metadata.update(address_metadata({"from": parse_addresses(_text(objects[TNEF.ATTFROM]))}))
    date = iso_date(props.get(_SUBMIT_TIME))
    if date:
        metadata["date"] = date
    metadata["message_class"] = _text(objects.get(TNEF.ATTMESSAGECLASS))
    return {key: value for key, value in metadata.items() if value}


def _body(tnef: TNEF) -> str:
    """Plain body, else HTML body text, else RTF body text."""
    if tnef.body:
        return _text(tnef.body, keep_lines=True)
    if tnef.htmlbody:
        return html_to_visible_text(_text(tnef.htmlbody, keep_lines=True))
    if tnef.rtfbody:
        return rtf_to_plain_text(tnef.rtfbody)
    return ""


def _attachments(tnef: TNEF) -> list[Child]:
    namer = ChildNamer()
    children = []
    for attachment in tnef.attachments:
        data = _object_data(attachment.data)
        if not data:
            continue
        try:
            filename = attachment.long_filename()
        except Exception:
            filename = None
        name = namer.name(_text(filename or attachment.name) or None, ".bin")
        children.append(Child(name=name, data=data))
    return children


def _object_data(data: Any) -> bytes:
    """An attachment's bytes. An attached OLE object (PR_ATTACH_DATA_OBJ) comes as a list of
    one value, and its value is a 16-byte interface id before the OLE file itself."""
    if isinstance(data, list | tuple):
        data = next((item for item in data if isinstance(item, bytes)), b"")
    if not isinstance(data, bytes):
        return b""
    if len(data) > 24 and data[16:24] == OLE_MAGIC and not data.startswith(OLE_MAGIC):
        return data[16:]
    return data


def _text(value: Any, keep_lines: bool = False) -> str:
    """A TNEF value (bytes in the message codepage, or str) as clean text."""
    if value is None:
        return ""
    text = decode_bytes(value) if isinstance(value, bytes) else str(value)
    text = text.replace("\x00", "")
    return text.replace("\r\n", "\n").strip() if keep_lines else " ".join(text.split())
