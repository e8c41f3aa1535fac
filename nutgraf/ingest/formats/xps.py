"""XPS and OpenXPS documents: a zip of FixedPage XML parts whose `Glyphs` carry the text.

The pages are read in the order the package declares (sequence → documents → pages), each
`Glyphs` element's `UnicodeString` being one run of text. Runs on one baseline (same
OriginY) are joined on a line; a new baseline starts a new line. One page per FixedPage.
"""

from __future__ import annotations

import posixpath
import zipfile

from lxml import etree

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._office_ooxml import core_metadata
from nutgraf.ingest.formats._office_zip import open_package, read_xml
from nutgraf.ingest.formats.base import Extraction, Source

MIME_TYPES: tuple[str, ...] = ("application/vnd.ms-xpsdocument", "application/oxps")


def extract(source: Source) -> Extraction:
    with open_package(source.path, source.limits, "XPS document") as archive:
        page_names = _page_names(archive)[: source.limits.max_pages]
        if not page_names:
            raise Corrupt("corrupt: XPS package declares no pages")
        pages: list[int] = []
        parts: list[str] = []
        length = 0
        for name in page_names:
            text = _page_text(read_xml(archive, name))
            pages.append(length)
            parts.append(text)
            length += len(text) + 2
        metadata = core_metadata(archive)
    metadata["page_count"] = len(page_names)
    return Extraction(text="\n\n".join(parts), metadata=metadata, pages=pages)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _page_names(archive: zipfile.ZipFile) -> list[str]:
    """FixedPage part names in reading order; by name when the references are broken."""
    names = set(archive.namelist())
    pages: list[str] = []
    for sequence in sorted(name for name in names if name.lower().endswith(".fdseq")):
        for document in _references(archive, sequence, "DocumentReference"):
            pages.extend(_references(archive, document, "PageContent"))
    pages = [page for page in dict.fromkeys(pages) if page in names]
    if pages:
        return pages
    return sorted((name for name in names if name.lower().endswith(".fpage")), key=_natural)


def _references(archive: zipfile.ZipFile, part: str, tag: str) -> list[str]:
    root = read_xml(archive, part)
    if root is None:
        return []
    found = []
    for element in root.iter():
        if _local(element) == tag and (target := element.get("Source")):
            found.append(_resolve(part, target))
    return found


def _resolve(part: str, target: str) -> str:
    """A part name from a reference: absolute from the package root, else beside `part`."""
    target = target.split("#", 1)[0]
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    return posixpath.normpath(posixpath.join(posixpath.dirname(part), target))


def _natural(name: str) -> tuple:
    stem = posixpath.basename(name).split(".", 1)[0]
    return (posixpath.dirname(name), int(stem) if stem.isdigit() else 0, name)


def _page_text(root: etree._Element | None) -> str:
    if root is None:
        return ""
    lines: list[str] = []
    previous: etree._Element | None = None
    for glyphs in root.iter():
        if _local(glyphs) != "Glyphs":
            continue
        run = glyphs.get("UnicodeString") or ""
        if run.startswith("{}"):  # escape for a string that itself starts with "{"
            run = run[2:]
        same_line = previous is not None and glyphs.get("OriginY") == previous.get("OriginY")
        if not run.strip():
            if same_line and not lines[-1].endswith(" "):
                lines[-1] += " "  # a run of just a space: the word break itself
            continue
        if same_line and previous is not None:
            touching = lines[-1].endswith(" ") or run.startswith(" ")
            lines[-1] += "" if touching or _adjacent(previous, glyphs) else " "
            lines[-1] += run
        else:
            lines.append(run)
        previous = glyphs
    return "\n".join(line.strip() for line in lines)


# A gap wider than this fraction of an em after a run's end is a word space. Where the run
# gives its advances (in `Indices`) its end is known; where it does not, a glyph is guessed
# at a bit more than half an em and the gap must be wider to count.
_WORD_GAP_EM = 0.15
_GUESSED_WORD_GAP_EM = 0.3
_GUESSED_ADVANCE_EM = 0.55
_MISSING_ADVANCE_EM = 0.5


def _adjacent(previous: etree._Element, current: etree._Element) -> bool:
    """True when `current` starts where `previous` ends: one word split into two runs (some
    writers emit a Glyphs per letter or per style change)."""
    try:
        size = float(previous.get("FontRenderingEmSize") or 0)
        start = float(previous.get("OriginX") or 0)
        following = float(current.get("OriginX") or 0)
    except ValueError:
        return False
    if size <= 0:
        return False
    width, guessed = _run_width_em(previous)
    gap = _GUESSED_WORD_GAP_EM if guessed else _WORD_GAP_EM
    return following - (start + width * size) < gap * size


def _run_width_em(glyphs: etree._Element) -> tuple[float, bool]:
    """The run's advance in ems, and whether it is a guess. `Indices` entries are
    `glyph,advance` with the advance in 1/100 em; a missing one (often the last, which has
    no following glyph) is taken as half an em."""
    text = (glyphs.get("UnicodeString") or "").removeprefix("{}")
    known: list[float] = []
    for entry in (glyphs.get("Indices") or "").split(";")[: len(text)]:
        parts = entry.split(",")
        try:
            if len(parts) > 1 and parts[1]:
                known.append(float(parts[1]) / 100)
        except ValueError:
            continue
    if not known:
        return len(text) * _GUESSED_ADVANCE_EM, True
    return sum(known) + _MISSING_ADVANCE_EM * (len(text) - len(known)), False
