"""What text-like bytes are, when libmagic's first answer is too weak to trust.

libmagic types files by a fixed list of first lines: a mail whose first header is
`DKIM-Signature`, or whose `From:` is folded onto the next line, is `text/plain` to it; a
README may be `HPGL`; UTF-16 without a byte-order mark is `data`. These functions read the
bytes themselves: an RFC 5322 header block by its grammar, HTML by its first element, a CSV by
the shape of its rows, netpbm and bare BIFF by their headers (UTF-16 without a BOM is
`textcodec.wide_encoding`).
"""

from __future__ import annotations

import csv
import io
import re
import statistics

# RFC 5322 §2.2: a field name is printable US-ASCII except the colon, then a colon.
_FIELD = re.compile(rb"^[\x21-\x39\x3b-\x7e]{1,76}:")
# Field names seen at the top of real mail and news, in any order (lower-case).
MAIL_FIELDS = frozenset(
    b"""from to cc bcc subject date message-id received return-path mime-version
    content-type content-transfer-encoding dkim-signature domainkey-signature arc-seal
    arc-message-signature arc-authentication-results authentication-results received-spf
    delivered-to envelope-to reply-to sender in-reply-to references thread-topic
    thread-index x-mailer x-originating-ip x-ms-exchange-organization-authas newsgroups path
    x-store-info list-id list-unsubscribe precedence importance x-priority organization
    x-original-to x-received x-google-smtp-source x-gm-message-state feedback-id
    x-mimeole x-ms-has-attach x-ms-tnef-correlator x-envelope-from nntp-posting-host
    lines followup-to xref user-agent""".split()
)
# ... of which at least one must be present: these rarely head anything but a message.
_MAIL_ONLY = frozenset(
    b"""from to cc message-id received return-path mime-version dkim-signature arc-seal
    authentication-results received-spf delivered-to in-reply-to references newsgroups
    x-mailer thread-index x-original-to domainkey-signature envelope-to""".split()
)


def looks_like_mail(sample: bytes) -> bool:
    """A header block by RFC 5322's grammar with two or more mail fields, one mail-only.

    Every line up to the first blank line is a `name:` field or a folded continuation
    (leading white space); the first line must be a field. The field names themselves may
    be anything (DKIM-Signature, ARC-Seal, X-anything): the block's shape and the presence
    of known mail fields decide, not a fixed first line.
    """
    lines = _header_lines(sample)
    if not lines or not _FIELD.match(lines[0]):
        return False
    names = set()
    for line in lines:
        if line[:1] in (b" ", b"\t"):
            continue
        if not _FIELD.match(line):
            return False
        names.add(line.split(b":", 1)[0].lower())
    known = names & MAIL_FIELDS
    return len(known) >= 2 and bool(known & _MAIL_ONLY)


def _header_lines(sample: bytes) -> list[bytes]:
    block = re.split(rb"\r?\n[ \t]*\r?\n", sample, maxsplit=1)[0]
    lines = block.splitlines()
    if len(lines) > 400 and len(block) == len(sample):
        lines = lines[:400]  # a huge block cut by the sample: judge what we have
    elif len(block) == len(sample) and len(sample) >= 4096:
        lines = lines[:-1]  # the last line may be cut short
    return lines


_HTML_TAGS = (
    rb"!doctype html|html|head|body|script|style|meta|title|link|base|noscript|div|table|"
    rb"center|font|form|iframe|frameset|h[1-6]|p|br|hr|span|a|img|ul|ol|pre|b|i|u|section|"
    rb"article|header|nav|main"
)
HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*\?>\s*)?(<!--.*?-->\s*)*<(" + _HTML_TAGS + rb")[\s>/]", re.I | re.S
)
_XHTML_ROOT = re.compile(rb"<!doctype\s+html|<html[\s>]", re.I)


def looks_like_html(sample: bytes) -> bool:
    """Starts with an HTML element (after an optional XML declaration and comments), or
    is XML whose document type or root element is HTML (XHTML)."""
    head = sample[:4096]
    if HTML_START.match(head):
        return True
    return head.lstrip().startswith(b"<?xml") and bool(_XHTML_ROOT.search(head))


_DELIMITERS = (b"\t", b",", b";", b"|")


