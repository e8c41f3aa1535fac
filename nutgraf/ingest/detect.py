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

from nutgraf.ingest import sniff, textcodec

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

# An mbox separator line: `From ` + sender (or `-`, as Thunderbird writes) + a date.
MBOX_FROM_LINE = re.compile(rb"^From \S+.*\d{4}\s*$|^From \S+ +\S{3} \S{3}", re.MULTILINE)
EMLX_PREFIX = re.compile(rb"^\s*\d+\s*\n")
# libmagic's answers that say "some bytes" rather than "this format": worth a second look.
WEAK_GUESSES = frozenset(
    {
        OCTET,
        "application/vnd.hp-hpgl",
        "application/x-dbt",
        "text/x-bcpl",
        "application/x-setupscript",
    }
)


# Text that is code for a machine, not prose: read as text it would fill the index with noise.
PROGRAM_TEXT = frozenset(
    {"application/postscript", "application/pgp-keys", "application/x-pem-file"}
)
PGP_ENCRYPTED = ("application/pgp-encrypted", "application/pgp")
_PGP_DESCRIPTION = re.compile(r"\b(PGP|GPG)\b.*\bencrypted\b", re.I)


def _is_binary_pgp(head: bytes) -> bool:
    """An OpenPGP packet stream opening with an encrypted session key (libmagic's
    description names it; its MIME answer is only `application/octet-stream`)."""
    return bool(_PGP_DESCRIPTION.search(_describe().from_buffer(head[:4096])))


@cache
def _describe() -> magic.Magic:
    return magic.Magic(mime=False)


@cache
def _magic() -> magic.Magic:
    return magic.Magic(mime=True)


def detect(path: Path) -> str:
    """The canonical MIME type of the file at `path`, from its content."""
    with open(path, "rb") as handle:
        head = handle.read(HEAD_BYTES)
    if not head:
        return EMPTY
    guess = _magic().from_buffer(head).lower()  # MIME types are case-insensitive
    mime = ALIASES.get(guess, guess)
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
    if mime in WEAK_GUESSES or mime.startswith("image/x-portable"):
        found = sniff.binary_kind(head)
        if found:
            return found
    if mime == OCTET and _is_zip_volume(path):
        return "application/zip"
    if mime == OCTET and b"%PDF-" in head[:1024]:
        return "application/pdf"
    if mime == "application/xml":
        return _flat_odf_kind(head) or ("text/html" if sniff.looks_like_html(head) else mime)
    if mime.startswith("text/") or mime in ("message/rfc822", "application/javascript"):
        return _text_kind(head, mime)
    if mime in WEAK_GUESSES or not _has_reader(mime):
        return _unknown_kind(head, mime)
    return mime


def _has_reader(mime: str) -> bool:
    from nutgraf.ingest.formats import table  # format modules import this one

    return mime in table()


def _unknown_kind(head: bytes, mime: str) -> str:
    """A type no reader knows (or libmagic's `data`) that is text after all: UTF-16 with
    no byte-order mark, or 8-bit text libmagic took for a plotter file. Else as it was."""
    if mime in PGP_ENCRYPTED or _is_binary_pgp(head):
        return PGP_ENCRYPTED[0]
    if mime in PROGRAM_TEXT:
        return mime
    if sniff.looks_like_html(head):  # HTML in an encoding libmagic cannot read (EBCDIC…)
        return "text/html"
    if textcodec.wide_encoding(head):
        return "text/plain"
    if sniff.is_text(head):
        return _text_kind(head, "text/plain")
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
    if emlx and sniff.looks_like_mail(sample[emlx.end() :]):
        return "message/rfc822"
    if sniff.looks_like_mail(sample):
        return "multipart/related" if _is_mhtml(sample) else "message/rfc822"
    if mime == "text/html" or sniff.looks_like_html(sample):
        return "text/html"
    if mime == "text/csv" and sniff.looks_like_prose(sample):
        return "text/plain"
    if mime in ("text/csv", "text/rtf", "text/calendar", "text/vcard", "application/json"):
        return mime
    if mime == "application/javascript" and not sniff.is_text(sample):
        return OCTET
    if sniff.looks_like_base64(sample):
        return sniff.BASE64_TEXT
    if sniff.looks_tabular(sample):
        return "text/csv"
    if sniff.binary_kind(sample):  # an ASCII netpbm image (P1/P2/P3) reads as text
        return sniff.binary_kind(sample) or "text/plain"
    return "text/plain"


def _is_mhtml(sample: bytes) -> bool:
    header_block = sample.split(b"\n\n", 1)[0].lower()
    return b"multipart/related" in header_block and b"\nmessage-id:" not in header_block
