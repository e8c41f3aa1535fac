"""The status page while an ingest runs, and the "Retry failed files" form and its protection."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from nutgraf import ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.web import create_app

# A PDF header over garbage: the real PDF reader refuses it every time it is read.
BROKEN_PDF = b"%PDF-1.7\n" + bytes(range(256)) * 8


def _token(client: TestClient) -> str:
    found = re.search(r'name="token" value="([^"]+)"', client.get("/status").text)
    assert found, "the status page has no retry form"
    return found.group(1)


def test_status_shows_a_running_ingest_and_refuses_a_retry(client, web_case):
    token = _token(client)
    with web_case.case.writing():  # what an ingest holds while it runs
        page = client.get("/status").text
        assert "An ingest is running" in page and 'http-equiv="refresh"' in page
        refused = client.post("/status/retry", data={"token": token}, follow_redirects=False)
        assert refused.status_code == 409 and "already running" in refused.text
    assert "An ingest is running" not in client.get("/status").text


@pytest.mark.parametrize(
    ("headers", "data"),
    [
        ({}, {}),  # no token
        ({}, {"token": "guessed"}),
        ({"sec-fetch-site": "cross-site"}, None),  # a form on another site, with a good token
        ({"origin": "http://evil.example"}, None),
    ],
)
def test_retry_refuses_cross_site_posts(client, headers, data):
    data = {"token": _token(client)} if data is None else data
    response = client.post("/status/retry", data=data, headers=headers, follow_redirects=False)
    assert response.status_code == 403
    assert client.app.state.retry.thread is None  # nothing was started
    assert client.get("/status/retry").status_code == 405


def test_retry_rereads_only_failures_and_records_the_run(tmp_path):
    files = tmp_path / "files"
    files.mkdir()
    (files / "broken.pdf").write_bytes(BROKEN_PDF)
    (files / "note.txt").write_text("A note that reads fine.\n", encoding="utf-8")
    with open_case(tmp_path / "case", create=True) as case:
        ingest(case, [files], IngestSettings(workers=1))
    with open_case(tmp_path / "case") as case:  # as `nutgraf serve` opens it
        failed = list(case.store.documents(errors_only=True))
        assert [doc.path.rsplit("/", 1)[-1] for doc in failed] == ["broken.pdf"]
        client = TestClient(create_app(case), base_url="http://127.0.0.1")
        response = client.post(
            "/status/retry",
            data={"token": _token(client)},
            headers={"origin": "http://127.0.0.1", "sec-fetch-site": "same-origin"},
            follow_redirects=False,
        )
        assert response.status_code == 303 and response.headers["location"] == "/status"
        client.app.state.retry.thread.join(timeout=60)
        outcome = client.app.state.retry.outcome
        assert outcome and outcome.startswith("Retry done: 1 read again"), outcome
        again = case.store.document(failed[0].id)
        assert again.error and again.error == failed[0].error  # still failed, same reason
        runs = case.store.db.execute("SELECT roots, finished, summary FROM runs ORDER BY id")
        runs = runs.fetchall()
        assert len(runs) == 2 and runs[1]["roots"] == "[]" and runs[1]["finished"]
        assert '"documents_read": 1' in runs[1]["summary"]
        assert outcome in client.get("/status").text