def looks_tabular(sample: bytes) -> bool:
    """Rows of one shape: every line (but a cut last one) has the same number of fields,
    at least 3 fields on 3 rows (4 rows unless tab-separated) or 2 fields on 5 rows, and
    fields short like cells, not prose. Quoted delimiters are parsed as CSV does."""
    text = sample[:16384].decode("utf-8", "replace")
    lines = [line for line in text.splitlines() if line.strip()][:30]
    if len(sample) > 16384 and len(lines) > 1:
        lines = lines[:-1]
    if len(lines) < 3:
        return False
    return any(_one_shape(lines, delimiter.decode()) for delimiter in _DELIMITERS)


def _one_shape(lines: list[str], delimiter: str) -> bool:
    if not any(delimiter in line for line in lines):
        return False
    try:
        rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    except csv.Error:
        return False
    widths = {len(row) for row in rows}
    if len(widths) != 1:
        return False
    width = widths.pop()
    if width < 2 or (width == 2 and len(rows) < 5):
        return False
    if delimiter != "\t" and len(rows) < 4:
        return False
    cells = [cell.strip() for row in rows for cell in row]
    wordy = sum(1 for cell in cells if len(cell.split()) >= 4)  # prose, not cells
    return statistics.median(map(len, cells)) <= 40 and wordy * 2 < len(cells)


def looks_like_prose(sample: bytes) -> bool:
    """Sentences that happen to hold commas (libmagic may call them CSV): every comma is
    followed by a space, as in writing, and lines are long runs of words, not cells."""
    text = sample[:16384].decode("utf-8", "replace")
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    commas = sum(line.count(",") for line in lines)
    if not lines or not commas or sum(line.count(", ") for line in lines) < 0.9 * commas:
        return False
    words = [len(line.split()) for line in lines]
    cells = [len(cell.split()) for line in lines for cell in line.split(",")]
    return statistics.mean(words) >= 8 and statistics.median(cells) >= 2


# Netpbm: P1..P7, white space, optional comments, then width and height.
_NETPBM = re.compile(rb"\AP([1-7])\s+(?:#[^\n]*\n\s*)*\d+\s+\d+")
_NETPBM_TYPES = {
    b"1": "image/x-portable-bitmap",
    b"4": "image/x-portable-bitmap",
    b"2": "image/x-portable-graymap",
    b"5": "image/x-portable-graymap",
    b"3": "image/x-portable-pixmap",
    b"6": "image/x-portable-pixmap",
}
# A BIFF2-5 worksheet not wrapped in OLE2 (Excel 2.x-5 saved a bare stream): a BOF record.
_BARE_BIFF = re.compile(
    rb"\A(\x09\x00\x04\x00|\x09\x02\x06\x00|\x09\x04\x06\x00|\x09\x08[\x08\x10]\x00)"
)


def binary_kind(head: bytes) -> str | None:
    """Image and sheet formats libmagic may miss, by their headers."""
    netpbm = _NETPBM.match(head)
    if netpbm and netpbm.group(1) in _NETPBM_TYPES:
        return _NETPBM_TYPES[netpbm.group(1)]
    if _BARE_BIFF.match(head):
        return "application/vnd.ms-excel"
    return None


def is_text(sample: bytes) -> bool:
    """Few control characters: text in some 8-bit or UTF-8 encoding (or with a BOM)."""
    if not sample:
        return False
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    controls = sum(1 for byte in sample[:8192] if byte < 9 or 13 < byte < 32)
    return controls / min(len(sample), 8192) < 0.01


BASE64_TEXT = "application/x-base64"
_BASE64_LINE = re.compile(rb"^[A-Za-z0-9+/]+={0,2}$")


def looks_like_base64(sample: bytes) -> bool:
    """Nothing but base64 in lines of one length (an Apple Mail `.emlxpart`, a MIME part
    saved alone): eight lines or more, as an encoder wraps them; prose never looks so."""
    lines = sample[:65536].split(b"\n")
    lines = [line.rstrip(b"\r") for line in lines]
    while lines and not lines[-1]:
        lines.pop()
    if len(sample) > 65536 and lines:
        lines.pop()  # cut short by the sample
    if len(lines) < 8 or not all(_BASE64_LINE.match(line) for line in lines):
        return False
    widths = {len(line) for line in lines[:-1]}
    return len(widths) == 1 and widths.pop() >= 40 and len(lines[-1]) <= len(lines[0])
