"""A real case of mails for the reading tests: a generated mailbox whose conversations are
known, one .eml on its own, and the public corpus's PST when present (read in place)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import PUBLIC_CORPUS

PST = PUBLIC_CORPUS / "tika" / "microsoft" / "testPST.pst"


def mail(
    message_id: str,
    sender: str,
    to: str,
    subject: str,
    date: str,
    body: str,
    in_reply_to: str = "",
    references: str = "",
) -> str:
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {date}",
        f"Message-ID: <{message_id}>",
    ]
    if in_reply_to:
        lines.append(f"In-Reply-To: <{in_reply_to}>")
    if references:
        lines.append("References: " + " ".join(f"<{r}>" for r in references.split()))
    lines += ["MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8", "", body, ""]
    return "\n".join(lines)


ANA = "Ana Silva <ana@harbour.example>"
BOB = "Bob Stone <bob@harbour.example>"
CARL = "Carl Weiss <carl@other.example>"
ZOE = "Zoe Pan <zoe@elsewhere.example>"

# The harbour conversation: a first mail, a reply by headers, a reply to the reply whose
# References skip the middle one, a French client's "RE :" with no headers at all, a
# forward "TR:" to Carl, and a mail with the same subject between strangers (not in it).
MAILBOX = [
    mail("m1@harbour", ANA, BOB, "Lugano account", "Mon, 03 Jun 2024 09:00:00 +0200",
         "Bob,\nthe transfer of EUR 1,250,000 goes out on Friday.\nAna"),
    mail("m2@harbour", BOB, ANA, "Re: Lugano account", "Mon, 03 Jun 2024 08:30:00 -0400",
         "Fine by me.\n\nOn Mon, 3 Jun 2024 at 09:00, Ana Silva wrote:\n> Bob,\n"
         "> the transfer of EUR 1,250,000 goes out on Friday.\n", in_reply_to="m1@harbour",
         references="m1@harbour"),
    mail("m3@harbour", ANA, BOB, "Re: Re: Lugano account", "Tue, 04 Jun 2024 10:00:00 +0200",
         "Done.\n> Fine by me.\n>> the transfer\nThanks", references="m1@harbour"),
    mail("m4@harbour", BOB, ANA, "RE : Lugano account", "Wed, 05 Jun 2024 11:00:00 +0200",
         "Merci.\n\nLe 4 juin 2024 à 10:00, Ana Silva a écrit :\n> Done.\n"),
    mail("m5@harbour", ANA, CARL, "TR: Lugano account", "Thu, 06 Jun 2024 12:00:00 +0200",
         "Carl, see below.\n\n-----Original Message-----\nFrom: Bob Stone\nMerci."),
    mail("m6@elsewhere", ZOE, CARL.replace("carl@other", "carl2@other"), "Lugano account",
         "Fri, 07 Jun 2024 12:00:00 +0200", "A different Lugano account altogether."),
    mail("m7@harbour", CARL, BOB, "Boat invoice", "Sat, 08 Jun 2024 12:00:00 +0200",
         "The invoice for the boat."),
]  # fmt: skip


def write_mailbox(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "harbour.mbox"
    with path.open("w", encoding="utf-8") as out:
        for text in MAILBOX:
            out.write("From MAILER-DAEMON Mon Jun  3 09:00:00 2024\n")
            out.write(text.replace("\nFrom ", "\n>From ") + "\n")
    (folder / "answer.eml").write_text(
        mail("m8@harbour", CARL, ANA, "AW: Boat invoice", "Sun, 09 Jun 2024 12:00:00 +0200",
             "Paid.", in_reply_to="m7@harbour"),
        encoding="utf-8",
    )  # fmt: skip
    return folder


@pytest.fixture(scope="session")
def mail_case(tmp_path_factory: pytest.TempPathFactory):
    from nutgraf import ingest, open_case
    from nutgraf.ingest.pipeline import IngestSettings

    root = tmp_path_factory.mktemp("mails")
    leak = write_mailbox(root / "leak")
    roots = [leak] + ([PST] if PST.is_file() else [])
    case = open_case(root / "case", create=True)
    ingest(case, roots, IngestSettings(workers=1, ocr="never"))
    yield case
    case.close()


def id_by_message(case, message_id: str) -> str:
    for doc in case.store.documents():
        if doc.metadata.get("message_id") == f"<{message_id}>":
            return doc.id
    raise AssertionError(f"no mail {message_id} in the case")
