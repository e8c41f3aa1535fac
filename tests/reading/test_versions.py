"""Near-duplicates and versions on a real ingest: groups, the sentence diff, --collapse."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nutgraf.analyze.versions import group_texts, sentence_diff, sentences
from nutgraf.cli import main
from nutgraf.errors import NotFound
from nutgraf.store import SqliteStore
from nutgraf.versions import compare, compute_versions, versions_of

V1 = (
    "Heads of agreement between Harbour Holdings and Cirrolux Systems SA. "
    "Harbour Holdings agrees to transfer EUR 1,250,000 to the Lugano account before the end "
    "of June. Cirrolux Systems SA will deliver the coastal radar study within ninety days of "
    "the transfer. The parties keep the terms of this agreement confidential and will not "
    "disclose them to the port authority. Any dispute goes to arbitration in Geneva under "
    "Swiss law. This agreement is signed in two copies, one for each party."
)
V2 = (
    V1.replace("EUR 1,250,000", "EUR 1,500,000")
    .replace("within ninety days", "within sixty days")
    .replace("one for each party.", "one for each party. A side letter sets the fee of the agent.")
)
OTHER = (
    "Minutes of the sailing club. The committee discussed the new pontoon, the cost of "
    "repainting the clubhouse and the summer regatta. Members asked for more moorings for "
    "small boats. The treasurer reported that the accounts are balanced and that fees stay "
    "the same next year. The next meeting is in September at the clubhouse."
)


@pytest.fixture(scope="module")
def versions_case(tmp_path_factory: pytest.TempPathFactory):
    from nutgraf import ingest, open_case
    from nutgraf.ingest.pipeline import IngestSettings

    root = tmp_path_factory.mktemp("versions")
    leak = root / "leak"
    (leak / "drafts").mkdir(parents=True)
    (leak / "drafts" / "agreement-v1.txt").write_text(V1, encoding="utf-8")
    (leak / "drafts" / "agreement-v2.txt").write_text(V2, encoding="utf-8")
    (leak / "agreement-final.html").write_text(
        f"<html><head><title>Agreement</title></head><body><p>{V2}</p></body></html>",
        encoding="utf-8",
    )
    (leak / "minutes.txt").write_text(OTHER, encoding="utf-8")
    (leak / "note-a.txt").write_text("Call Ana about the agreement.", encoding="utf-8")
    (leak / "note-b.txt").write_text("Call Ana about the agreement!", encoding="utf-8")
    case = open_case(root / "case", create=True)
    ingest(case, [leak], IngestSettings(workers=1, ocr="never"))
    case.ids = {d.path.rsplit("/", 1)[-1]: d.id for d in case.store.documents()}  # type: ignore[attr-defined]
    yield case
    case.close()


def test_versions_are_grouped_and_others_are_not(versions_case) -> None:
    ids = versions_case.ids
    found = versions_of(versions_case.store, ids["agreement-v2.txt"])
    members = {m["id"] for m in found["members"]}
    assert members == {
        ids["agreement-v1.txt"],
        ids["agreement-v2.txt"],
        ids["agreement-final.html"],
    }
    assert found["group_id"] == found["members"][0]["id"]  # the first one ingested
    this = next(m for m in found["members"] if m["this"])
    assert this["id"] == ids["agreement-v2.txt"] and this["similarity"] == 1.0
    similarity = {m["id"]: m["similarity"] for m in found["members"]}
    assert similarity[ids["agreement-final.html"]] == 1.0  # the same text in another format
    assert 0.5 <= similarity[ids["agreement-v1.txt"]] < 1
    lone = versions_of(versions_case.store, ids["minutes.txt"])
    assert lone["group_id"] is None and [m["id"] for m in lone["members"]] == [ids["minutes.txt"]]
    # texts too short to tell are never grouped, however alike
    assert versions_of(versions_case.store, ids["note-a.txt"])["group_id"] is None


def test_the_diff_says_what_changed_sentence_by_sentence(versions_case) -> None:
    ids = versions_case.ids
    found = compare(versions_case.store, ids["agreement-v1.txt"], ids["agreement-v2.txt"])
    changed = [c for c in found["changes"] if c["kind"] == "changed"]
    assert [c["new"] for c in changed] == [
        "Harbour Holdings agrees to transfer EUR 1,500,000 to the Lugano account before the end "
        "of June.",
        "Cirrolux Systems SA will deliver the coastal radar study within sixty days of the "
        "transfer.",
    ]
    assert "EUR 1,250,000" in changed[0]["old"]
    assert [c["new"] for c in found["changes"] if c["kind"] == "added"] == [
        "A side letter sets the fee of the agent."
    ]
    assert found["counts"] == {"same": 4, "added": 1, "removed": 0, "changed": 2}
    with pytest.raises(NotFound, match="itself"):
        compare(versions_case.store, ids["minutes.txt"], ids["minutes.txt"])


def test_sentence_diff_removed_and_rewritten() -> None:
    old = "One fact. Two facts here. Three is gone now."
    new = "One fact. Two facts there. A wholly new line about boats and sails."
    kinds = [(c.kind, c.old, c.new) for c in sentence_diff(old, new)]
    assert kinds == [
        ("same", "One fact.", "One fact."),
        ("changed", "Two facts here.", "Two facts there."),
        ("removed", "Three is gone now.", ""),
        ("added", "", "A wholly new line about boats and sails."),
    ]
    assert sentences("A b.\n\nC d!  E f?") == ["A b.", "C d!", "E f?"]


def test_group_texts_needs_enough_words_and_similarity() -> None:
    groups = group_texts([("a", V1), ("b", V2), ("c", OTHER), ("d", "short text " * 3)])
    assert groups == {"a": "a", "b": "a"}


def test_cli_versions_and_diff(versions_case) -> None:
    ids, folder = versions_case.ids, str(versions_case.folder)
    runner = CliRunner()
    listed = runner.invoke(
        main, ["versions", ids["agreement-final.html"], "--case", folder, "--json"]
    )
    assert listed.exit_code == 0, listed.output
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert len(rows) == 3 and len({row["group_id"] for row in rows}) == 1
    diff = runner.invoke(
        main,
        ["versions", ids["agreement-v1.txt"], "--diff", ids["agreement-v2.txt"], "--case", folder],
    )
    assert diff.exit_code == 0, diff.output
    assert "1 added, 0 removed, 2 changed, 4 the same" in diff.output
    assert "+ A side letter sets the fee of the agent." in diff.output


def test_search_collapse_shows_one_hit_per_group(versions_case) -> None:
    folder = str(versions_case.folder)
    runner = CliRunner()
    plain = runner.invoke(main, ["search", "Lugano", "--case", folder, "--json"])
    collapsed = runner.invoke(main, ["search", "Lugano", "--case", folder, "--json", "--collapse"])
    assert plain.exit_code == 0 and collapsed.exit_code == 0, collapsed.output
    assert len(plain.output.splitlines()) == 3
    hits = [json.loads(line) for line in collapsed.output.splitlines()]
    assert len(hits) == 1 and hits[0]["versions"] == 2
    v1 = versions_case.ids["agreement-v1.txt"]
    assert hits[0]["group_id"] == versions_of(versions_case.store, v1)["group_id"]
    text = runner.invoke(main, ["search", "Lugano", "--case", folder, "--collapse"])
    assert "(+2 versions)" in text.output
    other = runner.invoke(main, ["search", "regatta", "--case", folder, "--json", "--collapse"])
    assert "versions" not in json.loads(other.output.splitlines()[0])


def test_an_old_case_gets_the_tables_and_the_groups(versions_case) -> None:
    if not isinstance(versions_case.store, SqliteStore):
        pytest.skip("cases older than these tables are SQLite files (PostgreSQL came later)")
    db_path = versions_case.store.path
    with versions_case.store.db:  # as a case made before these tables existed
        for table in ("versions", "threads", "computed"):
            versions_case.store.db.execute(f"DROP TABLE {table}")
    reopened = SqliteStore(db_path)
    try:
        v1 = versions_case.ids["agreement-v1.txt"]
        assert len(versions_of(reopened, v1)["members"]) == 3  # computed on first use
        assert compute_versions(reopened) == 1
    finally:
        reopened.close()


def test_web_versions_page_and_api(versions_case) -> None:
    from starlette.testclient import TestClient

    from nutgraf.web import create_app

    ids = versions_case.ids
    client = TestClient(create_app(versions_case), base_url="http://127.0.0.1")
    v1, v2 = ids["agreement-v1.txt"], ids["agreement-v2.txt"]
    page = client.get(f"/documents/{v2}/versions?diff={v1}")
    assert page.status_code == 200
    html = page.text
    assert "3 near-identical documents" in html
    assert "1 added · 0 removed · 2 changed · 4 the same" in html
    assert "<del>1,250,000</del>" in html and "<ins>1,500,000</ins>" in html
    assert "<ins>A side letter sets the fee of the agent.</ins>" in html
    doc_page = client.get(f"/documents/{v1}").text
    assert f'href="/documents/{v1}/versions">2 other versions of this document</a>' in doc_page
    assert "other version" not in client.get(f"/documents/{ids['minutes.txt']}").text
    found = client.get(f"/api/documents/{v2}/versions", params={"diff": v1}).json()
    assert len(found["members"]) == 3 and found["diff"]["counts"]["changed"] == 2
    assert client.get(f"/api/documents/{v2}/versions", params={"diff": v2}).status_code == 404
    assert client.get("/api/documents/ffffffffff/versions").status_code == 404


def test_web_search_toggle_collapses_versions(versions_case) -> None:
    from starlette.testclient import TestClient

    from nutgraf.web import create_app

    client = TestClient(create_app(versions_case), base_url="http://127.0.0.1")
    plain = client.get("/", params={"q": "Lugano"}).text
    assert plain.count('class="hit-title"') == 3 and "+2 versions" not in plain
    collapsed = client.get("/", params={"q": "Lugano", "collapse": "1"}).text
    assert collapsed.count('class="hit-title"') == 1
    assert '/versions">+2 versions</a>' in collapsed
    assert 'name="collapse" value="1" checked' in collapsed
    assert "collapse=1" in collapsed  # facet links keep the toggle


def test_public_corpus_spreadsheet_in_two_formats_is_one_group(tmp_path) -> None:
    from nutgraf import ingest, open_case
    from nutgraf.ingest.pipeline import IngestSettings
    from tests.conftest import corpus_file

    ods, xls = corpus_file("ingest-file/rom.ods"), corpus_file("ingest-file/rom.xls")
    case = open_case(tmp_path / "case", create=True)
    try:
        ingest(case, [ods, xls], IngestSettings(workers=1, ocr="never"))
        ids = {d.path.rsplit("/", 1)[-1]: d.id for d in case.store.documents()}
        found = versions_of(case.store, ids["rom.xls"])
        assert {m["id"] for m in found["members"]} == {ids["rom.ods"], ids["rom.xls"]}
    finally:
        case.close()
