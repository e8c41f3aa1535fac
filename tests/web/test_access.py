"""The workbench of a case with users: nothing without a login, each route's role, the forms'
and the API's CSRF guards, sessions that start fresh and end for real, slowed and locked
logins, and an audit log of who saw and did what. Its own case: the shared one has no users."""

from __future__ import annotations

import re

import pytest
from starlette.testclient import TestClient

from nutgraf import open_case
from nutgraf.access import audit, logins, users
from nutgraf.access.roles import ROLES
from nutgraf.web import create_app
from nutgraf.web.app import page_routes
from nutgraf.web.gate import PUBLIC_PATHS, ROUTE_ROLES, WRITE_ROLES, needed_role
from nutgraf.web.gate import detail_of as audit_detail
from tests.web.team import PASSWORDS, ROLE_OF, team_case

NAME_OF = {role: name for name, role in ROLE_OF.items()}
BASE = "http://127.0.0.1"
POLICY = logins.LoginPolicy(slow_after=2, delay_seconds=0.01, lock_after=4, lock_minutes=30)


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory):
    case = team_case(tmp_path_factory.mktemp("team-files"), tmp_path_factory.mktemp("team") / "c")
    yield case
    case.close()


@pytest.fixture(scope="module")
def app(team):
    return create_app(team, login_policy=POLICY)


@pytest.fixture(scope="module")
def doc_id(team) -> str:
    return next(iter(team.store.documents())).id


def _client(app) -> TestClient:
    return TestClient(app, base_url=BASE, follow_redirects=False)


def _log_in(app, name: str, password: str | None = None) -> TestClient:
    client = _client(app)
    answer = client.post("/login", data={"name": name, "password": password or PASSWORDS[name]})
    assert answer.status_code == 303, answer.text
    return client


def _csrf(client: TestClient) -> str:
    page = client.get("/story").text
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


def _requests(app, doc_id: str):
    """(route name, method, path) for every route and method, path parameters filled in."""
    fill = {"doc_id": doc_id, "entity_id": "none", "note_id": "999", "rule_id": "999"}
    fill["name"] = "none"
    for route in page_routes(app):
        path = re.sub(r"{(\w+)}", lambda m: fill[m.group(1)], route.path)
        for method in sorted((route.methods or {"GET"}) - {"HEAD"}):
            yield route.name, method, path


def _public(path: str) -> bool:
    return path.startswith(PUBLIC_PATHS) and path != "/logout"


def test_every_route_and_method_has_a_role_decided(app, doc_id):
    undecided = [
        (name, method)
        for name, method, path in _requests(app, doc_id)
        if not _public(path) and needed_role(name, method) is None
    ]
    assert not undecided, f"routes with no role: closed to all until one is chosen: {undecided}"
    names = {route.name for route in page_routes(app)}
    assert not (set(ROUTE_ROLES) | set(WRITE_ROLES)) - names  # no stale entry


def test_nothing_without_a_login(app, doc_id):
    client = _client(app)
    for name, method, path in _requests(app, doc_id):
        if _public(path):
            continue
        answer = client.request(method, path)
        if path.startswith("/api/") or path == "/openapi.json":
            assert answer.status_code == 401, (name, method, answer.status_code)
            assert "log in" in answer.json()["error"]
            assert answer.headers["www-authenticate"].startswith("Bearer")
        else:
            assert answer.status_code == 303, (name, method, answer.status_code)
            assert answer.headers["location"].startswith("/login?next=")
    assert client.get("/login").status_code == 200
    assert client.get("/static/style.css").status_code == 200


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_routes(app, doc_id, role):
    client = _log_in(app, NAME_OF[role])
    header = {"x-csrf-token": _csrf(client)}
    for name, method, path in _requests(app, doc_id):
        if _public(path) or name == "logout":
            continue
        answer = client.request(method, path, headers=header)
        refused = answer.status_code == 403 and "may not do this" in answer.text
        assert refused != _may(role, name, method), (role, name, method, answer.status_code)


