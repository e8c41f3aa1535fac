"""Field values and options are checked: a typo is a one-line error with "did you mean", never
a silent 0; an empty field is an error; every date option and field takes the same forms."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from nutgraf import search
from nutgraf.cli import main
from nutgraf.errors import QueryError
from tests.search.generated import Doc, build_case


@pytest.fixture(scope="module")
def case(tmp_path_factory: pytest.TempPathFactory):
    docs = [
        Doc(
            "mail.eml",
            "Re: the payment of EUR 2,500,000 to Cirrolux Systems SA is late.",
            language="en",
            mime="message/rfc822",
            metadata={"date": "2024-03-05T10:15:00+01:00", "from": "ana@x.example"},
            money=[("EUR 2,500,000", 2_500_000.0, "EUR")],
            organizations=["Cirrolux Systems SA"],
        ),
        Doc("memo.txt", "A memo about the harbour.", language="en"),
        Doc("locked.pdf", "", mime="application/pdf", error="encrypted: password-protected"),
    ]
    case, ids = build_case(tmp_path_factory.mktemp("values") / "case", docs)
    case.ids = ids  # type: ignore[attr-defined]
    yield case
    case.close()


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("type:pdff", "did you mean pdf"),
        ("lang:french", "write lang:fr"),
        ("lang:frr", "did you mean fr"),
        ("currency:EURO", "write EUR"),
        ("currency:EUX", "did you mean EUR"),
        ("has:monie", "did you mean money"),
        ("year:24", "not a year"),
        ("from:", "has no value"),
        ("payment from:", "has no value"),
        ("(from: x)", "has no value"),
        ("date:2024-13", "not a real date"),
        ("date:2024-02-30", "not a real date"),
        ("date:yesterday", "not a date"),
        ("date:2024-06..2024-01", "ends before it starts"),
        ("date:9999", "between"),
    ],
)
def test_unknown_or_empty_values_are_one_line_errors(case, query: str, says: str) -> None:
    with pytest.raises(QueryError, match=says) as refused:
        search(case, query)
    assert "\n" not in str(refused.value)


def test_the_error_lists_the_valid_values(case) -> None:
    with pytest.raises(QueryError, match=r"valid: email, mailbox, pdf"):
        search(case, "type:pdff")


def test_known_values_and_words_with_a_colon_still_work(case) -> None:
    assert search(case, "type:PDF").total == 1
    assert search(case, "lang:EN").total == 2
    assert search(case, "currency:eur has:money").total == 1
    assert search(case, "Re: payment").total == 1  # `Re:` is a word, not a field
    assert search(case, "date:2024-03").total == 1


DATES_GOOD = ["2024", "2024-03", "2024-03-05", "2024-12-31"]
DATES_BAD = ["2024-13", "2024-02-30", "24", "2024-3", "2024/03", "March 2024", "2024-03-05T10", ""]


def _cli(case, *args: str):
    return CliRunner().invoke(main, [*args, "--case", str(case.folder)])


@pytest.mark.parametrize("value", DATES_GOOD + DATES_BAD)
def test_every_date_option_takes_the_same_forms(case, value: str) -> None:
    """search date:, facts --from/--to and money --from/--to accept and refuse alike."""
    try:
        search(case, f'date:"{value}"' if value else "date:")
        searched = True
    except QueryError:
        searched = False
    assert searched == (value in DATES_GOOD)
    for command in (["facts"], ["money"]):
        for option in ("--from", "--to"):
            done = _cli(case, *command, option, value)
            expected = 0 if value in DATES_GOOD else 4
            assert done.exit_code == expected, (command, option, value, done.output)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["facts", "--kind", "monie"], "did you mean money"),
        (["facts", "--currency", "EURO"], "write EUR"),
        (["money", "--currency", "XXY"], "not known"),
        (["facts", "--entity", " "], "empty"),
    ],
)
def test_fact_options_are_checked(case, args: list[str], says: str) -> None:
    done = _cli(case, *args)
    assert done.exit_code == 4 and says in done.output


def test_known_fact_options_run(case) -> None:
    done = _cli(case, "facts", "--kind", "MONEY", "--currency", "eur", "--json")
    assert done.exit_code == 0 and '"EUR"' in done.output


def test_text_of_a_failed_document_says_why_and_exits_1(case) -> None:
    locked = case.ids["locked.pdf"]
    done = CliRunner().invoke(main, ["text", locked, "--case", str(case.folder)])
    assert done.exit_code == 1
    assert "encrypted" in done.stderr and done.stdout == ""
    fine = CliRunner().invoke(main, ["text", case.ids["memo.txt"], "--case", str(case.folder)])
    assert fine.exit_code == 0 and fine.stdout == "A memo about the harbour."


def test_cli_hits_show_their_date_and_the_entity_matched(case) -> None:
    done = _cli(case, "search", 'entity:"Cirrolux Systems"')
    assert done.exit_code == 0, done.output
    assert "2024-03-05" in done.stdout
    assert "matched Cirrolux Systems SA (organization" in done.stdout
    undated = _cli(case, "search", "harbour")
    assert "undated" in undated.stdout
