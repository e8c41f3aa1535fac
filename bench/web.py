"""Workbench benchmark: server time per page kind, p50/p95/max, over a real case.

    .venv/bin/python bench/web.py [--case DIR] [--corpus DIR] [--documents N] [--rounds R]

With --case the app serves that existing case; otherwise the public corpus (default
../shared/corpus/public) is ingested into a temporary case first (several minutes). The app runs
in-process; a middleware inside it times each request from the moment Starlette receives it to
the last byte of the body, so the figures are server time, not the test client's overhead.
Requests: the search page and /api/search for a fixed query list, N document pages, N PDFs'
pages with the page viewer and /api/documents/ID/page (hits of "the" placed), /network,
/api/graph, /status, /folders (the top and 10 folders), /api/folders, 10 entity pages and
/review. Prints JSON; the issue's bar is under 200 ms for search and document pages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

import nutgraf
from nutgraf.web import create_app

QUERIES = (
    "",
    "invoice",
    "payment",
    "email",
    "meeting OR report",
    '"annual report"',
    "has:money",
    "type:pdf",
    "date:2020",
    "lang:de",
    "contract -draft",
    "passw*",
)
HERE = Path(__file__).resolve().parent


class ServerTimer:
    """Records, per path, the seconds from request start to the end of the response body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.last: float = 0.0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()

        async def timed_send(message) -> None:
            await send(message)
            if message["type"] == "http.response.body" and not message.get("more_body"):
                self.last = time.perf_counter() - started

        await self.app(scope, receive, timed_send)


def _figures(seconds: list[float]) -> dict[str, float | int]:
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(p95 * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def _requests(case: nutgraf.Case, documents: int) -> list[tuple[str, str, dict]]:
    wanted = []
    for query in QUERIES:
        wanted.append(("search page", "/", {"q": query}))
        wanted.append(("api search", "/api/search", {"q": query}))
    for doc in case.store.documents(limit=documents):
        wanted.append(("document page", f"/documents/{doc.id}", {}))
    # the page viewer: PDFs' pages with a query's hits placed (text layer measured, OCR stored)
    pdfs = [doc for doc in case.store.documents(limit=100_000) if doc.mime == "application/pdf"]
    for doc in pdfs[:documents]:
        wanted.append(("pdf document page", f"/documents/{doc.id}", {"q": "the"}))
        wanted.append(("api page", f"/api/documents/{doc.id}/page", {"page": 1, "q": "the"}))
    wanted += [("network page", "/network", {}), ("api graph", "/api/graph", {})]
    wanted += [("status page", "/status", {})]
    from nutgraf.folders import listing

    top = listing(case.store)
    wanted.append(("folders page", "/folders", {}))
    for sub in top["folders"][:10]:
        wanted.append(("folders page", "/folders", {"path": sub["path"]}))
    wanted.append(("api folders", "/api/folders", {}))
    for entity in case.store.entities(limit=10):
        wanted.append(("entity page", f"/entities/{entity['id']}", {}))
    wanted.append(("review page", "/review", {}))
    return wanted


def run(case: nutgraf.Case, documents: int, rounds: int) -> dict:
    timer = ServerTimer(create_app(case))
    client = TestClient(timer, base_url="http://127.0.0.1")
    client.get("/", params={"q": "warm"})  # first-use costs (templates, index reader) apart
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for kind, path, query in _requests(case, documents):
            response = client.get(path, params=query)
            if response.status_code != 200:
                raise SystemExit(f"{path} {query}: HTTP {response.status_code}")
            timings[kind].append(timer.last)
    return {kind: _figures(seconds) for kind, seconds in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", type=Path, help="an existing case folder to serve")
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared/corpus/public")
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="nutgraf-bench-web-") as scratch:
        folder = args.case
        if folder is None:
            folder = Path(scratch) / "case"
            with nutgraf.open_case(folder, create=True) as case:
                nutgraf.ingest(case, [args.corpus])
        with nutgraf.open_case(folder) as case:
            counts = case.store.counts()
            figures = run(case, args.documents, args.rounds)
    print(json.dumps({"case": str(folder), "documents": counts["documents"]} | figures, indent=2))


if __name__ == "__main__":
    main()
