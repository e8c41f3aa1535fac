"""Offline translation of a document, segment by segment, each tied to its span in the text.

`translate_document` cuts the stored text into sentence spans (analyze/segments.py), gives
each span the language of its section (a mixed document is translated per section), picks
the engine for that language (engines.py: Apertium, a pivot, FreeDict glosses,
transliteration, or nothing) and stores the segments. Each segment's translation is cached
by content, and segments are saved a batch at a time, so running it again after a crash
or on a copy of the same sentences costs almost nothing; a completed translation is kept
with the sha256 of the text it was made from, and made again only when the text changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nutgraf.analyze.segments import sentence_spans
from nutgraf.case import Case
from nutgraf.errors import BadInput
from nutgraf.translate.engines import Rendering, Translator, translator_for

BATCH_SEGMENTS = 200  # segments per engine call and per transaction
METHODS = ("apertium", "apertium-pivot", "gloss", "translit")


@dataclass(frozen=True)
class Segment:
    source_start: int
    source_end: int
    source: str  # == text[source_start:source_end], always
    translation: str | None  # None: no engine for this segment's language
    method: str | None
    source_lang: str
    engine: str | None = None
    glosses: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source_start": self.source_start,
            "source_end": self.source_end,
            "source": self.source,
            "translation": self.translation,
            "method": self.method,
            "source_lang": self.source_lang,
            "engine": self.engine,
            "glosses": self.glosses,
        }


def translate_document(
    case: Case,
    doc_id: str,
    target: str = "en",
    source: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Segment]:
    """The document's segments translated to target (from the store when already done).

    `source` forces the source language (else each section's detected one).
    """
    if not target.isalpha() or len(target) != 2:
        raise BadInput(f"--to takes a two-letter language code (en, es…), not {target!r}")
    store = case.store
    doc_id = store.resolve_id(doc_id)
    text = store.text(doc_id)
    text_sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    done = store.translation_completed(doc_id, target)
    if done == text_sha and source is None:
        return _from_rows(text, store.translation_segments(doc_id, target))
    if done is not None or source is not None:
        store.forget_translation(doc_id, target)
    document = store.document(doc_id)
    spans = [
        (start, end, source or _language_at(document.language, document.languages, start))
        for start, end in sentence_spans(text)
    ]
    for first in range(0, len(spans), BATCH_SEGMENTS):
        batch = spans[first : first + BATCH_SEGMENTS]
        _translate_batch(case, doc_id, text, target, batch)
        if progress is not None:
            progress(first + len(batch), len(spans))
    store.mark_translation_complete(doc_id, target, text_sha, len(spans))
    return _from_rows(text, store.translation_segments(doc_id, target))


def stored_segments(case: Case, doc_id: str, target: str = "en") -> list[Segment]:
    """What is stored (possibly part of a run not finished), without translating anything."""
    doc_id = case.store.resolve_id(doc_id)
    text = case.store.text(doc_id)
    return _from_rows(text, case.store.translation_segments(doc_id, target))


def _translate_batch(
    case: Case, doc_id: str, text: str, target: str, batch: list[tuple[int, int, str]]
) -> None:
    by_language: dict[str, list[tuple[int, int]]] = {}
    for start, end, language in batch:
        by_language.setdefault(language, []).append((start, end))
    rows: list[dict[str, Any]] = []
    new_cache: list[tuple[str, str, list[Any]]] = []
    for language, spans in by_language.items():
        sources = [text[start:end] for start, end in spans]
        translator = translator_for(language, target, sample=" ".join(sources)[:2000])
        if translator is None:
            rows.extend(_row(span, language, None, None) for span in spans)
            continue
        keys = [_cache_key(translator.engine, target, source) for source in sources]
        hits = case.store.cached_translations(keys)
        missing = [i for i, key in enumerate(keys) if key not in hits]
        fresh = translator.translate([sources[i] for i in missing]) if missing else []
        for i, rendering in zip(missing, fresh, strict=True):
            hits[keys[i]] = (rendering.translation, rendering.glosses)
            new_cache.append((keys[i], rendering.translation, rendering.glosses))
        for span, key in zip(spans, keys, strict=True):
            translation, glosses = hits[key]
            rows.append(_row(span, language, translator, Rendering(translation, glosses)))
    case.store.save_translations(doc_id, target, rows, new_cache)


def _row(
    span: tuple[int, int],
    language: str,
    translator: Translator | None,
    rendering: Rendering | None,
) -> dict[str, Any]:
    return {
        "source_start": span[0],
        "source_end": span[1],
        "source_lang": language,
        "method": translator.method if translator else None,
        "engine": translator.engine if translator else None,
        "translation": rendering.translation if rendering else None,
        "glosses": rendering.glosses if rendering else [],
    }


def _cache_key(engine: str, target: str, source: str) -> str:
    material = f"{engine}\0{target}\0{source}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(material).hexdigest()


def _language_at(main: str | None, sections: list[dict[str, Any]], offset: int) -> str:
    for section in sections or []:
        if section.get("start", 0) <= offset < section.get("end", 0):
            return str(section.get("language") or main or "und")
    return main or "und"


def _from_rows(text: str, rows: list[dict[str, Any]]) -> list[Segment]:
    return [
        Segment(
            source_start=row["source_start"],
            source_end=row["source_end"],
            source=text[row["source_start"] : row["source_end"]],
            translation=row["translation"],
            method=row["method"],
            source_lang=row["source_lang"] or "und",
            engine=row["engine"],
            glosses=row["glosses"],
        )
        for row in rows
    ]
