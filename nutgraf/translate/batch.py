"""Translate every document of a case written in given languages: `ingest --translate`."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from nutgraf.case import Case
from nutgraf.errors import BadInput, CaseError, NutgrafError
from nutgraf.model import Document
from nutgraf.search.indexing import Indexer
from nutgraf.translate import translate_document


@dataclass
class CaseTranslation:
    documents: int = 0
    segments: int = 0
    failed: int = 0

    def summary(self) -> dict[str, int]:
        return {
            "translated_documents": self.documents,
            "translated_segments": self.segments,
            "translation_failed": self.failed,
        }


def parse_languages(value: str) -> list[str]:
    """`es,fr,de` → ['es', 'fr', 'de']; two-letter ISO 639-1 codes only, said plainly."""
    codes = [code.strip().lower() for code in value.split(",") if code.strip()]
    wrong = [code for code in codes if len(code) != 2 or not code.isalpha()]
    if not codes or wrong:
        raise BadInput(
            f"--translate takes two-letter language codes separated by commas (es,fr,de), "
            f"not {value!r}"
        )
    return codes


def translate_case(
    case: Case,
    languages: Iterable[str],
    target: str = "en",
    on_document: Callable[[Document, Exception | None], None] | None = None,
) -> CaseTranslation:
    """Translate to target each readable document with a section in one of `languages`.

    Already translated documents whose text is unchanged cost a store read. A document an
    engine fails on is counted and reported through `on_document`; the others go on.
    """
    wanted = set(languages) - {target}
    done = CaseTranslation()
    for document in list(case.store.documents()):
        if document.error or not document.text_length or not wanted & _languages_of(document):
            continue
        try:
            segments = translate_document(case, document.id, target)
        except NutgrafError as error:
            done.failed += 1
            if on_document is not None:
                on_document(document, error)
            continue
        done.documents += 1
        done.segments += sum(segment.translation is not None for segment in segments)
        if on_document is not None:
            on_document(document, None)
    return done


def index_translations(case: Case) -> bool:
    """Put new translations in the search index now; False when an ingest holds the case
    (its own catch-up indexes them when it ends)."""
    try:
        with case.writing():
            Indexer(case.store, case.index).catch_up()
    except CaseError:
        return False
    except ValueError as error:  # tantivy: another process holds the index's writer
        if "LockBusy" not in str(error):
            raise
        return False
    return True


def _languages_of(document: Document) -> set[str]:
    found = {str(section.get("language")) for section in document.languages or []}
    return found | {document.language or "und"}
