"""The ingest status page: counts, failures, runs, a running ingest's progress, and a
"Retry failed files" button that re-reads only the failures in a background thread.

The one route that changes anything is a POST; it must carry the page's form token (a page on
another site cannot read it), and a browser's Sec-Fetch-Site / Origin headers must not name
another site. Referer cannot be used: the pages send none.
"""

from __future__ import annotations

import fcntl
import hmac
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

import nutgraf
from nutgraf.errors import CaseError
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.store import queries_check
from nutgraf.web.api import case_of
from nutgraf.web.gate import form_token
from nutgraf.web.pages import render_page

MAX_FORM_BYTES = 4096
REFRESH_SECONDS = 5  # the page reloads itself while an ingest runs (a meta refresh: no script)


@dataclass
class RetryJob:
    """The background retry this server started, if any, and how the last one ended."""

    thread: threading.Thread | None = None
    outcome: str | None = None

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()


def retry_job(request: Request) -> RetryJob:
    return request.app.state.retry


def ingest_running(case_folder: Path) -> bool:
    """Whether a process holds the case's ingest lock (a non-blocking probe, released at once)."""
    try:
        descriptor = os.open(case_folder / "ingest.lock", os.O_RDONLY)
    except FileNotFoundError:
        return False  # no ingest ever ran here
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing releases a lock the probe got
    return False


async def status_page(request: Request) -> Response:
    case = case_of(request)
    store = case.store
    runs = store.runs()
    running = ingest_running(case.folder)
    return render_page(
        request,
        "status.html",
        {
            "counts": store.counts(),
            "files": queries_check.reckoning(store),  # what became of each file on disk
            "failed": list(store.documents(errors_only=True, limit=500)),
            "runs": runs,
            "running": running,
            "current": next((run for run in runs if not run["finished"]), None)
            if running
            else None,
            "refresh": REFRESH_SECONDS if running else None,
            "retry": retry_job(request),
        },
    )


def _same_site(request: Request) -> bool:
    if request.headers.get("sec-fetch-site", "same-origin") not in ("same-origin", "none"):
        return False
    origin = request.headers.get("origin")
    if origin is None or origin == "null":  # no-referrer pages send "null" on a form POST
        return True
    return urlsplit(origin).netloc == request.headers.get("host")


async def _form_token(request: Request) -> str:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "form too large")
    values = parse_qs(body.decode("utf-8", "replace"))
    return (values.get("token") or [""])[0]


async def retry_failed(request: Request) -> Response:
    """Start re-reading the failed documents, then back to the status page."""
    job = retry_job(request)
    if not _same_site(request):
        raise HTTPException(403, "refused: this request came from another site")
    if not hmac.compare_digest(await _form_token(request), form_token(request)):
        raise HTTPException(403, "refused: the form's token is missing or wrong; reload the page")
    case = case_of(request)
    if job.running or ingest_running(case.folder):
        raise HTTPException(
            409, "An ingest is already running on this case; retry when it has finished."
        )
    job.outcome = None
    job.thread = threading.Thread(
        target=_retry_in_background, args=(case.folder, job), name="nutgraf-retry", daemon=True
    )
    job.thread.start()
    return RedirectResponse("/status", status_code=303)


def _retry_in_background(folder: Path, job: RetryJob) -> None:
    # Its own case: the app's SQLite connection belongs to the event loop's thread.
    try:
        with nutgraf.open_case(folder) as case:
            progress = nutgraf.ingest(case, [], IngestSettings(retry_failed=True))
        failures = sum(progress.failures.values())
        job.outcome = f"Retry done: {progress.documents_read} read again, {failures} still failed."
    except CaseError as error:
        job.outcome = f"Retry refused: {error}"
    except Exception as error:  # a thread's exception would otherwise vanish unseen
        job.outcome = f"Retry failed: {type(error).__name__}: {error}"


routes = [
    Route("/status", status_page, name="status"),
    Route("/status/retry", retry_failed, methods=["POST"], name="status_retry"),
]
