"""HTML, XHTML and MHTML web archives: the visible text and the page's metadata.

Only what a reader sees is kept: no script, style, noscript, template, comments or markup.
Block elements end lines, table cells are separated by tabs, whitespace is collapsed as a
browser would (except inside <pre>/<textarea>). Nothing the page references is fetched:
lxml runs with no network, and images embedded as data: URIs become children.
"""

from __future__ import annotations

import base64
import binascii
import email
import email.policy
import re
from datetime import datetime
from email.header import decode_header, make_header
from email.message import Message
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import unquote, urlparse

from lxml import etree

from nutgraf.ingest.formats._mail_common import decoded_payload
from nutgraf.ingest.formats.base import Child, Extraction, Source
from nutgraf.ingest.formats.text import read_bounded
from nutgraf.ingest.textcodec import decode

MIME_TYPES: tuple[str, ...] = ("text/html", "application/xhtml+xml", "multipart/related")

_INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "head", "iframe", "object", "embed", "svg:style"}
)
_PARAGRAPH = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol", "dl"}
    | {"section", "article", "header", "footer", "aside", "nav", "main", "figure", "hr"}
    | {"address", "form", "fieldset", "details", "body"}
)
_LINE = frozenset(
    {"div", "li", "tr", "dt", "dd", "caption", "figcaption", "option", "legend", "summary"}
    | {"thead", "tbody", "tfoot", "center", "dialog", "menu", "dir", "title", "textarea"}
)
_CELL = frozenset({"td", "th"})
_PREFORMATTED = frozenset({"pre", "textarea", "listing", "plaintext", "xmp"})
_WHITESPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)", re.I)
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_SNIFF_BYTES = 64 * 1024  # a long Word-generated <head> can push the meta far in
_META_FIELDS = {
    "author": "author",
    "dc.creator": "author",
    "dcterms.creator": "author",
    "description": "description",
    "dc.description": "description",
    "keywords": "keywords",
    "generator": "producer",
    "dcterms.created": "created",
    "dc.date": "created",
    "date": "created",
    "article:published_time": "created",
    "dcterms.modified": "modified",
    "article:modified_time": "modified",
    "last-modified": "modified",
}
_DATE_FIELDS = frozenset({"created", "modified"})
_PAGE_RESOURCES = ("text/css", "text/javascript", "application/javascript", "application/x-js")
_DATA_URI = re.compile(r"^data:([\w.+-]+/[\w.+-]+)?((?:;[^;,]*)*?);base64,", re.I)


def extract(source: Source) -> Extraction:
    data = read_bounded(source)
    if source.mime == "multipart/related":
        return _extract_mhtml(data)
    root = _parse(decode_html(data))
    text, metadata = _text_and_metadata(root)
    return Extraction(text=text, metadata=metadata, children=_data_uri_children(root))


def html_to_text(html: str) -> tuple[str, dict[str, Any]]:
    """The visible text of an HTML document and its metadata (title, author, language…)."""
    return _text_and_metadata(_parse(html))


def decode_html(data: bytes, declared: str | None = None) -> str:
    """Decode HTML bytes: BOM, then the container's charset, then <meta charset>, then detection."""
    head = data[:_SNIFF_BYTES]
    found = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    in_page = found.group(1).decode("ascii") if found else None
    text, _ = decode(data, declared or in_page)
    return text


