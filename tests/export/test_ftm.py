"""The FollowTheMoney export, checked with the followthemoney library itself and more strictly
than `ftm validate`: every written value is already clean, every required property is there,
every entity link points at an entity of the right schema, and spans are real quotes."""

from __future__ import annotations

import io
import json

import pytest
from followthemoney import model

from nutgraf.export.ftm import Options, export_ftm
from nutgraf.story import marks, notes
from tests.story.conftest import doc_by_path


def _export(case, **options):
    out, spans = io.StringIO(), io.StringIO()
    counts = export_ftm(case, out, spans, Options(**options))
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    sidecar = [json.loads(line) for line in spans.getvalue().splitlines()]
    return entities, sidecar, counts, out.getvalue()


@pytest.fixture(scope="module")
def exported(story_case):
    memo = doc_by_path(story_case, "memo.txt")
    marks.add_tags(story_case, memo.id, ["ftm-tag"])
    note = notes.add_note(story_case, memo.id, "ftm note", quote="Ask the bank")
    try:
        yield _export(story_case)
    finally:
        marks.remove_tags(story_case, memo.id, ["ftm-tag"])
        notes.remove_note(story_case, note["id"])


def _required(schema) -> set[str]:
    return {name for ancestor in schema.schemata for name in ancestor.required}


def test_every_entity_is_clean_complete_and_linked(exported):
    entities, _, counts, _ = exported
    assert counts["dropped"] == 0
    by_id = {entity["id"]: entity for entity in entities}
    assert len(by_id) == len(entities), "ids are unique"
    for data in entities:
        schema = model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        assert schema.validate(data) is None
        # validated equals written: cleaning what was written changes nothing
        assert model.get_proxy(data).to_dict() == data
        for name in _required(schema):
            assert data["properties"].get(name), f"{data['id']}: required {name} missing"
        for name, values in data["properties"].items():
            prop = schema.properties[name]
            assert values and all(prop.type.clean(v) == v for v in values), (data["id"], name)
            if prop.type.name == "entity":
                for target in values:
                    assert target in by_id, f"{data['id']}.{name} → {target} not exported"
                    assert model.get(by_id[target]["schema"]).is_a(prop.range), (name, target)


def test_documents_get_their_schemata_and_parents(story_case, exported):
    entities, _, _, _ = exported
    by_name = {e["properties"]["fileName"][0]: e for e in entities if "fileName" in e["properties"]}
    assert by_name["transfer.eml"]["schema"] == "Email"
    assert by_name["bundle.zip"]["schema"] == "Package"
    assert by_name["memo.txt" if "memo.txt" in by_name else "copy-of-memo.txt"]["schema"] == (
        "PlainText"
    )
    assert by_name["payments.xlsx"]["schema"] == "Workbook"
    contract = by_name["contract.txt"]
    assert contract["properties"]["parent"] == [by_name["bundle.zip"]["id"]]
    statement = by_name["statement.txt"]
    assert statement["properties"]["parent"] == [by_name["transfer.eml"]["id"]]
    mail = by_name["transfer.eml"]["properties"]
    people = {e["id"]: e["properties"]["name"][0] for e in entities if e["schema"] == "Person"}
    assert [people[i] for i in mail["emitters"]] == ["Hélène Marchetti"]
    assert [people[i] for i in mail["recipients"]] == ["Bob Stone"]
    memo = doc_by_path(story_case, "memo.txt")
    memo_entity = next(e for e in entities if e["id"] == f"nutgraf-doc-{memo.sha256}")
    assert memo_entity["properties"]["keywords"] == ["ftm-tag"]
    assert memo_entity["properties"]["notes"] == ["ftm note"]
    assert memo_entity["properties"]["bodyText"] == [story_case.store.text(memo.id).strip()]


def test_pdf_is_pages_with_one_page_entity_per_page(story_case, exported):
    entities, _, _, _ = exported
    pdfs = [d for d in story_case.store.documents() if d.mime == "application/pdf"]
    if not pdfs:
        pytest.skip("the public corpus PDF is absent")
    pages_id = f"nutgraf-doc-{pdfs[0].sha256}"
    assert next(e for e in entities if e["id"] == pages_id)["schema"] == "Pages"
    pages = [e for e in entities if e["schema"] == "Page"]
    text = story_case.store.text(pdfs[0].id)
    assert len(pages) == len(story_case.store.pages(pdfs[0].id)) == 4
    # followthemoney trims each page's text; the words are all there, in order
    assert " ".join(p["properties"]["bodyText"][0] for p in pages).split() == text.split()
    assert sorted(int(p["properties"]["index"][0]) for p in pages) == [1, 2, 3, 4]


def test_mentions_keep_their_spans_in_ids_and_sidecar(story_case, exported):
    entities, sidecar, _, _ = exported
    mentions = [e for e in entities if e["schema"] == "Mention"]
    assert mentions
    spans = {record["id"]: record for record in sidecar}
    for mention in mentions:
        record = spans[mention["id"]]
        if record["start"] is None:
            assert "-meta-" in mention["id"]
            continue
        assert f"-{record['start']}-{record['end']}-" in mention["id"]
        text = story_case.store.text(record["doc_id"])
        assert text[record["start"] : record["end"]] == record["quote"]


def test_payment_only_where_a_row_names_both_sides(exported):
    entities, sidecar, _, _ = exported
    names = {e["id"]: e["properties"].get("name", [""])[0] for e in entities}
    payments = [e["properties"] for e in entities if e["schema"] == "Payment"]
    assert [
        (names[p["payer"][0]], names[p["beneficiary"][0]], p["amount"], p["currency"])
        for p in payments
    ] == [("Marchetti Holdings", "Cirrolux Systems", ["9000.0"], ["EUR"])]
    assert payments[0]["date"] == ["2023-03-14"]
    record = next(r for r in sidecar if r["id"].startswith("nutgraf-payment-"))
    assert record["amount"]["quote"] == "EUR 9,000"


def test_export_is_deterministic_and_a_query_keeps_parents(story_case, exported):
    _, _, _, first = exported
    memo = doc_by_path(story_case, "memo.txt")
    marks.add_tags(story_case, memo.id, ["ftm-tag"])
    note = notes.add_note(story_case, memo.id, "ftm note", quote="Ask the bank")
    try:
        assert _export(story_case)[3] == first
    finally:
        marks.remove_tags(story_case, memo.id, ["ftm-tag"])
        notes.remove_note(story_case, note["id"])
    contract = doc_by_path(story_case, "contract.txt")
    entities, _, _, _ = _export(story_case, doc_ids=[contract.id])
    files = sorted(
        e["properties"]["fileName"][0] for e in entities if "fileName" in e["properties"]
    )
    assert files == ["bundle.zip", "contract.txt"]


def test_ftm_own_validate_command_reads_it_back_unchanged(exported, tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    _, _, _, written = exported
    source, checked = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(written, encoding="utf-8")
    tool = Path(sys.executable).parent / "ftm"
    subprocess.run([str(tool), "validate", "-i", str(source), "-o", str(checked)], check=True)
    back = [json.loads(line) for line in checked.read_text(encoding="utf-8").splitlines()]
    mine = [json.loads(line) for line in written.splitlines()]
    key = lambda entity: entity["id"]  # noqa: E731
    assert [
        {k: e[k] for k in ("id", "schema", "properties")} for e in sorted(back, key=key)
    ] == sorted(mine, key=key)
