"""Plain text, JSON and XML: decode the bytes; for XML keep only the elements' text.

XML is parsed with lxml configured so that nothing is ever expanded or fetched: no entity
substitution (billion laughs, external entities to local files), no DTD loading, no network.
Malformed XML falls back to the decoded file as written, so nothing is lost.
"""

from __future__ import annotations

import re

from lxml import etree

from nutgraf.errors import TooLarge
from nutgraf.ingest.formats._safety import safe_xml_parser
from nutgraf.ingest.formats.base import Extraction, Source
from nutgraf.ingest.textcodec import decode

XML_TYPES = ("application/xml", "image/svg+xml")  # an SVG's <text> is what a reader sees
MIME_TYPES: tuple[str, ...] = ("text/plain", "application/json", *XML_TYPES)

_MAX_BYTES_PER_CHAR = 4  # UTF-32 is the widest encoding a text file can use
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_XML_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']")
_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+")
_SPACES = re.compile(r"[ \t\f\v\r]+")


def extract(source: Source) -> Extraction:
    data = read_bounded(source)
    if source.mime in XML_TYPES:
        return _extract_xml(data)
    text, encoding = decode(data)
    return Extraction(text=text, metadata={"encoding": encoding})


def read_bounded(source: Source) -> bytes:
    """The file's bytes, refusing files whose text could not fit the text limit."""
    limit = source.limits.max_text_chars
    size = source.path.stat().st_size
    if size > limit * _MAX_BYTES_PER_CHAR:
        raise TooLarge(f"text file of {size} bytes exceeds the {limit} character limit")
    return source.path.read_bytes()


def _extract_xml(data: bytes) -> Extraction:
    declared = _XML_ENCODING.match(data[:512])
    raw, encoding = decode(data, declared.group(1).decode("ascii") if declared else None)
    metadata: dict[str, str] = {"encoding": encoding}
    root = _parse_xml(raw)
    if root is None:
        return Extraction(text=raw, metadata=metadata)
    return Extraction(text=xml_text(root), metadata=metadata)


def _parse_xml(text: str) -> etree._Element | None:
    parser = safe_xml_parser()
    # lxml refuses str input that still carries an encoding declaration: it is decoded already.
    try:
        return etree.fromstring(_XML_DECLARATION.sub("", text, count=1), parser)
    except (etree.XMLSyntaxError, ValueError):
        return None


def xml_text(root: etree._Element) -> str:
    """The text content of every element, in document order.

    In data-like XML (`<name>Ann</name><age>30</age>`) each element's text gets its own
    line; in mixed content (`<p>Hello <b>world</b>!</p>`) inline elements stay inline.
    Entity references are left out: they are never expanded.
    """
    pieces: list[str] = []
    mixed_parents: dict[etree._Element, bool] = {}
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if not isinstance(element.tag, str):  # entity reference (comments/PIs are removed)
            if event == "end" and element.tail:
                pieces.append(element.tail)
            continue
        parent = element.getparent()
        if parent not in mixed_parents:
            mixed_parents[parent] = _is_mixed(parent)
        mixed = mixed_parents[parent]
        if event == "start":
            if not mixed:
                pieces.append("\n")
            if element.text:
                pieces.append(element.text)
        else:
            if not mixed:
                pieces.append("\n")
            if element.tail:
                pieces.append(element.tail)
    return _tidy("".join(pieces))


def _is_mixed(parent: etree._Element | None) -> bool:
    """True when the parent interleaves real text with its child elements."""
    if parent is None:
        return False
    if parent.text and parent.text.strip():
        return True
    return any(child.tail and child.tail.strip() for child in parent)


def _tidy(text: str) -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n", "\n".join(lines)).strip()
