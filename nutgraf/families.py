"""Families of MIME types, in the words a reporter uses: `type:email`, `type:spreadsheet`."""

from __future__ import annotations

FAMILIES: dict[str, tuple[str, ...]] = {
    "email": (
        "message/rfc822",
        "application/vnd.ms-outlook",
        "application/vnd.ms-tnef",
    ),
    "mailbox": ("application/mbox", "application/vnd.ms-outlook-pst"),
    "pdf": ("application/pdf",),
    "word": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/msword",
        "application/vnd.oasis.opendocument.text",
        "text/rtf",
        "application/epub+zip",
        "application/vnd.wordperfect",
        "application/vnd.ms-works",
        "application/vnd.stardivision.writer",
        "application/x-hwp",
    ),
    "spreadsheet": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel",
        "application/vnd.ms-excel.sheet.binary.macroenabled.12",
        "application/vnd.oasis.opendocument.spreadsheet",
        "text/csv",
        "application/vnd.stardivision.calc",
        "application/x-msaccess",
        "application/x-dbf",
    ),
    "presentation": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.ms-powerpoint",
        "application/vnd.oasis.opendocument.presentation",
    ),
    "html": ("text/html", "application/xhtml+xml", "multipart/related"),
    "text": ("text/plain", "application/json", "application/xml"),
    "archive": (
        "application/zip",
        "application/x-7z-compressed",
        "application/x-tar",
        "application/gzip",
        "application/x-bzip2",
        "application/x-xz",
        "application/vnd.rar",
        "application/x-compress",
        "application/x-cpio",
        "application/x-iso9660-image",
        "application/vnd.ms-cab-compressed",
        "application/x-xar",
        "application/vnd.ms-htmlhelp",
        "application/warc",
        "application/x-ia-arc",
    ),
    "contact": ("text/vcard",),
    "calendar": ("text/calendar",),
}

_BY_MIME = {mime: family for family, mimes in FAMILIES.items() for mime in mimes}


def family_of(mime: str | None) -> str:
    if not mime:
        return "other"
    if mime.startswith("image/"):
        return "image"
    return _BY_MIME.get(mime, "other")
