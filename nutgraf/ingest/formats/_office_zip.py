"""Safe access to zip-based office packages (OOXML, ODF, EPUB) and their XML parts.

Every package is checked against the source's limits before any member is inflated, and every
XML part is parsed without entity expansion, DTD loading or network access.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._safety import check_zip_package, safe_xml_parser
from nutgraf.ingest.formats.base import Limits

_XML_PARSER = safe_xml_parser(huge_tree=True, recover=True)


@contextmanager
def open_package(path: Path, limits: Limits, kind: str) -> Iterator[zipfile.ZipFile]:
    """Open a zip package after checking it against the limits; a bad zip is Corrupt."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Corrupt(f"corrupt: {kind} is not a readable zip package ({exc})") from None
    with archive:
        check_zip_package(archive, path.stat().st_size, limits, kind)
        yield archive


def read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """The bytes of one member, None when absent; a damaged member is Corrupt."""
    try:
        return archive.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError) as exc:
        # RuntimeError: zipfile's answer to a member encrypted with a zip password
        raise Corrupt(f"corrupt: cannot read package member {name} ({exc})") from None


def parse_xml(data: bytes | None) -> etree._Element | None:
    """Parse an XML part safely; None for a missing or unparseable part."""
    if not data:
        return None
    try:
        root = etree.fromstring(data, _XML_PARSER)
    except etree.XMLSyntaxError:
        return None
    return root


def read_xml(archive: zipfile.ZipFile, name: str) -> etree._Element | None:
    return parse_xml(read_member(archive, name))


def local(element: etree._Element) -> str:
    """The tag without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def child_text(root: etree._Element | None, name: str) -> str:
    """Stripped text of the first descendant whose local name is `name`, or ''."""
    if root is None:
        return ""
    for element in root.iter():
        if local(element) == name:
            return "".join(element.itertext()).strip()
    return ""


@dataclass
class TextBuilder:
    """Collects blocks of text and remembers where each page (slide, sheet) starts."""

    parts: list[str] = field(default_factory=list)
    length: int = 0
    pages: list[int] = field(default_factory=list)

    def add_block(self, text: str) -> None:
        """Append a block, separated from the previous one by a blank line."""
        text = text.strip("\n")
        if not text.strip():
            return
        if self.length:
            self._append("\n\n")
        self._append(text)

    def start_page(self) -> None:
        separator = "\n\n" if self.length else ""
        self._append(separator)
        self.pages.append(self.length)

    def add_to_page(self, text: str) -> None:
        """Append a block to the current page (no separator before the page's first block)."""
        text = text.strip("\n")
        if not text.strip():
            return
        if self.pages and self.length != self.pages[-1]:
            self._append("\n\n")
        self._append(text)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def text(self) -> str:
        return "".join(self.parts)


def clean_lines(lines: list[str]) -> str:
    """Join lines, dropping trailing spaces and collapsing runs of blank lines."""
    out: list[str] = []
    blank = False
    for line in lines:
        line = line.rstrip()
        if not line:
            if out and not blank:
                out.append("")
            blank = True
            continue
        out.append(line)
        blank = False
    return "\n".join(out).strip("\n")
