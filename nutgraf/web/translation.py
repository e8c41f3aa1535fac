"""A document's stored translation beside its source, segment by segment: what
`nutgraf translate` (or `ingest --translate`) made. The page never starts an engine."""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from nutgraf.translate import Segment, stored_segments
from nutgraf.web import render
from nutgraf.web.api import case_of


def side_by_side(segments: list[Segment], facts: list[dict], mentions: list[dict]) -> list[dict]:
    """Each segment with its source cut into pieces (facts and names marked at their spans)
    and its translation with the names that it keeps as written marked too."""
    rows = []
    for segment in segments:
        start, end = segment.source_start, segment.source_end
        inside_facts = _shifted(facts, start, end)
        inside_mentions = _shifted(mentions, start, end)
        rows.append(
            {
                "segment": segment,
                "source_pieces": render.text_pieces(
                    segment.source, inside_facts, inside_mentions, []
                ),
                "translation_pieces": _names_in(segment.translation or "", inside_mentions),
            }
        )
    return rows


def _shifted(spans: list[dict], start: int, end: int) -> list[dict]:
    return [
        span | {"start": span["start"] - start, "end": span["end"] - start}
        for span in spans
        if span.get("start") is not None and start <= span["start"] and span["end"] <= end
    ]


def _names_in(translation: str, mentions: list[dict]) -> list[render.Piece]:
    """A name the engine kept as written (Apertium leaves proper names alone) is marked where
    it stands in the translation; nothing is guessed for names it changed."""
    found = []
    for mention in mentions:
        quote = mention.get("quote") or ""
        if len(quote) < 2:
            continue
        for match in re.finditer(re.escape(quote), translation):
            found.append(mention | {"start": match.start(), "end": match.end()})
    return render.text_pieces(translation, [], found, [])


async def translation_page(request: Request) -> Response:
    store = case_of(request).store
    doc = store.document(request.path_params["doc_id"])
    target = "en"
    segments = stored_segments(case_of(request), doc.id, target)
    facts = list(store.facts(doc_id=doc.id))
    mentions = store.document_mentions(doc.id)
    methods: dict[str, int] = {}
    for segment in segments:
        methods[segment.method or "none"] = methods.get(segment.method or "none", 0) + 1
    context: dict[str, Any] = {
        "doc": doc,
        "target": target,
        "rows": side_by_side(segments, facts, mentions),
        "methods": sorted(methods.items(), key=lambda item: -item[1]),
    }
    templates = request.app.state.templates
    return templates.TemplateResponse(request, "translation.html", context)


async def translation_api(request: Request) -> Response:
    case = case_of(request)
    doc = case.store.document(request.path_params["doc_id"])
    return JSONResponse(
        {
            "id": doc.id,
            "target": "en",
            "segments": [s.to_dict() for s in stored_segments(case, doc.id)],
        }
    )


routes = [
    Route("/documents/{doc_id}/translation", translation_page, name="translation"),
    Route("/api/documents/{doc_id}/translation", translation_api, name="api_translation"),
]
