"""OpenDocument text and presentations (odt, odp), read as XML from the package.

content.xml holds the body (for presentations one draw:page per slide, with its speaker
notes), styles.xml the page headers and footers, meta.xml the metadata. A package whose
manifest carries encryption-data is password-protected.
"""

from __future__ import annotations

import zipfile
from typing import Any

from lxml import etree

from nutgraf.errors import Corrupt, Encrypted
from nutgraf.ingest.formats._office_zip import (
    TextBuilder,
    child_text,
    clean_lines,
    local,
    open_package,
    read_member,
    read_xml,
)
from nutgraf.ingest.formats.base import Child, Extraction, Source

_BLOCKS = {"p", "h"}
# Not visible text: deleted revisions, the note's citation mark, annotation bylines,
# sequence/variable declarations.
_SKIP = {"tracked-changes", "note-citation", "creator", "date", "sequence-decls", "variable-decls"}


def extract_odf(source: Source) -> Extraction:
    with open_package(source.path, source.limits, "OpenDocument file") as archive:
        _refuse_encrypted(archive)
        content = read_xml(archive, "content.xml")
        if content is None:
            raise Corrupt("corrupt: OpenDocument package has no readable content.xml")
        builder = TextBuilder()
        pages = [e for e in content.iter() if local(e) == "page" and _ns(e) == _DRAW_NS]
        if pages:
            for page in pages:
                builder.start_page()
                builder.add_to_page(_text(page))
        else:
            body = next((e for e in content.iter() if local(e) == "body"), content)
            builder.add_block(_text(body))
            builder.add_block(_master_page_text(read_xml(archive, "styles.xml")))
        metadata = _metadata(read_xml(archive, "meta.xml"))
        if pages:
            metadata["page_count"] = len(pages)
        children = _embedded(archive)
    return Extraction(
        text=builder.text(), metadata=metadata, children=children, pages=builder.pages
    )


def _refuse_encrypted(archive: zipfile.ZipFile) -> None:
    manifest = read_xml(archive, "META-INF/manifest.xml")
    if manifest is not None and any(local(e) == "encryption-data" for e in manifest.iter()):
        raise Encrypted("encrypted: password-protected OpenDocument file")


_DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def _ns(element: etree._Element) -> str:
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _text(element: etree._Element) -> str:
    lines: list[str] = []
    _blocks(element, lines)
    return clean_lines(lines)


def _blocks(element: etree._Element, lines: list[str]) -> None:
    for child in element:
        name = local(child)
        if name in _SKIP:
            continue
        if name in _BLOCKS:
            _paragraph(child, lines)
        elif name == "table" and _ns(child) == _TABLE_NS:
            _table(child, lines)
        else:
            _blocks(child, lines)


def _paragraph(paragraph: etree._Element, lines: list[str]) -> None:
    parts: list[str] = []
    nested: list[str] = []  # notes, annotations and frames anchored in the paragraph
    if paragraph.text:
        parts.append(paragraph.text)
    for child in paragraph:
        _inline(child, parts, nested)
        if child.tail:
            parts.append(child.tail)
    lines.extend("".join(parts).split("\n"))
    lines.extend(nested)


def _inline(element: etree._Element, parts: list[str], nested: list[str]) -> None:
    name = local(element)
    if name in _SKIP:
        return
    if name == "s":
        parts.append(" " * int(element.get(_attr(element, "c"), "1") or 1))
    elif name == "tab":
        parts.append("\t")
    elif name == "line-break":
        parts.append("\n")
    elif name in ("note", "annotation", "frame", "text-box"):
        _blocks(element, nested)
    else:
        if element.text:
            parts.append(element.text)
        for child in element:
            _inline(child, parts, nested)
            if child.tail:
                parts.append(child.tail)


def _attr(element: etree._Element, name: str) -> str:
    for key in element.attrib:
        if key.rsplit("}", 1)[-1] == name:
            return key
    return name


def _table(table: etree._Element, lines: list[str]) -> None:
    """One line per row, cells separated by tabs."""
    for row in table.iter():
        if local(row) != "table-row" or next(_tables_above(row)) is not table:
            continue
        cells = []
        for cell in row:
            if local(cell) in ("table-cell", "covered-table-cell"):
                cell_lines: list[str] = []
                _blocks(cell, cell_lines)
                cells.append(" ".join(line.strip() for line in cell_lines if line.strip()))
        lines.append("\t".join(cells).rstrip("\t"))


def _tables_above(element: etree._Element):
    return (a for a in element.iterancestors() if local(a) == "table" and _ns(a) == _TABLE_NS)


def _master_page_text(styles: etree._Element | None) -> str:
    """Headers and footers of the master pages (styles.xml)."""
    if styles is None:
        return ""
    lines: list[str] = []
    for element in styles.iter():
        if local(element) in ("header", "footer", "header-left", "footer-left"):
            _blocks(element, lines)
    return clean_lines(lines)


_META_FIELDS = {
    "title": "title",
    "initial-creator": "author",
    "creator": "last_modified_by",
    "creation-date": "created",
    "date": "modified",
    "generator": "producer",
    "language": "language",
    "subject": "subject",
    "description": "description",
    "keyword": "keywords",
}


def _metadata(meta: etree._Element | None) -> dict[str, Any]:
    metadata: dict[str, Any] = {}
    for field, key in _META_FIELDS.items():
        value = child_text(meta, field)
        if value:
            metadata[key] = value
    if meta is not None:
        for element in meta.iter():
            if local(element) == "document-statistic":
                pages = element.get(_attr(element, "page-count"), "")
                if pages.isdigit():
                    metadata["page_count"] = int(pages)
    return metadata


def _embedded(archive: zipfile.ZipFile) -> list[Child]:
    """OLE objects stored whole at the top of the package ('Object 2', '*.bin').

    'Object n/' folders are sub-documents (charts, formulas) whose text is of little use
    apart; they are left out.
    """
    children = []
    for info in archive.infolist():
        name = info.filename
        if "/" in name.rstrip("/") or info.is_dir():
            continue
        if name.startswith("Object ") or name.lower().endswith(".bin"):
            children.append(Child(name=name, data=read_member(archive, name) or b""))
    return children
