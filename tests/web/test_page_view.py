"""The page viewer: a PDF page or an image with its hits, facts and names drawn as boxes."""

from __future__ import annotations

import re


def test_the_document_page_draws_the_facts_of_the_page_it_shows(client, web_case):
    pdf = web_case.id_of("board-minutes.pdf")
    html = client.get(f"/documents/{pdf}").text
    assert 'id="page-view"' in html and 'page <span class="page-number">1</span> of 3' in html
    assert "boxes from the PDF&#39;s text layer" in html
    boxes = re.findall(r'<a class="box box-fact box-fact-(\w+)" href="#f(\d+)"', html)
    assert {kind for kind, _ in boxes} == {"money", "date"}  # page 1: USD 2,400,000, 5 March
    for _, start in boxes:
        assert f'id="f{start}"' in html  # each box links to its mark in the text
    assert "EUR" not in "".join(re.findall(r"<title>([^<]*)</title>", html))  # page 3's stays off
    third = client.get(f"/documents/{pdf}", params={"page": 3, "q": "invoice"}).text
    assert 'src="/documents/' + pdf + '/preview.png?page=3"' in third
    assert re.search(r'<a class="box box-hit box-hit-hit" data-kind="hit"', third)
    assert re.search(r"<title>money: 125000.0 EUR</title>", third)


def test_the_page_api_gives_each_mark_its_rectangles(client, web_case):
    pdf = web_case.id_of("board-minutes.pdf")
    data = client.get(f"/api/documents/{pdf}/page", params={"page": 3, "q": "invoice"}).json()
    assert (data["page"], data["page_count"], data["method"]) == (3, 3, "text layer")
    text = client.get(f"/api/documents/{pdf}/text").json()["text"]
    kinds = {}
    for mark in data["marks"]:
        assert data["start"] <= mark["start"] < mark["end"] <= data["end"]
        for x0, y0, x1, y1 in mark["rects"]:
            assert 0 <= x0 < x1 <= 1 and 0 <= y0 < y1 <= 1
        kinds.setdefault(mark["kind"], []).append(text[mark["start"] : mark["end"]])
    assert kinds["hit"] == ["invoice"] and "EUR 125,000.00" in kinds["fact"]
    assert data["unplaced"] == 0
    beyond = client.get(f"/api/documents/{pdf}/page", params={"page": 9}).json()
    assert beyond["page"] == 3  # the last page, not an error


def test_a_document_without_pages_has_no_viewer_and_an_image_has_one(client, web_case):
    memo = client.get(f"/documents/{web_case.id_of('memo.txt')}").text
    assert 'id="page-view"' not in memo and "pages.js" not in memo
    image = client.get(f"/documents/{web_case.id_of('swatch.png')}").text
    assert 'id="page-view"' in image and 'page <span class="page-number">1</span> of 1' in image


def test_the_page_route_is_described_in_openapi(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "page" in paths["/api/documents/{doc_id}/page"]["get"]["summary"].lower()
