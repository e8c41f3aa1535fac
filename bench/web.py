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
With --login the same requests run again logged in, and the p50 ratios say what the login gate
and the audit log (one appended entry per request) cost.
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


def run(case: nutgraf.Case, documents: int, rounds: int, login: bool = False) -> dict:
    timer = ServerTimer(create_app(case))
    client = TestClient(timer, base_url="http://127.0.0.1")
    if login:  # a team's case: each request passes the gate (session, role) and is audited
        answer = client.post("/login", data={"name": BENCH_USER, "password": BENCH_PASSWORD})
        if answer.status_code != 200:
            raise SystemExit(f"login: HTTP {answer.status_code}")
    client.get("/", params={"q": "warm"})  # first-use costs (templates, index reader) apart
    timings: dict[str, list[float]] = defaultdict(list)
    for _ in range(rounds):
        for kind, path, query in _requests(case, documents):
            response = client.get(path, params=query)
            if response.status_code != 200:
                raise SystemExit(f"{path} {query}: HTTP {response.status_code}")
            timings[kind].append(timer.last)
    return {kind: _figures(seconds) for kind, seconds in timings.items()}


BENCH_USER, BENCH_PASSWORD = "bench-reader", "a passphrase for the benchmark"


def with_login(case: nutgraf.Case, documents: int, rounds: int) -> dict:
    """The same requests once the case has a user: p50 beside the laptop mode's, as a ratio."""
    from nutgraf.access import users

    laptop = run(case, documents, rounds)
    users.add_user(case.store, BENCH_USER, "reader", BENCH_PASSWORD, by="bench")
    team = run(case, documents, rounds, login=True)
    ratios = {
        kind: round(team[kind]["p50_ms"] / laptop[kind]["p50_ms"], 2)
        for kind in laptop
        if laptop[kind]["p50_ms"] > 0
    }
    return {"laptop": laptop, "logged_in": team, "p50_ratio_logged_in_to_laptop": ratios}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--case", type=Path, help="an existing case folder to serve")
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared/corpus/public")
    parser.add_argument("--documents", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--login",
        action="store_true",
        help="Also time the same requests logged in (a user, the gate, the audit log); "
        "only on the temporary case, never on a --case of yours",
    )
    args = parser.parse_args()
    if args.login and args.case is not None:
        parser.error("--login adds a user and audit entries: it runs on the temporary case only")
    with tempfile.TemporaryDirectory(prefix="nutgraf-bench-web-") as scratch:
        folder = args.case
        if folder is None:
            folder = Path(scratch) / "case"
            with nutgraf.open_case(folder, create=True) as case:
                nutgraf.ingest(case, [args.corpus])
        with nutgraf.open_case(folder) as case:
            counts = case.store.counts()
            if args.login:
                figures = with_login(case, args.documents, args.rounds)
            else:
                figures = run(case, args.documents, args.rounds)
    print(json.dumps({"case": str(folder), "documents": counts["documents"]} | figures, indent=2))


if __name__ == "__main__":
    main()
