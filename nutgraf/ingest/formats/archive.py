"""Archives and compressed files: zip, 7z, tar, rar, gzip, bzip2, xz, Unix compress (.Z),
cpio, ISO 9660, CAB, XAR (libarchive) and Compiled HTML Help (.chm, 7-Zip).

Each member file becomes a `Child` named by its sanitised path inside the archive (never
absolute, no '..', no drive letter, '/' separators, no control characters), with its
modification date; the raw name is kept in metadata["raw_name"] when it differs. The text is
the listing of member names, one per line, so that names are searchable.

Never written to disk, never followed: symbolic and hard links are listed in
metadata["skipped_links"]; directories are skipped.

Limits (`source.limits`), counted on real decompressed bytes, read in chunks:
- a member larger than max_child_bytes is left out and listed in metadata["skipped"]
  (reason "too_large"), the others are kept: one big video should not hide the documents
  beside it. For gzip/bzip2/xz, whose only member it is, this raises TooLarge;
- all members together beyond max_total_expanded, or more than max_ratio times the archive's
  size once past a few MB, raise Bomb: the whole archive is a bomb;
- more than max_children entries raise TooLarge.

Encrypted members are opened with source.passwords (ZipCrypto, AES via pyzipper, 7z, RAR);
those none opens are listed in metadata["encrypted_members"], and when it is every member
the archive raises Encrypted. A member identical to the archive itself (droste.zip, quine.gz)
is skipped with reason "copy_of_archive".

Children are held in memory: peak memory is about max_total_expanded. With the default 8 GiB
that is too much for a laptop; a pipeline that accepted children as temporary files would
lift this (see the report).
"""

from __future__ import annotations

from collections.abc import Callable

from nutgraf.ingest.formats._archive_7z import read_7z
from nutgraf.ingest.formats._archive_chm import read_chm
from nutgraf.ingest.formats._archive_common import Collector
from nutgraf.ingest.formats._archive_libarchive import FORMATS as LIBARCHIVE_FORMATS
from nutgraf.ingest.formats._archive_libarchive import read_libarchive
from nutgraf.ingest.formats._archive_rar import read_rar
from nutgraf.ingest.formats._archive_stream import read_stream
from nutgraf.ingest.formats._archive_tar import read_tar
from nutgraf.ingest.formats._archive_zip import read_zip
from nutgraf.ingest.formats._mail_partial import join_children
from nutgraf.ingest.formats.base import Extraction, Source

_READERS: dict[str, Callable[[Source, Collector], None]] = {
    "application/zip": read_zip,
    "application/x-7z-compressed": read_7z,
    "application/x-tar": read_tar,
    "application/vnd.rar": read_rar,
    "application/gzip": read_stream,
    "application/x-bzip2": read_stream,
    "application/x-xz": read_stream,
    # Not a canonical type of the detector yet; read safely through `gzip -dc`.
    "application/x-compress": read_stream,
    "application/vnd.ms-htmlhelp": read_chm,
    **dict.fromkeys(LIBARCHIVE_FORMATS, read_libarchive),
}

MIME_TYPES: tuple[str, ...] = tuple(_READERS)


def extract(source: Source) -> Extraction:
    collector = Collector.for_file(source.path, source.limits)
    _READERS[source.mime](source, collector)
    extraction = collector.extraction()
    # A zipped or tarred maildir may hold a message sent as message/partial fragments.
    budget = source.limits.max_total_expanded - collector.budget.expanded
    extraction.children, partial = join_children(extraction.children, source.limits, budget)
    if partial:
        extraction.metadata["partial"] = partial
    return extraction
