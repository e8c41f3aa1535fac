"""The HTML pages and file routes: content, escaping, headers, and the hostile-mail frame."""

from __future__ import annotations

import csv
import io
import re

import lxml.html
import pytest
from PIL import Image

from nutgraf.web.analysis import _spreadsheet_safe
from tests.web.conftest import EVIL_MARKERS

PAGES = ("/", "/?q=lugano", "/entities", "/facts", "/timeline", "/network", "/status")


def _assert_security_headers(response) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "SAMEORIGIN"
    assert headers["referrer-policy"] == "no-referrer"
    policy = headers["content-security-policy"]
    assert "default-src 'self'" in policy or "default-src 'none'" in policy
    assert "frame-ancestors 'self'" in policy or "default-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


@pytest.mark.parametrize(
    "url",
    [*PAGES, "/api/search?q=x", "/api/documents/ffffffffffffffff", "/static/style.css",
     "/nowhere", "/openapi.json"],
)  # fmt: skip
def test_every_response_has_security_headers(client, url):
    _assert_security_headers(client.get(url))


def test_pages_have_no_inline_script_or_style(client, web_case):
    urls = [*PAGES, f"/documents/{web_case.id_of('memo.txt')}"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        tree = lxml.html.fromstring(response.text)
        assert not tree.xpath("//style"), url
        for script in tree.xpath("//script"):
            assert script.get("src") and not (script.text or "").strip(), url
        for element in tree.iter():
            names = {name.lower() for name in element.attrib}
            assert "style" not in names and not any(n.startswith("on") for n in names), url


def test_foreign_host_header_is_refused(client):
    # A page elsewhere that re-points its own name at 127.0.0.1 (DNS rebinding) is refused.
    response = client.get("/api/status", headers={"host": "evil.example"})
    assert response.status_code == 400


def test_search_page_keeps_the_query_in_the_url(client, web_case):
    html = client.get("/", params={"q": "transfer", "sort": "-date"}).text
    assert 'value="transfer"' in html
    assert f'href="/documents/{web_case.id_of("hostile.eml")}?q=transfer"' in html
    assert "<mark>transfer</mark>" in html.lower() or "<mark>Transfer</mark>" in html
    # a facet adds a filter beside the query, never text pasted after it
    assert re.search(r'href="/\?q=transfer&amp;sort=-date&amp;filter=type%3Aemail"', html)


def test_a_facet_narrows_the_whole_query_and_can_be_taken_off(client):
    """`a OR b` with the facet type:email is (a OR b) AND type:email, shown as chosen."""
    wide = client.get("/api/search", params={"q": "transfer OR payment"}).json()
    emails = {item["value"]: item["count"] for item in wide["facets"]["type"]}["email"]
    narrowed = client.get(
        "/api/search", params={"q": "transfer OR payment", "filter": "type:email", "limit": 100}
    ).json()
    assert narrowed["total"] == emails
    assert all(hit["mime"] == "message/rfc822" for hit in narrowed["hits"])
    html = client.get("/", params={"q": "transfer OR payment", "filter": "type:email"}).text
    assert 'type="hidden" name="filter" value="type:email"' in html
    assert re.search(r'class="active" aria-current="true">email<', html)
    assert 'href="/?q=transfer+OR+payment&amp;sort=relevance" title="remove this filter"' in html


def test_search_page_pages_and_facet_toggles(client):
    html = client.get("/", params={"q": "type:email", "page": 1}).text
    assert 'class="active"' in html  # the facet already in the query is shown as active
    assert client.get("/", params={"q": "", "page": "zero"}).status_code == 400
    error = client.get("/", params={"q": '"unclosed'})
    assert error.status_code == 400 and "unclosed quote" in error.text


def test_document_page_marks_facts_at_their_spans_and_escapes_text(client, web_case):
    memo = web_case.id_of("memo.txt")
    html = client.get(f"/documents/{memo}").text
    for fact in web_case.case.store.facts(doc_id=memo):
        anchor = re.search(
            rf'<a class="fact fact-{fact["kind"]}" id="f{fact["start"]}"[^>]*>([^<]*)</a>', html
        )
        assert anchor, fact
        assert anchor.group(1).replace("&amp;", "&") == fact["quote"]
    assert (
        "5 &lt; 6 &amp;&amp; &#34;quoted&#34; &lt;i&gt;not markup&lt;/i&gt; &lt;img src=x" in html
    )
    assert "<i>not" not in html and "<img src=x" not in html
    assert 'class="doc-text" dir="auto"' in html
    assert "بيروت" in html


def test_document_page_shows_family_and_links(client, web_case):
    mail = web_case.id_of("hostile.eml")
    html = client.get(f"/documents/{mail}").text
    assert f'href="/documents/{web_case.id_of("wire-note.txt")}"' in html
    assert '<iframe sandbox="" src="/documents/' in html and "allow-scripts" not in html
    assert "Paolo Marchetti &lt;paolo@marchetti.example&gt;" in html
    child = client.get(f"/documents/{web_case.id_of('wire-note.txt')}").text
    assert f'href="/documents/{mail}"' in child  # back to the mail it came in
    pdf = web_case.id_of("pdflatex-4-pages.pdf")
    html = client.get(f"/documents/{pdf}").text
    assert 'id="page-2"' in html and 'id="page-4"' in html
    assert f'src="/documents/{pdf}/preview.png?page=1"' in html  # the page viewer opens at 1


def test_download_is_the_original_as_an_attachment(client, web_case):
    memo = web_case.id_of("memo.txt")
    response = client.get(f"/documents/{memo}/original")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert "memo.txt" in response.headers["content-disposition"]
    assert response.content == (web_case.folder / "memo.txt").read_bytes()


def test_previews_are_fresh_png(client, web_case):
    for name, page in (("swatch.png", 1), ("pdflatex-4-pages.pdf", 3)):
        response = client.get(f"/documents/{web_case.id_of(name)}/preview.png?page={page}")
        assert response.status_code == 200 and response.headers["content-type"] == "image/png"
        image = Image.open(io.BytesIO(response.content))
        assert image.format == "PNG" and image.width > 10
    pdf = web_case.id_of("pdflatex-4-pages.pdf")
    assert client.get(f"/documents/{pdf}/preview.png?page=9").status_code == 404
    assert client.get(f"/documents/{web_case.id_of('memo.txt')}/preview.png").status_code == 404


@pytest.mark.parametrize("name", ["hostile.eml", "hostile.html"])
def test_hostile_html_is_sanitised_and_framed_strictly(client, web_case, name):
    response = client.get(f"/documents/{web_case.id_of(name)}/view.html")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; img-src data:") and "sandbox" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    body = response.text.lower()
    for marker in EVIL_MARKERS:
        assert marker not in body, marker
    assert "the transfer of" in body  # the readable content is still there
    if name == "hostile.eml":
        assert 'src="data:image/png;base64,' in body  # the cid: logo, inlined


def test_html_view_only_for_html_and_mail(client, web_case):
    response = client.get(f"/documents/{web_case.id_of('memo.txt')}/view.html")
    assert response.status_code == 404 and "no HTML view" in response.text


def test_a_plain_text_mail_has_no_empty_html_frame(client, web_case):
    plain = client.get(f"/documents/{web_case.id_of('reply.eml')}").text
    assert 'class="html-view"' not in plain and "Received. The second tranche" in plain
    html_mail = client.get(f"/documents/{web_case.id_of('hostile.eml')}").text
    assert 'class="html-view"' in html_mail


def test_facts_page_says_part_only_of_parts(client):
    html = client.get("/facts").text
    facts = client.get("/api/facts", params={"limit": 1000}).json()["facts"]
    parts = sum(1 for fact in facts if fact.get("part_of") is not None)
    assert html.count("part, not added</small>") == parts < len(facts)


def test_entity_page_lists_documents_and_company(client):
    people = client.get("/api/entities", params={"type": "person"}).json()["entities"]
    anna = next(e for e in people if e["name"] == "Anna Rossi")
    html = client.get(f"/entities/{anna['id']}").text
    assert "Lugano transfer" in html and "Re: Lugano transfer" in html
    assert "Paolo Marchetti" in html and "header to" in html
    assert client.get("/entities/pnothinghere").status_code == 404


def test_facts_page_filters_totals_and_csv(client, web_case):
    euros = client.get("/api/facts", params={"kind": "money", "currency": "EUR"}).json()
    total = sum({fact["value"] for fact in euros["facts"]})  # each distinct amount once
    assert total > 1_250_000
    html = client.get("/facts", params={"kind": "money", "currency": "EUR"}).text
    assert f'<td>EUR</td><td class="num">{total:,.2f}</td>' in html
    memo = web_case.id_of("memo.txt")
    assert re.search(rf'href="/documents/{memo}#f\d+">“€1,250,000”', html)
    response = client.get("/facts.csv", params={"kind": "money", "currency": "EUR"})
    assert response.headers["content-disposition"] == 'attachment; filename="facts.csv"'
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert {float(row["value"]) for row in rows} >= {1_250_000.0, 75_000.0}
    assert all(row["currency"] == "EUR" and row["path"] for row in rows)


def test_csv_cells_cannot_become_formulas():
    assert _spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert _spreadsheet_safe("plain") == "plain" and _spreadsheet_safe(-5.0) == -5.0


def test_timeline_network_and_status_pages(client, web_case):
    timeline = client.get("/timeline").text
    assert "<svg" in timeline and "2023-03" in timeline
    network = client.get("/network").text
    assert 'data-source="/api/graph?edges=both&amp;' in network and "Board Secretary" in network
    filtered = client.get("/network", params={"edges": "co", "type": "person", "min": 2}).text
    assert 'data-source="/api/graph?edges=co&amp;min=2&amp;limit=60&amp;type=person"' in filtered
    assert 'value="co" checked' in filtered and 'value="organization" checked' not in filtered
    status = client.get("/status").text
    assert "libreoffice-writer-password.pdf" in status or "password" not in web_case.ids
    assert "encrypted" in status


def test_entity_page_has_amounts_near_it_and_a_timeline(client) -> None:
    people = client.get("/api/entities?type=person").json()["entities"]
    anna = next(entity for entity in people if entity["name"] == "Anna Rossi")
    page = client.get(f"/entities/{anna['id']}").text
    # she sent the reply: its amount counts as near her, and its month is on her timeline
    assert "Amounts in the same sentence" in page and "20,000.00 EUR" in page
    assert "When it is named" in page and "2023-04" in page


def test_a_document_opened_from_a_search_marks_every_hit(client, web_case):
    memo = web_case.id_of("memo.txt")
    # folded, stemmed and inside a marked fact or name alike: every place the search found
    html = client.get(f"/documents/{memo}", params={"q": "payments OR marchetti"}).text
    tree = lxml.html.fromstring(html)
    marked = [mark.text_content() for mark in tree.xpath("//pre[@class='doc-text']//mark")]
    assert marked == ["Marchetti", "payment"]
    assert tree.xpath("//nav[@class='hit-bar']/@data-count") == ["2"]
    assert tree.xpath("//script[@src='/static/hits.js']")
    # the marks cut pieces, never the text: the page's text is still the stored text
    shown = "".join(tree.xpath("//pre[@class='doc-text']")[0].itertext())
    assert shown == web_case.case.store.text(memo)
    # a word that is not there, a query that does not parse, and no query at all
    missing = lxml.html.fromstring(client.get(f"/documents/{memo}", params={"q": "zzyzx"}).text)
    assert not missing.xpath("//mark") and "No word of" in missing.text_content()
    broken = client.get(f"/documents/{memo}", params={"q": '"unclosed (('})
    assert broken.status_code == 200 and "<mark" not in broken.text
    plain = client.get(f"/documents/{memo}").text
    assert "hit-bar" not in plain and "hits.js" not in plain


def test_a_paged_document_opens_its_preview_at_the_first_hit(tmp_path):
    from starlette.testclient import TestClient

    from bench.ceiling import text_pdf
    from nutgraf import ingest, open_case
    from nutgraf.ingest.pipeline import IngestSettings
    from nutgraf.web import create_app

    leak = tmp_path / "leak"
    leak.mkdir()
    pages = [["Opening page of the report."], ["Nothing here either."], ["The Lugano account."]]
    (leak / "report.pdf").write_bytes(text_pdf(pages))
    with open_case(tmp_path / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=1))
        (doc,) = case.store.documents()
        client = TestClient(create_app(case), base_url="http://127.0.0.1")
        html = client.get(f"/documents/{doc.id}", params={"q": "lugano"}).text
        assert f"/documents/{doc.id}/preview.png?page=3" in html
        assert f"/documents/{doc.id}/preview.png?page=1" in client.get(f"/documents/{doc.id}").text


def test_every_stemmed_hit_is_marked_however_many(client, web_case):
    from nutgraf.search import document_hits

    text = "payments " * 120 + "payment"
    spans = document_hits(web_case.case.index, "payment", text, "en")
    assert len(spans) == 121  # not a snippet's 50


def test_facts_page_filters_by_date_and_entity_and_shows_the_sentence(client):
    html = client.get("/facts").text
    assert "Amount at least" in html and "Dated from" in html and "In a sentence naming" in html
    every = client.get("/api/facts", params={"limit": 1000}).json()
    dated = client.get("/api/facts", params={"from": "2023-04", "to": "2023-12", "limit": 1000})
    assert dated.status_code == 200 and 0 < dated.json()["total"] < every["total"]
    assert all(f["sentence"] and f["quote"] in f["sentence"] for f in dated.json()["facts"])
    named = client.get("/api/facts", params={"entity": "Anna Rossi", "limit": 1000}).json()
    assert 0 < named["total"] == len(named["facts"]) < every["total"]
    page = client.get("/facts", params={"from": "2023-04", "entity": "Anna Rossi"})
    assert page.status_code == 200 and '<div class="sentence count">' in page.text
    assert client.get("/facts", params={"from": "April"}).status_code == 400
