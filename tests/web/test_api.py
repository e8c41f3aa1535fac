"""The JSON API over a real ingested case: every route, its filters and its errors."""

from __future__ import annotations

from starlette.routing import Route

from nutgraf.web.app import page_routes


def test_search_finds_ranks_and_highlights(client, web_case):
    body = client.get("/api/search", params={"q": "marchetti payment"}).json()
    assert body["total"] >= 1
    hit = body["hits"][0]
    assert hit["id"] == web_case.id_of("memo.txt")
    snippet = hit["snippets"][0]
    marked = [snippet["text"][s:e].lower() for s, e in snippet["highlights"]]
    assert "marchetti" in marked and "payment" in marked
    # the hit's page opens at the query's hits
    assert hit["url"] == f"/documents/{hit['id']}?q=marchetti+payment"
    assert '<mark class="hit">' in client.get(hit["url"]).text


def test_search_facets_count_the_matching_documents(client):
    body = client.get("/api/search", params={"q": "type:email"}).json()
    types = {item["value"]: item["count"] for item in body["facets"]["type"]}
    assert types == {"email": body["total"]}
    years = {item["value"] for item in body["facets"]["year"]}
    assert "2023" in years


def test_search_pages_without_overlap(client):
    everything = client.get("/api/search", params={"q": "", "limit": 100}).json()
    first = client.get("/api/search", params={"q": "", "limit": 2, "offset": 0}).json()
    second = client.get("/api/search", params={"q": "", "limit": 2, "offset": 2}).json()
    assert first["total"] == second["total"] == everything["total"] >= 4
    first_ids = {hit["id"] for hit in first["hits"]}
    second_ids = {hit["id"] for hit in second["hits"]}
    assert len(first_ids) == len(second_ids) == 2 and not first_ids & second_ids


def test_search_sorts_by_date(client, web_case):
    oldest = client.get("/api/search", params={"q": "lugano", "sort": "date"}).json()
    newest = client.get("/api/search", params={"q": "lugano", "sort": "-date"}).json()
    assert oldest["hits"][0]["id"] == web_case.id_of("hostile.eml")
    assert newest["hits"][0]["id"] == web_case.id_of("reply.eml")


def test_bad_queries_are_400_with_a_message(client):
    for params in ({"q": '"unclosed'}, {"q": "x", "sort": "size"}, {"q": "x", "limit": "ten"},
                   {"q": "nosuchfield:x"}, {"q": "x", "offset": "-1"}):  # fmt: skip
        response = client.get("/api/search", params=params)
        assert response.status_code == 400, params
        assert response.headers["content-type"] == "application/json"
        assert set(response.json()) == {"error"} and response.json()["error"]


def test_documents_lists_all_and_errors_only(client, web_case):
    listed = client.get("/api/documents", params={"limit": 1000}).json()["documents"]
    assert {doc["id"] for doc in listed} == set(web_case.ids.values())
    failed = client.get("/api/documents", params={"errors": "1"}).json()["documents"]
    assert all(doc["error"] for doc in failed)
    if "libreoffice-writer-password.pdf" in web_case.ids:
        assert web_case.ids["libreoffice-writer-password.pdf"] in {doc["id"] for doc in failed}


def test_document_has_paths_children_and_header_mentions(client, web_case):
    mail_id = web_case.id_of("hostile.eml")
    body = client.get(f"/api/documents/{mail_id[:8]}").json()  # a unique prefix is enough
    assert body["id"] == mail_id and body["mime"] == "message/rfc822"
    assert body["paths"][0].endswith("hostile.eml")
    children = {child["path"].rsplit("/", 1)[-1]: child for child in body["children"]}
    assert children["wire-note.txt"]["mime"] == "text/plain"
    assert any(child["mime"] == "image/png" for child in children.values())  # the cid: logo
    roles = {m["source"] for m in body["mentions"]}
    assert {"metadata:from", "metadata:to", "metadata:cc"} <= roles


def test_unknown_document_is_404(client):
    for url in ("/api/documents/ffffffffffffffff", "/api/documents/ffffffffffffffff/text"):
        response = client.get(url)
        assert response.status_code == 404
        assert "ffffffffffffffff" in response.json()["error"]


def test_text_is_the_stored_text_and_facts_quote_it(client, web_case):
    memo = web_case.id_of("memo.txt")
    text = client.get(f"/api/documents/{memo}/text").json()["text"]
    assert text == web_case.case.store.text(memo)
    facts = client.get("/api/facts", params={"doc": memo}).json()["facts"]
    assert facts and all(text[f["start"] : f["end"]] == f["quote"] for f in facts)


def test_facts_filter_by_kind_currency_and_range(client):
    euros = client.get("/api/facts", params={"kind": "money", "currency": "eur"}).json()
    values = sorted(f["value"] for f in euros["facts"])
    assert 1_250_000 in values and 75_000 in values
    assert all(f["currency"] == "EUR" for f in euros["facts"])
    (totals,) = euros["totals"]  # each distinct amount once: 75,000 is in two documents
    assert totals["currency"] == "EUR" and totals["total"] == sum(set(values))
    assert totals["distinct_amounts"] == len(set(values)) and totals["mentions"] == len(values)
    assert {s["value"]: len(s["mentions"]) for s in totals["sources"]}[75_000] == 2
    ranged = client.get("/api/facts", params={"kind": "money", "min": 30000, "max": 100000})
    # USD 40,000 in the memo; EUR 75,000 in both the hostile mail and the hostile page
    assert sorted(f["value"] for f in ranged.json()["facts"]) == [40_000, 75_000, 75_000]
    assert client.get("/api/facts", params={"min": "lots"}).status_code == 400


