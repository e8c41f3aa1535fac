"""Collections: a reader granted collection A learns nothing of collection B from any route —
no document, path, snippet, name, amount or count — and sees A whole. Every route of the app
is tried, with the ids of A's documents and entities and of B's; the same requests from an
admin show B's markers, so the check can fail."""

from __future__ import annotations

import io
import re
import sqlite3
import zipfile
from email.message import EmailMessage

import pytest
from starlette.testclient import TestClient

from nutgraf import ingest, open_case
from nutgraf.access import collections, users
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.web import create_app
from nutgraf.web.app import page_routes
from nutgraf.web.gate import PUBLIC_PATHS
from nutgraf.web.scoping import Scopes

SHARED = "Marchetti Holdings paid the invoice; the board of Marchetti Holdings approved it."
ALPHA = f"Alpha memo: EUR 1,000 paid to Alphonse Durand in Paris on 2 May 2024. {SHARED}\n"
BRAVO = (
    "Bravo memo: USD 777,000 wired to Boris Kravchenko in Geneva on 9 June 2024, "
    f"account CH93 0076 2011 6238 5295 7, contact zeta@bravo-only.example. {SHARED}\n"
)
# What only collection B holds: none of it may reach a reader of A.
MARKERS = ("Kravchenko", "Geneva", "777", "bravo-only", "bravo-folder", "CH93", "Zebulon")
PASSWORD = "a long enough passphrase"


def _mail() -> bytes:
    message = EmailMessage()
    message["From"] = "Zebulon Quist <zeta@bravo-only.example>"
    message["To"] = "alpha@alpha.example"
    message["Subject"] = "Zebulon's transfer"
    message["Date"] = "Mon, 10 Jun 2024 09:00:00 +0000"
    message.set_content(BRAVO)
    message.add_attachment(BRAVO.encode(), maintype="text", subtype="plain", filename="z.txt")
    return message.as_bytes()


