"""EPUB e-books: the XHTML documents of the spine, in reading order, reduced to text.

META-INF/container.xml names the package document (OPF), whose metadata gives title,
author, date and language, whose manifest maps ids to files and whose spine orders them.
Nothing referenced by a chapter (images, style sheets, remote resources) is ever loaded.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import Any
from urllib.parse import unquote

import lxml.html
from lxml import etree

from nutgraf.errors import Corrupt, Encrypted
from nutgraf.ingest.formats._office_zip import (
    TextBuilder,
    clean_lines,
    local,
    open_package,
    read_member,
    read_xml,
)
from nutgraf.ingest.formats.base import Extraction, Source

_SPACES = re.compile(r"[^\S\t]+")  # collapse white space, keep the tabs between cells
_HTML_PARSER = lxml.html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
_SKIP_TAGS = {"script", "style", "head", "title", "template", "noscript", "svg", "math"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "aside", "header", "footer", "nav", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "pre", "table",
    "figure", "figcaption", "hr", "address", "body", "main",
}  # fmt: skip
_METADATA = {
    "title": "title",
    "creator": "author",
    "date": "created",
    "language": "language",
    "publisher": "publisher",
    "description": "description",
    "subject": "subject",
    "identifier": "identifier",
}


def extract_epub(source: Source) -> Extraction:
    with open_package(source.path, source.limits, "EPUB book") as archive:
        opf_path = _package_document(archive)
        opf = read_xml(archive, opf_path)
        if opf is None:
            raise Corrupt(f"corrupt: EPUB package document {opf_path} is unreadable")
        chapters = _spine(opf, posixpath.dirname(opf_path))
        _refuse_encrypted(archive, set(chapters))
        builder = TextBuilder()
        for chapter in chapters:
            builder.add_block(_chapter_text(read_member(archive, chapter)))
        metadata = _metadata(opf)
    return Extraction(text=builder.text(), metadata=metadata)


def _package_document(archive: zipfile.ZipFile) -> str:
    container = read_xml(archive, "META-INF/container.xml")
    if container is not None:
        for element in container.iter():
            if local(element) == "rootfile" and element.get("full-path"):
                return element.get("full-path", "")
    candidates = [name for name in archive.namelist() if name.endswith(".opf")]
    if not candidates:
        raise Corrupt("corrupt: EPUB has no package document (.opf)")
    return candidates[0]


def _spine(opf: etree._Element, folder: str) -> list[str]:
    """Zip member names of the spine's documents, in reading order."""
    manifest: dict[str, str] = {}
    for element in opf.iter():
        if local(element) == "item" and element.get("id") and element.get("href"):
            href = unquote(element.get("href", "").split("#", 1)[0])
            manifest[element.get("id", "")] = posixpath.normpath(posixpath.join(folder, href))
    order = []
    for element in opf.iter():
        if local(element) == "itemref" and element.get("idref") in manifest:
            path = manifest[element.get("idref", "")]
            if path not in order:
                order.append(path)
    return order


def _refuse_encrypted(archive: zipfile.ZipFile, chapters: set[str]) -> None:
    """DRM encrypts chapters; font obfuscation (also listed in encryption.xml) does not."""
    encryption = read_xml(archive, "META-INF/encryption.xml")
    if encryption is None:
        return
    for element in encryption.iter():
        if local(element) == "CipherReference" and unquote(element.get("URI", "")) in chapters:
            raise Encrypted("encrypted: EPUB chapters are DRM-protected")


def _chapter_text(data: bytes | None) -> str:
    if not data or not data.strip():
        return ""
    try:
        root = lxml.html.document_fromstring(data, parser=_HTML_PARSER)
    except (etree.ParserError, ValueError):
        return ""
    lines: list[str] = []
    current: list[str] = []
    _walk(root, lines, current)
    lines.append("".join(current))
    return clean_lines([_SPACES.sub(" ", line).strip(" ") for line in lines])


def _walk(element: etree._Element, lines: list[str], current: list[str]) -> None:
    """Inline text joins the current line; block elements and <br> start new lines."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    tag = tag.rsplit("}", 1)[-1]
    if tag in _SKIP_TAGS:
        return
    block = tag in _BLOCK_TAGS or tag in ("tr", "br")
    if block:
        _break(lines, current)
    if element.text and tag != "br":
        current.append(element.text)
    for child in element:
        _walk(child, lines, current)
        if tag == "tr":
            current.append("\t")
        if child.tail:
            current.append(child.tail)
    if block:
        _break(lines, current)


def _break(lines: list[str], current: list[str]) -> None:
    if current:
        lines.append("".join(current))
        current.clear()


def _metadata(opf: etree._Element) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    for element in opf.iter():
        key = _METADATA.get(local(element))
        if key and key not in metadata and _ns(element) == "dc":
            value = " ".join("".join(element.itertext()).split())
            if value:
                metadata[key] = value
        elif local(element) == "meta" and element.get("property") == "dcterms:modified":
            metadata.setdefault("modified", (element.text or "").strip())
    return metadata


def _ns(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return "dc" if tag.startswith("{http://purl.org/dc/elements/1.1/}") else ""
