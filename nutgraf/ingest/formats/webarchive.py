"""Web archives: WARC and the older Internet Archive ARC (plain or gzipped per record).

Each archived response or resource becomes a child: its HTTP payload (de-chunked, and
decoded when the server sent it gzipped), named after its URL (host, then path), with the
URL, capture date, HTTP status and content type in the child's metadata. The text is the
list of captured URLs with their dates, so that an address is searchable, after the
crawl's own description (warcinfo records). Requests and metadata records carry no page and
are only counted. The expansion limits of
archives apply (the `Budget` of `_archive_common`).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from nutgraf.errors import Corrupt
from nutgraf.ingest.formats._archive_common import Collector, one_line
from nutgraf.ingest.formats.base import Extraction, Source

MIME_TYPES: tuple[str, ...] = ("application/warc", "application/x-ia-arc")

_PAGE_RECORDS = {"response", "resource"}
_WARCINFO_BYTES = 4096


def extract(source: Source) -> Extraction:
    collector = Collector.for_file(source.path, source.limits)
    lines: list[str] = []
    counts: dict[str, int] = {}
    with source.path.open("rb") as handle:
        try:
            for index, record in enumerate(ArchiveIterator(handle, arc2warc=True)):
                kind = record.rec_type or "unknown"
                counts[kind] = counts.get(kind, 0) + 1
                if kind == "warcinfo":
                    lines.append(_warcinfo(record))
                if kind not in _PAGE_RECORDS:
                    continue
                collector.check_count(len(collector.children) + 1)
                line, name, metadata = _describe(record, index)
                lines.append(line)
                data = collector.read(record.content_stream().read)
                collector.add(collector.member_name(name, index), data, metadata)
        except ArchiveLoadFailed as error:
            if not counts:
                raise Corrupt(f"corrupt: not a readable web archive ({one_line(error)})") from None
            counts["unreadable_tail"] = 1  # keep the records read before the damage
    extraction = collector.extraction()
    extraction.text = "\n".join(lines)
    extraction.metadata["records"] = counts
    return extraction


def _describe(record: Any, index: int) -> tuple[str, str, dict[str, Any]]:
    """(text line, child name, child metadata) of one response or resource record."""
    headers = record.rec_headers
    url = headers.get_header("WARC-Target-URI") or ""
    date = headers.get_header("WARC-Date") or ""
    metadata: dict[str, Any] = {"url": url, "date": date}
    if record.http_headers is not None:
        metadata["status"] = record.http_headers.get_statuscode()
        metadata["content_type"] = record.http_headers.get_header("Content-Type")
    else:
        metadata["content_type"] = headers.get_header("Content-Type")
    return f"{date}\t{url}".strip(), _name_for(url, index), metadata


def _warcinfo(record: Any) -> str:
    """The crawl's description (software, operator, format): a few `key: value` lines."""
    text = record.content_stream().read(_WARCINFO_BYTES).decode("utf-8", "replace")
    return text.strip()


def _name_for(url: str, index: int) -> str:
    """host/path of the URL, `index.html` for a folder; record number when there is no URL."""
    parts = urlsplit(url)
    if not parts.netloc:
        return f"record-{index}"
    path = unquote(parts.path) or "/"
    if path.endswith("/"):
        path += "index.html"
    if parts.query:
        path += "?" + parts.query
    return f"{parts.netloc}{path}"
