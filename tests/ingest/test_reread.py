"""`nutgraf ingest --reread-failed`: what an older nutgraf failed on or typed weakly is read
again, and the summary counts the recoveries."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.test_cli import lines, nutgraf

DKIM_MAIL = (
    b"DKIM-Signature: v=1; a=rsa-sha256; d=example.com;\r\n\tbh=abc=;\r\n"
    b"From: Jane Roe <jane@example.com>\r\nTo: bob@example.com\r\nSubject: the invoice\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nThe invoice is 12,000 EUR.\r\n"
)


def test_reread_recovers_failures_and_retypes_weak_readings(tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    (leak / "mail").write_bytes(DKIM_MAIL)
    (leak / "note.txt").write_text("Nothing to see here, only a note.\n")
    (leak / "broken.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    case = tmp_path / "case"
    nutgraf("ingest", str(leak), "--case", str(case), "--json")
    # what an older nutgraf left: the mail read as plain text, the note failed
    with sqlite3.connect(case / "case.db") as db:
        db.execute("UPDATE documents SET mime = 'text/plain' WHERE path LIKE '%/mail'")
        db.execute(
            "UPDATE documents SET status = 'failed', error_reason = 'unsupported', "
            "error = 'unsupported: application/octet-stream' WHERE path LIKE '%/note.txt'"
        )
    summary = lines(nutgraf("ingest", "--reread-failed", "--case", str(case), "--json").stdout)[0]
    assert summary["recovered"] == 1  # the note; the broken PDF fails again
    assert summary["still_failed"] == 1
    assert summary["retyped"] == 1
    docs = {
        Path(row["path"]).name: row
        for row in lines(nutgraf("docs", "--case", str(case), "--json").stdout)
    }
    assert docs["mail"]["mime"] == "message/rfc822" and docs["mail"]["title"] == "the invoice"
    assert docs["note.txt"]["error"] is None
    assert docs["broken.pdf"]["error"].startswith("corrupt")
    # nothing left to gain: a second re-read recovers nothing and retypes nothing
    again = lines(nutgraf("ingest", "--reread-failed", "--case", str(case), "--json").stdout)[0]
    assert (again["recovered"], again["retyped"], again["still_failed"]) == (0, 0, 1)
