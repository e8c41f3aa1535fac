"""nutgraf: read a leak. Ingest every file, search it, see its facts with their quotes.

The library API, which the CLI, the web workbench and the tests all use:

    from nutgraf import open_case, ingest, search
    with open_case("my-case", create=True) as case:
        ingest(case, [Path("~/leak").expanduser()])
        results = search(case, '"défense côtière" OR marchetti')
        for fact in case.store.facts(kind="money", minimum=1_000_000):
            ...
"""

from __future__ import annotations

from pathlib import Path

from nutgraf.case import Case, open_case
from nutgraf.errors import CaseError
from nutgraf.ingest.pipeline import IngestSettings, Progress
from nutgraf.ingest.pipeline import ingest as _ingest
from nutgraf.search import Results
from nutgraf.search import search as _search

__version__ = "0.1.0"
__all__ = ["Case", "IngestSettings", "Progress", "Results", "ingest", "open_case", "search"]


def ingest(
    case: Case,
    paths: list[Path],
    settings: IngestSettings | None = None,
    on_progress=None,
    enqueue_only: bool = False,
) -> Progress:
    """Add files and folders to the case, read every new document, index it. On a case
    kept on PostgreSQL the reading goes through the case's job queue, which other
    `nutgraf worker` processes share; `enqueue_only` leaves it all to them."""
    roots = [Path(p) for p in paths]
    if case.on_server:
        from nutgraf.queue import team_ingest  # the queue's libraries load only for it

        return team_ingest(case, roots, settings or IngestSettings(), on_progress, enqueue_only)
    if enqueue_only:
        raise CaseError(
            f"{case.folder}: --enqueue-only needs a case kept on PostgreSQL, which workers "
            "share (nutgraf init CASE --database postgresql://…)"
        )
    return _ingest(case, roots, settings, on_progress)


def search(
    case: Case,
    query: str,
    limit: int = 10,
    offset: int = 0,
    sort: str = "relevance",
    facets: bool = False,
    stem: bool = True,
    filters: list[str] | tuple[str, ...] = (),
) -> Results:
    """Ranked hits for a query in nutgraf's query language, with snippets.

    `facets=True` also counts the matches per type, language, year, sender, entity and
    currency (`Results.facets`); `stem=False` matches bare words only as typed; `filters`
    narrow the query as a whole: `(query) AND filter` for each.
    """
    return _search(
        case.store,
        case.index,
        query,
        limit=limit,
        offset=offset,
        sort=sort,
        facets=facets,
        stem=stem,
        filters=filters,
    )
