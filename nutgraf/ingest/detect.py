"""What a file is, from its bytes, never from its name.

libmagic gives a first answer; containers it only knows by their envelope (ZIP, OLE2, mail
text) are opened just enough to tell what they hold: a ZIP with `word/document.xml` is a DOCX,
an OLE2 file with a `WordDocument` stream is a DOC, text that starts with mail headers is mail.
"""

from __future__ import annotations

import re
import zipfile
from functools import cache
from pathlib import Path

import magic
import olefile

HEAD_BYTES = 256 * 1024

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
XLSB = "application/vnd.ms-excel.sheet.binary.macroenabled.12"
ENCRYPTED_OFFICE = "application/x-encrypted-office"
EMPTY = "application/x-empty"
OCTET = "application/octet-stream"

# libmagic's names for things we know under one canonical name.
ALIASES = {
    "text/xml": "application/xml",
    "application/x-rar": "application/vnd.rar",
    "application/x-ndjson": "application/json",
    "application/x-gzip": "application/gzip",
    "image/x-ms-bmp": "image/bmp",
    "text/x-mail": "message/rfc822",
    "message/news": "message/rfc822",
    "inode/x-empty": EMPTY,
    "application/encrypted": ENCRYPTED_OFFICE,
    "text/x-vcard": "text/vcard",
}

ZIP_CONTENT_MARKERS = (  # first member found decides
    ("word/document.xml", DOCX),
    ("word/document2.xml", DOCX),
    ("xl/workbook.xml", XLSX),
    ("xl/workbook.bin", XLSB),
    ("ppt/presentation.xml", PPTX),
    ("FixedDocumentSequence.fdseq", "application/vnd.ms-xpsdocument"),
    ("Index/Document.iwa", "application/vnd.apple.iwork"),
    ("index.xml", "application/vnd.apple.iwork"),
    ("index.apxl", "application/vnd.apple.iwork"),
)

# Formats libmagic does not know (or calls application/octet-stream), by their first bytes.
SIGNATURES = (
    (b"HWP Document File V", "application/x-hwp"),  # Hangul 3.x (5.x is OLE2)
    (b"\x97JB2\r\n\x1a\n", "image/x-jbig2"),
    # OneNote section and table-of-contents files: the file-format GUID of MS-ONESTORE
    (bytes.fromhex("e4525c7b8cd8a74daeb15378d02996d3"), "application/onenote"),
    (bytes.fromhex("a1f8af43dcf4ea4490c6a4e8e2bb47c8"), "application/onenote"),
    (b"bplist00", "application/x-bplist"),  # Apple binary property list
    (b"\x00\x05\x16\x07\x00", "multipart/appledouble"),  # macOS `._name` resource fork
    (b"-----BEGIN PKCS7-----", "application/pkcs7-mime"),
    (b"-----BEGIN CMS-----", "application/pkcs7-mime"),
)
# A DER PKCS#7 ContentInfo: a SEQUENCE whose first element is the OID 1.2.840.113549.1.7.x
PKCS7_DER = re.compile(
    rb"^\x30(\x80|[\x81-\x84].{0,4}?|[\x00-\x7f])\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07[\x02-\x06]",
    re.S,
)

OLE_STREAM_MARKERS = (  # checked in order; names compared case-insensitively
    ("encryptedpackage", ENCRYPTED_OFFICE),
    ("worddocument", "application/msword"),
    ("workbook", "application/vnd.ms-excel"),
    ("book", "application/vnd.ms-excel"),
    ("powerpoint document", "application/vnd.ms-powerpoint"),
    ("__nameid_version1.0", "application/vnd.ms-outlook"),
    ("visiodocument", "application/vnd.visio"),
    ("quill", "application/x-mspublisher"),
    ("starwriterdocument", "application/vnd.stardivision.writer"),
    ("starcalcdocument", "application/vnd.stardivision.calc"),
    ("stardrawdocument3", "application/vnd.stardivision.draw"),
    ("fileheader", "application/x-hwp"),  # Hangul 5.x, with BodyText/ or ViewText/
    ("contents", "application/vnd.ms-works"),
    ("mn0", "application/vnd.ms-works"),  # Works 3/4 word processor
)
# An object embedded in an Office file (word/embeddings/oleObject1.bin): a wrapper whose
# payload stream holds the real file (a PDF, a packaged file, an OOXML document).
OLE_OBJECT_PAYLOADS = ("\x01ole10native", "package")
OLE_OBJECT_MARKERS = ("\x01ole", "\x03objinfo")

MAIL_HEADER = re.compile(
    rb"^(received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|"
    rb"x-[a-z0-9-]+|reply-to|cc|content-type|thread-topic|sender|in-reply-to|references)"
    rb":[ \t]",
    re.IGNORECASE,
)
MBOX_FROM_LINE = re.compile(rb"^From \S+.*\d{4}\s*$|^From \S+ +\S{3} \S{3}", re.MULTILINE)
EMLX_PREFIX = re.compile(rb"^\s*\d+\s*\n")
HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype html|html|head|body)\b", re.I | re.S)


@cache
def _magic() -> magic.Magic:
    return magic.Magic(mime=True)


