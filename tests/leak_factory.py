"""A small multilingual leak written at test time: mail, a page, archives, several scripts."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

FRENCH = (
    "Note interne. La Défense côtière a versé 1,2 million d'euros à Cirrolux Systems "
    "le 7 octobre 2023. Contact : helene.marchetti@cirrolux.example\n"
)
ENGLISH_HTML = """<!doctype html><html lang="en"><head><title>Offshore ledger</title>
<script>var hidden = "scriptword";</script><style>.x{color:red}</style></head>
<body><h1>Offshore accounts</h1><p>The Panama company received transfers every quarter.</p>
<p>Quarterly reports were filed late.</p></body></html>"""
ARABIC = "قال مُحَمَّد إن الشركة دفعت المبلغ إلى مؤسسة الأمل في القاهرة.\n"
HEBREW = "שָׁלוֹם. החברה שילמה לספק בתל אביב את כל הסכום.\n"
MAIL = """From: =?utf-8?q?H=C3=A9l=C3=A8ne_Marchetti?= <helene.marchetti@cirrolux.example>
To: Bob Stone <bob.stone@harbour.example>
Subject: Budget transfer
Date: Tue, 05 Mar 2024 10:15:00 +0100
Message-ID: <abc123@cirrolux.example>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8

Bob, the transfer for the harbour project is confirmed. Regards, Hélène
"""


def write_leak(root: Path) -> Path:
    """Write the leak under root/leak and return that folder."""
    leak = root / "leak"
    (leak / "mail").mkdir(parents=True)
    (leak / "copies").mkdir()
    (leak / "note-fr.txt").write_text(FRENCH, encoding="utf-8")
    (leak / "copies" / "same-note.txt").write_text(FRENCH, encoding="utf-8")
    (leak / "ledger.html").write_text(ENGLISH_HTML, encoding="utf-8")
    (leak / "arabic.txt").write_text(ARABIC, encoding="utf-8")
    (leak / "hebrew.txt").write_bytes(HEBREW.encode("iso-8859-8", errors="ignore"))
    (leak / "mail" / "budget.eml").write_text(MAIL, encoding="utf-8")
    (leak / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\ngarbage")
    (leak / "empty.dat").write_bytes(b"")
    (leak / "bundle.zip").write_bytes(_bundle())
    return leak


def _bundle() -> bytes:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as nested:
        nested.writestr(
            "deep/minutes.txt", "Minutes of the board: the zanzibar deal was approved.\n"
        )
    outer = io.BytesIO()
    with zipfile.ZipFile(outer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("memo.txt", "Memo: wire the funds to the Lugano account before Friday.\n")
        archive.writestr("nested.zip", inner.getvalue())
    return outer.getvalue()


def end_state(case_dir: Path) -> dict[str, object]:
    """What a finished ingest left, read through the case (SQLite or PostgreSQL alike): the
    runs that must agree (resumed, in team mode, through an outage) compare this."""
    import sqlite3

    from nutgraf import open_case

    with open_case(case_dir) as case:
        db = case.store.db
        if isinstance(db, sqlite3.Connection):
            assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = {
            "documents": "SELECT id, status, error_reason, text_length FROM documents",
            "paths": "SELECT path, doc_id FROM paths",
            "facts": 'SELECT doc_id, kind, start, "end" FROM facts',
            "texts": "SELECT doc_id, length(text) FROM texts",
        }
        state: dict[str, object] = {
            name: sorted(tuple(row) for row in db.execute(query)) for name, query in rows.items()
        }
        state["mentions"] = db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0]
        state["indexed"] = case.index.searcher().num_docs
        return state