# The policy, said apart from the gate's tables: readers read everything (and check names
# against a list, a read sent as a POST); editors also change the story (marks, reviews);
# only admins read the audit log, start a re-read of failures and manage the team.
ADMIN_ONLY = {("audit", "GET"), ("api_audit", "GET"), ("status_retry", "POST")}
ADMIN_ONLY |= {("team", "GET"), ("api_team", "GET"), ("form_team", "POST")}
READER_WRITES = {("api_watchlist", "POST")}


def _may(role: str, name: str, method: str) -> bool:
    if role == "admin":
        return True
    if (name, method) in ADMIN_ONLY:
        return False
    return role == "editor" or method == "GET" or (name, method) in READER_WRITES


def test_writes_need_the_sessions_own_token(app, doc_id):
    eve, other = _log_in(app, "eve"), _log_in(app, "eve")
    token, others = _csrf(eve), _csrf(other)
    assert token != others  # each session its own form token
    tag = f"/api/documents/{doc_id}/tags"
    refused = eve.post(tag, json={"add": ["checked"]})
    assert refused.status_code == 403 and "X-CSRF-Token" in refused.json()["error"]
    wrong = eve.post(tag, json={"add": ["checked"]}, headers={"x-csrf-token": others})
    assert wrong.status_code == 403
    done = eve.post(tag, json={"add": ["checked"]}, headers={"x-csrf-token": token})
    assert done.status_code == 200, done.text
    form = f"/documents/{doc_id}/tags"
    assert eve.post(form, data={"token": others, "tag": "x"}).status_code == 403
    assert eve.post(form, data={"token": token, "tag": "by-form"}).status_code == 303
    cross = eve.post(
        form, data={"token": token, "tag": "x"}, headers={"origin": "https://evil.example"}
    )
    assert cross.status_code == 403
    tags = eve.get(f"/api/documents/{doc_id}/marks").json()["tags"]
    assert {"checked", "by-form"} <= set(tags) and "x" not in tags


def test_a_token_needs_no_csrf_header_and_dies_when_revoked(app, team, doc_id):
    token_id, token = users.create_token(team.store, "eve", "script", by="cli:test")
    bearer = {"authorization": f"Bearer {token}"}
    client = _client(app)
    assert client.get("/api/search", params={"q": "Marchetti"}, headers=bearer).status_code == 200
    tagged = client.post(f"/api/documents/{doc_id}/tags", json={"add": ["api"]}, headers=bearer)
    assert tagged.status_code == 200, tagged.text
    users.revoke_token(team.store, token_id, by="cli:test")
    assert client.get("/api/search", headers=bearer).status_code == 401
    assert (
        client.get("/api/search", headers={"authorization": "Bearer ngt_guess"}).status_code == 401
    )


def test_a_login_starts_a_new_session_and_logout_ends_it(app):
    client = _client(app)
    client.cookies.set("nutgraf_session", "chosen-by-an-attacker")
    assert client.get("/").status_code == 303  # a cookie the server did not issue is no login
    answer = client.post("/login", data={"name": "rob", "password": PASSWORDS["rob"]})
    cookie = answer.cookies["nutgraf_session"]
    assert cookie != "chosen-by-an-attacker"
    set_cookie = answer.headers["set-cookie"].lower()
    assert "httponly" in set_cookie and "samesite=strict" in set_cookie
    again = _client(app)
    again.cookies.set("nutgraf_session", cookie)
    again.post("/login", data={"name": "rob", "password": PASSWORDS["rob"]})
    stale = _client(app)
    stale.cookies.set("nutgraf_session", cookie)
    assert stale.get("/").status_code == 303  # logging in again ended the session it replaced
    client = _log_in(app, "rob")
    kept = client.cookies["nutgraf_session"]
    assert client.get("/").status_code == 200
    assert client.post("/logout", data={"token": "wrong"}).status_code == 403
    assert client.post("/logout", data={"token": _csrf(client)}).status_code == 303
    replay = _client(app)
    replay.cookies.set("nutgraf_session", kept)
    assert replay.get("/").status_code == 303  # ended on the server, not just in the browser


