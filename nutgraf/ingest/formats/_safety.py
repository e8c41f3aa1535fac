"""Guards every format shares: XML that never expands entities or fetches anything, and
zip packages (DOCX, XLSX, ODT, EPUB…) refused before reading when their declared sizes say
they are decompression bombs."""

from __future__ import annotations

import zipfile

from lxml import etree

from nutgraf.errors import Bomb, TooLarge
from nutgraf.ingest.formats.base import Limits

# Below this, a high ratio is normal: a 2 kB DOCX routinely holds 40 kB of XML.
RATIO_FLOOR_BYTES = 64 * 1024**2


def safe_xml_parser(huge_tree: bool = False, recover: bool = False) -> etree.XMLParser:
    """An lxml parser with no entity expansion, no DTD loading and no network.

    `huge_tree` lifts libxml2's limit on large text nodes (big office documents need it);
    it is safe because entities are never expanded.
    """
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
        recover=recover,
        huge_tree=huge_tree,
    )


def check_zip_package(
    archive: zipfile.ZipFile, compressed_size: int, limits: Limits, kind: str
) -> None:
    """Refuse a zip package whose declared expansion breaks the limits.

    zipfile never inflates a member past its declared size, so checking declared sizes
    bounds what the parsers can be made to read.
    """
    members = archive.infolist()
    if len(members) > limits.max_children:
        raise Bomb(f"bomb: {kind} holds {len(members)} members (limit {limits.max_children})")
    total = 0
    for info in members:
        if info.file_size > limits.max_child_bytes:
            raise TooLarge(f"too_large: {kind} member {info.filename} is {info.file_size} bytes")
        total += info.file_size
    if total > limits.max_total_expanded:
        raise Bomb(f"bomb: {kind} expands to {total} bytes (limit {limits.max_total_expanded})")
    if total > RATIO_FLOOR_BYTES and total > limits.max_ratio * max(compressed_size, 1):
        raise Bomb(f"bomb: {kind} expands {total / max(compressed_size, 1):.0f}x its size")
