"""Logging in and out in a real browser (Debian's chromium, as in test_e2e.py) on a case with
users: the login form, the page asked for first, the name in the header, the audit page,
and a logout after which the back button shows nothing. Screenshots at laptop width."""

from __future__ import annotations

import pytest

from nutgraf.web import create_app
from tests.web.live import live_server
from tests.web.team import PASSWORDS, team_case
from tests.web.test_e2e import Recorder, browser, shots  # noqa: F401


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    case = team_case(tmp_path_factory.mktemp("files"), tmp_path_factory.mktemp("team") / "case")
    with live_server(create_app(case)) as url:
        yield url
    case.close()


def test_login_audit_and_logout_in_a_browser(browser, server, shots):  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    recorder = Recorder(server)
    context.route("**/*", recorder.route)
    page = context.new_page()
    page.goto(server + "/facts?q=Marchetti")
    assert "/login?next=" in page.url
    page.fill("#login-name", "ada")
    page.fill("#login-password", "not the password")
    page.click("button[type=submit]")
    assert "Wrong name or password" in page.locator("p.error").inner_text()
    assert page.input_value("#login-password") == ""  # never sent back to the page
    page.screenshot(path=str(shots / "login.png"))
    page.fill("#login-password", PASSWORDS["ada"])
    page.click("button[type=submit]")
    page.wait_for_url("**/facts?q=Marchetti")
    assert "ada" in page.locator("header .who").inner_text()
    assert context.cookies()[0]["httpOnly"] and context.cookies()[0]["sameSite"] == "Strict"
    page.get_by_role("link", name="Audit").click()
    page.wait_for_url("**/audit")
    assert "The chain holds" in page.locator("p.notice").inner_text()
    assert page.locator("table.audit tbody tr").count() >= 3
    page.screenshot(path=str(shots / "audit.png"), full_page=True)
    page.get_by_role("link", name="Team").click()
    page.fill("#new-name", "kim")
    page.fill("#new-password", "kim's own passphrase")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_url("**/team")
    assert "kim" in page.locator("table.team").inner_text()
    page.screenshot(path=str(shots / "team.png"), full_page=True)
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/login")
    page.goto(server + "/audit")
    assert "/login?next=" in page.url  # the session is over on the server too
    assert not recorder.foreign
    context.close()
