"""The exports as downloads: citations, search results, FollowTheMoney, a zip of originals.

Read-only GET routes; each answers with an attachment so a browser saves rather than shows it.
"""

from __future__ import annotations

import io
import tempfile
from typing import Any

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from nutgraf.errors import BadInput
from nutgraf.export import citations as citing
from nutgraf.export.results import result_rows, write_results_csv
from nutgraf.export.selection import selected_ids
from nutgraf.web import params
from nutgraf.web.api import case_of

SPOOL = 64 << 20  # a zip bigger than this goes to a temporary file inside the case folder


def _download(body: Any, media: str, name: str) -> Response:
    headers = {"content-disposition": f'attachment; filename="{name}"'}
    if isinstance(body, bytes | str):
        return Response(body, media_type=media, headers=headers)
    return StreamingResponse(body, media_type=media, headers=headers)


def _chosen(request: Request) -> list[str] | None:
    ids = [value for value in request.query_params.getlist("id") if value.strip()]
    query = params.text(request, "q")
    if not ids and query is None:
        return None
    return selected_ids(case_of(request), ids, query)


async def citations(request: Request) -> Response:
    fmt = params.choice(request, "format", ("csv", "json", "jsonl"), "csv")
    what = params.choice(request, "what", citing.WHAT, "all")
    case = case_of(request)
    rows = citing.citations(
        case, what=what, doc_ids=_chosen(request), kind=params.text(request, "kind")
    )
    buffer = io.StringIO()
    writer = {"csv": citing.write_csv, "json": citing.write_json, "jsonl": citing.write_json_lines}
    writer[fmt](rows, buffer)
    media = {"csv": "text/csv", "json": "application/json", "jsonl": "application/x-ndjson"}
    return _download(buffer.getvalue(), f"{media[fmt]}; charset=utf-8", f"citations.{fmt}")


async def results(request: Request) -> Response:
    query = params.text(request, "q", "") or ""
    limit = params.integer(request, "limit", 10_000, low=1, high=1_000_000)
    buffer = io.StringIO()
    write_results_csv(result_rows(case_of(request), query, limit), buffer)
    return _download(buffer.getvalue(), "text/csv; charset=utf-8", "results.csv")


async def ftm(request: Request) -> Response:
    from nutgraf.export.ftm import Options, export_ftm

    case = case_of(request)
    buffer = io.StringIO()
    export_ftm(case, buffer, None, Options(doc_ids=_chosen(request)))
    return _download(buffer.getvalue(), "application/x-ndjson; charset=utf-8", "nutgraf.ftm.json")


async def originals(request: Request) -> Response:
    from nutgraf.export.originals import write_originals_to

    case = case_of(request)
    chosen = _chosen(request)
    if not chosen:
        raise BadInput("choose documents: ?id=… (repeatable) and/or ?q=a query")
    spool_dir = case.folder / "tmp"
    spool_dir.mkdir(exist_ok=True)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL, dir=str(spool_dir))  # noqa: SIM115 (closed by chunks)
    try:
        write_originals_to(case, chosen, spool)  # type: ignore[arg-type]
    except BaseException:
        spool.close()
        raise
    spool.seek(0)

    def chunks():
        with spool:
            while chunk := spool.read(1 << 20):
                yield chunk

    return _download(chunks(), "application/zip", "originals.zip")


routes = [
    Route("/api/export/citations", citations, name="export_citations"),
    Route("/api/export/csv", results, name="export_csv"),
    Route("/api/export/ftm", ftm, name="export_ftm"),
    Route("/api/export/originals.zip", originals, name="export_originals"),
]
