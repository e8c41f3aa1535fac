"""Word (docx/docm/dotx) and PowerPoint (pptx/pptm/ppsx) packages read as XML.

The XML is walked directly rather than through python-docx/python-pptx because those
libraries do not reach text boxes, footnotes, endnotes, comments or notes in document order,
and because one walker then serves both formats.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from typing import Any

from lxml import etree

from nutgraf.errors import Corrupt
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

_REL_OFFICE_DOCUMENT = "/officeDocument"
# Subtrees whose text is not the document's visible text (field codes, deleted revisions,
# the VML duplicate of a DrawingML text box, properties).
_SKIP = {"Fallback", "instrText", "delText", "rPr", "pPr", "sectPr", "tblPr", "trPr", "tcPr"}
_CONTAINERS = {"p", "tbl", "txbxContent"}


def extract_docx(source: Source) -> Extraction:
    with open_package(source.path, source.limits, "Word document") as archive:
        main = _main_part(archive, default="word/document.xml")
        root = read_xml(archive, main)
        if root is None:
            raise Corrupt(f"corrupt: Word package has no readable {main}")
        builder = TextBuilder()
        builder.add_block(_story_text(root))
        for name in _parts_like(archive, r"word/header\d*\.xml"):
            builder.add_block(_story_text(read_xml(archive, name)))
        for name in _parts_like(archive, r"word/footer\d*\.xml"):
            builder.add_block(_story_text(read_xml(archive, name)))
        for part, tag in (("footnotes", "footnote"), ("endnotes", "endnote")):
            builder.add_block(_notes_text(read_xml(archive, f"word/{part}.xml"), tag))
        builder.add_block(_comments_text(read_xml(archive, "word/comments.xml")))
        metadata = core_metadata(archive)
        children = embedded_children(archive, "word/embeddings/")
        # altChunk: whole HTML/MHT/RTF documents imported into the body, read as children
        for chunk in _related(archive, main, "/aFChunk"):
            children.append(Child(name=chunk, data=read_member(archive, chunk) or b""))
    return Extraction(text=builder.text(), metadata=metadata, children=children)


def extract_pptx(source: Source) -> Extraction:
    with open_package(source.path, source.limits, "PowerPoint presentation") as archive:
        main = _main_part(archive, default="ppt/presentation.xml")
        presentation = read_xml(archive, main)
        if presentation is None:
            raise Corrupt(f"corrupt: PowerPoint package has no readable {main}")
        builder = TextBuilder()
        for slide in _slide_parts(archive, main, presentation):
            builder.start_page()
            builder.add_to_page(_story_text(read_xml(archive, slide)))
            for notes in _related(archive, slide, "/notesSlide"):
                builder.add_to_page(_notes_slide_text(read_xml(archive, notes)))
            for comments in _related(archive, slide, "/comments"):
                builder.add_to_page(_story_text(read_xml(archive, comments)))
        metadata = core_metadata(archive)
        metadata["page_count"] = len(builder.pages)
        children = embedded_children(archive, "ppt/embeddings/")
    return Extraction(
        text=builder.text(), metadata=metadata, children=children, pages=builder.pages
    )


# -- text of a story (document body, header, slide, text box) ---------------------------------


def _story_text(root: etree._Element | None) -> str:
    if root is None:
        return ""
    lines: list[str] = []
    _blocks(root, lines)
    return clean_lines(lines)


def _blocks(element: etree._Element, lines: list[str]) -> None:
    """Append the lines of every paragraph and table under `element`, in document order."""
    for child in element:
        name = local(child)
        if name in _SKIP:
            continue
        if name == "p":
            _paragraph(child, lines)
        elif name == "tbl":
            _table(child, lines)
        else:
            _blocks(child, lines)


def _paragraph(paragraph: etree._Element, lines: list[str]) -> None:
    parts: list[str] = []
    nested: list[str] = []  # text boxes anchored in this paragraph come after it
    _inline(paragraph, parts, nested)
    lines.extend("".join(parts).split("\n"))
    lines.extend(nested)


def _inline(element: etree._Element, parts: list[str], nested: list[str]) -> None:
    for child in element:
        name = local(child)
        if name in _SKIP:
            continue
        if name == "t":
            # an unresolved entity (never expanded: XXE) is a node; the text after it is its tail
            parts.append((child.text or "") + "".join(node.tail or "" for node in child))
        elif name == "tab":
            parts.append("\t")
        elif name in ("br", "cr"):
            parts.append("\n")
        elif name == "noBreakHyphen":
            parts.append("-")
        elif name in _CONTAINERS:
            _blocks_of_container(child, nested)
        else:
            _inline(child, parts, nested)


def _blocks_of_container(element: etree._Element, lines: list[str]) -> None:
    if local(element) == "txbxContent":
        _blocks(element, lines)
    elif local(element) == "tbl":
        _table(element, lines)
    else:
        _paragraph(element, lines)


def _table(table: etree._Element, lines: list[str]) -> None:
    """One line per row, cells separated by tabs (a cell's own lines joined by spaces)."""
    for row in table.iter():
        if local(row) != "tr" or _enclosing_table(row) is not table:
            continue
        cells = []
        for cell in row.iter():
            if local(cell) == "tc" and _enclosing_row(cell) is row:
                cell_lines: list[str] = []
                _blocks(cell, cell_lines)
                cells.append(" ".join(line.strip() for line in cell_lines if line.strip()))
        lines.append("\t".join(cells))


def _enclosing_table(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if local(ancestor) == "tbl":
            return ancestor
    return None


def _enclosing_row(element: etree._Element) -> etree._Element | None:
    for ancestor in element.iterancestors():
        if local(ancestor) == "tr":
            return ancestor
    return None


def _notes_text(root: etree._Element | None, tag: str) -> str:
    """Footnotes or endnotes, skipping Word's separator pseudo-notes."""
    if root is None:
        return ""
    lines: list[str] = []
    for note in root:
        if local(note) != tag or _attribute(note, "type") not in ("", "normal"):
            continue
        _blocks(note, lines)
    return clean_lines(lines)


def _comments_text(root: etree._Element | None) -> str:
    if root is None:
        return ""
    lines: list[str] = []
    for comment in root:
        if local(comment) != "comment":
            continue
        author = _attribute(comment, "author")
        body: list[str] = []
        _blocks(comment, body)
        text = " ".join(line.strip() for line in body if line.strip())
        lines.append(f"{author}: {text}" if author else text)
    return clean_lines(lines)


def _notes_slide_text(root: etree._Element | None) -> str:
    """Speaker notes: the body placeholder only (the others repeat the slide number/image)."""
    if root is None:
        return ""
    lines: list[str] = []
    for shape in root.iter():
        if local(shape) != "sp":
            continue
        placeholder = next((e for e in shape.iter() if local(e) == "ph"), None)
        if placeholder is not None and _attribute(placeholder, "type") == "body":
            _blocks(shape, lines)
    return clean_lines(lines)


def _attribute(element: etree._Element, name: str) -> str:
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1] == name:
            return value
    return ""


# -- package structure -------------------------------------------------------------------------


def _relationships(archive: zipfile.ZipFile, part: str) -> list[tuple[str, str]]:
    """(type, target part) of each internal relationship of `part`."""
    folder, name = posixpath.split(part)
    rels = read_xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    if rels is None:
        return []
    found = []
    for rel in rels:
        if rel.get("TargetMode") == "External" or not rel.get("Target"):
            continue
        target = rel.get("Target", "")
        resolved = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
        found.append((rel.get("Type", ""), posixpath.normpath(resolved)))
    return found


def _related(archive: zipfile.ZipFile, part: str, type_suffix: str) -> list[str]:
    return [target for kind, target in _relationships(archive, part) if kind.endswith(type_suffix)]


def _main_part(archive: zipfile.ZipFile, default: str) -> str:
    for kind, target in _relationships(archive, ""):
        if kind.endswith(_REL_OFFICE_DOCUMENT) and target in archive.namelist():
            return target
    return default


def _slide_parts(archive: zipfile.ZipFile, main: str, presentation: etree._Element) -> list[str]:
    """Slides in presentation order (sldIdLst), hidden ones included."""
    folder, name = posixpath.split(main)
    rels = read_xml(archive, posixpath.join(folder, "_rels", f"{name}.rels"))
    targets: dict[str, str] = {}
    for rel in rels if rels is not None else []:
        if rel.get("TargetMode") != "External" and rel.get("Target"):
            targets[rel.get("Id", "")] = posixpath.normpath(
                posixpath.join(folder, rel.get("Target"))
            )
    slides = []
    for element in presentation.iter():
        if local(element) == "sldId":
            target = targets.get(_rel_id(element), "")
            if target in archive.namelist():
                slides.append(target)
    return slides


def _rel_id(element: etree._Element) -> str:
    """The r:id attribute (the plain 'id' attribute of sldId is a number, not a relation)."""
    for key, value in element.attrib.items():
        if key.startswith("{") and key.endswith("}id"):
            return value
    return ""


def _parts_like(archive: zipfile.ZipFile, pattern: str) -> list[str]:
    regex = re.compile(pattern)

    def number(name: str) -> int:
        digits = re.findall(r"\d+", name)
        return int(digits[-1]) if digits else 0

    return sorted((n for n in archive.namelist() if regex.fullmatch(n)), key=number)


def embedded_children(archive: zipfile.ZipFile, folder: str) -> list[Child]:
    children = []
    for info in archive.infolist():
        if info.filename.startswith(folder) and not info.is_dir():
            data = read_member(archive, info.filename) or b""
            children.append(Child(name=info.filename, data=data))
    return children


# -- metadata ----------------------------------------------------------------------------------

_CORE_FIELDS = {
    "title": "title",
    "creator": "author",
    "created": "created",
    "modified": "modified",
    "lastModifiedBy": "last_modified_by",
    "subject": "subject",
    "keywords": "keywords",
    "description": "description",
    "language": "language",
    "lastPrinted": "last_printed",
    "revision": "revision",
    "category": "category",
}
_APP_FIELDS = {
    "Application": "producer",
    "Company": "company",
    "Manager": "manager",
    "Template": "template",
    "Pages": "page_count",
    "Words": "word_count",
}


def core_metadata(archive: zipfile.ZipFile) -> dict[str, Any]:
    """Metadata from docProps/core.xml and docProps/app.xml (OOXML)."""
    metadata: dict[str, Any] = {}
    core = read_xml(archive, "docProps/core.xml")
    for field, key in _CORE_FIELDS.items():
        value = child_text(core, field)
        if value:
            metadata[key] = value
    app = read_xml(archive, "docProps/app.xml")
    for field, key in _APP_FIELDS.items():
        value = child_text(app, field)
        if value:
            metadata[key] = int(value) if value.isdigit() else value
    return metadata