def test_facts_page_through_with_offset(client):
    every = client.get("/api/facts", params={"limit": 1000}).json()
    assert every["total"] == len(every["facts"]) > 3
    second = client.get("/api/facts", params={"limit": 2, "offset": 2}).json()["facts"]
    assert second == every["facts"][2:4]


def test_entities_by_type_and_one_entity(client, web_case):
    people = client.get("/api/entities", params={"type": "person"}).json()["entities"]
    paolo = next(e for e in people if e["name"] == "Paolo Marchetti")
    assert paolo["documents"] == 2
    assert client.get("/api/entities", params={"type": "planet"}).status_code == 400
    body = client.get(f"/api/entities/{paolo['id']}").json()
    assert {m["doc_id"] for m in body["mentioned_in"]} == {
        web_case.id_of("hostile.eml"),
        web_case.id_of("reply.eml"),
    }
    assert "Anna Rossi" in {other["name"] for other in body["co_occurring"]}
    assert client.get("/api/entities/pnothinghere").status_code == 404


def _named_edges(graph: dict) -> dict[tuple[str, str, str], dict]:
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    return {(e["kind"], names[e["source"]], names[e["target"]]): e for e in graph["edges"]}


def test_graph_links_senders_to_recipients(client):
    graph = client.get("/api/graph", params={"edges": "mail"}).json()
    assert {edge["kind"] for edge in graph["edges"]} == {"mail"}
    names = {node["id"]: node["name"] for node in graph["nodes"]}
    edges = {(names[e["source"]], names[e["target"]]): e for e in graph["edges"]}
    assert edges[("Paolo Marchetti", "Anna Rossi")]["roles"] == ["to"]
    assert edges[("Paolo Marchetti", "Board Secretary")]["roles"] == ["cc"]
    assert ("Anna Rossi", "Paolo Marchetti") in edges


def test_graph_co_occurrence_is_undirected_and_counts_shared_documents(client, web_case):
    graph = client.get("/api/graph", params={"edges": "co"}).json()
    assert graph["edges"] and {edge["kind"] for edge in graph["edges"]} == {"co"}
    db = web_case.case.store.db
    for edge in graph["edges"][:20]:
        assert edge["source"] < edge["target"]  # one edge per pair
        shared = db.execute(
            "SELECT COUNT(DISTINCT a.doc_id) FROM mentions a JOIN mentions b "
            "ON a.doc_id = b.doc_id WHERE a.entity_id = ? AND b.entity_id = ?",
            (edge["source"], edge["target"]),
        ).fetchone()[0]
        assert edge["weight"] == shared
    pairs = {frozenset(key[1:]) for key in _named_edges(graph)}
    assert frozenset(("Paolo Marchetti", "Anna Rossi")) in pairs  # both mails name both


def test_graph_filters_by_type_weight_and_limit(client):
    both = client.get("/api/graph").json()
    assert {edge["kind"] for edge in both["edges"]} == {"mail", "co"}
    heaviest = max(edge["weight"] for edge in both["edges"])
    strong = client.get("/api/graph", params={"min": heaviest}).json()
    assert strong["edges"] and all(edge["weight"] == heaviest for edge in strong["edges"])
    people = client.get("/api/graph", params={"type": "person"}).json()
    assert people["nodes"] and {node["type"] for node in people["nodes"]} == {"person"}
    places = client.get("/api/graph", params=[("type", "location"), ("type", "organization")])
    assert "person" not in {node["type"] for node in places.json()["nodes"]}
    capped = client.get("/api/graph", params={"edges": "co", "limit": 1}).json()
    assert len(capped["edges"]) == 1 and capped["edges"][0]["weight"] == max(
        e["weight"] for e in both["edges"] if e["kind"] == "co"
    )
    for bad in ({"edges": "fax"}, {"type": "planet"}, {"min": "0"}):
        assert client.get("/api/graph", params=bad).status_code == 400, bad


def test_timeline_counts_mail_dates_and_stated_dates(client):
    months = {m["month"]: m for m in client.get("/api/timeline").json()["months"]}
    assert months["2023-03"]["documents"] >= 1  # the hostile mail's Date header
    assert months["2023-04"]["documents"] >= 1  # the reply
    assert months["2023-03"]["facts"] >= 2  # "12 March 2023", "2023-03-14" in the memo


def test_status_has_counts_failures_and_runs(client, web_case):
    body = client.get("/api/status").json()
    assert body["counts"] == web_case.case.store.counts()
    assert body["counts"]["documents"] == len(web_case.ids)
    assert len(body["runs"]) == 1 and body["runs"][0]["finished"]
    if "libreoffice-writer-password.pdf" in web_case.ids:
        failed = {doc["id"]: doc for doc in body["failed"]}
        assert failed[web_case.ids["libreoffice-writer-password.pdf"]]["error"]


def test_unknown_api_route_is_json_404(client):
    response = client.get("/api/nothing")
    assert response.status_code == 404 and response.json() == {"error": "Not Found"}


def test_openapi_describes_exactly_the_routes(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    app_paths = {route.path for route in page_routes(client.app)}
    assert set(spec["paths"]) == app_paths
    for path, item in spec["paths"].items():
        route = next(r for r in page_routes(client.app) if r.path == path)
        assert isinstance(route, Route)
        assert {method.upper() for method in item} == (route.methods or set()) - {"HEAD"}, path
        for operation in item.values():
            assert operation["summary"] and operation["responses"]
            declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
            assert declared == set(route.param_convertors), path