def test_failed_logins_slow_down_then_lock_the_name(app, team):
    users.add_user(team.store, "tom", "reader", "tom's long password", by="cli:test")
    client = _client(app)
    for _ in range(POLICY.lock_after):
        answer = client.post("/login", data={"name": "tom", "password": "guess"})
        assert answer.status_code == 401 and "Wrong name or password" in answer.text
    locked = client.post("/login", data={"name": "tom", "password": "tom's long password"})
    assert locked.status_code == 429 and "locked until" in locked.text
    unknown = client.post("/login", data={"name": "nobody", "password": "guess"})
    assert unknown.status_code == 401  # an unknown name answers as a wrong password does
    actions = [entry.action for entry in team.store.audit_entries(user="tom")]
    assert actions.count("login.failed") == POLICY.lock_after and "login.locked" in actions


def test_login_goes_on_only_to_a_page_of_this_site(app):
    targets = [("/facts?q=x", "/facts?q=x"), ("//evil.example/", "/"), ("/\t/evil.example", "/")]
    targets += [("https://evil.example/", "/"), ("/\\evil.example", "/")]
    for target, expected in targets:
        client = _client(app)
        answer = client.post(
            "/login", data={"name": "rob", "password": PASSWORDS["rob"], "next": target}
        )
        assert answer.headers["location"] == expected
    assert "next=%2Ffacts%3Fq%3Dx" in _client(app).get("/facts?q=x").headers["location"]


def test_the_audit_log_tells_who_saw_and_did_what(app, team, doc_id):
    rob = _log_in(app, "rob")
    rob.get("/api/search", params={"q": "Marchetti"})
    rob.get(f"/documents/{doc_id}")
    rob.get(f"/documents/{doc_id}/original")
    assert rob.get("/api/audit").status_code == 403  # the log is the admins'
    assert rob.get("/audit").status_code == 403
    ada = _log_in(app, "ada")
    body = ada.get("/api/audit", params={"user": "rob"}).json()
    assert body["chain"]["intact"] and body["chain"]["head"]
    seen = [(e["action"], e["object"]) for e in body["entries"]]
    assert (
        ("download", doc_id) in seen and ("open", doc_id) in seen and ("refused", "/audit") in seen
    )
    search = next(e for e in body["entries"] if e["action"] == "search")
    assert '"q": "Marchetti"' in search["detail"] and '"via": "session"' in search["detail"]
    page = ada.get("/audit")
    assert page.status_code == 200 and "The chain holds" in page.text and "Log out" in page.text
    everything = repr(list(team.store.audit_entries()))
    assert not any(password in everything for password in PASSWORDS.values())
    assert audit.verify(team.store).ok


def test_served_to_a_network_a_case_without_users_opens_to_no_one(tmp_path):
    with open_case(tmp_path / "case", create=True) as case:
        client = _client(create_app(case, requires_login=True))
        assert client.get("/api/search").status_code == 401
        assert client.get("/").status_code == 401
        laptop = _client(create_app(case))  # on this machine, a case without users needs none
        assert laptop.get("/api/search").status_code == 200
        assert laptop.get("/login").status_code == 303


def test_pages_offer_each_role_only_what_it_may_do(app, doc_id):
    rob, eve = _log_in(app, "rob"), _log_in(app, "eve")
    reader_page, editor_page = (
        rob.get(f"/documents/{doc_id}").text,
        eve.get(f"/documents/{doc_id}").text,
    )
    assert 'action="/documents/' not in reader_page.replace("/logout", "")
    assert "editors' to change" in reader_page
    assert f'action="/documents/{doc_id}/tags"' in editor_page
    assert "rob" in reader_page and "(reader)" in reader_page and 'href="/audit"' not in reader_page
    assert 'href="/audit"' in _log_in(app, "ada").get("/").text


