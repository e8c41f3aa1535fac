"""NEAR, money, entities, stems, exact:, facets and batch search on a real ingested case."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from nutgraf import ingest, open_case, search
from nutgraf.errors import QueryError
from nutgraf.ingest.pipeline import IngestSettings

FILES = {
    "invoice-big.txt": "Invoice 2024-17. Total due to Cirrolux Systems: EUR 2,500,000.00 "
    "for the harbour survey, payable within thirty days.\n",
    "invoice-small.txt": "Invoice 2024-18. Printing of the annual brochures: USD 1,250.00, "
    "paid by wire on receipt of this invoice.\n",
    "shares.txt": "The directors transferred the shares to the offshore trust last week, "
    "and nobody on the board objected to the transfers.\n",
    "near.txt": "The payment reached the bank on Monday morning after a long delay.\n",
    "far.txt": "The payment was delayed for weeks because nobody in the office had signed "
    "the forms that the auditors wanted, so the money finally left through another bank.\n",
    "reverse.txt": "The bank confirmed the payment had arrived on time.\n",
    "lease.txt": "The warehouse lease was signed by Voltaren Logistics GmbH in Rotterdam "
    "after a long negotiation with the port authority.\n",
    "versements.txt": "Les versements ont été effectués par la société depuis le compte "
    "ouvert à Genève, selon les documents internes que nous avons consultés hier.\n",
}
MAIL = """From: Cirrolux Systems <billing@cirrolux.example>
To: Bob Stone <bob.stone@harbour.example>
Subject: Overdue survey
Date: Tue, 05 Mar 2024 10:15:00 +0100
Message-ID: <overdue@cirrolux.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Bob, the survey invoice is still unpaid. Regards.
"""


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("operators")
    leak = root / "leak"
    leak.mkdir()
    for name, text in FILES.items():
        (leak / name).write_text(text, encoding="utf-8")
    (leak / "overdue.eml").write_text(MAIL, encoding="utf-8")
    case = open_case(root / "case", create=True)
    ingest(case, [leak], IngestSettings(workers=2))
    yield case
    case.close()


def names(case, query: str, **options) -> set[str]:
    return {
        hit.document.path.rsplit("/", 1)[-1] for hit in search(case, query, 100, **options).hits
    }


def test_near_finds_words_close_in_either_order(case) -> None:
    assert names(case, "payment NEAR/3 bank") == {"near.txt", "reverse.txt"}
    assert names(case, "bank NEAR/3 payment") == {"near.txt", "reverse.txt"}
    assert "far.txt" in names(case, "payment NEAR/30 bank")
    assert names(case, "payment NEAR/2 bank") == {"near.txt", "reverse.txt"}  # 2 words between
    assert names(case, "payment NEAR/1 bank") == set()


def test_near_with_a_phrase_keeps_the_phrase_in_order(case) -> None:
    assert names(case, '"offshore trust" NEAR/6 directors') == {"shares.txt"}
    assert names(case, '"trust offshore" NEAR/6 directors') == set()


def test_money_filters_compare_amounts(case) -> None:
    assert names(case, "money:>1000000") == {"invoice-big.txt"}
    assert names(case, "money:1000..5000") == {"invoice-small.txt"}
    assert names(case, "money:<=1250") == {"invoice-small.txt"}
    assert names(case, "money:<1250") == set()
    assert names(case, "money:2500000") == {"invoice-big.txt"}
    assert names(case, "money:>1000 currency:USD") == {"invoice-small.txt"}
    assert names(case, "has:money") == {"invoice-big.txt", "invoice-small.txt"}
    assert names(case, "currency:eur") == {"invoice-big.txt"}


def test_entity_by_name_or_address(case) -> None:
    # The mail's sender is a known name, so the invoice that writes it is a mention too (the
    # index follows mentions that resolution adds, not only those it moves).
    both = {"overdue.eml", "invoice-big.txt"}
    assert names(case, 'entity:"Cirrolux Systems"') == both
    assert names(case, 'entity:"cirrolux systems"') == both
    assert names(case, "entity:bob.stone@harbour.example") == {"overdue.eml"}
    assert names(case, 'entity:"Bob Marley"') == set()


def test_entity_by_its_name_without_the_legal_form_says_which_it_matched(case) -> None:
    for value in ("Voltaren Logistics", "voltaren logistics gmbh", "Voltaren Logistics GmbH"):
        results = search(case, f'entity:"{value}"', 10)
        assert {h.document.path.rsplit("/", 1)[-1] for h in results.hits} == {"lease.txt"}
        assert [e["name"] for e in results.entities[0]["entities"]] == ["Voltaren Logistics GmbH"]
        assert "matched Voltaren Logistics GmbH (organization" in results.notes()[0]
    nobody = search(case, 'entity:"Bob Marley"')
    assert nobody.entities == [{"value": "Bob Marley", "entities": []}]
    assert "matched no entity" in nobody.notes()[0]


def test_ocr_filter(case) -> None:
    assert names(case, "ocr:false") >= {"near.txt", "overdue.eml"}
    assert names(case, "ocr:true") == set()


def test_bare_words_find_other_forms_unless_exact(case) -> None:
    assert names(case, "transfer") == {"shares.txt"}  # transferred, transfers
    assert names(case, "transfer", stem=False) == set()
    assert names(case, "exact:transfer") == set()
    assert names(case, "exact:transfers") == {"shares.txt"}
    assert names(case, '"transfer"') == set()  # a word in quotes is exact
    assert names(case, "versement") == {"versements.txt"}
    assert names(case, "payments") >= {"near.txt", "reverse.txt"}


def test_stemmed_words_are_highlighted_as_written(case) -> None:
    hit = search(case, "transfer").hits[0]
    quoted = [s.text[a:b] for s in hit.snippets for a, b in s.highlights]
    assert quoted == ["transferred", "transfers"]


def test_exact_hits_rank_before_stemmed_ones(case) -> None:
    ranked = [hit.document.path.rsplit("/", 1)[-1] for hit in search(case, "invoice").hits]
    assert set(ranked[:2]) == {"invoice-big.txt", "invoice-small.txt"}


def test_facets_count_the_whole_result_set(case) -> None:
    results = search(case, "", facets=True)
    facets = results.facets
    assert facets is not None
    assert {b["value"]: b["count"] for b in facets["type"]} == {"text": 8, "email": 1}
    assert {b["value"] for b in facets["sender"]} == {"billing@cirrolux.example"}
    assert {b["value"]: b["count"] for b in facets["currency"]} == {"EUR": 1, "USD": 1}
    assert {b["value"] for b in facets["year"]} >= {"2024"}
    assert {b["name"] for b in facets["entity"]} >= {"Cirrolux Systems", "Bob Stone"}
    assert all(b["type"] for b in facets["entity"])  # every id in the index is a known entity
    languages = {b["value"]: b["count"] for b in facets["lang"]}
    assert languages.get("fr") == 1 and languages.get("en", 0) >= 5
    narrowed = search(case, "currency:USD", facets=True).facets
    assert narrowed is not None and narrowed["currency"] == [{"value": "USD", "count": 1}]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("payment NEAR/3", "needs a word after it"),
        ("NEAR/3 bank", "needs a word on each side"),
        ("pay* NEAR/3 bank", "joins plain words"),
        ("payment NEAR/3 type:pdf", "joins plain words"),
        ("a NEAR b NEAR c NEAR d NEAR e", "at most 4"),
        ("money:lots", "not an amount or a range"),
        ("money:..", "at least one end"),
        ("ocr:maybe", "ocr:true or ocr:false"),
    ],
)
def test_malformed_new_syntax_says_what_is_wrong(case, query: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        search(case, query)


def nutgraf(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "nutgraf.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_cli_facets_add_a_final_json_line(case) -> None:
    done = nutgraf("search", "invoice", "--facets", "--json", "--case", str(case.folder))
    rows = [json.loads(line) for line in done.stdout.splitlines()]
    assert all("id" in row for row in rows[:-1]) and len(rows) == 4  # 2 invoices and the mail
    assert rows[-1]["total"] == 3 and rows[-1]["facets"]["currency"]


def test_batch_reports_every_line_and_writes_csv(case, tmp_path: Path) -> None:
    source = tmp_path / "names.csv"
    source.write_text(
        'query,notes\nCirrolux,the company\n"""offshore trust""",phrase\n(broken,bad\n'
        "nobody-here-xyz,\nmoney:>1000000,\n",
        encoding="utf-8",
    )
    out = tmp_path / "results.csv"
    done = nutgraf("search", "--batch", str(source), "--out", str(out), "--case", str(case.folder))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    by_query = {row["query"]: row for row in rows}
    assert [row["query"] for row in rows] == [
        "Cirrolux",
        '"offshore trust"',
        "(broken",
        "nobody-here-xyz",
        "money:>1000000",
    ]
    assert int(by_query["Cirrolux"]["hits"]) == 2
    assert by_query['"offshore trust"']["top_paths"].endswith("shares.txt")
    assert "never closed" in by_query["(broken"]["error"]
    assert by_query["nobody-here-xyz"]["hits"] == "0"
    assert by_query["money:>1000000"]["top_paths"].endswith("invoice-big.txt")
    assert "5 queries: 3 with hits, 1 without, 1 malformed" in done.stdout
