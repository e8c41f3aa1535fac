"""The thread page, the thread API and a mailbox's children, over the real mail case;
and the folding of quotes in real Chromium."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from nutgraf.web import create_app
from tests.reading.conftest import PST, id_by_message
from tests.web.live import live_server

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="module")
def client(mail_case) -> TestClient:
    return TestClient(create_app(mail_case), base_url="http://127.0.0.1")


def test_thread_page_lists_mails_in_order_with_quotes_folded(mail_case, client) -> None:
    m2 = id_by_message(mail_case, "m2@harbour")
    page = client.get(f"/documents/{m2[:8]}/thread")
    assert page.status_code == 200
    html = page.text
    order = [
        html.index(f'id="mail-{id_by_message(mail_case, f"m{n}@harbour")}"') for n in range(1, 6)
    ]
    assert order == sorted(order)
    assert f'class="mail this" id="mail-{m2}"' in html
    assert '<details class="quoted"><summary>Quoted text (3 lines)</summary>' in html
    assert "Fine by me." in html and "Conversation of 5 mails" in html
    assert id_by_message(mail_case, "m6@elsewhere") not in html


def test_thread_api_gives_parts_that_join_back_to_the_body(mail_case, client) -> None:
    m4 = id_by_message(mail_case, "m4@harbour")
    found = client.get(f"/api/documents/{m4}/thread").json()
    assert found["thread_id"] == id_by_message(mail_case, "m1@harbour")
    mine = next(mail for mail in found["mails"] if mail["this"])
    assert [part["kind"] for part in mine["parts"]] == ["text", "quote"]
    assert mine["parts"][1]["text"].startswith("Le 4 juin 2024 à 10:00, Ana Silva a écrit :")
    mbox = next(d for d in mail_case.store.documents() if d.path.endswith("harbour.mbox"))
    missing = client.get(f"/api/documents/{mbox.id}/thread")
    assert missing.status_code == 404 and "not a mail" in missing.json()["error"]


def test_mail_page_links_its_conversation(mail_case, client) -> None:
    m1 = id_by_message(mail_case, "m1@harbour")
    html = client.get(f"/documents/{m1}").text
    assert f'href="/documents/{m1}/thread">5 mails in this thread</a>' in html
    lone = id_by_message(mail_case, "m6@elsewhere")
    assert "in this thread" not in client.get(f"/documents/{lone}").text


def test_mailbox_page_lists_children_with_subject_sender_and_date(mail_case, client) -> None:
    mbox = next(d for d in mail_case.store.documents() if d.path.endswith("harbour.mbox"))
    html = client.get(f"/documents/{mbox.id}").text
    assert '<h2 id="mails">Mails (7)</h2>' in html
    assert ">RE : Lugano account</a>" in html and ">TR: Lugano account</a>" in html
    assert '<td dir="auto">Bob Stone &lt;bob@harbour.example&gt;</td>' in html
    assert '<time datetime="2024-06-05T11:00:00+02:00">2024-06-05 11:00</time>' in html


def test_pst_children_are_named_by_subject_not_number(mail_case, client) -> None:
    if not PST.is_file():
        pytest.skip(f"public corpus PST missing: {PST}")
    pst = next(d for d in mail_case.store.documents() if d.path.endswith("testPST.pst"))
    html = client.get(f"/documents/{pst.id}").text
    assert ">Feature Generators</a>" in html and "Kenig Ma &lt;kenigma1122@gmail.com&gt;" in html
    assert ">1.eml</a>" not in html


@pytest.fixture(scope="module")
def server(mail_case):
    if not Path(CHROMIUM).is_file():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    with live_server(create_app(mail_case)) as url:
        yield url


def test_quotes_open_on_click_in_chromium(mail_case, server, tmp_path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    m2 = id_by_message(mail_case, "m2@harbour")
    with sync_api.sync_playwright() as driver:
        browser = driver.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"], headless=True
        )
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        page.goto(f"{server}/documents/{m2}/thread")
        quoted = page.locator(f"#mail-{m2} details.quoted pre")
        assert not quoted.is_visible()  # folded at first
        page.locator(f"#mail-{m2} details.quoted summary").click()
        assert quoted.is_visible() and "the transfer of EUR 1,250,000" in quoted.inner_text()
        page.screenshot(path=str(tmp_path / "thread.png"), full_page=True)
        browser.close()
