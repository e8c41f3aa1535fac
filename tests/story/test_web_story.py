"""Marks in the workbench: forms guarded against cross-site posts, the JSON API, OpenAPI."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from starlette.routing import Route
from starlette.testclient import TestClient

from nutgraf.web import create_app
from nutgraf.web.app import page_routes
from tests.story.conftest import doc_by_path


@pytest.fixture(scope="module")
def client(story_case):
    with TestClient(create_app(story_case), base_url="http://127.0.0.1") as client:
        yield client


def _token(client, doc_id: str) -> str:
    page = client.get(f"/documents/{doc_id}")
    assert page.status_code == 200
    return re.search(r'name="token" value="([^"]+)"', page.text).group(1)


def test_document_page_forms_add_and_remove_marks(client, story_case):
    memo = doc_by_path(story_case, "memo.txt")
    token = _token(client, memo.id)
    posted = client.post(
        f"/documents/{memo.id}/tags", data={"token": token, "tag": "<b>web</b>"},
        follow_redirects=False,
    )  # fmt: skip
    assert posted.status_code == 303 and posted.headers["location"].endswith("#marks")
    client.post(f"/documents/{memo.id}/star", data={"token": token, "starred": "1"})
    client.post(
        f"/documents/{memo.id}/notes", data={"token": token, "text": "web note", "quote": "Ask"}
    )
    page = client.get(f"/documents/{memo.id}").text
    assert "&lt;b&gt;web&lt;/b&gt;" in page and "<b>web</b>" not in page  # escaped
    assert "★ Starred" in page and "web note" in page and "“Ask”" in page
    assert "<script>" not in page and 'src="/static/story.js"' in page
    note_id = re.search(r"/notes/(\d+)/remove", page).group(1)
    client.post(f"/documents/{memo.id}/notes/{note_id}/remove", data={"token": token})
    client.post(f"/documents/{memo.id}/tags/remove", data={"token": token, "tag": "<b>web</b>"})
    client.post(f"/documents/{memo.id}/star", data={"token": token, "starred": "0"})
    after = client.get(f"/api/documents/{memo.id}/marks").json()
    assert (after["tags"], after["starred"], after["notes"]) == ([], False, [])


@pytest.mark.parametrize(
    ("headers", "with_token"),
    [
        ({}, False),
        ({"sec-fetch-site": "cross-site"}, True),
        ({"origin": "http://evil.example"}, True),
    ],
)
def test_forms_refuse_cross_site_posts(client, story_case, headers, with_token):
    memo = doc_by_path(story_case, "memo.txt")
    data = {"tag": "evil"} | ({"token": _token(client, memo.id)} if with_token else {})
    refused = client.post(f"/documents/{memo.id}/tags", data=data, headers=headers)
    assert refused.status_code == 403
    assert client.get(f"/api/documents/{memo.id}/marks").json()["tags"] == []


def test_json_api_writes_need_json_and_the_same_site(client, story_case):
    mail = doc_by_path(story_case, "transfer.eml")
    url = f"/api/documents/{mail.id}/tags"
    as_form = client.post(url, content=b'{"add": ["x"]}', headers={"content-type": "text/plain"})
    assert as_form.status_code == 415
    cross = client.post(url, json={"add": ["x"]}, headers={"sec-fetch-site": "cross-site"})
    assert cross.status_code == 403
    assert client.post(url, json={"add": "api-tag"}).json()["tags"] == ["api-tag"]
    assert client.post(url, json={"add": [""]}).status_code == 400
    assert client.put(f"/api/documents/{mail.id}/star").json()["starred"] is True
    hits = client.get("/api/search", params={"q": "tag:api-tag starred:true"}).json()["hits"]
    assert [hit["id"] for hit in hits] == [mail.id]
    note = client.post(f"/api/documents/{mail.id}/notes", json={"text": "n", "quote": "Lugano"})
    assert note.status_code == 201 and note.json()["quote"] == "Lugano"
    assert client.get("/api/notes").json()["notes"][0]["id"] == note.json()["id"]
    assert client.delete(f"/api/notes/{note.json()['id']}").status_code == 200
    assert client.delete(f"/api/notes/{note.json()['id']}").status_code == 404
    assert client.post(url, json={"remove": ["API-TAG"]}).json()["tags"] == []
    assert client.delete(f"/api/documents/{mail.id}/star").json()["starred"] is False
    saved = client.post("/api/saved", json={"name": "web", "query": "transfer"})
    assert saved.status_code == 201
    assert client.get("/api/saved/web").json()["query"] == "transfer"
    assert client.delete("/api/saved/web").status_code == 200
    assert client.get("/api/saved").json()["saved"] == []


def test_export_downloads(client, story_case):
    csv_body = client.get("/api/export/citations", params={"format": "csv"})
    assert csv_body.status_code == 200 and csv_body.text.startswith("type,doc_id,sha256")
    assert "attachment" in csv_body.headers["content-disposition"]
    ftm = client.get("/api/export/ftm", params={"q": "contract"})
    assert ftm.status_code == 200 and '"schema": "Package"' in ftm.text
    zipped = client.get("/api/export/originals.zip", params={"q": "contract"})
    with zipfile.ZipFile(io.BytesIO(zipped.content)) as archive:
        assert "manifest.json" in archive.namelist()
    assert client.get("/api/export/originals.zip").status_code == 400
    assert client.get("/api/export/csv", params={"q": "transfer"}).text.startswith("rank,id")


def test_openapi_describes_the_new_routes_exactly(client):
    spec = client.get("/openapi.json").json()
    routes = page_routes(client.app)
    assert set(spec["paths"]) == {route.path for route in routes}
    for path, item in spec["paths"].items():
        route = next(r for r in routes if r.path == path)
        assert isinstance(route, Route)
        assert {method.upper() for method in item} == (route.methods or set()) - {"HEAD"}, path
        for operation in item.values():
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == set(route.param_convertors), path


def test_saved_run_and_watchlist_routes(client, story_case):
    client.post("/api/saved", json={"name": "big", "query": "money:>1000000"})
    try:
        ran = client.get("/api/saved/big/run").json()
        memo = doc_by_path(story_case, "memo.txt")
        assert ran["query"] == "money:>1000000" and [h["id"] for h in ran["hits"]] == [memo.id]
    finally:
        client.delete("/api/saved/big")
    listed = client.post("/api/watchlist", json={"list": 'name\n"STONE, Bob"\nNo Body\n'})
    (match,) = listed.json()["matches"]
    assert match["matched_name"] == "Bob Stone" and match["score"] == 100.0
    assert match["evidence"] and all(e["quote"] for e in match["evidence"])
    by_names = client.post("/api/watchlist", json={"names": ["Helene Marchetti"]}).json()
    assert [m["matched_name"] for m in by_names["matches"]] == ["Hélène Marchetti"]
    assert client.post("/api/watchlist", json={}).status_code == 400
    assert (
        client.post("/api/watchlist", json={"names": ["x"], "threshold": "hi"}).status_code == 400
    )


def test_marks_page_lists_marks_and_saves_searches(client, story_case):
    ledger = doc_by_path(story_case, "ledger.csv")
    client.post(f"/api/documents/{ledger.id}/tags", json={"add": ["page-tag"]})
    try:
        page = client.get("/story", params={"q": "transfer"})
        assert page.status_code == 200 and "page-tag" in page.text
        token = re.search(r'name="token" value="([^"]+)"', page.text).group(1)
        saved = client.post(
            "/story/saved", data={"token": token, "name": "mine", "query": "transfer"}
        )
        assert saved.status_code == 200 and "mine" in saved.text  # after the redirect
        assert client.post("/story/saved", data={"name": "x", "query": "y"}).status_code == 403
        client.post("/story/saved/remove", data={"token": token, "name": "mine"})
        assert client.get("/api/saved").json()["saved"] == []
    finally:
        client.post(f"/api/documents/{ledger.id}/tags", json={"remove": ["page-tag"]})
