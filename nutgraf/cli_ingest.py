"""`nutgraf ingest`: add files and folders to a case, with a progress bar and a summary."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

from nutgraf import ingest as run_ingest
from nutgraf import open_case
from nutgraf.access import collections
from nutgraf.case import Case
from nutgraf.cli_common import (
    audited,
    case_option,
    console,
    emit_json,
    errors,
    handles_errors,
    operator,
    printable,
)
from nutgraf.errors import NutgrafError
from nutgraf.ingest.formats.base import Limits
from nutgraf.ingest.pipeline import IngestSettings, Progress, ProgressCallback, display_path
from nutgraf.ingest.reader import ReadSettings
from nutgraf.ingest.reread import reread_failed as reread_failed_documents
from nutgraf.ingest.workers import WorkerLimits
from nutgraf.model import Document
from nutgraf.progress import ProgressView, print_summary
from nutgraf.translate.batch import index_translations, parse_languages, translate_case


def reading_options(command: Callable) -> Callable:
    """The options that say how documents are read: `ingest` and `worker` share them."""
    for option in reversed(_READING_OPTIONS):
        command = option(command)
    return command


_READING_OPTIONS = [
    click.option(
        "--password", "passwords", multiple=True, help="A password to try on encrypted files."
    ),
    click.option(
        "--passwords-file",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help="A file with one password per line, tried on encrypted files.",
    ),
    click.option("--ocr-languages", default="eng+fra+ara+heb+deu+spa", show_default=True),
    click.option(
        "--timeout",
        type=click.FloatRange(min=1),
        default=WorkerLimits.timeout_base,
        show_default=True,
        help="Seconds one file may take to read (plus --timeout-per-mb); then it fails as timeout.",
    ),
    click.option(
        "--timeout-per-mb",
        type=click.FloatRange(min=0),
        default=WorkerLimits.timeout_per_mb,
        show_default=True,
        help="Extra seconds per MB of the file (long scans take long to OCR).",
    ),
    click.option(
        "--memory",
        "memory_mb",
        type=click.IntRange(min=256),
        default=(WorkerLimits.memory_bytes or 0) // 1024**2,
        show_default=True,
        help="MB of address space one worker may use; beyond, its file fails as memory.",
    ),
    click.option(
        "--max-expanded",
        "max_expanded_mb",
        type=click.IntRange(min=1),
        default=Limits.max_total_expanded // 1024**2,
        show_default=True,
        help="MB all members of one archive or mail may expand to; beyond, it is a bomb.",
    ),
]


def read_settings(
    passwords: tuple[str, ...],
    passwords_file: Path | None,
    ocr_languages: str,
    max_expanded_mb: int,
) -> ReadSettings:
    every = list(passwords)
    if passwords_file:
        every += [line.strip() for line in passwords_file.read_text().splitlines()]
    limits = Limits(max_total_expanded=max_expanded_mb * 1024**2)
    return ReadSettings(limits, tuple(p for p in every if p), ocr_languages)


def worker_limits(timeout: float, timeout_per_mb: float, memory_mb: int) -> WorkerLimits:
    return WorkerLimits(timeout, timeout_per_mb, memory_mb * 1024**2)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@case_option
@reading_options
@click.option("--workers", type=int, default=None, help="Worker processes (default: all cores).")
@click.option("--retry-failed", is_flag=True, help="Read again the documents that failed.")
@click.option(
    "--enqueue-only",
    is_flag=True,
    help="A case on PostgreSQL: store the files and queue their reading, then stop; "
    "`nutgraf worker` processes read them.",
)
@click.option(
    "--reread-failed",
    is_flag=True,
    help="After an upgrade: read again what failed or was typed weakly (text, HTML, data); "
    "the summary counts the recovered. PATH is optional.",
)
@click.option(
    "--ocr",
    type=click.Choice(["now", "later", "never"]),
    default=IngestSettings.ocr,
    show_default=True,
    help="later: read and index every text layer first (search works), then OCR; "
    "now: OCR each document as it is read; never: leave OCR to a later run.",
)
@click.option(
    "--max-depth",
    type=click.IntRange(min=0),
    default=IngestSettings.max_depth,
    show_default=True,
    help="Deepest nesting read (archive in mail in archive...); deeper is too_deep.",
)
@click.option(
    "--translate",
    "translate_languages",
    metavar="LANGS",
    help="After reading, translate to English the documents in these languages "
    "(es,fr,de…), offline; see `nutgraf translate`.",
)
@click.option(
    "--collection",
    metavar="NAME",
    help="Put what these paths hold in collection NAME: a user granted it sees only that "
    "(nutgraf users grant).",
)
@handles_errors
def ingest(
    paths: tuple[Path, ...],
    case_dir: Path | None,
    as_json: bool,
    workers: int | None,
    passwords: tuple[str, ...],
    passwords_file: Path | None,
    retry_failed: bool,
    enqueue_only: bool,
    reread_failed: bool,
    ocr_languages: str,
    ocr: str,
    timeout: float,
    timeout_per_mb: float,
    memory_mb: int,
    max_depth: int,
    max_expanded_mb: int,
    translate_languages: str | None,
    collection: str | None,
) -> None:
    """Add files and folders to the case (idempotent and resumable)."""
    if not paths and not (retry_failed or reread_failed):
        raise NutgrafError("give at least one file or folder to ingest")
    languages = parse_languages(translate_languages) if translate_languages else []
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise NutgrafError(f"no such file or folder: {', '.join(missing)}")
    settings = IngestSettings(
        workers=workers or os.cpu_count() or 1,
        read=read_settings(passwords, passwords_file, ocr_languages, max_expanded_mb),
        worker_limits=worker_limits(timeout, timeout_per_mb, memory_mb),
        max_depth=max_depth,
        retry_failed=retry_failed,
        ocr=ocr,
    )
    with open_case(case_dir, create=True) as case:
        if collection:
            roots = [display_path(path) for path in paths]
            collections.add_roots(case.store, collection, roots, operator())
        # (h-ingest) --reread-failed wraps the same ingest and adds what it recovered
        run = _rereading if reread_failed else _ingesting
        if enqueue_only:
            run = _enqueuing
        if as_json:
            done, extra = run(case, list(paths), settings, None)
        else:
            with ProgressView(console) as view:
                done, extra = run(case, list(paths), settings, view.update)
        summary = done.summary() | extra
        if languages:
            summary |= _translating(case, languages, as_json)
        summary |= {"case": str(case.folder), "documents": case.store.counts()}
        audited(case, "ingest", "", roots=[str(path) for path in paths], **done.summary())
    if as_json:
        emit_json([summary])
    else:
        print_summary(console, done, summary)
        if languages:
            console.print(
                f"Translated {summary['translated_documents']} documents "
                f"({summary['translated_segments']} segments) to English; "
                f"{summary['translation_failed']} failed."
            )
        if enqueue_only:
            console.print(
                f"Queued {extra['documents_queued']} documents to read; they are read by "
                f"`nutgraf worker --case {case_dir}` on any machine of the team."
            )
        if reread_failed:
            console.print(
                f"Re-read {extra['reread']}: {extra['recovered']} failures recovered, "
                f"{extra['still_failed']} still failed, "
                f"{extra['retyped']} now read as another type."
            )


Run = tuple[Progress, dict[str, int]]


def _ingesting(
    case: Case, paths: list[Path], settings: IngestSettings, report: ProgressCallback | None
) -> Run:
    return run_ingest(case, paths, settings, report), {}


def _enqueuing(
    case: Case, paths: list[Path], settings: IngestSettings, report: ProgressCallback | None
) -> Run:
    done = run_ingest(case, paths, settings, report, enqueue_only=True)
    return done, {"documents_queued": done.documents_queued}


def _rereading(
    case: Case, paths: list[Path], settings: IngestSettings, report: ProgressCallback | None
) -> Run:
    return reread_failed_documents(case, paths, settings, report)


def _translating(case: Case, languages: list[str], as_json: bool) -> dict[str, int]:
    def said(document: Document, error: Exception | None) -> None:
        if error is not None:
            errors.print(f"nutgraf: {printable(document.id)}: not translated: {error}")
        elif not as_json:
            errors.print(f"translated {document.id}", end="\r")

    done = translate_case(case, languages, on_document=said)
    index_translations(case)
    return done.summary()
