"""Apple iWork documents: Pages, Numbers, Keynote.

iWork '09 and earlier keep the document as XML (`index.xml`, Keynote's `index.apxl`): its
paragraphs (`sf:p`) and table cells (`sf:ct`'s string value) are read, one per line, in
document order. iWork 2013 and later keep it as `Index/*.iwa`, Snappy-framed protobuf
messages with no public schema; those are not read (metadata["not_read"]). Both kinds carry
a rendering made by the application for Quick Look — `QuickLook/Preview.pdf` (Pages '09) or
`preview.jpg` (2013+) — which becomes a child, so its text is read as a PDF or by OCR.
"""

from __future__ import annotations

import zipfile

from lxml import etree

from nutgraf.errors import Encrypted, Unsupported
from nutgraf.ingest.formats._office_zip import open_package, read_member
from nutgraf.ingest.formats._safety import safe_xml_parser
from nutgraf.ingest.formats.base import Child, Extraction, Source

MIME_TYPES: tuple[str, ...] = ("application/vnd.apple.iwork",)

_XML_PARTS = ("index.xml", "index.apxl")
_PREVIEWS = ("QuickLook/Preview.pdf", "preview.jpg")
_SFA = "http://developer.apple.com/namespaces/sfa"
_ZIP_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
_PARSER = safe_xml_parser(huge_tree=True, recover=True)
NOT_READ_IWA = "iWork 2013+ content (Index/*.iwa): no public schema; only the preview is read"


def extract(source: Source) -> Extraction:
    with open_package(source.path, source.limits, "iWork document") as archive:
        names = set(archive.namelist())
        text, xml_part = _xml_text(archive, names)
        children = [
            Child(name=name, data=data)
            for name in _PREVIEWS
            if name in names and (data := read_member(archive, name))
        ]
    metadata: dict[str, object] = {"format": _kind(names)}
    if any(name.endswith(".iwa") for name in names) or "Index.zip" in {
        name.rsplit("/", 1)[-1] for name in names
    }:
        metadata["not_read"] = NOT_READ_IWA
    if xml_part is None and not children:
        raise Unsupported(f"unsupported: {NOT_READ_IWA.split(':', 1)[0]} without a preview")
    return Extraction(text=text, metadata=metadata, children=children)


def _xml_text(archive: zipfile.ZipFile, names: set[str]) -> tuple[str, str | None]:
    for part in _XML_PARTS:
        if part in names and archive.getinfo(part).compress_type not in _ZIP_METHODS:
            # Pages/Numbers/Keynote '09 with a password store their parts with Apple's own
            # "compression" methods (0x636B, 0x636C): the encrypted data
            raise Encrypted("encrypted: password-protected iWork document")
        if part in names and (data := read_member(archive, part)):
            try:
                root = etree.fromstring(data, _PARSER)
            except etree.XMLSyntaxError:
                continue
            if root is not None:
                return "\n".join(_lines(root)), part
    return "", None


def _lines(root: etree._Element) -> list[str]:
    """Paragraph texts and table-cell strings, in document order."""
    lines: list[str] = []
    skip_inside: etree._Element | None = None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        if skip_inside is not None and _is_descendant(element, skip_inside):
            continue
        name = etree.QName(element).localname
        if name == "p":
            skip_inside = element  # its spans and breaks are part of this one line
            line = " ".join("".join(element.itertext()).split())
            if line:
                lines.append(line)
        elif name == "ct" and (value := element.get(f"{{{_SFA}}}s")):
            lines.append(" ".join(value.split()))
    return lines


def _is_descendant(element: etree._Element, ancestor: etree._Element) -> bool:
    parent = element.getparent()
    while parent is not None:
        if parent is ancestor:
            return True
        parent = parent.getparent()
    return False


def _kind(names: set[str]) -> str:
    if "index.apxl" in names or any(name.startswith("Presentation.key/") for name in names):
        return "Keynote"
    if any(name.endswith("DocumentStylesheet.iwa") for name in names):
        return "iWork (2013+)"
    return "iWork"
