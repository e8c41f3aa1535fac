"""In a real browser: Debian's chromium driven by Playwright, against a real server on 127.0.0.1.

Skipped, saying why, when chromium or the playwright package is absent. Every request the
browser makes is recorded; any to a host other than the server is aborted and fails the test.
Screenshots of the main pages go to $NUTGRAF_SCREENSHOTS or a temporary folder (printed).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from nutgraf.web import create_app
from tests.web.live import live_server

playwright_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
if not Path(CHROMIUM).is_file():
    pytest.skip(
        "Debian's chromium is not installed (apt-get install chromium)", allow_module_level=True
    )

LAUNCH_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


@pytest.fixture(scope="module")
def server(web_case):
    with live_server(create_app(web_case.case)) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    folder = Path(os.environ.get("NUTGRAF_SCREENSHOTS") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\nscreenshots of the workbench: {folder}")
    return folder


class Recorder:
    """Every request of a browser context; anything not for the server is aborted."""

    def __init__(self, server: str) -> None:
        self.own = urlsplit(server).netloc
        self.urls: list[str] = []
        self.foreign: list[str] = []
        self.console: list[str] = []

    def route(self, route) -> None:
        url = route.request.url
        self.urls.append(url)
        parts = urlsplit(url)
        if parts.scheme in ("data", "about", "blob") or parts.netloc == self.own:
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    recorder = Recorder(server)
    context.route("**/*", recorder.route)
    opened = context.new_page()
    opened.on("console", lambda message: recorder.console.append(f"{message.type}: {message.text}"))
    opened.on(
        "dialog",
        lambda dialog: (recorder.console.append(f"dialog: {dialog.message}"), dialog.dismiss()),
    )
    opened.recorder = recorder
    yield opened
    context.close()


def test_search_document_entity_journey(page, server, shots):
    page.goto(server + "/status")
    page.keyboard.press("/")  # the keyboard shortcut focuses the search box in the header
    page.keyboard.type("lugano")
    page.keyboard.press("Enter")
    page.wait_for_url("**/?q=lugano*")
    assert page.locator("li.hit").count() >= 2
    page.screenshot(path=str(shots / "search.png"), full_page=True)

    page.get_by_role("link", name="Lugano transfer", exact=True).click()
    page.wait_for_selector("h1")
    assert page.locator("h1").inner_text() == "Lugano transfer"
    # opened from the search: the query's hits are marked, the first shown, next/previous step
    assert "q=lugano" in page.url
    hits = page.locator("pre.doc-text mark.hit")
    count = hits.count()
    assert count >= 1 and all(h.lower() == "lugano" for h in hits.all_inner_texts())
    assert page.locator(".hit-position").inner_text() == f"hit 1 of {count}"
    page.get_by_role("button", name="Next hit").click()
    assert page.locator(".hit-position").inner_text() == f"hit {2 if count > 1 else 1} of {count}"
    page.get_by_role("button", name="Previous hit").click()
    assert page.locator(".hit-position").inner_text() == f"hit 1 of {count}"
    assert page.locator("mark.hit.current").count() == 1
    page.frame_locator("iframe").locator("body").wait_for()
    page.screenshot(path=str(shots / "document.png"), full_page=True)

    page.get_by_role("link", name="Anna Rossi <anna@rossi.example>").click()
    page.wait_for_url("**/entities/*")
    assert page.locator("h1").inner_text() == "Anna Rossi"
    assert page.get_by_role("link", name="Re: Lugano transfer").count() == 1
    page.screenshot(path=str(shots / "entity.png"), full_page=True)
    assert page.recorder.foreign == []


def test_main_pages_render_without_policy_violations(page, server, shots, web_case):
    for name, path in (("facts", "/facts?kind=money"), ("timeline", "/timeline"),
                       ("entities", "/entities"), ("status", "/status"),
                       ("pdf", f"/documents/{web_case.id_of('pdflatex-4-pages.pdf')}"),
                       ("memo", f"/documents/{web_case.id_of('memo.txt')}")):  # fmt: skip
        page.goto(server + path)
        page.wait_for_load_state("load")
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    page.goto(server + "/network")
    page.wait_for_selector("#network svg a circle")  # drawn by static JS under the strict CSP
    assert page.locator("#network svg a").count() >= 3
    page.screenshot(path=str(shots / "network.png"), full_page=True)
    violations = [line for line in page.recorder.console if "Content Security Policy" in line]
    assert violations == [] and page.recorder.foreign == []


@pytest.mark.parametrize("name", ["hostile.eml", "hostile.html"])
def test_hostile_html_runs_nothing_and_calls_nowhere(page, server, shots, web_case, name):
    page.goto(f"{server}/documents/{web_case.id_of(name)}")
    frame_body = page.frame_locator("iframe").locator("body")
    frame_body.wait_for()
    assert "the transfer of" in frame_body.inner_text()
    page.wait_for_timeout(500)  # time for a refresh, an onerror or a fetch to have fired
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    assert page.title() != "PWNED"
    assert page.recorder.foreign == []
    assert not [url for url in page.recorder.urls if "evil.example" in url]
    assert not [line for line in page.recorder.console if line.startswith("dialog")]
    frame = next(f for f in page.frames if f.url.endswith("/view.html"))
    assert frame.evaluate("document.scripts.length") == 0
    if name == "hostile.eml":  # the inline cid: image shows, from data only
        shown = "[...document.images].some(i => i.src.startsWith('data:') && i.naturalWidth > 0)"
        assert frame.evaluate(shown)


def test_page_viewer_links_the_text_and_the_page_both_ways(page, server, shots, web_case):
    pdf = web_case.id_of("board-minutes.pdf")
    page.goto(f"{server}/documents/{pdf}?q=board")
    page.wait_for_selector("#page-view .page-frame img")
    assert page.evaluate("document.querySelector('#page-view img').naturalWidth") > 100
    assert page.locator("#page-view .box-hit").count() >= 1  # "Board" is drawn on page 1
    # a fact of page 3, clicked in the text: the viewer turns to page 3 and selects its box
    page.locator("pre.doc-text a.fact-money", has_text="125,000").click()
    page.wait_for_selector("#page-view .box.selected")
    assert page.locator("#page-view .page-number").inner_text() == "3"
    selected = page.locator("#page-view .box.selected")
    assert selected.get_attribute("data-kind") == "fact"
    assert "/documents/" in page.url and "/facts" not in page.url  # shown, not followed
    assert "money: 125000.0 EUR" in page.locator("#page-view .page-selected").inner_text()
    # the box on the page, clicked: its mark in the text is selected
    page.locator("#page-view .box-fact-date").first.click()
    assert page.locator("pre.doc-text .selected").inner_text().startswith("12 April")
    page.locator("#page-view .page-prev").click()
    playwright_api.expect(page.locator("#page-view .page-number")).to_have_text("2")
    page.locator("#page-view .page-size").click()
    assert "large-page" in page.locator(".doc-main").get_attribute("class")
    for width in (1366, 1920):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{server}/documents/{pdf}?q=invoice")
        page.wait_for_selector("#page-view .box-hit")
        page.screenshot(path=str(shots / f"page-viewer-{width}.png"))
    violations = [line for line in page.recorder.console if "Content Security Policy" in line]
    assert violations == [] and page.recorder.foreign == []
