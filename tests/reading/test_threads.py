"""Mail conversations on a real ingest: headers first, then subject and participants."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from nutgraf.analyze.threads import fold_quotes, normalised_subject
from nutgraf.cli import main
from nutgraf.errors import NotFound
from nutgraf.store import threads as sql
from nutgraf.threads import compute_threads, conversation
from tests.reading.conftest import PST, id_by_message


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ("Re: Lugano account", "lugano account"),
        ("RE : Lugano  account", "lugano account"),
        ("Fwd: TR: AW: Re[2]: Lugano account", "lugano account"),
        ("SV: WG: RV: Lugano account", "lugano account"),
        ("[team] Re: Lugano account", "lugano account"),
        ("Recette du jour", "recette du jour"),  # "Re" inside a word is not a prefix
        ("", ""),
    ],
)
def test_subjects_are_normalised(subject: str, expected: str) -> None:
    assert normalised_subject(subject) == expected


def test_mails_group_by_headers_then_subject_and_participants(mail_case) -> None:
    ids = {m: id_by_message(mail_case, f"{m}@harbour") for m in ("m1", "m2", "m3", "m4", "m5")}
    found = conversation(mail_case.store, ids["m3"])
    members = [mail["id"] for mail in found["mails"]]
    # m4 ("RE :", no headers) and m5 (a "TR:" forward) join by subject and a shared person
    assert set(members) == set(ids.values())
    assert found["thread_id"] == ids["m1"]
    # m2 was sent at 12:30 UTC (08:30 -04:00), after m1 at 07:00 UTC: date order, not text
    assert members == [ids[m] for m in ("m1", "m2", "m3", "m4", "m5")]
    stranger = id_by_message(mail_case, "m6@elsewhere")  # same subject, nobody in common
    assert stranger not in members
    assert [m["id"] for m in conversation(mail_case.store, stranger)["mails"]] == [stranger]


def test_a_lone_eml_joins_the_mailbox_thread_it_answers(mail_case) -> None:
    answer = id_by_message(mail_case, "m8@harbour")
    invoice = id_by_message(mail_case, "m7@harbour")
    found = conversation(mail_case.store, answer)
    assert [m["id"] for m in found["mails"]] == [invoice, answer]
    assert found["mails"][1]["this"] and found["mails"][1]["subject"] == "AW: Boat invoice"


def test_real_pst_reply_is_threaded_with_its_original(mail_case) -> None:
    if not PST.is_file():
        pytest.skip(f"public corpus PST missing: {PST}")
    original = id_by_message(
        mail_case, "CAJ+FrY6C_Hp_b-Pzx2VqUqnonx9Dei8kcXDV7j1wPT99mNKsuA@mail.gmail.com"
    )
    reply = id_by_message(mail_case, "530D9CAC.5080901@gmail.com")
    found = conversation(mail_case.store, reply)
    assert [m["id"] for m in found["mails"]] == [original, reply]
    assert found["mails"][0]["subject"] == "Feature Generators"


def test_quoted_parts_fold_and_join_back(mail_case) -> None:
    m2 = id_by_message(mail_case, "m2@harbour")
    mail = next(m for m in conversation(mail_case.store, m2, with_text=True)["mails"] if m["this"])
    kinds = [part["kind"] for part in mail["parts"]]
    assert kinds == ["text", "quote"]
    assert mail["parts"][0]["text"].strip() == "Fine by me."
    assert mail["parts"][1]["text"].startswith("On Mon, 3 Jun 2024 at 09:00, Ana Silva wrote:")
    body = mail_case.store.text(m2).partition("\n\n")[2]
    assert "".join(part["text"] for part in mail["parts"]) == body


def test_fold_quotes_french_attribution_and_inline_quotes() -> None:
    body = "Merci.\n\nLe 4 juin 2024 à 10:00, Ana Silva a écrit :\n> Done.\n"
    assert [k for k, _ in fold_quotes(body)] == ["text", "quote"]
    inline = "Done.\n> Fine by me.\n>> the transfer\nThanks"
    assert fold_quotes(inline) == [
        ("text", "Done.\n"),
        ("quote", "> Fine by me.\n>> the transfer\n"),
        ("text", "Thanks"),
    ]
    wrapped = "Yes.\nOn Mon, 3 Jun 2024 at 09:00, Ana Silva <ana@harbour.example>\nwrote:\n> x\n"
    assert fold_quotes(wrapped)[1] == ("quote", wrapped[5:])


def test_a_document_that_is_no_mail_has_no_thread(mail_case) -> None:
    mbox = next(d for d in mail_case.store.documents() if d.path.endswith("harbour.mbox"))
    with pytest.raises(NotFound, match="not a mail"):
        conversation(mail_case.store, mbox.id)


def test_old_cases_get_threads_on_first_use(mail_case) -> None:
    m1 = id_by_message(mail_case, "m1@harbour")
    with mail_case.store.db:
        mail_case.store.db.execute("DELETE FROM threads")  # as a case made before threads
        mail_case.store.db.execute("DELETE FROM computed WHERE step = 'threads'")
    assert not sql.has_threads(mail_case.store.db)
    assert len(conversation(mail_case.store, m1)["mails"]) == 5
    assert compute_threads(mail_case.store) >= 2  # harbour and boat (and the PST's)


def test_cli_thread_lists_the_conversation_in_order(mail_case) -> None:
    m4 = id_by_message(mail_case, "m4@harbour")
    runner = CliRunner()
    result = runner.invoke(main, ["thread", m4[:8], "--case", str(mail_case.folder), "--json"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert [row["position"] for row in rows] == [1, 2, 3, 4, 5]
    assert [row["this"] for row in rows] == [False, False, False, True, False]
    assert rows[0]["from"] == ["Ana Silva <ana@harbour.example>"]
    assert rows[0]["date"].startswith("2024-06-03T09:00")
    text = runner.invoke(main, ["thread", m4, "--case", str(mail_case.folder), "--text"])
    assert text.exit_code == 0 and "5 mails" in text.output and "a écrit" in text.output
    missing = runner.invoke(main, ["thread", "ffffffff", "--case", str(mail_case.folder)])
    assert missing.exit_code != 0 and "no document" in missing.output
