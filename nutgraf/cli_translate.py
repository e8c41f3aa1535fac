"""`nutgraf translate DOC_ID`: a document's segments with their translation, thin over
nutgraf.translate."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from nutgraf import open_case
from nutgraf.cli_common import case_option, console, emit_json, errors, handles_errors
from nutgraf.translate import translate_document
from nutgraf.translate.batch import index_translations


@click.command()
@click.argument("doc_id")
@case_option
@click.option("--to", "target", default="en", show_default=True, help="Target language.")
@click.option("--from", "source", help="Source language (default: each section's detected one).")
@handles_errors
def translate(
    doc_id: str, case_dir: Path | None, as_json: bool, target: str, source: str | None
) -> None:
    """Translate a document offline, sentence by sentence, each tied to its span.

    Prints source_start, source_end, source (== text[source_start:source_end]), translation
    and method: `apertium` (a sentence translation, gist quality), `apertium-pivot` (two
    Apertium pairs through Spanish), `gloss` (each word's dictionary senses), `translit`
    (Latin letters only) or none (no engine for that language). Stored and cached: a second
    run reads the store; a killed run resumes.
    """
    with open_case(case_dir) as case:

        def progress(done: int, total: int) -> None:
            if total > 200 and not as_json:
                errors.print(f"translated {done:,} of {total:,} segments", end="\r")

        segments = translate_document(case, doc_id, target, source, progress)
        if not index_translations(case):
            errors.print("nutgraf: the index is busy; the next ingest indexes this translation")
    if as_json:
        emit_json(segment.to_dict() for segment in segments)
        return
    for segment in segments:
        label = segment.method or "not translated"
        console.print(
            f"[dim]{segment.source_start}–{segment.source_end} {segment.source_lang} "
            f"{label}[/dim]\n  {escape(' '.join(segment.source.split()))}"
        )
        if segment.translation is not None:
            console.print(f"  → {escape(segment.translation)}")
    if not segments:
        errors.print("nutgraf: this document has no text to translate")