def detect(path: Path) -> str:
    """The canonical MIME type of the file at `path`, from its content."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        return EMPTY
    mime = ALIASES.get(_magic().from_buffer(head), _magic().from_buffer(head))
    if mime == "application/zip" or head.startswith(b"PK\x03\x04"):
        return _zip_kind(path, mime)
    if head.startswith(olefile.MAGIC):
        return _ole_kind(path)
    if head.startswith(b"!BDN"):
        return "application/vnd.ms-outlook-pst"
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    if PKCS7_DER.match(head):
        return "application/pkcs7-mime"
    if mime == OCTET and _is_zip_volume(path):
        return "application/zip"
    if mime == OCTET and b"%PDF-" in head[:1024]:
        return "application/pdf"
    if mime == "application/xml":
        return _flat_odf_kind(head) or mime
    if mime.startswith("text/") or mime in ("message/rfc822", "application/javascript", OCTET):
        return _text_kind(head, mime)
    return mime


FLAT_ODF = re.compile(rb'office:mimetype="(application/vnd\.oasis\.opendocument\.spreadsheet)"')


def _flat_odf_kind(head: bytes) -> str | None:
    """A flat (single-XML) OpenDocument spreadsheet reads like its zipped sibling."""
    match = FLAT_ODF.search(head[:8192])
    return match.group(1).decode() if match else None


def _zip_kind(path: Path, mime: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared:
                    return declared
            for marker, kind in ZIP_CONTENT_MARKERS:
                if marker in names:
                    return kind
            if any(name.lower().endswith(".fdseq") for name in names):
                return "application/vnd.ms-xpsdocument"  # XPS writers name the sequence freely
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError):
        pass
    return "application/zip" if mime in (OCTET, "application/zip") else mime


def _ole_kind(path: Path) -> str:
    try:
        with olefile.OleFileIO(str(path)) as ole:
            streams = {"/".join(entry).lower() for entry in ole.listdir(streams=True)}
            top = {name.split("/")[0] for name in streams}
    except (OSError, ValueError, IndexError, TypeError):
        return "application/x-ole-storage"
    if any(name.startswith("__substg1.0_") for name in top):
        return "application/vnd.ms-outlook"
    if _is_ole_object(top):
        return "application/x-ole-object"
    for marker, kind in OLE_STREAM_MARKERS:
        if marker in top:
            return kind
    return "application/x-ole-storage"


def _is_ole_object(top: set[str]) -> bool:
    if any(name in top for name in OLE_OBJECT_PAYLOADS):
        return True
    return "contents" in top and any(name in top for name in OLE_OBJECT_MARKERS)


def _is_zip_volume(path: Path) -> bool:
    """The last part of a split ZIP (`x.z01`, `x.zip`): no local header at the start, but
    an end-of-central-directory record in its tail."""
    with open(path, "rb") as handle:
        handle.seek(max(path.stat().st_size - 66_000, 0))
        tail = handle.read()
    return b"PK\x05\x06" in tail


def _text_kind(head: bytes, mime: str) -> str:
    """Mail and HTML hide behind `text/plain`; plain text hides behind many `text/x-*`."""
    sample = head.lstrip(b"\xef\xbb\xbf")
    if sample.startswith(b"From ") and MBOX_FROM_LINE.match(sample):
        return "application/mbox"
    emlx = EMLX_PREFIX.match(sample)
    if emlx and _looks_like_mail(sample[emlx.end() :]):
        return "message/rfc822"
    if _looks_like_mail(sample):
        return "multipart/related" if _is_mhtml(sample) else "message/rfc822"
    if HTML_START.match(sample[:4096]) or mime == "text/html":
        return "text/html"
    if mime in ("text/csv", "text/rtf", "text/calendar", "text/vcard", "application/json"):
        return mime
    if mime in (OCTET, "application/javascript") and not _is_text(sample):
        return OCTET
    if _is_tab_separated(sample):
        return "text/csv"
    return "text/plain"


def _is_tab_separated(sample: bytes) -> bool:
    """Three or more lines, every one with the same (non-zero) number of tabs."""
    lines = [line for line in sample[:16384].splitlines()[:20] if line.strip()]
    if len(lines) < 3:
        return False
    counts = {line.count(b"\t") for line in lines[:-1]}  # the last line may be cut short
    return len(counts) == 1 and counts != {0}


def _looks_like_mail(sample: bytes) -> bool:
    """At least two header lines before the first blank line, the first line a header."""
    header_block = sample.split(b"\n\n", 1)[0].split(b"\r\n\r\n", 1)[0]
    lines = header_block.splitlines()[:60]
    if not lines or not MAIL_HEADER.match(lines[0]):
        return False
    return sum(1 for line in lines if MAIL_HEADER.match(line)) >= 2


def _is_mhtml(sample: bytes) -> bool:
    header_block = sample.split(b"\n\n", 1)[0].lower()
    return b"multipart/related" in header_block and b"\nmessage-id:" not in header_block


def _is_text(sample: bytes) -> bool:
    if not sample:
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in sample[:8192] if byte < 9 or 13 < byte < 32)
    return controls / min(len(sample), 8192) < 0.01