def test_the_audit_log_keeps_what_a_change_sent_but_no_token(app, team, doc_id):
    eve = _log_in(app, "eve")
    token = _csrf(eve)
    headers = {"x-csrf-token": token}
    eve.post(f"/api/documents/{doc_id}/tags", json={"add": ["for-the-lawyers"]}, headers=headers)
    eve.post(f"/documents/{doc_id}/notes", data={"token": token, "text": "ask the bank " * 100})
    changes = [e for e in team.store.audit_entries(user="eve") if e.action == "change"][-2:]
    tagged, noted = (audit_detail(entry.detail) for entry in changes)
    assert tagged["sent"] == {"add": ["for-the-lawyers"]} and tagged["route"] == "api_tag"
    assert noted["sent"]["text"].startswith("ask the bank") and len(noted["sent"]["text"]) == 500
    assert token not in repr(changes) and changes[-1].object == doc_id


def test_an_admin_manages_the_team_in_the_browser(app, team):
    ada = _log_in(app, "ada")
    token = _csrf(ada)

    def change(**fields):
        return ada.post("/team/change", data={"token": token, **fields})

    assert (
        change(action="add", name="kim", role="editor", password="kim's passphrase").status_code
        == 303
    )
    kim = _log_in(app, "kim", "kim's passphrase")
    assert kim.get("/team").status_code == 403
    made = change(action="token", name="kim", label="")
    shown = re.search(r"ngt_[\w-]+", made.text).group(0)
    assert made.status_code == 200 and "shown this once" in made.text
    assert (
        _client(app).get("/api/tags", headers={"authorization": f"Bearer {shown}"}).status_code
        == 200
    )
    assert shown not in ada.get("/team").text  # never again
    listed = ada.get("/api/team").json()
    assert ("kim", "editor", 1) in [(u["name"], u["role"], u["tokens"]) for u in listed["users"]]
    assert change(action="passwd", name="kim", password="a new kim passphrase").status_code == 303
    assert kim.get("/").status_code == 303  # a new password ends the user's sessions
    refused = change(action="role", name="ada", role="reader")
    assert refused.status_code == 400 and "last admin" in refused.text
    assert change(action="remove", name="kim").status_code == 303
    assert "kim" not in [u["name"] for u in ada.get("/api/team").json()["users"]]
    assert not any("passphrase" in entry.detail for entry in team.store.audit_entries())
    assert ("user.add", "kim") in [
        (e.action, e.object) for e in team.store.audit_entries(user="ada")
    ]


def test_over_tls_the_cookie_is_secure_and_browsers_keep_to_https(app):
    client = TestClient(app, base_url="https://127.0.0.1", follow_redirects=False)
    answer = client.post("/login", data={"name": "rob", "password": PASSWORDS["rob"]})
    assert "secure" in answer.headers["set-cookie"].lower()
    assert answer.headers["strict-transport-security"] == "max-age=31536000"
    plain = _client(app).post("/login", data={"name": "rob", "password": PASSWORDS["rob"]})
    assert "secure" not in plain.headers["set-cookie"].lower()
    assert "strict-transport-security" not in plain.headers


def test_a_new_role_holds_from_the_next_request(app, team, doc_id):
    users.add_user(team.store, "lou", "editor", "lou's long passphrase", by="cli:test")
    lou = _log_in(app, "lou", "lou's long passphrase")
    headers = {"x-csrf-token": _csrf(lou)}
    tag = f"/api/documents/{doc_id}/tags"
    assert lou.post(tag, json={"add": ["lou"]}, headers=headers).status_code == 200
    users.change_role(team.store, "lou", "reader", by="cli:test")
    refused = lou.post(tag, json={"add": ["lou-again"]}, headers=headers)
    assert refused.status_code == 403 and "(reader) may not" in refused.json()["error"]
    users.remove_user(team.store, "lou", by="cli:test")
    assert lou.get("/api/tags").status_code == 401