@pytest.fixture(scope="module")
def split(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("leak")
    alpha, bravo = root / "alpha-folder", root / "bravo-folder"
    alpha.mkdir()
    bravo.mkdir()
    (alpha / "memo.txt").write_text(ALPHA)
    (alpha / "common.txt").write_text(SHARED + "\n")
    (bravo / "memo.txt").write_text(BRAVO)
    (bravo / "common-copy.txt").write_text(SHARED + "\n")  # the same content, found in both
    (bravo / "zebulon.eml").write_bytes(_mail())
    case = open_case(tmp_path_factory.mktemp("case") / "case", create=True)
    for folder, name in ((alpha, "alpha"), (bravo, "bravo")):
        collections.add_roots(case.store, name, [str(folder)], by="cli:test")
        ingest(case, [folder], IngestSettings(workers=1))
    users.add_user(case.store, "ada", "admin", PASSWORD, by="cli:test")
    users.add_user(case.store, "rob", "reader", PASSWORD, by="cli:test")
    collections.grant(case.store, "rob", "alpha", by="cli:test")
    yield case, alpha, bravo
    case.close()


def _readable(answer) -> str:
    """What an answer says, a zip's members unpacked (deflated text hides its words)."""
    if answer.headers.get("content-type", "").startswith("application/zip"):
        with zipfile.ZipFile(io.BytesIO(answer.content)) as packed:
            return "".join(
                packed.read(name).decode("utf-8", "replace") for name in packed.namelist()
            )
    return answer.text


def _client(app, name: str) -> TestClient:
    client = TestClient(app, base_url="http://127.0.0.1", follow_redirects=False)
    assert client.post("/login", data={"name": name, "password": PASSWORD}).status_code == 303
    return client


def _ids(case, folder) -> list[str]:
    under = case.store.documents_under([str(folder)])
    return sorted(under)


def _requests(app, fills: list[dict[str, str]]):
    for route in page_routes(app):
        if route.path.startswith(PUBLIC_PATHS) or route.name == "logout":
            continue
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            params = re.findall(r"{(\w+)}", route.path)
            for fill in fills if params else [{}]:
                path = re.sub(r"{(\w+)}", lambda m, f=fill: f.get(m.group(1), "1"), route.path)
                yield route.name, method, path
            if route.name == "export_originals":  # every document the query finds, zipped
                yield route.name, method, path + "?q=memo+OR+Marchetti+OR+transfer"


def _fills(case, folder) -> list[dict[str, str]]:
    docs = _ids(case, folder)
    entities = [e["id"] for e in case.store.entities(limit=1000)]
    return [{"doc_id": doc, "entity_id": entity, "name": "x", "note_id": "1", "rule_id": "1"}
            for doc in docs for entity in entities[:3]] or [{}]  # fmt: skip


def test_no_route_tells_a_reader_of_alpha_anything_of_bravo(split):
    case, alpha, bravo = split
    app = create_app(case)
    rob, ada = _client(app, "rob"), _client(app, "ada")
    headers = {"x-csrf-token": re.search(r'name="token" value="([^"]+)"', rob.get("/").text)[1]}
    seen_by_admin, answered = set(), 0
    fills = _fills(case, alpha) + _fills(case, bravo)
    for name, method, path in _requests(app, fills):
        answer = rob.request(method, path, headers=headers)
        assert answer.status_code < 500, (name, path, answer.text[:300])
        leaked = [marker for marker in MARKERS if marker in _readable(answer)]
        assert not leaked, (name, method, path, leaked)
        answered += answer.status_code == 200
        if method == "GET":
            seen_by_admin |= {m for m in MARKERS if m in _readable(ada.get(path))}
    assert answered > 30  # the reader does get answers: most routes are open, scoped
    assert set(MARKERS) <= seen_by_admin  # the markers are there to find, for an admin


def test_a_reader_of_alpha_sees_alpha_whole_and_its_counts_alone(split):
    case, alpha, bravo = split
    app = create_app(case)
    rob, ada = _client(app, "rob"), _client(app, "ada")
    alpha_ids = _ids(case, alpha)
    found = rob.get("/api/search", params={"q": ""}).json()
    assert found["total"] == len(alpha_ids) and {h["id"] for h in found["hits"]} == set(alpha_ids)
    assert rob.get("/api/search", params={"q": "Marchetti"}).json()["total"] == 2
    assert ada.get("/api/search", params={"q": "Marchetti"}).json()["total"] > 2
    shared = next(
        e for e in rob.get("/api/entities").json()["entities"] if "Marchetti" in e["name"]
    )
    everyone = next(
        e for e in ada.get("/api/entities").json()["entities"] if e["id"] == shared["id"]
    )
    assert shared["documents"] == 2 < everyone["documents"]  # counted in alpha alone
    common = next(d for d in case.store.documents() if d.path.endswith("common.txt"))
    shown = rob.get(f"/api/documents/{common.id}").json()
    assert all("bravo-folder" not in path for path in shown["paths"])  # the copy in B is hidden
    for doc_id in _ids(case, bravo):
        if doc_id not in alpha_ids:
            assert rob.get(f"/api/documents/{doc_id}").status_code == 404
            assert rob.get(f"/documents/{doc_id}/original").status_code == 404
    assert rob.get("/status").status_code == 403  # not open to scoped readers yet
    tag = rob.post(f"/api/documents/{common.id}/tags", json={"add": ["x"]}, headers={})
    assert tag.status_code == 403  # they only read
    page = rob.get("/").text
    assert "alpha only" in page and 'href="/status"' not in page  # no link to a closed page
    assert 'href="/status"' in ada.get("/").text


def test_the_scoped_store_fails_closed(split):
    case, alpha, _bravo = split
    scoped = Scopes().case_for(case, [str(alpha)]).store
    assert scoped.counts()["documents"] == 2
    with pytest.raises(sqlite3.DatabaseError):
        scoped.users()  # a table with no view cannot be read at all
    assert scoped.runs() == [] and case.store.runs()  # the roots of every run tell of others
    if not case.on_server:  # SQLite: not even a query naming the case's own table
        with pytest.raises(sqlite3.DatabaseError):
            scoped.db.execute("SELECT * FROM main.documents").fetchall()
