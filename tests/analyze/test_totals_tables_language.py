"""Totals count each payment once; tables pair amount and currency columns; `und` languages.

Runs on the sample leak (a real ingest), generated CSV/XLSX and corpus files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nutgraf.analyze import analyze
from nutgraf.analyze.facts import extract_facts
from nutgraf.analyze.language import detect_language, detect_languages
from tests.conftest import corpus_file

SAMPLE = Path(__file__).resolve().parents[2] / "sample" / "leak"


def _cli(*args: str) -> list[dict]:
    done = subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", *args, "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def sample_case(tmp_path_factory: pytest.TempPathFactory) -> str:
    case = str(tmp_path_factory.mktemp("sample") / "case")
    _cli("ingest", str(SAMPLE), "--case", case)
    return case


def test_sample_usd_total_counts_the_transfer_once(sample_case: str) -> None:
    totals = {t["currency"]: t for t in _cli("money", "--case", sample_case, "--plain-sum")}
    usd = totals["USD"]
    assert usd["total"] == 2_400_000 + 3_500_000 and usd["distinct_amounts"] == 2
    transfer = next(s for s in usd["sources"] if s["value"] == 2_400_000)
    assert len(transfer["documents"]) >= 4  # the mail, the reply, the minutes, the article…
    assert usd["plain_sum"] > usd["total"]
    eur = totals["EUR"]  # 12,5 M€ "dont 1,2 M€": the part is listed, not added
    assert 1_200_000 not in {s["value"] for s in eur["sources"]}
    assert [p["quote"] for p in eur["parts"]] == ["1,2 M€"]
    assert eur["total"] == 12_500_000 + 1_250_000 + 350_000 + 500_000


def test_money_by_entity_does_not_add_a_part_to_its_whole(sample_case: str) -> None:
    by_entity = _cli("money", "--case", sample_case, "--by", "entity")
    harbour_eur = [t for t in by_entity if t["entity"] == "Harbour Holdings Ltd" and
                   t["currency"] == "EUR"]  # fmt: skip
    assert harbour_eur and harbour_eur[0]["total"] == 12_500_000 + 1_250_000


def test_the_sample_invoice_table_gives_money_and_payees(sample_case: str) -> None:
    docs = {Path(d["path"]).name: d for d in _cli("docs", "--case", sample_case)}
    invoices = docs["invoices.csv"]["id"]
    money = _cli("facts", "--case", sample_case, "--doc", invoices, "--kind", "money")
    assert [(f["quote"], f["value"], f["currency"]) for f in money] == [
        ("1 250 000,00", 1_250_000, "EUR"),
        ("350 000,00", 350_000, "EUR"),
        ("2 400 000,00", 2_400_000, "USD"),
    ]
    text = subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", "text", invoices, "--case", sample_case],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert all(text[f["start"] : f["end"]] == f["quote"] for f in money)
    payees = {e["name"] for e in _cli("entities", "--case", sample_case)}
    assert {"Harbour Holdings Ltd", "Nile Consult"} <= payees


def test_the_multilingual_article_records_its_sections(sample_case: str) -> None:
    article = next(d for d in _cli("docs", "--case", sample_case) if d["path"].endswith(".html"))
    assert [s["language"] for s in article["languages"]] == ["de", "es"]
    assert article["language"] == "de"


def test_amount_and_currency_columns_of_a_generated_xlsx(tmp_path: Path) -> None:
    from openpyxl import Workbook

    from nutgraf.ingest import formats
    from nutgraf.ingest.formats.base import Source

    book = Workbook()
    sheet = book.active
    for row in (("Bénéficiaire", "Montant", "Devise", "Date"),
                ("Nile Consult SARL", 350000, "EUR", "01/04/2010"),
                ("Harbour Holdings Ltd", 2400000.5, "USD", "13/04/2010")):  # fmt: skip
        sheet.append(row)
    path = tmp_path / "ledger.xlsx"
    book.save(path)
    mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extraction = formats.extract(Source(path=path, mime=mime, name=path.name))
    analysis = analyze(extraction.text, dict(extraction.metadata))
    money = [(f.quote, f.value, f.currency) for f in analysis.facts if f.kind == "money"]
    assert [m[1:] for m in money] == [(350000, "EUR"), (2400000.5, "USD")]
    dates = [(f.value, f.ambiguous) for f in analysis.facts if f.kind == "date"]
    assert dates == [("2010-04-01", False), ("2010-04-13", False)]  # the column is day first
    parties = {(m.name, m.source) for m in analysis.mentions if m.source.startswith("column:")}
    assert ("Nile Consult SARL", "column:Bénéficiaire") in parties
    for fact in analysis.facts:
        assert extraction.text[fact.start : fact.end] == fact.quote


def test_a_part_is_marked_and_other_amounts_are_not() -> None:
    facts = extract_facts("We paid $5 million, of which $1 million in cash, and $2 million.", "en")
    money = [(f.quote, f.part_of) for f in facts if f.kind == "money"]
    assert money == [("$5 million", None), ("$1 million", 8), ("$2 million", None)]


@pytest.mark.parametrize(
    "text",
    [
        "Hello, World!\n" * 200,
        "Hi Bob, see attached. Thanks, Anna",
        "testThunderbirdEml.eml\n__MACOSX/._testThunderbirdEml.eml",
        "Name\tCountry\nGeorgia\tGE\nMihai Viteazul\tRO\nIsle of Man\tIM\nTortola\tVG\n",
    ],
)
def test_too_little_prose_is_undetermined(text: str) -> None:
    assert detect_language(text) == "und"


def test_plain_prose_is_still_detected() -> None:
    english = "Please find attached the invoice list for March. Call me if anything changes."
    assert detect_language(english) == "en"
    assert detect_languages(english).sections == []


def test_corpus_tables_get_no_junk_language() -> None:
    from nutgraf.ingest import formats
    from nutgraf.ingest.detect import detect
    from nutgraf.ingest.formats.base import Source

    for relative in ("ingest-file/countries.csv", "ingest-file/file.xlsx"):
        path = corpus_file(relative)
        extraction = formats.extract(Source(path=path, mime=detect(path), name=path.name))
        assert analyze(extraction.text, dict(extraction.metadata)).language in ("en", "und")


def test_a_comma_separated_text_with_quoted_names() -> None:
    text = 'payee,amount,currency\n"Smith, John",100,EUR\n"Acme Trading SA",2500.50,USD\n'
    analysis = analyze(text, {})
    money = [(f.quote, f.value, f.currency) for f in analysis.facts if f.kind == "money"]
    assert money == [("100", 100, "EUR"), ("2500.50", 2500.5, "USD")]
    names = [(m.quote, m.type) for m in analysis.mentions if m.source == "column:payee"]
    assert names == [("Smith, John", "person"), ("Acme Trading SA", "organization")]
    assert all(text[m.start : m.end] == m.quote for m in analysis.mentions if m.start is not None)


def test_prose_with_commas_is_not_a_table() -> None:
    text = "We met Anna, Bob, and Carl, then left.\nIt rained.\nThe end, finally, came, at last.\n"
    assert [f for f in analyze(text, {}).facts if f.kind == "money"] == []
