"""Reading one document, in a worker process: detect, extract, store children, analyze.

This is the only place where untrusted bytes meet parsers, which is why it runs in worker
processes with limits (see `workers.py`): whatever happens here can only fail this document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from nutgraf.analyze import analyze
from nutgraf.analyze.dates import without_null_dates
from nutgraf.blobs import BlobStore
from nutgraf.errors import Bomb, FileError, OcrLater, TooLarge
from nutgraf.ingest import formats
from nutgraf.ingest.detect import EMPTY, detect
from nutgraf.ingest.formats.base import Extraction, Limits, Source
from nutgraf.ingest.ocr import Deferral, deferred_ocr
from nutgraf.ingest.ocr_judge import keep_out_junk
from nutgraf.model import WordBox
from nutgraf.store.records import ChildRecord, ReadResult

OCR_PENDING = "ocr_pending"  # metadata: pages whose OCR the OCR job is still to do
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class ReadSettings:
    limits: Limits = field(default_factory=Limits)
    passwords: tuple[str, ...] = ()
    ocr_languages: str = "eng+fra+ara+heb+deu+spa"
    defer_ocr: bool = False  # the text layer now, OCR in a later job (see ingest/ocr.py)


@dataclass(frozen=True)
class ReadJob:
    doc_id: str
    sha256: str
    name: str  # the last part of its path: a hint for formats, never trusted for type
    blobs_root: str
    settings: ReadSettings


def read_document(job: ReadJob) -> ReadResult:
    blobs = BlobStore(Path(job.blobs_root))
    path = blobs.path(job.sha256)
    mime = detect(path)
    if mime == EMPTY:
        return ReadResult(mime, error_reason="empty", error="empty: the file has no content")
    source = Source(
        path=path,
        mime=mime,
        name=job.name,
        limits=job.settings.limits,
        passwords=job.settings.passwords,
        ocr_languages=job.settings.ocr_languages,
    )
    with deferred_ocr(job.settings.defer_ocr) as deferral:
        try:
            extraction = formats.extract(source)
            children = _store_children(extraction, blobs, job.settings.limits)
        except Exception as error:
            if deferral.pages:  # the OCR job will read it whole, and say what fails then
                return _ocr_pending(mime, deferral)
            return _failed(mime, error)
    if deferral.pages:
        _note_deferral(extraction, deferral)
    # an OCR reading that is junk (wrong script, fragments, low confidence) is kept out
    extraction = keep_out_junk(mime, extraction, job.settings.ocr_languages)
    return _analyzed(mime, extraction, children, job.settings.limits)


def _failed(mime: str, error: Exception) -> ReadResult:
    if isinstance(error, FileError):
        return ReadResult(mime, error_reason=error.reason, error=describe(error))
    if isinstance(error, MemoryError):
        return ReadResult(mime, error_reason="memory", error="memory: ran out of memory")
    if isinstance(error, RecursionError):
        return ReadResult(
            mime, error_reason="corrupt", error="corrupt: structure nested too deeply"
        )
    # a parser's own failure on a malformed file
    message = f"corrupt: {type(error).__name__}: {error}"
    return ReadResult(mime, error_reason="corrupt", error=one_line(message))


def _ocr_pending(mime: str, deferral: Deferral) -> ReadResult:
    """Nothing to show before OCR (an image, a scan): the OCR job fills it in."""
    return ReadResult(mime, metadata={OCR_PENDING: deferral.pages})


def _note_deferral(extraction: Extraction, deferral: Deferral) -> None:
    extraction.metadata[OCR_PENDING] = deferral.pages
    if str(extraction.metadata.get("ocr_error", "")).startswith(OcrLater.reason):
        del extraction.metadata["ocr_error"]  # not a failure: OCR comes later


def _analyzed(
    mime: str, extraction: Extraction, children: list[ChildRecord], limits: Limits
) -> ReadResult:
    text = _CONTROL.sub(" ", extraction.text.replace("\r\n", "\n"))
    metadata = without_null_dates(dict(extraction.metadata))  # 1601-01-01 is no date
    if len(text) > limits.max_text_chars:
        text = text[: limits.max_text_chars]
        metadata["truncated"] = True
    if extraction.ocr:
        metadata["ocr"] = True
    analysis = analyze(text, metadata)
    return ReadResult(
        mime=mime,
        text=text,
        pages=[offset for offset in extraction.pages if offset <= len(text)],
        metadata=metadata,
        language=analysis.language,
        languages=analysis.languages,
        ocr=extraction.ocr,
        children=children,
        facts=analysis.facts,
        mentions=analysis.mentions,
        boxes=_kept_boxes(extraction, len(text)),
    )


def _kept_boxes(extraction: Extraction, length: int) -> list[WordBox]:
    """Word boxes whose offsets still index the stored text (a CR LF folded to LF moves them)."""
    if "\r\n" in extraction.text:
        return []
    return [box for box in extraction.boxes if box.end <= length]


def _store_children(extraction: Extraction, blobs: BlobStore, limits: Limits) -> list[ChildRecord]:
    if len(extraction.children) > limits.max_children:
        raise TooLarge(
            f"too_large: {len(extraction.children)} members (limit {limits.max_children})"
        )
    total = 0
    records = []
    seen_names: dict[str, int] = {}
    for child in extraction.children:
        total += len(child.data)
        if total > limits.max_total_expanded:
            raise Bomb(f"bomb: members expand beyond {limits.max_total_expanded} bytes")
        name = _unique(_safe_name(child.name), seen_names)
        sha256 = blobs.put_bytes(child.data)
        records.append(ChildRecord(name, sha256, len(child.data), dict(child.metadata)))
    return records


def _safe_name(name: str) -> str:
    """A child's name as part of a path: no empty parts, no `..`, no control characters."""
    parts = [
        p for p in _CONTROL.sub("_", name).replace("\\", "/").split("/") if p not in ("", ".", "..")
    ]
    return "/".join(parts) or "unnamed"


def _unique(name: str, seen: dict[str, int]) -> str:
    """Two members with one name (it happens in ZIPs and mails) get distinct paths."""
    count = seen.get(name, 0)
    seen[name] = count + 1
    return name if count == 0 else f"{name}~{count + 1}"


def describe(error: FileError) -> str:
    """`reason: message`, on one line."""
    message = one_line(str(error)) or error.reason
    if message.split(":", 1)[0].strip() == error.reason:
        return message
    return f"{error.reason}: {message}"


def one_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
