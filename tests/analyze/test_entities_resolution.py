"""Named entities in text and columns, resolution across documents, and the CLI over them.

Every test ingests real files (written at test time) through the real pipeline.
"""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from nutgraf import ingest, open_case
from nutgraf.analyze.ner import find_mentions
from nutgraf.cli import main
from nutgraf.ingest.pipeline import IngestSettings

MAIL = """From: =?utf-8?q?H=C3=A9l=C3=A8ne_Marchetti?= <helene.marchetti@cirrolux.example>
To: Bob Stone <bob.stone@harbour.example>
Subject: Transfer
Date: Tue, 05 Mar 2024 10:15:00 +0100
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Bob, Cirrolux Systems S.A. paid 250,000 EUR on 4 March 2024. Regards, Hélène
"""
BARE_MAIL = """From: helene.marchetti@cirrolux.example
To: bob.stone@harbour.example
Subject: Re: Transfer
Date: Wed, 06 Mar 2024 09:00:00 +0100
Content-Type: text/plain; charset=utf-8

Received, thanks.
"""
NOTE = (
    "Compte rendu du 12 janvier 2023. MARCHETTI Hélène a confirmé le virement. "
    "Selon H. Marchetti, la société CIRROLUX SYSTEMS SA a versé 1,2 million d'euros à "
    "Harbour Holdings Ltd à Genève. M. Paolo Marchetti n'était pas informé.\n\n"
    "Le budget 2022 reste fermé.\n"
)
ARABIC = "قال السيد محمد العلي إن شركة الأمل دفعت المبلغ في القاهرة.\n"
HEBREW = 'מר יוסי כהן מחברת אלביט מערכות בע"מ שילם לספק בתל אביב.\n'


def _leak(root: Path, other_h: bool = False) -> Path:
    leak = root / "leak"
    leak.mkdir()
    (leak / "transfer.eml").write_text(MAIL, encoding="utf-8")
    (leak / "reply.eml").write_text(BARE_MAIL, encoding="utf-8")
    note = NOTE + ("Hugo Marchetti a signé. Mme Hugo Marchetti.\n" if other_h else "")
    (leak / "note.txt").write_text(note, encoding="utf-8")
    (leak / "ar.txt").write_text(ARABIC, encoding="utf-8")
    (leak / "he.txt").write_text(HEBREW, encoding="utf-8")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Date", "Bénéficiaire", "IBAN", "Montant"])
    sheet.append(["2024-03-04", "Harbour Holdings Ltd", "CH9300762011623852957", "250000 EUR"])
    sheet.append(["2024-03-05", "Jean Dupont", "", "1200 EUR"])
    book.save(leak / "payments.xlsx")
    return leak


@pytest.fixture(scope="module")
def case_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("entities")
    leak = _leak(root)
    with open_case(root / "case", create=True) as case:
        ingest(case, [leak], IngestSettings(workers=2))
    return root / "case"


def _run(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.strip()]


def _entities(case_dir: Path) -> dict[str, dict]:
    return {e["name"]: e for e in _run("entities", "--case", str(case_dir))}


def test_every_text_mention_quotes_its_span(case_dir: Path) -> None:
    with open_case(case_dir) as case:
        rows = case.store.db.execute(
            'SELECT doc_id, start, "end", quote FROM mentions WHERE start IS NOT NULL'
        ).fetchall()
        assert len(rows) >= 10
        for doc_id, start, end, quote in rows:
            assert case.store.text(doc_id)[start:end] == quote


def test_one_person_across_spellings_and_address(case_dir: Path) -> None:
    entities = _entities(case_dir)
    helene = entities["Hélène Marchetti"]
    assert {"MARCHETTI Hélène", "H. Marchetti", "helene.marchetti@cirrolux.example"} <= set(
        helene["aliases"]
    )
    assert helene["documents"] == 3  # both mails and the note
    assert "Paolo Marchetti" in entities  # same surname, another person
    assert entities["Paolo Marchetti"]["id"] != helene["id"]