def _parse(html: str) -> etree._Element | None:
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    # lxml refuses str input that still declares an encoding: the text is decoded already.
    html = _XML_DECLARATION.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return etree.fromstring(html, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None


def _text_and_metadata(root: etree._Element | None) -> tuple[str, dict[str, Any]]:
    if root is None:
        return "", {}
    return _visible_text(root), _metadata(root)


def _local_name(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


class _TextBuilder:
    """Appends text runs and pending breaks, so breaks and spaces never pile up."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.pending_break = 0  # newlines owed before the next text
        self.pending_space = False
        self.pending_cell = False

    def add(self, text: str, preformatted: bool) -> None:
        if not text:
            return
        if preformatted:
            self._flush()
            self.parts.append(text)
            return
        collapsed = _WHITESPACE.sub(" ", text)
        if collapsed[0] == " ":
            self.pending_space = True
        stripped = collapsed.strip()
        if stripped:
            self._flush()
            self.parts.append(stripped)
            self.pending_space = collapsed[-1] == " "

    def line_break(self, count: int) -> None:
        self.pending_break = max(self.pending_break, count)
        self.pending_space = self.pending_cell = False

    def br(self) -> None:
        self.pending_break = min(self.pending_break + 1, 2)
        self.pending_space = self.pending_cell = False

    def cell(self) -> None:
        self.pending_cell = self.pending_break == 0

    def _flush(self) -> None:
        if self.parts:
            if self.pending_break:
                self.parts.append("\n" * self.pending_break)
            elif self.pending_cell:
                self.parts.append("\t")
            elif self.pending_space:
                self.parts.append(" ")
        self.pending_break = 0
        self.pending_space = self.pending_cell = False

    def text(self) -> str:
        return "".join(self.parts).strip()


def _visible_text(root: etree._Element) -> str:
    builder = _TextBuilder()
    preformatted = 0
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        name = _local_name(element)
        if event == "start":
            if name in _INVISIBLE or not name:
                walker.skip_subtree()
                continue
            _open(builder, name)
            preformatted += name in _PREFORMATTED
            builder.add(element.text or "", preformatted > 0)
        else:
            if name and name not in _INVISIBLE:
                preformatted -= name in _PREFORMATTED
                _close(builder, name)
            builder.add(element.tail or "", preformatted > 0)
    return builder.text()


def _open(builder: _TextBuilder, name: str) -> None:
    if name in _PARAGRAPH:
        builder.line_break(2)
    elif name in _LINE:
        builder.line_break(1)
    elif name in _CELL:
        builder.cell()
    elif name == "br":
        builder.br()


def _close(builder: _TextBuilder, name: str) -> None:
    if name in _PARAGRAPH:
        builder.line_break(2)
    elif name in _LINE:
        builder.line_break(1)
    elif name in _CELL:
        builder.cell()


def _metadata(root: etree._Element) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    titles = root.xpath("//*[local-name()='head']/*[local-name()='title']") or root.xpath(
        "//*[local-name()='title']"
    )
    if titles:
        title = _WHITESPACE.sub(" ", titles[0].xpath("string()")).strip()
        if title:
            metadata["title"] = title
    for meta in root.iter("{*}meta"):
        _read_meta(meta, metadata)
    language = root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    language = language or metadata.pop("_content_language", None)
    metadata.pop("_content_language", None)
    if language and language.strip():
        metadata["language"] = language.strip()
    return metadata


def _read_meta(meta: etree._Element, metadata: dict[str, Any]) -> None:
    content = _WHITESPACE.sub(" ", meta.get("content") or "").strip()
    if not content:
        return
    if (meta.get("http-equiv") or "").lower() == "content-language":
        metadata.setdefault("_content_language", content.split(",")[0].strip())
        return
    key = _META_FIELDS.get((meta.get("name") or meta.get("property") or "").strip().lower())
    if key is None or key in metadata:
        return
    if key in _DATE_FIELDS:
        content = _iso_date(content)
    if content:
        metadata[key] = content


def _iso_date(value: str) -> str:
    """The date as ISO 8601, or "" when it is not one (free-form dates are not guessed)."""
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return ""


def _data_uri_children(root: etree._Element | None) -> list[Child]:
    """Files embedded in the page as base64 data: URIs (images mostly), for OCR and search."""
    if root is None:
        return []
    children: list[Child] = []
    for element in root.iter("{*}img", "{*}source", "{*}embed", "{*}object", "{*}a"):
        uri = element.get("src") or element.get("data") or element.get("href") or ""
        match = _DATA_URI.match(uri)
        if not match:
            continue
        try:
            payload = base64.b64decode(uri[match.end() :], validate=False)
        except (binascii.Error, ValueError):
            continue
        if payload:
            mime = (match.group(1) or "application/octet-stream").lower()
            name = f"embedded-{len(children) + 1}.{mime.rsplit('/', 1)[-1]}"
            children.append(Child(name=name, data=payload))
    return children


def _extract_mhtml(data: bytes) -> Extraction:
    """A saved web page: the HTML part(s) give the text, other files become children."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    texts: list[str] = []
    metadata: dict[str, Any] = {}
    children: list[Child] = []
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        payload = decoded_payload(part)
        if content_type in ("text/html", "application/xhtml+xml"):
            root = _parse(decode_html(payload, part.get_content_charset()))
            text, page_metadata = _text_and_metadata(root)
            texts.append(text)
            for key, value in page_metadata.items():
                metadata.setdefault(key, value)
            children.extend(_data_uri_children(root))
        elif content_type == "text/plain" and not part.get_filename():
            texts.append(decode(payload, part.get_content_charset())[0].strip())
        elif content_type not in _PAGE_RESOURCES and payload:
            children.append(Child(name=_part_name(part, len(children) + 1), data=payload))
    if "title" not in metadata and message["Subject"]:
        metadata["title"] = _header_text(message["Subject"])
    return Extraction(text="\n\n".join(t for t in texts if t), metadata=metadata, children=children)


def _part_name(part: Message, number: int) -> str:
    filename = part.get_filename()
    if filename:
        return _header_text(filename)
    location = part.get("Content-Location") or ""
    name = PurePosixPath(unquote(urlparse(location).path)).name if location else ""
    return name or f"part-{number}"


def _header_text(value: str) -> str:
    try:
        return str(make_header(decode_header(value))).strip()
    except (UnicodeDecodeError, LookupError, ValueError):
        return value.strip()
