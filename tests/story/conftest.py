"""A small real case for the story and export tests: a memo, a mail with an attachment, a zip,
a CSV and (when the public corpus is there) a four-page PDF, read by the real pipeline."""

from __future__ import annotations

import io
import shutil
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest

from nutgraf import Case, ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from tests.conftest import PUBLIC_CORPUS

MEMO = (
    "Memo from Marchetti Holdings, 12 March 2023.\n"
    "The payment of €1,250,000 was sent to account FR76 3000 6000 0112 3456 7890 189.\n"
    "Hélène Marchetti met Bob Stone in Geneva. Ask the bank about the second transfer.\n"
    "The second transfer of USD 40,000 followed in April 2023.\n"
)
LEDGER = "date,payer,beneficiary,amount\n2023-03-14,Marchetti Holdings,Cirrolux Systems,EUR 9000\n"
PDF = "py-pdf-sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf"


def _mail() -> bytes:
    message = EmailMessage()
    message["From"] = "Hélène Marchetti <helene@cirrolux.example>"
    message["To"] = "Bob Stone <bob@harbour.example>"
    message["Subject"] = "Harbour transfer"
    message["Date"] = "Tue, 05 Mar 2024 10:15:00 +0100"
    message.set_content("Bob, the transfer of EUR 75,000 to Lugano is done. Hélène\n")
    message.add_attachment(
        b"Attachment: the Lugano account statement.\n",
        maintype="text",
        subtype="plain",
        filename="statement.txt",
    )
    return message.as_bytes()


def _zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("inner/contract.txt", "Contract between Cirrolux Systems and the port.\n")
    return out.getvalue()


def _payments_sheet(path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "Payer", "Beneficiary", "Amount"])
    sheet.append(["2023-03-14", "Marchetti Holdings", "Cirrolux Systems", "EUR 9,000"])
    sheet.append(["2023-04-02", "Harbour Trust", "Harbour Trust", "EUR 5,000"])  # one side only
    sheet.append(["2023-05-01", "Lugano Capital", "", "EUR 1,000"])  # no beneficiary
    book.save(path)


def write_story_leak(root: Path) -> Path:
    leak = root / "leak"
    (leak / "mail").mkdir(parents=True)
    (leak / "memo.txt").write_text(MEMO, encoding="utf-8")
    (leak / "copy-of-memo.txt").write_text(MEMO, encoding="utf-8")
    (leak / "ledger.csv").write_text(LEDGER, encoding="utf-8")
    (leak / "mail" / "transfer.eml").write_bytes(_mail())
    (leak / "bundle.zip").write_bytes(_zip())
    _payments_sheet(leak / "payments.xlsx")
    pdf = PUBLIC_CORPUS / PDF
    if pdf.is_file():
        shutil.copyfile(pdf, leak / "report.pdf")
    return leak


def make_case(root: Path) -> Case:
    leak = write_story_leak(root)
    case = open_case(root / "case", create=True)
    ingest(case, [leak], IngestSettings(workers=1))
    case.leak = leak  # type: ignore[attr-defined]
    return case


def doc_by_path(case: Case, suffix: str):
    for doc in case.store.documents():
        if doc.path.endswith(suffix):
            return doc
    raise AssertionError(f"no document at *{suffix}")


_SHARED: list[Case] = []


@pytest.fixture(scope="session")
def story_case(tmp_path_factory: pytest.TempPathFactory):
    """One case for tests/story and tests/export (an ingest is slow on a loaded machine).

    Tests that change marks use their own tags or undo them, so the order does not matter.
    """
    if not _SHARED:
        _SHARED.append(make_case(tmp_path_factory.mktemp("story")))
    yield _SHARED[0]