def test_initial_stays_apart_when_two_people_share_it(tmp_path: Path) -> None:
    with open_case(tmp_path / "case", create=True) as case:
        ingest(case, [_leak(tmp_path, other_h=True)], IngestSettings(workers=1))
    entities = _entities(tmp_path / "case")
    assert "H. Marchetti" not in entities["Hélène Marchetti"]["aliases"]
    assert "H. Marchetti" in entities or any(
        "H. Marchetti" in e["aliases"] for e in entities.values() if e["name"] != "Hélène Marchetti"
    )


def test_companies_places_and_columns(case_dir: Path) -> None:
    entities = _entities(case_dir)
    cirrolux = entities["Cirrolux Systems S.A."]
    assert cirrolux["type"] == "organization" and "CIRROLUX SYSTEMS SA" in cirrolux["aliases"]
    assert entities["Harbour Holdings Ltd"]["documents"] == 2  # the note and the sheet
    assert entities["Geneva"]["type"] == "location"
    assert entities["Jean Dupont"]["type"] == "person"  # from the Bénéficiaire column
    for name in ("محمد العلي", "יוסי כהן"):
        assert entities[name]["type"] == "person"
    assert entities['אלביט מערכות בע"מ']["type"] == "organization"
    assert {"Cairo", "Tel Aviv"} <= set(entities)
    assert "IBAN" not in json.dumps(list(entities))


def test_resolution_is_stable(case_dir: Path) -> None:
    from nutgraf.entities import resolve_entities

    before = _entities(case_dir)
    with open_case(case_dir) as case:
        resolve_entities(case.store)
    assert _entities(case_dir) == before


def test_cooccurring_in_json(case_dir: Path) -> None:
    helene = _entities(case_dir)["Hélène Marchetti"]
    names = {c["name"] for c in helene["cooccurring"]}
    assert "Bob Stone" in names and len(helene["cooccurring"]) <= 5


def test_facts_have_their_sentence(case_dir: Path) -> None:
    facts = _run("facts", "--case", str(case_dir))
    assert facts
    with open_case(case_dir) as case:
        for fact in facts:
            text = case.store.text(fact["doc_id"])
            start = fact["sentence_start"]
            assert text[start : start + len(fact["sentence"])] == fact["sentence"]
            assert start <= fact["start"] and fact["end"] <= start + len(fact["sentence"])
    million = next(f for f in facts if f["quote"].startswith("1,2 million"))
    assert million["sentence"].startswith("Selon H. Marchetti") and "\n" not in million["sentence"]


def test_facts_by_date_range_and_entity(case_dir: Path) -> None:
    dates = _run("facts", "--case", str(case_dir), "--kind", "date", "--from", "2024-03")
    assert dates and all(f["value"] >= "2024-03" for f in dates)
    money = _run("facts", "--case", str(case_dir), "--kind", "money", "--to", "2023-12-31")
    assert money == []  # the note is undated, the mail is of March 2024
    named = _run("facts", "--case", str(case_dir), "--entity", "helene marchetti")
    assert {f["quote"] for f in named} >= {"250,000 EUR", "1,2 million d'euros"}
    dupont = _run("facts", "--case", str(case_dir), "--entity", "Jean Dupont")
    assert [f["quote"] for f in dupont if f["kind"] == "money"] == ["1200 EUR"]


def test_money_totals(case_dir: Path) -> None:
    totals = _run("money", "--case", str(case_dir))
    eur = next(t for t in totals if t["currency"] == "EUR")
    assert eur["total"] >= 250_000 + 1_200_000 and eur["documents"] >= 2
    by_entity = _run("money", "--case", str(case_dir), "--by", "entity")
    harbour = [t for t in by_entity if t["entity"] == "Harbour Holdings Ltd"]
    assert harbour and harbour[0]["currency"] == "EUR"


def test_no_place_for_a_first_name_or_a_word() -> None:
    text = "Paris Hilton met Jordan Smith. Reading the report, Nice work. He flew to Paris."
    places = [m.quote for m in find_mentions(text) if m.type == "location"]
    assert places == ["Paris"] and text.count("Paris") == 2
